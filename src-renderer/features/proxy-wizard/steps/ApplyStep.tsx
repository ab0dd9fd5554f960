// Apply (add only): the install task, live: progress and log from `task.updated`.
import { TaskProgress } from '../../../components/wizard/TaskProgress';
import { useProxyWizard } from '../store';

const WORDS = {
  starting: 'Starting the installation…',
  failureTitle: 'The proxy could not be added',
  running: 'Installing…',
  progressLabel: 'Installation progress',
  logLabel: 'Installation log',
};

export function ApplyStep() {
  const apply = useProxyWizard((w) => w.apply);
  return (
    <TaskProgress
      taskId={apply.taskId}
      starting={apply.status === 'starting'}
      startError={apply.status === 'error' ? apply.error : null}
      words={WORDS}
    />
  );
}
