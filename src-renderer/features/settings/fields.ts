// Field helpers shared by the settings sections: the error of a path, as Fluent's Field wants it.
import type { FormErrors } from './form';

export function fieldState(errors: FormErrors, path: string): { validationMessage?: string; validationState: 'error' | 'none' } {
  const message = errors[path];
  return message ? { validationMessage: message, validationState: 'error' } : { validationState: 'none' };
}
