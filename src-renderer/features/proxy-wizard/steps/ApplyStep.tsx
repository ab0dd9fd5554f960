// Step 5: the install task, live: progress and log from `task.updated`.
import { useEffect } from 'react';
import { Field, MessageBar, MessageBarBody, MessageBarTitle, ProgressBar, Spinner } from '@fluentui/react-components';
import { TaskLog } from '../../../components/TaskLog';
import { useFerryStore } from '../../../store';
import { watchTask } from '../../../store/bridge';
import { tasksSelectors } from '../../../store/slices/tasks/selectors';
import { useProxyWizard } from '../store';

export function ApplyStep() {
  const apply = useProxyWizard((w) => w.apply);
  const task = useFerryStore(tasksSelectors.byId(apply.taskId));

  useEffect(() => (apply.taskId ? watchTask(apply.taskId) : undefined), [apply.taskId]);

  if (apply.status === 'starting') return <Spinner size="small" label="Starting the installation…" />;
  if (apply.status === 'error') {
    return (
      <MessageBar intent="error" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>The proxy could not be added</MessageBarTitle>
          {apply.error}
        </MessageBarBody>
      </MessageBar>
    );
  }
  if (!task) return <Spinner size="small" label="Waiting for the installation task…" />;

  const stateText = task.state === 'running' ? 'Installing…' : task.state === 'succeeded' ? 'Completed' : 'Failed';
  return (
    <>
      <Field label={`${task.title}: ${stateText}`} validationState={task.state === 'failed' ? 'error' : 'none'}>
        <ProgressBar
          value={task.state === 'succeeded' ? 1 : task.progress}
          color={task.state === 'failed' ? 'error' : task.state === 'succeeded' ? 'success' : 'brand'}
          aria-label="Installation progress"
        />
      </Field>
      {task.state === 'failed' && task.error && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{task.error.code}</MessageBarTitle>
            {task.error.message}
          </MessageBarBody>
        </MessageBar>
      )}
      <TaskLog label="Installation log" lines={task.log} />
    </>
  );
}
