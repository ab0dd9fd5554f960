// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Proxy, ReadinessCheck } from '../../../src-shared/domain';
import { inventory, proxy01, readiness } from '../../test/fixtures';
import { backupAdmin, proxy04Probe } from '../../test/serverFixtures';
import { renderWithStore } from '../../test/render';
import { ProxyWizard } from './ProxyWizard';

afterEach(cleanup);

function renderWizard(proxy?: Proxy, checks: Record<string, ReadinessCheck[]> = readiness) {
  const onClose = vi.fn();
  const utils = renderWithStore(<ProxyWizard proxy={proxy} onClose={onClose} />, {
    inventory,
    proxies: proxy ? [proxy] : [],
    answers: {
      'proxies.check': ({ serverId }) => checks[serverId] ?? [],
      'proxies.create': () => ({ taskId: 'task-1' }),
      'proxies.update': (patch) => ({ ...proxy01, ...patch }) as Proxy,
      'tasks.get': () => ({ id: 'task-1', title: 'Add proxy', state: 'running', progress: 0.1, log: [], error: null, result: null }),
    },
  });
  return { ...utils, onClose, dialog: screen.getByRole('dialog') };
}

const button = (dialog: HTMLElement, name: string) => within(dialog).getByRole('button', { name }) as HTMLButtonElement;
const heading = (dialog: HTMLElement) => within(dialog).getByRole('heading', { level: 3 }).textContent;

async function chooseServer(dialog: HTMLElement, name: RegExp) {
  fireEvent.click(within(dialog).getByRole('combobox', { name: /Server/ }));
  fireEvent.click(await screen.findByRole('option', { name }));
}

async function toVolumesStep(dialog: HTMLElement) {
  await chooseServer(dialog, /^PROXY01/);
  fireEvent.click(button(dialog, 'Next'));
  await within(dialog).findByRole('table', { name: /Readiness of PROXY01/ });
  fireEvent.click(button(dialog, 'Next'));
  expect(heading(dialog)).toBe('Connected volumes');
}

function setSpin(dialog: HTMLElement, name: RegExp, value: string) {
  const spin = within(dialog).getByRole('spinbutton', { name }) as HTMLInputElement;
  fireEvent.change(spin, { target: { value } });
  fireEvent.blur(spin);
  return spin;
}

