// The slice's state and actions as types, apart from its creator: the bound store's type (store/types.ts) is built
// from these without importing the creators, which import it (no import cycle).
import type { TaskView } from '../../../../src-shared/domain';

export interface TasksSlice {
  tasks: Record<string, TaskView>;
  taskReceived(task: TaskView): void;
}
