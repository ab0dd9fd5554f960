// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FerryError } from '../../../src-shared/contract';
import type { ManagedServerKind, ServerProbe } from '../../../src-shared/domain';
import { inventory } from '../../test/fixtures';
import { renderWithStore } from '../../test/render';
import { backupAdmin, hv03Probe, managedServers, proxy04Probe } from '../../test/serverFixtures';
import { AddServerWizard } from './AddServerWizard';

afterEach(cleanup);

const workgroupAccount = { ...backupAdmin, id: 'cred-2', user: '.\\Administrator', description: 'Workgroup servers', usedBy: [] };

/** The lab's rule: workgroup servers refuse the console identity. */
function probeAnswer(probe: ServerProbe) {
  return ({ credentialId }: { credentialId: string | null }) => {
    if (credentialId === null) throw new FerryError('E_ACCESS_DENIED', `${probe.name} refused the console identity (access denied)`);
    return probe;
  };
}

function renderWizard(opts: { presetKind?: ManagedServerKind; probe?: ServerProbe } = {}) {
  const onClose = vi.fn();
  const utils = renderWithStore(<AddServerWizard presetKind={opts.presetKind} onClose={onClose} />, {
    inventory,
    servers: managedServers,
    credentials: [backupAdmin, workgroupAccount],
    answers: {
      'servers.probe': probeAnswer(opts.probe ?? hv03Probe),
      'servers.add': () => ({ taskId: 'task-9' }),
      'tasks.get': () => ({ id: 'task-9', title: 'Add HV03', state: 'succeeded', progress: 1, log: [], error: null, result: { serverId: 'hv03' } }),
      'inventory.get': () => inventory,
      'credentials.create': (draft) => ({ id: 'cred-new', user: draft.user, description: draft.description ?? '', createdAt: '2026-11-25T11:00:00Z', usedBy: [] }),
    },
  });
  return { ...utils, onClose, dialog: screen.getByRole('dialog', { name: 'Add server' }) };
}

const button = (dialog: HTMLElement, name: string) => within(dialog).getByRole('button', { name }) as HTMLButtonElement;
const heading = (dialog: HTMLElement) => within(dialog).getByRole('heading', { level: 3 }).textContent;
const stepLabels = (dialog: HTMLElement) => within(within(dialog).getByRole('list', { name: 'Wizard steps' })).getAllByRole('listitem').map((li) => li.textContent);

function typeName(dialog: HTMLElement, name: string) {
  fireEvent.change(within(dialog).getByRole('textbox', { name: /DNS name or IP address/ }), { target: { value: name } });
}

// Synchronous on purpose: awaiting between opening the list and clicking lets a second pick in the same
// dropdown hit an option of the list that is closing.
async function chooseCredential(dialog: HTMLElement, option: RegExp) {
  fireEvent.click(within(dialog).getByRole('combobox', { name: /Credentials/ }));
  fireEvent.click(screen.getByRole('option', { name: option }));
  await Promise.resolve();
}

async function toCredentials(dialog: HTMLElement, kind: RegExp, name: string) {
  fireEvent.click(within(dialog).getByRole('radio', { name: kind }));
  fireEvent.click(button(dialog, 'Next'));
  typeName(dialog, name);
  fireEvent.click(button(dialog, 'Next'));
  expect(heading(dialog)).toBe('Credentials');
}