describe('Add off-host backup proxy wizard', () => {
  it('keeps Next disabled until a server is chosen', async () => {
    const { dialog } = renderWizard();
    expect(heading(dialog)).toBe('Server');
    expect(button(dialog, 'Next').disabled).toBe(true);
    await chooseServer(dialog, /^PROXY01/);
    expect(button(dialog, 'Next').disabled).toBe(false);
  });

  it('shows the cluster-node refusal as a fail row and blocks Next; another server passes', async () => {
    const { dialog, client } = renderWizard();
    await chooseServer(dialog, /^HVC01/);
    fireEvent.click(button(dialog, 'Next'));

    const table = await within(dialog).findByRole('table', { name: /Readiness of HVC01/ });
    const failRows = within(table).getAllByRole('row').filter((r) => r.getAttribute('data-status') === 'fail');
    expect(failRows.map((r) => r.textContent).join(' ')).toMatch(/node of cluster CLU01/);
    expect(within(dialog).getByText(/cannot be an off-host proxy for any volume/)).toBeTruthy();
    expect(button(dialog, 'Next').disabled).toBe(true);

    fireEvent.click(button(dialog, 'Back'));
    await chooseServer(dialog, /^PROXY01/);
    fireEvent.click(button(dialog, 'Next'));
    await within(dialog).findByRole('table', { name: /Readiness of PROXY01/ });
    expect(within(dialog).getByText(/PROXY01 can back up 2 volumes off-host/)).toBeTruthy();
    expect(button(dialog, 'Next').disabled).toBe(false);
    expect(client.calls.filter((c) => c.method === 'proxies.check').map((c) => c.params)).toEqual([
      { serverId: 'hvc01' },
      { serverId: 'proxy01' },
    ]);
  });

  it('a LUN not zoned to the server is N/A, not a failure: verdict, counts and Next agree', async () => {
    const notZoned: ReadinessCheck = {
      id: 'volume:csv1',
      title: 'Volume C:\\ClusterStorage\\Volume1',
      status: 'not-applicable',
      reason: 'SAN LUN LUN-10 is not zoned to PROXY01: this proxy does not serve C:\\ClusterStorage\\Volume1',
      fix: 'To back it up from PROXY01: zone/mask LUN-10 to it',
      volumeId: 'csv1',
    };
    const { dialog } = renderWizard(undefined, { proxy01: [...readiness.proxy01!.slice(0, 3), notZoned] });
    await chooseServer(dialog, /^PROXY01/);
    fireEvent.click(button(dialog, 'Next'));
    const table = await within(dialog).findByRole('table', { name: /Readiness of PROXY01/ });
    const na = within(table).getAllByRole('row').filter((r) => r.getAttribute('data-status') === 'not-applicable');
    expect(na.map((r) => r.textContent)).toEqual([expect.stringMatching(/^N\/AVolume C:\\ClusterStorage\\Volume1SAN LUN LUN-10 is not zoned to PROXY01/)]);
    expect(within(table).getAllByRole('row').filter((r) => r.getAttribute('data-status') === 'fail')).toEqual([]);
    expect(within(dialog).getByText('4 requirements: 3 passed, 0 warnings, 0 failed, 1 not applicable')).toBeTruthy();
    expect(within(dialog).getByText('PROXY01 can back up 1 volume off-host')).toBeTruthy();
    expect(dialog.querySelector('[data-verdict]')?.getAttribute('data-verdict')).toBe('ready');
    expect(button(dialog, 'Next').disabled).toBe(false);
  });

  it('a volume that fails its own check is named in an amber verdict; the proxy still serves the others', async () => {
    const ownCsv: ReadinessCheck = { ...readiness.hvc01![3]!, reason: 'PROXY01 is a node of cluster CLU01' };
    const { dialog } = renderWizard(undefined, { proxy01: [...readiness.proxy01!.slice(0, 3), ownCsv] });
    await chooseServer(dialog, /^PROXY01/);
    fireEvent.click(button(dialog, 'Next'));
    await within(dialog).findByRole('table', { name: /Readiness of PROXY01/ });
    expect(within(dialog).getByText('PROXY01 can back up 1 volume off-host')).toBeTruthy();
    expect(dialog.querySelector('[data-verdict]')?.getAttribute('data-verdict')).toBe('partial');
    expect(within(dialog).getByText(/Not from this server \(see the failed rows\): C:\\ClusterStorage\\Volume1\. These failures do not block the proxy for the other volumes\./)).toBeTruthy();
    expect(button(dialog, 'Next').disabled).toBe(false);
  });

  it('connected volumes: choosing needs at least one reachable volume', async () => {
    const { dialog } = renderWizard();
    await toVolumesStep(dialog);
    expect(button(dialog, 'Next').disabled).toBe(false); // automatic by default
    fireEvent.click(within(dialog).getByRole('radio', { name: /Only the volumes I choose/ }));
    expect(within(dialog).getByText(/Choose at least one volume/)).toBeTruthy();
    expect(button(dialog, 'Next').disabled).toBe(true);
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Use D:\\' }));
    await waitFor(() => expect(button(dialog, 'Next').disabled).toBe(false));
    expect(within(dialog).getByText(/1 of 2 reachable volumes chosen/)).toBeTruthy();
  });

  it('validates tasks and the traffic rule, then sends the whole draft on Apply', async () => {
    const { dialog, client } = renderWizard();
    await toVolumesStep(dialog);
    fireEvent.click(within(dialog).getByRole('radio', { name: /Only the volumes I choose/ }));
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Use C:\\ClusterStorage\\Volume1' }));
    fireEvent.click(button(dialog, 'Next'));

    expect(heading(dialog)).toBe('Max concurrent tasks');
    expect((within(dialog).getByRole('spinbutton', { name: /Max concurrent tasks/ }) as HTMLInputElement).value).toBe('8'); // 4 cores → 8
    setSpin(dialog, /Max concurrent tasks/, '0');
    await waitFor(() => expect(within(dialog).getByText(/At least 1 task/)).toBeTruthy());
    expect(button(dialog, 'Next').disabled).toBe(true);
    setSpin(dialog, /Max concurrent tasks/, '12');
    await waitFor(() => expect(button(dialog, 'Next').disabled).toBe(false));
    fireEvent.click(button(dialog, 'Next'));

    expect(heading(dialog)).toBe('Traffic rules');
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /Throttle reads/ }));
    setSpin(dialog, /Maximum read rate/, '0');
    await waitFor(() => expect(within(dialog).getByText(/at least 1 MB\/s/)).toBeTruthy());
    expect(button(dialog, 'Next').disabled).toBe(true);
    setSpin(dialog, /Maximum read rate/, '250');
    await waitFor(() => expect(button(dialog, 'Next').disabled).toBe(false));
    fireEvent.click(button(dialog, 'Next'));

    expect(heading(dialog)).toBe('Review');
    expect(within(dialog).getByRole('list', { name: 'Components to install' }).textContent).toMatch(/FerryAgent/);
    expect(within(dialog).getByText('250 MB/s, always')).toBeTruthy();
    fireEvent.click(button(dialog, 'Apply'));
    await waitFor(() => expect(client.calls.some((c) => c.method === 'proxies.create')).toBe(true));
    expect(client.calls.find((c) => c.method === 'proxies.create')!.params).toMatchObject({
      serverId: 'proxy01',
      maxTasks: 12,
      throttleMBps: 250,
      throttleWindow: null,
      connectedVolumes: { mode: 'chosen', volumeIds: ['csv1'] },
    });
    expect(client.calls.find((c) => c.method === 'proxies.create')!.params).not.toHaveProperty('enabled');
    // While the install runs, neither Back nor Next may leave the step.
    expect(button(dialog, 'Back').disabled).toBe(true);
    expect(button(dialog, 'Next').disabled).toBe(true);
  });
});

