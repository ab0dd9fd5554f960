// Wizards that end in a long operation on the host (add a proxy, add a server) share their tail:
// Review (Apply starts the task) → Apply (the task, live) → Summary (Finish), and their buttons:
// - Back from Apply only after a failure: once the task ran, going back could do the operation twice;
// - Next from Apply once the task succeeded (and what the Summary shows is refreshed);
// - Cancel turns into Close while the task runs (closing does not stop it), and the Summary has neither.
// Every other step gets the gated Back/Next of useWizardSteps.
import { useFerryStore } from '../../store';
import { tasksSelectors } from '../../store/slices/tasks/selectors';
import { errorMessage } from '../../backend/errors';
import type { TaskView } from '../../../src-shared/domain';
import type { WizardButton } from './WizardDialog';
import type { WizardSteps } from './useWizardSteps';

export interface ApplyState {
  /** saved: the request finished the job itself (e.g. an edit), no task to follow */
  status: 'idle' | 'starting' | 'started' | 'saved' | 'error';
  taskId: string | null;
  error: string | null;
}

export const IDLE_APPLY: ApplyState = { status: 'idle', taskId: null, error: null };

/**
 * Store side of Apply: runs the request and records how it went. The request resolves with the id of the
 * task it started, or null when it was done at once. Resolves true when the request went through.
 */
export async function runApply(set: (apply: ApplyState) => void, request: () => Promise<string | null>): Promise<boolean> {
  set({ status: 'starting', taskId: null, error: null });
  try {
    const taskId = await request();
    set(taskId === null ? { status: 'saved', taskId: null, error: null } : { status: 'started', taskId, error: null });
    return true;
  } catch (e) {
    set({ status: 'error', taskId: null, error: errorMessage(e) });
    return false;
  }
}

export interface ApplyTaskOptions<S extends string> {
  apply: ApplyState;
  /** where the wizard is; the Apply tail moves it with nav.goTo */
  nav: WizardSteps<S>;
  /** the ids of the tail's three steps */
  tail: { review: S; apply: S; summary: S };
  /** the current step's error; Next stays disabled while it is set (not used on the tail) */
  error: string | null;
  startApply(): Promise<boolean>;
  /** the task succeeded but what the Summary shows is still being refreshed: Next waits */
  settling?: boolean;
  /** replaces Review's "Apply" (e.g. an edit that saves at once instead of starting a task) */
  reviewNext?: WizardButton;
  /** Finish on the Summary; gets the finished task (its result names what was made) */
  onFinish(task: TaskView | undefined): void;
  onCancel(): void;
}

export interface ApplyTask {
  task: TaskView | undefined;
  /** the request or the task is under way */
  running: boolean;
  back: WizardButton | null;
  next: WizardButton;
  cancel: WizardButton | null;
}

export function useApplyTask<S extends string>(o: ApplyTaskOptions<S>): ApplyTask {
  const { step, goTo } = o.nav;
  const task = useFerryStore(tasksSelectors.byId(o.apply.taskId));
  const starting = o.apply.status === 'starting';
  const succeeded = task?.state === 'succeeded';
  const running = starting || (o.apply.status === 'started' && !succeeded && task?.state !== 'failed');
  const failed = o.apply.status === 'error' || task?.state === 'failed';

  const back: WizardButton | null =
    step === o.tail.apply
      ? { label: 'Back', disabled: !failed, onClick: () => goTo(o.tail.review) }
      : step === o.tail.summary
        ? null
        : o.nav.back(starting);

  const next: WizardButton = (() => {
    switch (step) {
      case o.tail.review:
        return (
          o.reviewNext ?? {
            label: 'Apply',
            busy: starting,
            onClick: () => {
              goTo(o.tail.apply);
              void o.startApply();
            },
          }
        );
      case o.tail.apply:
        return { label: 'Next', disabled: !succeeded, busy: running || (succeeded && o.settling === true), onClick: () => goTo(o.tail.summary) };
      case o.tail.summary:
        return { label: 'Finish', onClick: () => o.onFinish(task) };
      default:
        return o.nav.gatedNext(o.error);
    }
  })();

  const cancel = step === o.tail.summary ? null : { label: running ? 'Close' : 'Cancel', onClick: o.onCancel };
  return { task, running, back, next, cancel };
}
