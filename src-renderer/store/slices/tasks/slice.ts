// Long operations (proxy install, verify) as the host reports them.
import type { TaskView } from '../../../../src-shared/domain';
import type { SliceCreator } from '../../types';
import type { TasksSlice } from './state';

const isTerminal = (t: TaskView) => t.state !== 'running';

/**
 * `tasks.get` carries no seq, so an answer can be older than an event already applied.
 * A finished task beats a running one; otherwise the one that has seen more wins.
 */
export function isNewerTask(candidate: TaskView, current: TaskView | undefined): boolean {
  if (!current) return true;
  if (isTerminal(current) !== isTerminal(candidate)) return isTerminal(candidate);
  if (candidate.log.length !== current.log.length) return candidate.log.length > current.log.length;
  return candidate.progress >= current.progress;
}

export const createTasksSlice: SliceCreator<TasksSlice> = (set, get) => ({
  tasks: {},
  taskReceived(task) {
    if (!isNewerTask(task, get().tasks[task.id])) return;
    set({ tasks: { ...get().tasks, [task.id]: task } });
  },
});