describe('Add new server from the Server step', () => {
  it('opens Add server preset to Windows server; when it finishes, the new server is the choice', async () => {
    const proxy04 = { ...inventory.hosts[3]!, id: 'proxy04', name: 'PROXY04' };
    const onClose = vi.fn();
    renderWithStore(<ProxyWizard onClose={onClose} />, {
      inventory,
      credentials: [{ ...backupAdmin, id: 'cred-2', user: '.\\Administrator', usedBy: [] }],
      answers: {
        'servers.probe': () => proxy04Probe,
        'servers.add': () => ({ taskId: 'task-7' }),
        'tasks.get': () => ({ id: 'task-7', title: 'Add PROXY04', state: 'succeeded', progress: 1, log: [], error: null, result: { serverId: 'proxy04' } }),
        'inventory.get': () => ({ ...inventory, hosts: [...inventory.hosts, proxy04] }),
      },
    });
    const proxyDialog = screen.getByRole('dialog', { name: 'Add off-host backup proxy' });
    fireEvent.click(button(proxyDialog, 'Add new server…'));

    const add = await screen.findByRole('dialog', { name: 'Add server' });
    expect((within(add).getByRole('radio', { name: /^Windows server/ }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(button(add, 'Next'));
    fireEvent.change(within(add).getByRole('textbox', { name: /DNS name/ }), { target: { value: 'proxy04' } });
    fireEvent.click(button(add, 'Next'));
    fireEvent.click(within(add).getByRole('combobox', { name: /Credentials/ }));
    fireEvent.click(screen.getByRole('option', { name: /^\.\\Administrator/ }));
    fireEvent.click(button(add, 'Next'));
    await within(add).findByText('PROXY04 is a Windows server and can be added');
    fireEvent.click(button(add, 'Next'));
    expect(heading(add)).toBe('Review');
    fireEvent.click(button(add, 'Apply'));
    await waitFor(() => expect(button(add, 'Next').disabled).toBe(false));
    fireEvent.click(button(add, 'Next'));
    fireEvent.click(button(add, 'Finish'));

    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Add server' })).toBeNull());
    // The outer dialog is hidden from assistive tech while the nested one is open, and shown again after.
    await waitFor(() => expect(proxyDialog.getAttribute('aria-hidden')).toBeNull());
    expect(within(proxyDialog).getByRole('combobox', { name: /Server/ }).textContent).toBe('PROXY04');
    expect(within(proxyDialog).getByLabelText('Details of PROXY04')).toBeTruthy();
    expect(button(proxyDialog, 'Next').disabled).toBe(false);
    expect(onClose).not.toHaveBeenCalled();
  });
});

describe('Traffic rules: a throttle window', () => {
  async function toTrafficStep(dialog: HTMLElement) {
    await toVolumesStep(dialog);
    fireEvent.click(button(dialog, 'Next'));
    fireEvent.click(button(dialog, 'Next'));
    expect(heading(dialog)).toBe('Traffic rules');
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /Throttle reads/ }));
    setSpin(dialog, /Maximum read rate/, '50');
  }

  it('needs at least one day and two HH:MM times that differ; Review and the draft carry the window', async () => {
    const { dialog, client } = renderWizard();
    await toTrafficStep(dialog);
    expect(within(dialog).queryByRole('group', { name: 'Days' })).toBeNull(); // "Always" by default
    fireEvent.click(within(dialog).getByRole('radio', { name: /^Only during/ }));
    const days = within(dialog).getByRole('group', { name: 'Days' });
    // Business hours by default.
    expect(within(days).getAllByRole('checkbox').filter((c) => (c as HTMLInputElement).checked)).toHaveLength(5);
    await waitFor(() => expect(button(dialog, 'Next').disabled).toBe(false));

    for (const d of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']) fireEvent.click(within(days).getByRole('checkbox', { name: d }));
    expect(within(dialog).getByText('Pick at least one day.')).toBeTruthy();
    expect(days.getAttribute('aria-invalid')).toBe('true');
    expect(button(dialog, 'Next').disabled).toBe(true);
    for (const d of ['Fri', 'Mon', 'Tue', 'Wed', 'Thu']) fireEvent.click(within(days).getByRole('checkbox', { name: d }));

    const from = within(dialog).getByLabelText(/^From/) as HTMLInputElement;
    const to = within(dialog).getByLabelText(/^To/) as HTMLInputElement;
    fireEvent.change(from, { target: { value: '' } });
    expect(within(dialog).getByText(/Enter the start as HH:MM/)).toBeTruthy();
    expect(button(dialog, 'Next').disabled).toBe(true);
    fireEvent.change(from, { target: { value: '18:00' } });
    expect(within(dialog).getByText(/The end must differ from the start/)).toBeTruthy();
    expect(button(dialog, 'Next').disabled).toBe(true);
    fireEvent.change(from, { target: { value: '08:00' } });
    fireEvent.change(to, { target: { value: '18:00' } });
    await waitFor(() => expect(button(dialog, 'Next').disabled).toBe(false));
    expect(within(dialog).getByText(/Traffic rule: 50 MB\/s, Mon–Fri 08:00–18:00/)).toBeTruthy();
    fireEvent.click(button(dialog, 'Next'));

    expect(heading(dialog)).toBe('Review');
    expect(within(dialog).getByText('50 MB/s, Mon–Fri 08:00–18:00')).toBeTruthy();
    fireEvent.click(button(dialog, 'Apply'));
    await waitFor(() => expect(client.calls.some((c) => c.method === 'proxies.create')).toBe(true));
    expect(client.calls.find((c) => c.method === 'proxies.create')!.params).toMatchObject({
      throttleMBps: 50,
      throttleWindow: { days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], start: '08:00', end: '18:00' },
    });
  });
});

