// The "Remove …?" confirmation of a list section: open, remove while the dialog shows a spinner, close on
// success, or keep the dialog open with the host's refusal plus a hint on what to do about it.
import { useState } from 'react';
import { errorCode, errorMessage } from '../backend/errors';

export interface RemoveConfirm {
  /** true while the dialog is open */
  open: boolean;
  busy: boolean;
  error: string | null;
  show(): void;
  cancel(): void;
  confirm(): void;
}

/**
 * `remove` does the removal and whatever follows it (clear the selection, notify); it is the one passed on
 * the latest render, so it sees the current selection. `hintFor` turns a refusal's error code into advice
 * appended to the host's message (null: the message alone).
 */
export function useRemoveConfirm(remove: () => Promise<void>, hintFor: (code: string | null) => string | null): RemoveConfirm {
  const [state, setState] = useState<{ busy: boolean; error: string | null } | null>(null);
  const confirm = async () => {
    setState({ busy: true, error: null });
    try {
      await remove();
      setState(null);
    } catch (e) {
      const hint = hintFor(errorCode(e));
      setState({ busy: false, error: hint ? `${errorMessage(e)} ${hint}` : errorMessage(e) });
    }
  };
  return {
    open: state !== null,
    busy: state?.busy ?? false,
    error: state?.error ?? null,
    show: () => setState({ busy: false, error: null }),
    cancel: () => setState(null),
    confirm: () => void confirm(),
  };
}
