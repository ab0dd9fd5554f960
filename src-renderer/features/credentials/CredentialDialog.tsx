// "Add credential" and "Change password": an account for WinRM, its password typed twice, a description.
// The password lives only in this dialog's state while it is open; it goes to the host once and is dropped.
import { useRef, useState, type FormEvent } from 'react';
import { Field, Input, MessageBar, MessageBarBody } from '@fluentui/react-components';
import type { Credential } from '../../../src-shared/domain';
import { errorMessage, fieldErrors } from '../../backend/errors';
import { FormDialog } from '../../components/FormDialog';
import { useFerryStore } from '../../store';
import { credentialsSelectors } from '../../store/slices/credentials/selectors';
import { credentialFormErrors, hasErrors, type CredentialForm } from './validation';

export type CredentialDialogMode = { kind: 'create' } | { kind: 'password'; credential: Credential };

export function CredentialDialog({ mode, onClose }: { mode: CredentialDialogMode; onClose(saved: Credential | null): void }) {
  const existing = useFerryStore(credentialsSelectors.items);
  const createCredential = useFerryStore((st) => st.createCredential);
  const updateCredential = useFerryStore((st) => st.updateCredential);
  const editing = mode.kind === 'password' ? mode.credential : null;
  const [form, setForm] = useState<CredentialForm>({
    user: editing?.user ?? '',
    password: '',
    confirm: '',
    description: editing?.description ?? '',
  });
  // Errors show for a field once it was left, and for all of them after a Save attempt.
  const [touched, setTouched] = useState<Partial<Record<keyof CredentialForm, boolean>>>({});
  const [showAll, setShowAll] = useState(false);
  const [busy, setBusy] = useState(false);
  const [hostError, setHostError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const errors = credentialFormErrors(form, mode.kind, existing);
  const shown = (field: keyof CredentialForm): string | undefined => (showAll || touched[field] ? errors[field] : undefined);
  const set = (field: keyof CredentialForm) => (_e: unknown, d: { value: string }) => {
    setForm((f) => ({ ...f, [field]: d.value }));
    setHostError(null);
  };
  const leave = (field: keyof CredentialForm) => () => setTouched((t) => ({ ...t, [field]: true }));
  const fieldProps = (field: keyof CredentialForm) => ({
    validationMessage: shown(field),
    validationState: shown(field) ? ('error' as const) : ('none' as const),
  });

  const save = async (e?: FormEvent) => {
    e?.preventDefault();
    // The dialog is portalled, but React bubbles its submit to a form it is opened from (Edit server).
    e?.stopPropagation();
    if (busy) return;
    if (hasErrors(errors)) {
      setShowAll(true);
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setBusy(true);
    setHostError(null);
    try {
      const saved = editing
        ? await updateCredential({ id: editing.id, password: form.password, description: form.description })
        : await createCredential({ user: form.user.trim(), password: form.password, description: form.description });
      onClose(saved);
    } catch (err) {
      const fields = fieldErrors(err);
      setHostError(fields.length > 0 ? fields.map((f) => f.message).join(' ') : errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <FormDialog
      title={editing ? `Change password of ${editing.user}` : 'Add credential'}
      formRef={formRef}
      submitLabel={editing ? 'Change password' : 'Save'}
      busy={busy}
      error={hostError}
      errorTitle={editing ? 'The password was not changed' : 'The credential was not added'}
      onSubmit={(e) => void save(e)}
      onCancel={() => onClose(null)}
    >
      {editing ? (
        <Field label="Account">
          <Input value={editing.user} readOnly />
        </Field>
      ) : (
        <Field
          label="Account"
          required
          hint="DOMAIN\user or user@domain for domain servers; .\Administrator for a workgroup server's local account."
          {...fieldProps('user')}
        >
          <Input value={form.user} onChange={set('user')} onBlur={leave('user')} autoComplete="username" maxLength={256} />
        </Field>
      )}
      <Field label={editing ? 'New password' : 'Password'} required {...fieldProps('password')}>
        <Input type="password" value={form.password} onChange={set('password')} onBlur={leave('password')} autoComplete="new-password" maxLength={1024} />
      </Field>
      <Field label="Confirm password" required {...fieldProps('confirm')}>
        <Input type="password" value={form.confirm} onChange={set('confirm')} onBlur={leave('confirm')} autoComplete="new-password" maxLength={1024} />
      </Field>
      <Field label="Description" hint="What the account is for, e.g. &quot;Workgroup Hyper-V hosts&quot;." {...fieldProps('description')}>
        <Input value={form.description} onChange={set('description')} onBlur={leave('description')} maxLength={500} />
      </Field>
      {editing && editing.usedBy.length > 0 && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            The next connection to the {editing.usedBy.length} server(s) that use this account signs in with the new password.
          </MessageBarBody>
        </MessageBar>
      )}
    </FormDialog>
  );
}