describe('Edit off-host backup proxy wizard', () => {
  it('disabling the proxy and adding a window sends only those fields', async () => {
    const { dialog, client } = renderWizard({ ...proxy01, throttleMBps: 100 });
    const enabled = within(dialog).getByRole('checkbox', { name: 'Enabled' }) as HTMLInputElement;
    expect(enabled.checked).toBe(true);
    fireEvent.click(enabled);
    fireEvent.click(button(dialog, 'Next'));
    await within(dialog).findByRole('table', { name: /Readiness of PROXY01/ });
    for (let i = 0; i < 3; i++) fireEvent.click(button(dialog, 'Next'));
    expect(heading(dialog)).toBe('Traffic rules');
    fireEvent.click(within(dialog).getByRole('radio', { name: /^Only during/ }));
    fireEvent.click(within(within(dialog).getByRole('group', { name: 'Days' })).getByRole('checkbox', { name: 'Sat' }));
    fireEvent.click(button(dialog, 'Next'));
    const changes = within(dialog).getByRole('table', { name: 'Changes to the proxy' });
    const changed = within(changes).getAllByRole('row').filter((r) => r.getAttribute('data-changed') === 'true');
    expect(changed.map((r) => r.textContent)).toEqual([
      'Traffic rule (per task)100 MB/s, always100 MB/s, Mon–Sat 08:00–18:00',
      'StateEnabledDisabled: skipped by automatic proxy selection',
    ]);
    fireEvent.click(button(dialog, 'Save'));
    await within(dialog).findByText(/settings saved/);
    expect(client.calls.filter((c) => c.method === 'proxies.update').map((c) => c.params)).toEqual([
      { id: 'px-1', throttleWindow: { days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'], start: '08:00', end: '18:00' }, enabled: false },
    ]);
  });


  it('starts from the proxy, lists what changes, and sends only the changed fields', async () => {
    const { dialog, client } = renderWizard({ ...proxy01, throttleMBps: 100 });
    expect((within(dialog).getByRole('textbox', { name: /^Server/ }) as HTMLInputElement).readOnly).toBe(true);
    expect(within(dialog).queryByText('Apply')).toBeNull(); // no install step when editing
    fireEvent.click(button(dialog, 'Next'));
    await within(dialog).findByRole('table', { name: /Readiness of PROXY01/ });
    fireEvent.click(button(dialog, 'Next'));
    fireEvent.click(button(dialog, 'Next'));
    setSpin(dialog, /Max concurrent tasks/, '16');
    await waitFor(() => expect(button(dialog, 'Next').disabled).toBe(false));
    fireEvent.click(button(dialog, 'Next'));
    expect((within(dialog).getByRole('spinbutton', { name: /Maximum read rate/ }) as HTMLInputElement).value).toBe('100');
    fireEvent.click(button(dialog, 'Next'));

    const changes = within(dialog).getByRole('table', { name: 'Changes to the proxy' });
    const changed = within(changes).getAllByRole('row').filter((r) => r.getAttribute('data-changed') === 'true');
    expect(changed.map((r) => r.textContent)).toEqual(['Max concurrent tasks816']);
    fireEvent.click(button(dialog, 'Save'));
    await within(dialog).findByText(/settings saved/);
    expect(client.calls.filter((c) => c.method === 'proxies.update').map((c) => c.params)).toEqual([{ id: 'px-1', maxTasks: 16 }]);
  });
});
