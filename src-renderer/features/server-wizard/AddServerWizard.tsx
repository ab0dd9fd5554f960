// "Add server": Type → Name → Credentials → Discovery → VSS settings (Hyper-V only) → Review → Apply → Summary.
// Each step is validated before Next; discovery connects with the chosen account and changes nothing.
// Opened from Backup Infrastructure, or from the proxy wizard preset to "Windows server".
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { ManagedServerKind, TaskView } from '../../../src-shared/domain';
import { useApplyTask } from '../../components/wizard/useApplyTask';
import { useWizardSteps } from '../../components/wizard/useWizardSteps';
import { WizardDialog } from '../../components/wizard/WizardDialog';
import { useFerryStore } from '../../store';
import { credentialsSelectors } from '../../store/slices/credentials/selectors';
import { serversSelectors } from '../../store/slices/servers/selectors';
import { createServerWizardStore, serverSteps, ServerWizardContext, type ServerStep } from './store';
import { ApplyStep } from './steps/ApplyStep';
import { CredentialsStep } from './steps/CredentialsStep';
import { DiscoveryStep } from './steps/DiscoveryStep';
import { NameStep } from './steps/NameStep';
import { ReviewStep } from './steps/ReviewStep';
import { SummaryStep } from './steps/SummaryStep';
import { TypeStep } from './steps/TypeStep';
import { VssStep } from './steps/VssStep';
import { credentialError, discoveryError, kindError, nameError, probeMatches, vssStepError, type ProbeState } from './validation';

const headings: Record<ServerStep, { heading: string; description: string }> = {
  type: { heading: 'Type', description: 'What kind of server to add to the backup infrastructure.' },
  name: { heading: 'Name', description: 'How the console reaches the server.' },
  credentials: { heading: 'Credentials', description: 'The account Ferry signs in with over WinRM (PowerShell remoting).' },
  discovery: { heading: 'Discovery', description: 'Ferry connected to the server and looked at what it is. Nothing has changed on it.' },
  vss: { heading: 'VSS settings', description: 'How Ferry snapshots this server’s volumes.' },
  review: { heading: 'Review', description: 'Nothing has changed yet.' },
  apply: { heading: 'Apply', description: 'Adding the server and reading its inventory.' },
  summary: { heading: 'Summary', description: 'The server has been added.' },
};

/** The new server's id: the task's result names it; until then, the id discovery said it will have. */
function addedServerId(task: TaskView | undefined, probe: ProbeState | null): string | null {
  const fromTask = task?.result?.serverId;
  return typeof fromTask === 'string' ? fromTask : (probe?.result?.id ?? null);
}

export function AddServerWizard({ presetKind, onClose }: { presetKind?: ManagedServerKind; onClose(addedServerId: string | null): void }) {
  // One store per opened wizard: closing drops it, reopening starts clean.
  const [store] = useState(() => createServerWizardStore(presetKind ?? null));
  const w = useStore(store);
  const servers = useFerryStore(serversSelectors.items);
  const credentials = useFerryStore(credentialsSelectors.items);
  const serverAdded = useFerryStore((s) => s.serverAdded);
  const [refreshed, setRefreshed] = useState(false);
  const nav = useWizardSteps(serverSteps(w.kind), w.step, w.goTo);

  // Entering Discovery (or coming back with another name or account) connects again.
  useEffect(() => {
    if (w.step === 'discovery' && !probeMatches(w.probe, w.name, w.credential)) void w.runProbe();
  }, [w.step, w.probe, w.name, w.credential, w.runProbe]);

  const errors: Partial<Record<ServerStep, string | null>> = {
    type: kindError(w.kind),
    name: nameError(w.name, servers),
    credentials: credentialError(w.credential, credentials, w.name.trim()),
    discovery: discoveryError(w.probe, w.kind, w.name, w.credential),
    vss: vssStepError(w.vss),
  };

  const flow = useApplyTask({
    apply: w.apply,
    nav,
    tail: { review: 'review', apply: 'apply', summary: 'summary' },
    error: errors[w.step] ?? null,
    startApply: w.startApply,
    settling: !refreshed,
    onFinish: (task) => onClose(addedServerId(task, w.probe)),
    onCancel: () => onClose(null),
  });

  // The lists (servers, inventory, credential usage) should show the new server by the time the Summary does.
  const added = flow.task?.state === 'succeeded';
  useEffect(() => {
    if (!added) return;
    let live = true;
    void serverAdded().finally(() => live && setRefreshed(true));
    return () => {
      live = false;
    };
  }, [added, serverAdded]);

  const { heading, description } = headings[w.step];
  return (
    <ServerWizardContext.Provider value={store}>
      <WizardDialog
        open
        title="Add server"
        steps={nav.steps}
        currentStep={w.step}
        heading={heading}
        description={description}
        back={flow.back}
        next={flow.next}
        cancel={flow.cancel}
      >
        {w.step === 'type' && <TypeStep />}
        {w.step === 'name' && <NameStep error={errors.name ?? null} />}
        {w.step === 'credentials' && <CredentialsStep error={errors.credentials ?? null} />}
        {w.step === 'discovery' && <DiscoveryStep />}
        {w.step === 'vss' && <VssStep />}
        {w.step === 'review' && <ReviewStep />}
        {w.step === 'apply' && <ApplyStep />}
        {w.step === 'summary' && <SummaryStep serverId={addedServerId(flow.task, w.probe)} />}
      </WizardDialog>
    </ServerWizardContext.Provider>
  );
}
