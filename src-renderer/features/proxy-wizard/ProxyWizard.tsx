// Off-host backup proxy wizard. Add: Server → Readiness → Connected volumes → Max concurrent tasks →
// Traffic rules → Review → Apply (install task, live log) → Summary. Edit: the same steps pre-filled,
// without Apply: Review saves the changes (proxies.update).
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { Proxy } from '../../../src-shared/domain';
import { WizardDialog, type WizardButton } from '../../components/wizard/WizardDialog';
import { useFerryStore } from '../../store';
import { inventorySelectors } from '../../store/slices/inventory/selectors';
import { proxiesSelectors } from '../../store/slices/proxies/selectors';
import { tasksSelectors } from '../../store/slices/tasks/selectors';
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
  const task = useFerryStore(tasksSelectors.byId(w.apply.taskId));
  const steps = proxySteps(w.mode);
  const index = steps.findIndex((st) => st.id === w.step);
  const go = (offset: number) => () => w.goTo(steps[index + offset]!.id);

  // Entering Readiness (or coming back with another server) runs the check.
  useEffect(() => {
    if (w.step === 'readiness' && w.serverId && w.readiness?.serverId !== w.serverId) void w.runReadiness();
  }, [w.step, w.serverId, w.readiness, w.runReadiness]);

  // The proxies list should show the new proxy by the time the Summary does.
  useEffect(() => {
    if (task?.state === 'succeeded') void fetchProxies();
  }, [task?.state, fetchProxies]);

  const servable = w.readiness?.status === 'ready' ? servableVolumeIds(w.readiness.rows) : [];
  const errors: Partial<Record<ProxyStep, string | null>> = {
    server: serverStepError(w.serverId, hosts, proxies, w.original?.id ?? null),
    readiness: w.readiness?.status === 'ready' ? readinessStepError(w.readiness.rows) : 'Readiness check not complete.',
    volumes: connectedVolumesError(w.volumesMode, w.chosenVolumeIds, servable),
    tasks: maxTasksError(w.maxTasks),
    traffic: trafficStepError(w.throttleEnabled, w.throttleMBps, w.throttleScope, w.windowDays, w.windowStart, w.windowEnd),
  };
  const applyRunning = w.apply.status === 'starting' || (w.apply.status === 'started' && task?.state !== 'succeeded' && task?.state !== 'failed');
  const applyFailed = w.apply.status === 'error' || task?.state === 'failed';

  const saveEdit = async () => {
    if (await w.startApply()) {
      void fetchProxies();
      w.goTo('summary');
    }
  };

  const back: WizardButton | null = (() => {
    switch (w.step) {
      case 'server':
        return { label: 'Back', disabled: true, onClick: () => undefined };
      case 'apply':
        // Once the install ran, going back could register the server twice; only a failure allows a retry.
        return { label: 'Back', disabled: !applyFailed, onClick: () => w.goTo('review') };
      case 'summary':
        return null;
      default:
        return { label: 'Back', disabled: w.apply.status === 'starting', onClick: go(-1) };
    }
  })();

  const next: WizardButton = (() => {
    switch (w.step) {
      case 'review':
        if (w.mode === 'edit') return { label: 'Save', busy: w.apply.status === 'starting', onClick: () => void saveEdit() };
        return {
          label: 'Apply',
          busy: w.apply.status === 'starting',
          onClick: () => {
            w.goTo('apply');
            void w.startApply();
          },
        };
      case 'apply':
        return { label: 'Next', disabled: task?.state !== 'succeeded', busy: applyRunning, onClick: () => w.goTo('summary') };
      case 'summary':
        return { label: 'Finish', onClick: onClose };
      default: {
        const error = errors[w.step] ?? null;
        return { label: 'Next', disabled: error !== null, onClick: go(1) };
      }
    }
  })();

  const { heading, description } = headings[w.step];
  return (
    <ProxyWizardContext.Provider value={store}>
      <WizardDialog
        open
        title={w.original ? `Edit off-host backup proxy ${w.original.name}` : 'Add off-host backup proxy'}
        steps={steps}
        currentStep={w.step}
        heading={heading}
        description={description[w.mode] || undefined}
        back={back}
        next={next}
        cancel={w.step === 'summary' ? null : { label: applyRunning ? 'Close' : 'Cancel', onClick: onClose }}
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
