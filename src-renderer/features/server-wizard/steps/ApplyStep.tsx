// Apply: servers.add as a task, live: progress and the task's log.
import { TaskProgress } from '../../../components/wizard/TaskProgress';
import { useServerWizard } from '../store';

const WORDS = {
  starting: 'Connecting to the server…',
  failureTitle: 'The server could not be added',
  running: 'Adding…',
  progressLabel: 'Progress of adding the server',
  logLabel: 'Log of adding the server',
};

export function ApplyStep() {
  const apply = useServerWizard((w) => w.apply);
  return (
    <TaskProgress taskId={apply.taskId} starting={apply.status === 'starting'} startError={apply.status === 'error' ? apply.error : null} words={WORDS} />
  );
}
