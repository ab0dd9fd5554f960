// Long operations (proxy install, verify, restore) as tasks: id, state, progress, log, result.
import type { TaskView } from '../../../src-shared/domain';
import { FerryError } from '../../../src-shared/contract/errors';
import { newId } from '../util/ids';
import { notFound } from '../util/not-found';
import { nowIso } from '../util/time';

export interface TaskContext {
  log(level: 'info' | 'warning' | 'error', text: string): void;
  progress(fraction: number): void;
}

export class TaskManager {
  private readonly tasks = new Map<string, TaskView>();
  /** when each finished task ended (history retention forgets those older than its limit) */
  private readonly endedAt = new Map<string, number>();

  constructor(readonly onUpdate: (task: TaskView) => void) {}

  get(id: string): TaskView | null {
    return this.tasks.get(id) ?? null;
  }

  /** The task, or E_NOT_FOUND (tasks live in this process only: a restart forgets them). */
  require(id: string): TaskView {
    const task = this.tasks.get(id);
    if (!task) throw notFound('Task', id);
    return task;
  }

  /** Forgets finished tasks that ended before `before`; returns how many. Running tasks are kept. */
  pruneFinished(before: Date): number {
    let n = 0;
    for (const [id, at] of this.endedAt) {
      if (at >= before.getTime()) continue;
      this.tasks.delete(id);
      this.endedAt.delete(id);
      n++;
    }
    return n;
  }

  /** Starts fn in the background; its return value becomes the task result. */
  start(title: string, fn: (ctx: TaskContext) => Promise<Record<string, unknown>>): { id: string; done: Promise<TaskView> } {
    const task: TaskView = { id: newId('t'), title, state: 'running', progress: 0, log: [], error: null, result: null };
    this.tasks.set(task.id, task);
    const emit = () => this.onUpdate(structuredClone(task));
    const ctx: TaskContext = {
      log: (level, text) => {
        task.log.push({ at: nowIso(), level, text });
        emit();
      },
      progress: (f) => {
        task.progress = Math.max(0, Math.min(1, f));
        emit();
      },
    };
    emit();
    const done = (async () => {
      try {
        task.result = await fn(ctx);
        task.state = 'succeeded';
        task.progress = 1;
      } catch (e) {
        const err = FerryError.from(e);
        task.state = 'failed';
        task.error = { code: err.code, message: err.message };
        task.log.push({ at: nowIso(), level: 'error', text: err.message });
      }
      this.endedAt.set(task.id, Date.now());
      emit();
      return structuredClone(task);
    })();
    return { id: task.id, done };
  }
}
