// "Add off-host backup proxy": Server → Readiness → Max concurrent tasks → Review → Apply → Summary.
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { WizardDialog, type WizardButton } from '../../components/wizard/WizardDialog';
import { useFerryStore } from '../../store';
import { inventorySelectors } from '../../store/slices/inventory/selectors';
import { proxiesSelectors } from '../../store/slices/proxies/selectors';
import { tasksSelectors } from '../../store/slices/tasks/selectors';
import { createProxyWizardStore, PROXY_STEPS, ProxyWizardContext, type ProxyStep } from './store';
import { ApplyStep } from './steps/ApplyStep';
import { ReadinessStep } from './steps/ReadinessStep';
import { ReviewStep } from './steps/ReviewStep';
import { ServerStep } from './steps/ServerStep';
import { SummaryStep } from './steps/SummaryStep';
import { TasksStep } from './steps/TasksStep';
import { maxTasksError, readinessStepError, serverStepError } from './validation';

const headings: Record<ProxyStep, { heading: string; description: string }> = {
  server: { heading: 'Server', description: 'Choose the server that will read VM disks from transported SAN snapshots.' },
  readiness: {
    heading: 'Readiness',
    description: 'Each requirement for an off-host proxy, checked on the server. Warnings do not block; failures do.',
  },
  tasks: { heading: 'Max concurrent tasks', description: 'How many VM disks this proxy processes in parallel.' },
  review: { heading: 'Review', description: 'Nothing has changed yet.' },
  apply: { heading: 'Apply', description: 'Installing the components and registering the proxy.' },
  summary: { heading: 'Summary', description: 'The proxy has been added.' },
};

export function AddProxyWizard({ onClose }: { onClose(): void }) {
  // One store per opened wizard: closing drops it, reopening starts clean.
  const [store] = useState(createProxyWizardStore);
  const w = useStore(store);
  const hosts = useFerryStore(inventorySelectors.hosts);
  const proxies = useFerryStore(proxiesSelectors.items);
  const fetchProxies = useFerryStore((s) => s.fetchProxies);
  const task = useFerryStore(tasksSelectors.byId(w.apply.taskId));

  // Entering Readiness (or coming back with another server) runs the check.
  useEffect(() => {
    if (w.step === 'readiness' && w.serverId && w.readiness?.serverId !== w.serverId) void w.runReadiness();
  }, [w.step, w.serverId, w.readiness, w.runReadiness]);

  // The proxies list should show the new proxy by the time the Summary does.
  useEffect(() => {
    if (task?.state === 'succeeded') void fetchProxies();
  }, [task?.state, fetchProxies]);

  const serverError = serverStepError(w.serverId, hosts, proxies);
  const readinessError = w.readiness?.status === 'ready' ? readinessStepError(w.readiness.rows) : 'Readiness check not complete.';
  const tasksError = maxTasksError(w.maxTasks);
  const applyRunning = w.apply.status === 'starting' || (w.apply.status === 'started' && task?.state !== 'succeeded' && task?.state !== 'failed');
  const applyFailed = w.apply.status === 'error' || task?.state === 'failed';

  const back: WizardButton | null = (() => {
    switch (w.step) {
      case 'server':
        return { label: 'Back', disabled: true, onClick: () => undefined };
      case 'readiness':
        return { label: 'Back', onClick: () => w.goTo('server') };
      case 'tasks':
        return { label: 'Back', onClick: () => w.goTo('readiness') };
      case 'review':
        return { label: 'Back', onClick: () => w.goTo('tasks') };
      case 'apply':
        // Once the install ran, going back could register the server twice; only a failure allows a retry.
        return { label: 'Back', disabled: !applyFailed, onClick: () => w.goTo('review') };
      case 'summary':
        return null;
    }
  })();

  const next: WizardButton = (() => {
    switch (w.step) {
      case 'server':
        return { label: 'Next', disabled: serverError !== null, onClick: () => w.goTo('readiness') };
      case 'readiness':
        return { label: 'Next', disabled: readinessError !== null, onClick: () => w.goTo('tasks') };
      case 'tasks':
        return { label: 'Next', disabled: tasksError !== null, onClick: () => w.goTo('review') };
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
        return { label: 'Next', disabled: task?.state !== 'succeeded', busy: applyRunning, onClick: () => w.goTo('summary') };
      case 'summary':
        return { label: 'Finish', onClick: onClose };
    }
  })();

  const { heading, description } = headings[w.step];
  return (
    <ProxyWizardContext.Provider value={store}>
      <WizardDialog
        open
        title="Add off-host backup proxy"
        steps={[...PROXY_STEPS]}
        currentStep={w.step}
        heading={heading}
        description={description}
        back={back}
        next={next}
        cancel={w.step === 'summary' ? null : { label: applyRunning ? 'Close' : 'Cancel', onClick: onClose }}
      >
        {w.step === 'server' && <ServerStep error={serverError} />}
        {w.step === 'readiness' && <ReadinessStep />}
        {w.step === 'tasks' && <TasksStep error={tasksError} />}
        {w.step === 'review' && <ReviewStep />}
        {w.step === 'apply' && <ApplyStep />}
        {w.step === 'summary' && <SummaryStep />}
      </WizardDialog>
    </ProxyWizardContext.Provider>
  );
}
