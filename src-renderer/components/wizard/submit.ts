// Wizards that end in one request (create or save a job, create a repository) share how it is tracked:
// the request's state, and the host's refusal (its code, text and field errors) to show on the last step.
import { errorCode, errorMessage, fieldErrors, type FieldError } from '../../backend/errors';

export interface SubmitState {
  status: 'idle' | 'submitting' | 'error';
  /** the refusal's E_… code, when the host gave one */
  code: string | null;
  message: string | null;
  /** the fields an E_INVALID_PARAMS refusal names */
  fieldErrors: FieldError[];
}

export const IDLE_SUBMIT: SubmitState = { status: 'idle', code: null, message: null, fieldErrors: [] };

/** Runs the wizard's final request; resolves with its answer, or null when it failed (recorded in the state). */
export async function runSubmit<T>(set: (submit: SubmitState) => void, request: () => Promise<T>): Promise<T | null> {
  set({ ...IDLE_SUBMIT, status: 'submitting' });
  try {
    const answer = await request();
    set(IDLE_SUBMIT);
    return answer;
  } catch (e) {
    set({ status: 'error', code: errorCode(e), message: errorMessage(e), fieldErrors: fieldErrors(e) });
    return null;
  }
}
