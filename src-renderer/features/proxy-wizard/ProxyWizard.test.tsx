// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Proxy } from '../../../src-shared/domain';
import { inventory, proxy01, readiness } from '../../test/fixtures';
import { renderWithStore } from '../../test/render';
import { ProxyWizard } from './ProxyWizard';

afterEach(cleanup);

function renderWizard(proxy?: Proxy) {
  const onClose = vi.fn();
  const utils = renderWithStore(<ProxyWizard proxy={proxy} onClose={onClose} />, {
    inventory,
    proxies: proxy ? [proxy] : [],
    answers: {
      'proxies.check': ({ serverId }) => readiness[serverId] ?? [],
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
    expect(within(dialog).getByText('250 MB/s per task')).toBeTruthy();
    fireEvent.click(button(dialog, 'Apply'));
    await waitFor(() => expect(client.calls.some((c) => c.method === 'proxies.create')).toBe(true));
    expect(client.calls.find((c) => c.method === 'proxies.create')!.params).toMatchObject({
      serverId: 'proxy01',
      maxTasks: 12,
      throttleMBps: 250,
      connectedVolumes: { mode: 'chosen', volumeIds: ['csv1'] },
    });
    // While the install runs, neither Back nor Next may leave the step.
    expect(button(dialog, 'Back').disabled).toBe(true);
    expect(button(dialog, 'Next').disabled).toBe(true);
  });
});

describe('Edit off-host backup proxy wizard', () => {
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
