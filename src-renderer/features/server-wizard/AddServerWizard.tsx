// "Add server": Type → Name → Credentials → Discovery → VSS settings (Hyper-V only) → Review → Apply → Summary.
// Each step is validated before Next; discovery connects with the chosen account and changes nothing.
// Opened from Backup Infrastructure, or from the proxy wizard preset to "Windows server".
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { ManagedServerKind } from '../../../src-shared/domain';
import { WizardDialog, type WizardButton } from '../../components/wizard/WizardDialog';
import { useFerryStore } from '../../store';
import { credentialsSelectors } from '../../store/slices/credentials/selectors';
import { serversSelectors } from '../../store/slices/servers/selectors';
import { tasksSelectors } from '../../store/slices/tasks/selectors';
import { createServerWizardStore, serverSteps, ServerWizardContext, type ServerStep } from './store';
import { ApplyStep } from './steps/ApplyStep';
import { CredentialsStep } from './steps/CredentialsStep';
import { DiscoveryStep } from './steps/DiscoveryStep';
import { NameStep } from './steps/NameStep';
import { ReviewStep } from './steps/ReviewStep';
import { SummaryStep } from './steps/SummaryStep';
import { TypeStep } from './steps/TypeStep';
import { VssStep } from './steps/VssStep';
import { credentialError, discoveryError, kindError, nameError, probeMatches, vssStepError } from './validation';

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

export function AddServerWizard({ presetKind, onClose }: { presetKind?: ManagedServerKind; onClose(addedServerId: string | null): void }) {
  // One store per opened wizard: closing drops it, reopening starts clean.
  const [store] = useState(() => createServerWizardStore(presetKind ?? null));
  const w = useStore(store);
  const servers = useFerryStore(serversSelectors.items);
  const credentials = useFerryStore(credentialsSelectors.items);
  const serverAdded = useFerryStore((s) => s.serverAdded);
  const task = useFerryStore(tasksSelectors.byId(w.apply.taskId));
  const [refreshed, setRefreshed] = useState(false);
  const steps = serverSteps(w.kind);
  const index = steps.findIndex((st) => st.id === w.step);
  const go = (offset: number) => () => w.goTo(steps[index + offset]!.id);
  const addedServerId = typeof task?.result?.serverId === 'string' ? task.result.serverId : (w.probe?.result?.id ?? null);

  // Entering Discovery (or coming back with another name or account) connects again.
  useEffect(() => {
    if (w.step === 'discovery' && !probeMatches(w.probe, w.name, w.credential)) void w.runProbe();
  }, [w.step, w.probe, w.name, w.credential, w.runProbe]);

  // The lists (servers, inventory, credential usage) should show the new server by the time the Summary does.
  useEffect(() => {
    if (task?.state !== 'succeeded') return;
    let live = true;
    void serverAdded().finally(() => live && setRefreshed(true));
    return () => {
      live = false;
    };
  }, [task?.state, serverAdded]);

  const errors: Partial<Record<ServerStep, string | null>> = {
    type: kindError(w.kind),
    name: nameError(w.name, servers),
    credentials: credentialError(w.credential, credentials, w.name.trim()),
    discovery: discoveryError(w.probe, w.kind, w.name, w.credential),
    vss: vssStepError(w.vss),
  };
  const applyRunning = w.apply.status === 'starting' || (w.apply.status === 'started' && task?.state !== 'succeeded' && task?.state !== 'failed');
  const applyFailed = w.apply.status === 'error' || task?.state === 'failed';

  const back: WizardButton | null = (() => {
    switch (w.step) {
      case 'type':
        return { label: 'Back', disabled: true, onClick: () => undefined };
      case 'apply':
        // Once the add ran, going back could add the server twice; only a failure allows a retry.
        return { label: 'Back', disabled: !applyFailed, onClick: () => w.goTo('review') };
      case 'summary':
        return null;
      default:
        return { label: 'Back', onClick: go(-1) };
    }
  })();

  const next: WizardButton = (() => {
    switch (w.step) {
      case 'review':
        return {
          label: 'Apply',
          busy: w.apply.status === 'starting',
          onClick: () => {
            w.goTo('apply');
            void w.startApply();
          },
        };
      case 'apply':
        return {
          label: 'Next',
          disabled: task?.state !== 'succeeded',
          busy: applyRunning || (task?.state === 'succeeded' && !refreshed),
          onClick: () => w.goTo('summary'),
        };
      case 'summary':
        return { label: 'Finish', onClick: () => onClose(addedServerId) };
      default: {
        const error = errors[w.step] ?? null;
        return { label: 'Next', disabled: error !== null, onClick: go(1) };
      }
    }
  })();

  const { heading, description } = headings[w.step];
  return (
    <ServerWizardContext.Provider value={store}>
      <WizardDialog
        open
        title="Add server"
        steps={steps}
        currentStep={w.step}
        heading={heading}
        description={description}
        back={back}
        next={next}
        cancel={w.step === 'summary' ? null : { label: applyRunning ? 'Close' : 'Cancel', onClick: () => onClose(null) }}
      >
        {w.step === 'type' && <TypeStep />}
        {w.step === 'name' && <NameStep error={errors.name ?? null} />}
        {w.step === 'credentials' && <CredentialsStep error={errors.credentials ?? null} />}
        {w.step === 'discovery' && <DiscoveryStep />}
        {w.step === 'vss' && <VssStep />}
        {w.step === 'review' && <ReviewStep />}
        {w.step === 'apply' && <ApplyStep />}
        {w.step === 'summary' && <SummaryStep serverId={addedServerId} />}
      </WizardDialog>
    </ServerWizardContext.Provider>
  );
}
