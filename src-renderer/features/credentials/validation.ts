// Rules of the credential dialog. Pure, so they are unit-tested directly; the host checks the same again.
import { CredentialDraft } from '../../../src-shared/contract';
import type { Credential } from '../../../src-shared/domain';

export interface CredentialForm {
  user: string;
  password: string;
  confirm: string;
  description: string;
}

export type CredentialFormErrors = Partial<Record<keyof CredentialForm, string>>;

const firstIssue = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.success ? undefined : (r.error?.issues[0]?.message ?? 'Invalid value');

/**
 * create: every field; password (change): the account is fixed, a new password is required.
 * `existing` lets us refuse a second credential for the same account (names are case-insensitive on Windows).
 */
export function credentialFormErrors(form: CredentialForm, mode: 'create' | 'password', existing: Credential[] = []): CredentialFormErrors {
  const errors: CredentialFormErrors = {};
  if (mode === 'create') {
    const user = firstIssue(CredentialDraft.shape.user.safeParse(form.user));
    if (user) errors.user = user;
    else if (existing.some((c) => c.user.toLowerCase() === form.user.trim().toLowerCase())) {
      errors.user = `A credential for ${form.user.trim()} already exists: change its password instead.`;
    }
  }
  if (form.password.length === 0) errors.password = mode === 'create' ? 'Enter the password' : 'Enter the new password';
  else {
    const password = firstIssue(CredentialDraft.shape.password.safeParse(form.password));
    if (password) errors.password = password;
  }
  if (form.confirm.length === 0) errors.confirm = 'Type the password again to confirm it';
  else if (form.confirm !== form.password) errors.confirm = 'The passwords do not match';
  const description = firstIssue(CredentialDraft.shape.description.safeParse(form.description));
  if (description) errors.description = description;
  return errors;
}

export const hasErrors = (errors: CredentialFormErrors) => Object.keys(errors).length > 0;
