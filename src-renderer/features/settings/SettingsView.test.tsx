// @vitest-environment jsdom
// The Settings page: loads the settings, validates with the contract's schemas (Save stays off while a field is
// wrong, the field says why), saves every section with the password only when typed, tests e-mail with the form
// as typed and shows the server's answer — success or the reason it failed.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Settings, type SettingsView as SettingsData } from '../../../src-shared/contract/settings';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import { NotifyProvider } from '../../components/notify';
import { inventory } from '../../test/fixtures';
import { renderWithStore } from '../../test/render';
import { SettingsView } from './SettingsView';
import { formErrors, formFromSettings, parseRecipients, patchOf } from './form';

afterEach(cleanup);

const stored = (): SettingsData => ({ ...Settings.parse({}), smtpPasswordSet: true });

function renderPage(answers: Parameters<typeof renderWithStore>[1]['answers'] = {}) {
  return renderWithStore(
    <NotifyProvider>
      <SettingsView />
    </NotifyProvider>,
    { inventory, answers: { 'settings.get': () => stored(), 'notifications.deliveries': () => [], ...answers } },
  );
}

describe('settings form', () => {
  it('parses recipients and names the bad one; the password goes only when typed', () => {
    expect(parseRecipients('a@x.y, b@x.y;\n\nc@x.y')).toEqual(['a@x.y', 'b@x.y', 'c@x.y']);
    const form = formFromSettings(stored());
    form.settings.notifications.email = { ...form.settings.notifications.email, enabled: true, host: 'smtp', from: 'f@x.y' };
    form.recipientsText = 'ok@x.y\nnot-an-address';
    expect(formErrors(form)['notifications.email.recipients']).toMatch(/e-mail address.*\(not-an-address\)/);
    form.recipientsText = 'ok@x.y';
    expect(formErrors(form)).toEqual({});
    expect(patchOf(form)).not.toHaveProperty('smtpPassword');
    expect(patchOf({ ...form, password: 'pw' }).smtpPassword).toBe('pw');
    expect(patchOf({ ...form, clearPassword: true }).smtpPassword).toBeNull();
  });
});

describe('Settings page', () => {
  it('keeps Save off until a change is valid, then saves every section', async () => {
    const { client } = renderPage({ 'settings.set': (p) => ({ ...stored(), ...(p as object) }) as SettingsData });
    const email = await screen.findByRole('region', { name: 'E-mail' });
    const save = screen.getByRole('button', { name: 'Save' });
    expect((save as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(email).getByRole('checkbox', { name: 'Send session reports and alerts by e-mail' }));
    // enabled without a server: the fields say what is missing, Save stays off
    expect(within(email).getByText('Enter the SMTP server')).toBeTruthy();
    expect((save as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(within(email).getByRole('textbox', { name: /SMTP server/ }), { target: { value: 'smtp.contoso.com' } });
    fireEvent.change(within(email).getByRole('textbox', { name: /From/ }), { target: { value: 'ferry@contoso.com' } });
    fireEvent.change(within(email).getByRole('textbox', { name: /Recipients/ }), { target: { value: 'ops@contoso.com' } });
    await waitFor(() => expect((save as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(save);
    await waitFor(() => expect(client.calls.some((c) => c.method === 'settings.set')).toBe(true));
    const sent = client.calls.find((c) => c.method === 'settings.set')!.params as { notifications: { email: { host: string; recipients: string[] } }; smtpPassword?: string };
    expect(sent.notifications.email).toMatchObject({ host: 'smtp.contoso.com', recipients: ['ops@contoso.com'] });
    expect(sent).not.toHaveProperty('smtpPassword');
    expect(await screen.findByText('Settings saved')).toBeTruthy();
  });

  it('"Send test e-mail" shows progress, then what the server said', async () => {
    let fail = false;
    renderPage({
      'notifications.test': async () => {
        await new Promise((r) => setTimeout(r, 20));
        if (fail) throw new FerryError(ErrorCode.NotifyAuth, 'The SMTP server smtp:587 refused the account or password: 535 5.7.8');
        return { ok: true as const, detail: 'Sent to ops@contoso.com through smtp:587' };
      },
    });
    const email = await screen.findByRole('region', { name: 'E-mail' });
    fireEvent.click(within(email).getByRole('button', { name: 'Send test e-mail' }));
    expect(await within(email).findByRole('button', { name: 'Sending…' })).toBeTruthy();
    expect(await within(email).findByText('Sent to ops@contoso.com through smtp:587')).toBeTruthy();
    fail = true;
    fireEvent.click(within(email).getByRole('button', { name: 'Send test e-mail' }));
    expect(await within(email).findByText(/refused the account or password: 535/)).toBeTruthy();
  });

  it('shows an error with Retry when the settings cannot be loaded', async () => {
    renderPage({ 'settings.get': () => Promise.reject(new Error('connection lost')) });
    expect(await screen.findByText('Could not load the settings')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
  });
});
