// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FerryError } from '../../../src-shared/contract';
import { inventory } from '../../test/fixtures';
import { renderWithStore } from '../../test/render';
import { backupAdmin } from '../../test/serverFixtures';
import { useFerryStore } from '../../store';
import { CredentialDialog, type CredentialDialogMode } from './CredentialDialog';
import { credentialFormErrors } from './validation';

afterEach(cleanup);

const SECRET = 'FerryLab!2026';

function renderDialog(mode: CredentialDialogMode = { kind: 'create' }, create?: () => never) {
  const onClose = vi.fn();
  const utils = renderWithStore(<CredentialDialog mode={mode} onClose={onClose} />, {
    inventory,
    credentials: [backupAdmin],
    answers: {
      'credentials.create': create ?? ((d) => ({ id: 'cred-9', user: d.user, description: d.description ?? '', createdAt: '2026-11-25T12:00:00Z', usedBy: [] })),
      'credentials.update': (p) => ({ ...backupAdmin, description: p.description ?? backupAdmin.description }),
    },
  });
  const dialog = screen.getByRole('dialog');
  const type = (label: RegExp, value: string) => fireEvent.change(within(dialog).getByLabelText(label), { target: { value } });
  return { ...utils, onClose, dialog, type };
}

describe('Add credential dialog', () => {
  it('Save with empty fields shows what is required and sends nothing', async () => {
    const { dialog, client, onClose } = renderDialog();
    expect(within(dialog).queryByText('Enter the account')).toBeNull(); // nothing shouts before a try
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText('Enter the account')).toBeTruthy();
    expect(within(dialog).getByText('Enter the password')).toBeTruthy();
    expect(within(dialog).getByText('Type the password again to confirm it')).toBeTruthy();
    expect((within(dialog).getByLabelText(/^Account/) as HTMLInputElement).getAttribute('aria-invalid')).toBe('true');
    expect(client.calls.some((c) => c.method === 'credentials.create')).toBe(false);
    expect(onClose).not.toHaveBeenCalled();
  });

  it('refuses mismatched passwords and a malformed account; the password fields are masked', async () => {
    const { dialog, client, type } = renderDialog();
    expect((within(dialog).getByLabelText(/^Password/) as HTMLInputElement).type).toBe('password');
    expect((within(dialog).getByLabelText(/^Confirm password/) as HTMLInputElement).type).toBe('password');
    type(/^Account/, 'backup admin');
    type(/^Password/, SECRET);
    type(/^Confirm password/, 'FerryLab!2025');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText('The passwords do not match')).toBeTruthy();
    expect(within(dialog).getByText(/Use DOMAIN\\user, user@domain or \.\\Administrator/)).toBeTruthy();
    expect(client.calls.some((c) => c.method === 'credentials.create')).toBe(false);
  });

  it('a duplicate account is refused before asking the host', () => {
    expect(credentialFormErrors({ user: 'lab\\BACKUP-ADMIN', password: 'x', confirm: 'x', description: '' }, 'create', [backupAdmin]).user).toMatch(
      /already exists: change its password instead/,
    );
  });

  it('saves a valid credential once, closes with it, and keeps the password out of the store', async () => {
    const { dialog, client, onClose, type } = renderDialog();
    type(/^Account/, '.\\Administrator');
    type(/^Password/, SECRET);
    type(/^Confirm password/, SECRET);
    type(/^Description/, 'Workgroup servers');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalledTimes(1));
    expect(onClose.mock.calls[0]![0]).toMatchObject({ id: 'cred-9', user: '.\\Administrator' });
    expect(client.calls.filter((c) => c.method === 'credentials.create').map((c) => c.params)).toEqual([
      { user: '.\\Administrator', password: SECRET, description: 'Workgroup servers' },
    ]);
    expect(JSON.stringify(useFerryStore.getState())).not.toContain(SECRET);
    expect(useFerryStore.getState().credentials.data.map((c) => c.user)).toContain('.\\Administrator');
  });

  it("shows the host's refusal and stays open", async () => {
    const { dialog, onClose, type } = renderDialog({ kind: 'create' }, () => {
      throw new FerryError('E_CONFLICT', 'The secret store is locked');
    });
    type(/^Account/, 'LAB\\svc-ferry');
    type(/^Password/, SECRET);
    type(/^Confirm password/, SECRET);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText('The secret store is locked')).toBeTruthy();
    expect(onClose).not.toHaveBeenCalled();
  });

  it('Change password: the account is fixed; sends the new password', async () => {
    const { dialog, client, onClose, type } = renderDialog({ kind: 'password', credential: backupAdmin });
    expect(screen.getByRole('dialog', { name: 'Change password of LAB\\backup-admin' })).toBeTruthy();
    expect((within(dialog).getByLabelText(/^Account/) as HTMLInputElement).readOnly).toBe(true);
    type(/^New password/, SECRET);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Change password' }));
    expect(await within(dialog).findByText('Type the password again to confirm it')).toBeTruthy();
    type(/^Confirm password/, SECRET);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Change password' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(client.calls.filter((c) => c.method === 'credentials.update').map((c) => c.params)).toEqual([
      { id: 'cred-1', password: SECRET, description: 'Domain account for backups' },
    ]);
  });
});
