// Off-host backup proxy wizard. Add: Server → Readiness → Connected volumes → Max concurrent tasks →
// Traffic rules → Review → Apply (install task, live log) → Summary. Edit: the same steps pre-filled,
// without Apply: Review saves the changes (proxies.update).
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { Proxy } from '../../../src-shared/domain';
import { useApplyTask } from '../../components/wizard/useApplyTask';
import { useWizardSteps } from '../../components/wizard/useWizardSteps';
import { WizardDialog } from '../../components/wizard/WizardDialog';
import { useFerryStore } from '../../store';
import { inventorySelectors } from '../../store/slices/inventory/selectors';
import { proxiesSelectors } from '../../store/slices/proxies/selectors';
import { createProxyWizardStore, proxySteps, ProxyWizardContext, type ProxyStep, type ProxyWizardMode } from './store';
import { ApplyStep } from './steps/ApplyStep';
import { ReadinessStep } from './steps/ReadinessStep';
import { ReviewStep } from './steps/ReviewStep';
import { ServerStep } from './steps/ServerStep';
import { SummaryStep } from './steps/SummaryStep';
import { TasksStep } from './steps/TasksStep';
import { TrafficStep } from './steps/TrafficStep';
import { VolumesStep } from './steps/VolumesStep';
import { connectedVolumesError, maxTasksError, readinessStepError, servableVolumeIds, serverStepError, trafficStepError } from './validation';

const headings: Record<ProxyStep, { heading: string; description: Record<ProxyWizardMode, string> }> = {
  server: {
    heading: 'Server',
    description: {
      create: 'Choose the server that will read VM disks from transported SAN snapshots, or add a new one.',
      edit: 'The server stays the same; you can change the description and enable or disable the proxy.',
    },
  },
  readiness: {
    heading: 'Readiness',
    description: {
      create:
        'Each requirement for an off-host proxy, checked on the server. A failed server requirement blocks it; a failed volume is only left out. Warnings and N/A rows (e.g. a LUN not zoned to this server) do not block.',
      edit: 'Each requirement checked again on the server, so the settings below match what it can reach today.',
    },
  },
  volumes: {
    heading: 'Connected volumes',
    description: {
      create: 'Which volumes this proxy backs up off-host. Jobs fail over to on-host (or fail) for volumes no proxy serves.',
      edit: 'Which volumes this proxy backs up off-host.',
    },
  },
  tasks: {
    heading: 'Max concurrent tasks',
    description: { create: 'How many VM disks this proxy processes in parallel.', edit: 'How many VM disks this proxy processes in parallel.' },
  },
  traffic: {
    heading: 'Traffic rules',
    description: {
      create: 'Limit how fast the proxy reads from the SAN, always or only during business hours, to protect production storage.',
      edit: 'Limit how fast the proxy reads from the SAN, always or only during business hours.',
    },
  },
  review: { heading: 'Review', description: { create: 'Nothing has changed yet.', edit: 'Nothing has been saved yet.' } },
  apply: { heading: 'Apply', description: { create: 'Installing the components and registering the proxy.', edit: '' } },
  summary: { heading: 'Summary', description: { create: 'The proxy has been added.', edit: 'The proxy settings have been saved.' } },
};

export function ProxyWizard({ proxy, onClose }: { proxy?: Proxy; onClose(): void }) {
  // One store per opened wizard: closing drops it, reopening starts clean.
  const [store] = useState(() => createProxyWizardStore(proxy ?? null));
  const w = useStore(store);
  const hosts = useFerryStore(inventorySelectors.hosts);
  const proxies = useFerryStore(proxiesSelectors.items);
  const fetchProxies = useFerryStore((s) => s.fetchProxies);
  const nav = useWizardSteps(proxySteps(w.mode), w.step, w.goTo);

  // Entering Readiness (or coming back with another server) runs the check.
  useEffect(() => {
    if (w.step === 'readiness' && w.serverId && w.readiness?.serverId !== w.serverId) void w.runReadiness();
  }, [w.step, w.serverId, w.readiness, w.runReadiness]);

  const servable = w.readiness?.status === 'ready' ? servableVolumeIds(w.readiness.rows) : [];
  const errors: Partial<Record<ProxyStep, string | null>> = {
    server: serverStepError(w.serverId, hosts, proxies, w.original?.id ?? null),
    readiness: w.readiness?.status === 'ready' ? readinessStepError(w.readiness.rows) : 'Readiness check not complete.',
    volumes: connectedVolumesError(w.volumesMode, w.chosenVolumeIds, servable),
    tasks: maxTasksError(w.maxTasks),
    traffic: trafficStepError(w.throttleEnabled, w.throttleMBps, w.throttleScope, w.windowDays, w.windowStart, w.windowEnd),
  };

  const saveEdit = async () => {
    if (await w.startApply()) {
      void fetchProxies();
      w.goTo('summary');
    }
  };

  const flow = useApplyTask({
    apply: w.apply,
    nav,
    tail: { review: 'review', apply: 'apply', summary: 'summary' },
    error: errors[w.step] ?? null,
    startApply: w.startApply,
    // Editing installs nothing: Review saves and goes straight to the Summary.
    reviewNext: w.mode === 'edit' ? { label: 'Save', busy: w.apply.status === 'starting', onClick: () => void saveEdit() } : undefined,
    onFinish: onClose,
    onCancel: onClose,
  });

  // The proxies list should show the new proxy by the time the Summary does.
  const installed = flow.task?.state === 'succeeded';
  useEffect(() => {
    if (installed) void fetchProxies();
  }, [installed, fetchProxies]);

  const { heading, description } = headings[w.step];
  return (
    <ProxyWizardContext.Provider value={store}>
      <WizardDialog
        open
        title={w.original ? `Edit off-host backup proxy ${w.original.name}` : 'Add off-host backup proxy'}
        steps={nav.steps}
        currentStep={w.step}
        heading={heading}
        description={description[w.mode] || undefined}
        back={flow.back}
        next={flow.next}
        cancel={flow.cancel}
      >
        {w.step === 'server' && <ServerStep error={errors.server ?? null} />}
        {w.step === 'readiness' && <ReadinessStep />}
        {w.step === 'volumes' && <VolumesStep error={errors.volumes ?? null} />}
        {w.step === 'tasks' && <TasksStep error={errors.tasks ?? null} />}
        {w.step === 'traffic' && <TrafficStep />}
        {w.step === 'review' && <ReviewStep />}
        {w.step === 'apply' && <ApplyStep />}
        {w.step === 'summary' && <SummaryStep />}
      </WizardDialog>
    </ProxyWizardContext.Provider>
  );
}
