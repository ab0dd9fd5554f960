// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FerryError } from '../../../src-shared/contract';
import { NotifyProvider } from '../../components/notify';
import type { ManagedServer, Proxy } from '../../../src-shared/domain';
import type { FakeAnswers } from '../../test/fakeClient';
import { inventory, proxy01, repositories } from '../../test/fixtures';
import { renderWithStore } from '../../test/render';
import { backupAdmin, managedServers } from '../../test/serverFixtures';
import { useFerryStore } from '../../store';
import { InfrastructureView } from './InfrastructureView';

afterEach(cleanup);

function renderView(answers: FakeAnswers = {}, proxies = [proxy01]) {
  return renderWithStore(
    <NotifyProvider>
      <InfrastructureView />
    </NotifyProvider>,
    { inventory, proxies, repositories, servers: managedServers, credentials: [backupAdmin], answers },
  );
}

function select(gridName: string, rowName: string) {
  fireEvent.click(within(screen.getByRole('grid', { name: gridName })).getByRole('radio', { name: `Select ${rowName}` }));
}

const row = (gridName: string, text: string) =>
  within(screen.getByRole('grid', { name: gridName }))
    .getAllByRole('row')
    .find((r) => r.textContent?.includes(text))!;

describe('Managed servers', () => {
  it('lists type, account (or the console identity), status with its reason, and VMs', () => {
    renderView();
    expect(row('Managed servers', 'HV01').textContent).toMatch(/Hyper-V host.*LAB\\backup-admin.*OK/);
    expect(row('Managed servers', 'CLU01').textContent).toMatch(/Hyper-V cluster \(2 nodes\).*Console identity/);
    const cells = (name: string) => within(row('Managed servers', name)).getAllByRole('gridcell').map((c) => c.textContent);
    expect(cells('CLU01')).toContain('1'); // APP01 runs on a node of the cluster
    expect(cells('PROXY01')).toContain('—'); // a plain server has no VMs to count
    const proxyRow = row('Managed servers', 'PROXY01');
    expect(proxyRow.textContent).toMatch(/Windows server.*Console identity.*Unreachable.*WinRM did not answer on TCP 5985/);
    expect(proxyRow.querySelector('[data-status="unreachable"]')).not.toBeNull();
  });

  it('shows loading, error (with Retry) and empty states', async () => {
    const { client } = renderView({ 'servers.list': () => [] });
    useFerryStore.setState({ servers: { data: [], status: 'loading', error: null, refreshing: false } });
    expect(await screen.findByText('Loading managed servers…')).toBeTruthy();
    useFerryStore.setState({ servers: { data: [], status: 'error', error: 'The host did not answer', refreshing: false } });
    expect(await screen.findByText('Could not load managed servers')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(client.calls.some((c) => c.method === 'servers.list')).toBe(true));
    expect(await screen.findByText(/No managed servers\. Click Add server/)).toBeTruthy();
  });

  it('Remove is refused while in use: the host names the jobs, the dialog says what to do', async () => {
    const { client } = renderView({
      'servers.remove': () => {
        throw new FerryError('E_IN_USE', 'HV01 is used by job(s) Nightly and cannot be removed.');
      },
    });
    const remove = screen.getByRole('button', { name: 'Remove server' }) as HTMLButtonElement;
    expect(remove.disabled).toBe(true);
    select('Managed servers', 'HV01');
    await waitFor(() => expect(remove.disabled).toBe(false));
    fireEvent.click(remove);
    const dialog = await screen.findByRole('alertdialog', { name: 'Remove managed server' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));
    expect(await within(dialog).findByText(/used by job\(s\) Nightly/)).toBeTruthy();
    expect(within(dialog).getByText(/Remove proxy takes away the proxy role/)).toBeTruthy();
    expect(client.calls.filter((c) => c.method === 'servers.remove').map((c) => c.params)).toEqual([{ id: 'hv01' }]);
  });

  it('Edit sends only what changed (credential → console identity, VSS)', async () => {
    const { client } = renderView({ 'servers.update': ({ id: _id, ...p }) => ({ ...managedServers[0]!, ...p }) as ManagedServer });
    select('Managed servers', 'HV01');
    fireEvent.click(await screen.findByRole('button', { name: 'Edit server' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit server HV01' });
    fireEvent.click(within(dialog).getByRole('combobox', { name: /Credentials/ }));
    fireEvent.click(screen.getByRole('option', { name: /^Console identity/ }));
    const spin = within(dialog).getByRole('spinbutton', { name: /Max snapshots per volume/ });
    fireEvent.change(spin, { target: { value: '17' } });
    fireEvent.blur(spin);
    await waitFor(() => expect((within(dialog).getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true));
    fireEvent.change(spin, { target: { value: '6' } });
    fireEvent.blur(spin);
    await waitFor(() => expect((within(dialog).getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Edit server HV01' })).toBeNull());
    expect(client.calls.filter((c) => c.method === 'servers.update').map((c) => c.params)).toEqual([
      { id: 'hv01', credentialId: null, vss: { failoverToSoftwareProvider: true, maxSnapshotsPerVolume: 6 } },
    ]);
  });
});

describe('Credentials', () => {
  it('lists who uses each account; Remove while in use is refused naming the server', async () => {
    renderView({
      'credentials.remove': () => {
        throw new FerryError('E_IN_USE', 'LAB\\backup-admin is used by HV01.');
      },
    });
    expect(row('Credentials', 'LAB\\backup-admin').textContent).toMatch(/Domain account for backups.*HV01/);
    select('Credentials', 'LAB\\backup-admin');
    fireEvent.click(await screen.findByRole('button', { name: 'Remove credential' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Remove credential' });
    expect(within(dialog).getByText(/It is used by HV01/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));
    expect(await within(dialog).findByText(/is used by HV01\. \(Managed servers → Edit server changes the account/)).toBeTruthy();
  });
});

describe('Off-host proxies: enable / disable and the traffic rule', () => {
  it('Disable marks the proxy; the command turns into Enable', async () => {
    const windowed: Proxy = { ...proxy01, throttleMBps: 50, throttleWindow: { days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], start: '08:00', end: '18:00' } };
    const { client } = renderView({ 'proxies.update': ({ id: _id, ...p }) => ({ ...windowed, ...p }) as Proxy }, [windowed]);
    expect(row('Off-host backup proxies', 'PROXY01').textContent).toContain('50 MB/s, Mon–Fri 08:00–18:00');
    select('Off-host backup proxies', 'PROXY01');
    fireEvent.click(await screen.findByRole('button', { name: 'Disable proxy' }));
    await waitFor(() => expect(row('Off-host backup proxies', 'PROXY01').querySelector('[data-enabled="false"]')).not.toBeNull());
    expect(row('Off-host backup proxies', 'PROXY01').textContent).toContain('Disabled');
    expect(screen.getByRole('button', { name: 'Enable proxy' })).toBeTruthy();
    expect(client.calls.filter((c) => c.method === 'proxies.update').map((c) => c.params)).toEqual([{ id: 'px-1', enabled: false }]);
  });
});

describe('Remove proxy', () => {
  it('asks first, then shows why the host refused (E_PROXY_IN_USE)', async () => {
    const { client } = renderWithStore(
      <NotifyProvider>
        <InfrastructureView />
      </NotifyProvider>,
      {
        inventory,
        proxies: [proxy01],
        repositories,
        answers: {
          'proxies.remove': () => {
            throw new FerryError('E_PROXY_IN_USE', 'Proxy PROXY01 is pinned by job(s) Nightly: change those jobs first');
          },
        },
      },
    );
    const remove = screen.getByRole('button', { name: 'Remove proxy' }) as HTMLButtonElement;
    expect(remove.disabled).toBe(true);

    const grid = screen.getByRole('grid', { name: 'Off-host backup proxies' });
    fireEvent.click(within(grid).getByRole('radio', { name: 'Select PROXY01' }));
    await waitFor(() => expect(remove.disabled).toBe(false));
    fireEvent.click(remove);

    const dialog = await screen.findByRole('alertdialog', { name: 'Remove off-host backup proxy' });
    expect(client.calls.some((c) => c.method === 'proxies.remove')).toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));

    expect(await within(dialog).findByText(/pinned by job\(s\) Nightly/)).toBeTruthy();
    expect(within(dialog).getByText(/switch them to automatic selection/)).toBeTruthy();
    expect(client.calls.filter((c) => c.method === 'proxies.remove').map((c) => c.params)).toEqual([{ id: 'px-1' }]);
  });
});
