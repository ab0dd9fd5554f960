// @vitest-environment jsdom
// The step navigation and the Apply tail the four wizards share (their own tests cover each wizard's steps).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderHook } from '@testing-library/react';
import { ErrorCode, FerryError } from '../../../src-shared/contract';
import type { TaskView } from '../../../src-shared/domain';
import { resetFerryStore, useFerryStore } from '../../store';
import { IDLE_SUBMIT, runSubmit, type SubmitState } from './submit';
import { IDLE_APPLY, runApply, useApplyTask, type ApplyState, type ApplyTaskOptions } from './useApplyTask';
import { useWizardSteps } from './useWizardSteps';

const STEPS = [
  { id: 'one', label: 'One' },
  { id: 'two', label: 'Two' },
  { id: 'review', label: 'Review' },
  { id: 'apply', label: 'Apply' },
  { id: 'summary', label: 'Summary' },
] as const;
type Step = (typeof STEPS)[number]['id'];

describe('useWizardSteps', () => {
  it('Back is disabled on the first step and while busy; it and Next move one step', () => {
    const goTo = vi.fn();
    expect(useWizardSteps(STEPS, 'one', goTo).back()).toMatchObject({ disabled: true });
    const nav = useWizardSteps(STEPS, 'two', goTo);
    expect(nav.index).toBe(1);
    expect(nav.back(true).disabled).toBe(true);
    nav.back().onClick();
    nav.gatedNext(null).onClick();
    expect(goTo.mock.calls).toEqual([['one'], ['review']]);
  });

  it('a gated Next is disabled while the step has an error', () => {
    const nav = useWizardSteps(STEPS, 'one', vi.fn());
    expect(nav.gatedNext('Choose a server.').disabled).toBe(true);
    expect(nav.gatedNext(null).disabled).toBe(false);
  });

  it('a revealing Next on an invalid step shows the errors and focuses the first invalid field instead of moving on', () => {
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => (cb(0), 0));
    document.body.innerHTML = '<div role="dialog"><input id="ok" /><input id="bad" aria-invalid="true" /></div>';
    const goTo = vi.fn();
    const reveal = vi.fn();
    const next = useWizardSteps(STEPS, 'one', goTo).revealingNext(true, reveal);
    expect(next.disabled).toBeFalsy();
    next.onClick();
    expect(reveal).toHaveBeenCalledOnce();
    expect(goTo).not.toHaveBeenCalled();
    expect(document.activeElement?.id).toBe('bad');
    useWizardSteps(STEPS, 'one', goTo).revealingNext(false, reveal).onClick();
    expect(goTo).toHaveBeenCalledWith('two');
    vi.unstubAllGlobals();
  });
});

describe('runApply and runSubmit', () => {
  it('runApply records the started task, a save without task, or the refusal', async () => {
    const states: ApplyState[] = [];
    expect(await runApply((a) => states.push(a), async () => 't1')).toBe(true);
    expect(await runApply((a) => states.push(a), async () => null)).toBe(true);
    expect(await runApply((a) => states.push(a), async () => Promise.reject(new FerryError(ErrorCode.Conflict, 'Already a proxy')))).toBe(false);
    expect(states.map((s) => s.status)).toEqual(['starting', 'started', 'starting', 'saved', 'starting', 'error']);
    expect(states[1]!.taskId).toBe('t1');
    expect(states[5]!.error).toBe('Already a proxy');
  });

  it("runSubmit answers the request's result, or null with the refusal's code, text and fields", async () => {
    const states: SubmitState[] = [];
    expect(await runSubmit((s) => states.push(s), async () => 'job-1')).toBe('job-1');
    expect(states).toEqual([{ ...IDLE_SUBMIT, status: 'submitting' }, IDLE_SUBMIT]);
    const refusal = new FerryError(ErrorCode.InvalidParams, 'name: Required');
    expect(await runSubmit((s) => states.push(s), async () => Promise.reject(refusal))).toBeNull();
    expect(states.at(-1)).toEqual({ status: 'error', code: ErrorCode.InvalidParams, message: 'name: Required', fieldErrors: [{ path: 'name', message: 'Required' }] });
  });
});

describe('useApplyTask', () => {
  beforeEach(resetFerryStore);
  afterEach(resetFerryStore);

  const task = (state: TaskView['state']): TaskView => ({ id: 't1', title: 'Install', state, progress: 0.5, log: [], error: null, result: { serverId: 'srv-1' } });

  function buttons(step: Step, apply: ApplyState, extra: Partial<ApplyTaskOptions<Step>> = {}) {
    const goTo = vi.fn();
    const options: ApplyTaskOptions<Step> = {
      apply,
      nav: useWizardSteps(STEPS, step, goTo),
      tail: { review: 'review', apply: 'apply', summary: 'summary' },
      error: null,
      startApply: vi.fn(async () => true),
      onFinish: vi.fn(),
      onCancel: vi.fn(),
      ...extra,
    };
    const { result } = renderHook(() => useApplyTask(options));
    return { ...result.current, goTo, options };
  }

  it('ordinary steps get the gated Back/Next and Cancel', () => {
    const b = buttons('two', IDLE_APPLY, { error: 'Pick one.' });
    expect(b.back).toMatchObject({ label: 'Back', disabled: false });
    expect(b.next).toMatchObject({ label: 'Next', disabled: true });
    expect(b.cancel).toMatchObject({ label: 'Cancel' });
  });

  it("Review's Apply goes to the Apply step and starts the task; an override replaces it", () => {
    const b = buttons('review', IDLE_APPLY);
    expect(b.next.label).toBe('Apply');
    b.next.onClick();
    expect(b.goTo).toHaveBeenCalledWith('apply');
    expect(b.options.startApply).toHaveBeenCalledOnce();
    const save = { label: 'Save', onClick: vi.fn() };
    expect(buttons('review', IDLE_APPLY, { reviewNext: save }).next).toBe(save);
  });

  it('while the task runs: no Back, Next busy, Cancel says Close; once it succeeded Next waits for settling', () => {
    const started: ApplyState = { status: 'started', taskId: 't1', error: null };
    useFerryStore.getState().taskReceived(task('running'));
    let b = buttons('apply', started);
    expect(b.back).toMatchObject({ disabled: true });
    expect(b.next).toMatchObject({ label: 'Next', disabled: true, busy: true });
    expect(b.cancel).toMatchObject({ label: 'Close' });
    useFerryStore.getState().taskReceived(task('succeeded'));
    expect(buttons('apply', started, { settling: true }).next).toMatchObject({ disabled: false, busy: true });
    b = buttons('apply', started, { settling: false });
    expect(b.next).toMatchObject({ disabled: false, busy: false });
    expect(b.cancel).toMatchObject({ label: 'Cancel' });
  });

  it('a failed task allows Back to Review for a retry', () => {
    useFerryStore.getState().taskReceived(task('failed'));
    const b = buttons('apply', { status: 'started', taskId: 't1', error: null });
    expect(b.back).toMatchObject({ disabled: false });
    b.back!.onClick();
    expect(b.goTo).toHaveBeenCalledWith('review');
  });

  it('the Summary has only Finish, which gets the finished task', () => {
    useFerryStore.getState().taskReceived(task('succeeded'));
    const b = buttons('summary', { status: 'started', taskId: 't1', error: null });
    expect(b.back).toBeNull();
    expect(b.cancel).toBeNull();
    b.next.onClick();
    expect(b.options.onFinish).toHaveBeenCalledWith(expect.objectContaining({ id: 't1', result: { serverId: 'srv-1' } }));
  });
});