describe('Add server wizard', () => {
  it('needs a type; a Windows server has no VSS settings step', () => {
    const { dialog } = renderWizard();
    expect(heading(dialog)).toBe('Type');
    expect(button(dialog, 'Next').disabled).toBe(true);
    fireEvent.click(within(dialog).getByRole('radio', { name: /^Hyper-V host/ }));
    expect(button(dialog, 'Next').disabled).toBe(false);
    expect(stepLabels(dialog)).toContain('VSS settings');
    fireEvent.click(within(dialog).getByRole('radio', { name: /^Windows server/ }));
    expect(stepLabels(dialog)).not.toContain('VSS settings');
  });

  it('validates the name: DNS/NetBIOS format, and not a server Ferry already manages', async () => {
    const { dialog } = renderWizard({ presetKind: 'hyperv-host' });
    fireEvent.click(button(dialog, 'Next'));
    expect(heading(dialog)).toBe('Name');
    expect(button(dialog, 'Next').disabled).toBe(true);
    expect(within(dialog).queryByText(/A DNS name or NetBIOS name/)).toBeNull(); // empty is not an error yet

    typeName(dialog, 'hv 03');
    expect(within(dialog).getByText(/A DNS name or NetBIOS name/)).toBeTruthy();
    expect(button(dialog, 'Next').disabled).toBe(true);
    typeName(dialog, 'http://hv03');
    expect(button(dialog, 'Next').disabled).toBe(true);
    typeName(dialog, 'hv01');
    expect(within(dialog).getByText('HV01 is already managed (Hyper-V host).')).toBeTruthy();
    expect(button(dialog, 'Next').disabled).toBe(true);
    typeName(dialog, 'hv03.lab.local');
    await waitFor(() => expect(button(dialog, 'Next').disabled).toBe(false));
  });

  it('needs an account; an IP address cannot use the console identity (Kerberos)', async () => {
    const { dialog } = renderWizard({ presetKind: 'hyperv-host' });
    fireEvent.click(button(dialog, 'Next'));
    typeName(dialog, '10.0.0.13');
    fireEvent.click(button(dialog, 'Next'));
    expect(heading(dialog)).toBe('Credentials');
    expect(button(dialog, 'Next').disabled).toBe(true);

    await chooseCredential(dialog, /^Console identity/);
    expect(within(dialog).getByText(/needs the server’s DNS name/)).toBeTruthy();
    expect(button(dialog, 'Next').disabled).toBe(true);
    await chooseCredential(dialog, /^\.\\Administrator/);
    await waitFor(() => expect(button(dialog, 'Next').disabled).toBe(false));
  });

  it('"Add credential…" opens the credential dialog and selects the new account', async () => {
    const { dialog, client } = renderWizard({ presetKind: 'hyperv-host' });
    fireEvent.click(button(dialog, 'Next'));
    typeName(dialog, 'hv03');
    fireEvent.click(button(dialog, 'Next'));
    fireEvent.click(button(dialog, 'Add credential…'));

    const add = await screen.findByRole('dialog', { name: 'Add credential' });
    fireEvent.change(within(add).getByLabelText(/^Account/), { target: { value: 'HV03\\ferry' } });
    fireEvent.change(within(add).getByLabelText(/^Password/), { target: { value: 'FerryLab!2026' } });
    fireEvent.change(within(add).getByLabelText(/^Confirm password/), { target: { value: 'FerryLab!2026' } });
    fireEvent.click(within(add).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Add credential' })).toBeNull());
    expect(client.calls.find((c) => c.method === 'credentials.create')?.params).toEqual({ user: 'HV03\\ferry', password: 'FerryLab!2026', description: '' });
    expect((within(dialog).getByRole('combobox', { name: /Credentials/ }) as HTMLElement).textContent).toContain('HV03\\ferry');
    expect(button(dialog, 'Next').disabled).toBe(false);
  });

  it('access denied with the console identity blocks Next, explains, and leads back to Credentials', async () => {
    const { dialog, client } = renderWizard();
    await toCredentials(dialog, /^Hyper-V host/, 'hv03');
    await chooseCredential(dialog, /^Console identity/);
    fireEvent.click(button(dialog, 'Next'));

    expect(heading(dialog)).toBe('Discovery');
    expect(await within(dialog).findByText('Access denied')).toBeTruthy();
    expect(within(dialog).getByText(/A workgroup server .* accepts only its own accounts/)).toBeTruthy();
    expect(button(dialog, 'Next').disabled).toBe(true);

    fireEvent.click(button(dialog, 'Back to credentials'));
    expect(heading(dialog)).toBe('Credentials');
    await chooseCredential(dialog, /^\.\\Administrator/);
    fireEvent.click(button(dialog, 'Next'));
    expect(await within(dialog).findByText('HV03 is a Hyper-V host and can be added')).toBeTruthy();
    expect(within(dialog).getByLabelText('Found on HV03').textContent).toMatch(/Contoso SAN VSS Hardware Provider 3\.2/);
    expect(within(dialog).getByRole('table', { name: 'Requirements on HV03' })).toBeTruthy();
    expect(button(dialog, 'Next').disabled).toBe(false);
    expect(client.calls.filter((c) => c.method === 'servers.probe').map((c) => c.params)).toEqual([
      { name: 'hv03', credentialId: null },
      { name: 'hv03', credentialId: 'cred-2' },
    ]);
  });

  it('a failing requirement blocks Next and says which', async () => {
    const failing: ServerProbe = {
      ...hv03Probe,
      checks: [...hv03Probe.checks, { id: 'os', title: 'Supported Windows version', status: 'fail', reason: 'Windows Server 2012 R2', fix: 'Upgrade to 2016 or later' }],
    };
    const { dialog } = renderWizard({ probe: failing });
    await toCredentials(dialog, /^Hyper-V host/, 'hv03');
    await chooseCredential(dialog, /^\.\\Administrator/);
    fireEvent.click(button(dialog, 'Next'));
    expect(await within(dialog).findByText(/1 requirement failed: Supported Windows version/)).toBeTruthy();
    const table = within(dialog).getByRole('table', { name: 'Requirements on HV03' });
    expect(within(table).getAllByRole('row').filter((r) => r.getAttribute('data-status') === 'fail')[0]!.textContent).toMatch(/Upgrade to 2016/);
    expect(button(dialog, 'Next').disabled).toBe(true);
  });

  it('a kind mismatch blocks Next with the reason; "Add it as…" switches the type', async () => {
    const { dialog } = renderWizard({ presetKind: 'windows-server' });
    fireEvent.click(button(dialog, 'Next'));
    typeName(dialog, 'hv03');
    fireEvent.click(button(dialog, 'Next'));
    await chooseCredential(dialog, /^\.\\Administrator/);
    fireEvent.click(button(dialog, 'Next'));

    expect(await within(dialog).findByText(/HV03 runs 1 VM\(s\): add it as a Hyper-V host/)).toBeTruthy();
    expect(button(dialog, 'Next').disabled).toBe(true);
    expect(stepLabels(dialog)).not.toContain('VSS settings');
    fireEvent.click(button(dialog, 'Add it as a Hyper-V host'));
    await waitFor(() => expect(button(dialog, 'Next').disabled).toBe(false));
    expect(stepLabels(dialog)).toContain('VSS settings');
  });

  it('a cluster node is refused as a host: it comes with its cluster', async () => {
    const node: ServerProbe = { ...hv03Probe, name: 'HVC01', clusterName: 'CLU01', nodeNames: ['HVC01', 'HVC02'] };
    const { dialog } = renderWizard({ probe: node });
    await toCredentials(dialog, /^Hyper-V host/, 'hvc01');
    await chooseCredential(dialog, /^\.\\Administrator/);
    fireEvent.click(button(dialog, 'Next'));
    expect(await within(dialog).findByText(/HVC01 is a node of cluster CLU01/)).toBeTruthy();
    expect(within(dialog).queryByRole('button', { name: /^Add it as/ })).toBeNull(); // another name is needed, not another type
    expect(button(dialog, 'Next').disabled).toBe(true);
  });

  it('VSS settings are validated; Apply sends the whole draft and the Summary names the server', async () => {
    const { dialog, client, onClose } = renderWizard();
    await toCredentials(dialog, /^Hyper-V host/, 'hv03');
    await chooseCredential(dialog, /^LAB\\backup-admin/);
    fireEvent.click(button(dialog, 'Next'));
    await within(dialog).findByText('HV03 is a Hyper-V host and can be added');
    fireEvent.click(button(dialog, 'Next'));

    expect(heading(dialog)).toBe('VSS settings');
    const failover = within(dialog).getByRole('checkbox', { name: /Fail over to the software VSS provider/ }) as HTMLInputElement;
    expect(failover.checked).toBe(true);
    fireEvent.click(failover);
    const spin = within(dialog).getByRole('spinbutton', { name: /Max snapshots per volume/ });
    fireEvent.change(spin, { target: { value: '0' } });
    fireEvent.blur(spin);
    await waitFor(() => expect(within(dialog).getByText(/Allowed: 1–16 snapshots per volume/)).toBeTruthy());
    expect(button(dialog, 'Next').disabled).toBe(true);
    fireEvent.change(spin, { target: { value: '2' } });
    fireEvent.blur(spin);
    await waitFor(() => expect(button(dialog, 'Next').disabled).toBe(false));
    fireEvent.click(button(dialog, 'Next'));

    expect(heading(dialog)).toBe('Review');
    const review = within(dialog).getByLabelText('Server to be added');
    expect(review.textContent).toMatch(/LAB\\backup-admin/);
    expect(review.textContent).toMatch(/Hardware provider only, at most 2 snapshot/);
    fireEvent.click(button(dialog, 'Apply'));
    await waitFor(() => expect(client.calls.some((c) => c.method === 'servers.add')).toBe(true));
    expect(client.calls.find((c) => c.method === 'servers.add')!.params).toMatchObject({
      kind: 'hyperv-host',
      name: 'hv03',
      credentialId: 'cred-1',
      vss: { failoverToSoftwareProvider: false, maxSnapshotsPerVolume: 2 },
    });
    await waitFor(() => expect(button(dialog, 'Next').disabled).toBe(false));
    // The lists were refreshed before the Summary shows.
    expect(client.calls.filter((c) => ['servers.list', 'inventory.get', 'credentials.list'].includes(c.method))).toHaveLength(3);
    fireEvent.click(button(dialog, 'Next'));
    expect(heading(dialog)).toBe('Summary');
    fireEvent.click(button(dialog, 'Finish'));
    expect(onClose).toHaveBeenCalledWith('hv03');
  });

  it('a Windows server goes from Discovery straight to Review', async () => {
    const { dialog } = renderWizard({ presetKind: 'windows-server', probe: proxy04Probe });
    fireEvent.click(button(dialog, 'Next'));
    typeName(dialog, 'proxy04');
    fireEvent.click(button(dialog, 'Next'));
    await chooseCredential(dialog, /^\.\\Administrator/);
    fireEvent.click(button(dialog, 'Next'));
    await within(dialog).findByText('PROXY04 is a Windows server and can be added');
    fireEvent.click(button(dialog, 'Next'));
    expect(heading(dialog)).toBe('Review');
    expect(within(dialog).getByRole('list', { name: 'Changes' }).textContent).toMatch(/can be chosen as an off-host backup proxy/);
  });
});
