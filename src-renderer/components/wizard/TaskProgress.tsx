// A wizard's Apply step: the long operation it started, live — progress bar, state, the task's own log.
// Subscribes to `task.updated` while shown (watchTask also fetches once, in case the task already ended).
import { useEffect } from 'react';
import { Field, ProgressBar, Spinner } from '@fluentui/react-components';
import { useFerryStore } from '../../store';
import { watchTask } from '../../store/live-updates';
import { tasksSelectors } from '../../store/slices/tasks/selectors';
import { ErrorState } from '../StateViews';
import { TaskLog } from '../TaskLog';

export interface TaskProgressWords {
  /** spinner while the request that starts the task is under way */
  starting: string;
  /** when the task could not even start */
  failureTitle: string;
  /** state text while it runs, e.g. "Installing…" */
  running: string;
  /** accessible names of the progress bar and the log */
  progressLabel: string;
  logLabel: string;
}

export function TaskProgress({
  taskId,
  starting,
  startError,
  words,
}: {
  taskId: string | null;
  starting: boolean;
  startError: string | null;
  words: TaskProgressWords;
}) {
  const task = useFerryStore(tasksSelectors.byId(taskId));

  useEffect(() => (taskId ? watchTask(taskId) : undefined), [taskId]);

  if (starting) return <Spinner size="small" label={words.starting} />;
  if (startError !== null) {
    return (
      <ErrorState title={words.failureTitle} message={startError} />
    );
  }
  if (!task) return <Spinner size="small" label={words.starting} />;

  const stateText = task.state === 'running' ? words.running : task.state === 'succeeded' ? 'Completed' : 'Failed';
  return (
    <>
      <Field label={`${task.title}: ${stateText}`} validationState={task.state === 'failed' ? 'error' : 'none'}>
        <ProgressBar
          value={task.state === 'succeeded' ? 1 : task.progress}
          color={task.state === 'failed' ? 'error' : task.state === 'succeeded' ? 'success' : 'brand'}
          aria-label={words.progressLabel}
        />
      </Field>
      {task.state === 'failed' && task.error && (
        <ErrorState title={task.error.code} message={task.error.message} />
      )}
      <TaskLog label={words.logLabel} lines={task.log} />
    </>
  );
}
