// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import { ErrorCode, FerryError } from '../../src-shared/contract';
import { useRemoveConfirm } from './useRemoveConfirm';

const hint = (code: string | null) => (code === ErrorCode.InUse ? '(Edit those jobs first.)' : null);

describe('useRemoveConfirm', () => {
  it('opens, removes, and closes on success', async () => {
    const remove = vi.fn(async () => {});
    const { result } = renderHook(() => useRemoveConfirm(remove, hint));
    expect(result.current.open).toBe(false);
    act(() => result.current.show());
    expect(result.current).toMatchObject({ open: true, busy: false, error: null });
    await act(async () => result.current.confirm());
    expect(remove).toHaveBeenCalledTimes(1);
    expect(result.current.open).toBe(false);
  });

  it("keeps the dialog open with the host's refusal and the hint for its code; Cancel closes it", async () => {
    let fail: Error = new FerryError(ErrorCode.InUse, 'PROXY01 is used by 2 jobs.');
    const { result } = renderHook(() => useRemoveConfirm(async () => Promise.reject(fail), hint));
    act(() => result.current.show());
    await act(async () => result.current.confirm());
    expect(result.current).toMatchObject({ open: true, busy: false, error: 'PROXY01 is used by 2 jobs. (Edit those jobs first.)' });
    fail = new Error('Host unreachable');
    await act(async () => result.current.confirm());
    expect(result.current.error).toBe('Host unreachable');
    act(() => result.current.cancel());
    expect(result.current.open).toBe(false);
  });
});
