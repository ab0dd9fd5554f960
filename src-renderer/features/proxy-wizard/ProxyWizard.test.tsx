// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { inventory, readiness } from '../../test/fixtures';
import { renderWithStore } from '../../test/render';
import { AddProxyWizard } from './AddProxyWizard';

afterEach(cleanup);

function renderWizard() {
  const onClose = vi.fn();
  const utils = renderWithStore(<AddProxyWizard onClose={onClose} />, {
    inventory,
    answers: {
      'proxies.check': ({ serverId }) => readiness[serverId] ?? [],
      'proxies.create': () => ({ taskId: 'task-1' }),
      'tasks.get': () => ({ id: 'task-1', title: 'Add proxy', state: 'running', progress: 0.1, log: [], error: null, result: null }),
    },
  });
  return { ...utils, onClose, dialog: screen.getByRole('dialog') };
}

const button = (dialog: HTMLElement, name: string) => within(dialog).getByRole('button', { name }) as HTMLButtonElement;

async function chooseServer(dialog: HTMLElement, name: RegExp) {
  fireEvent.click(within(dialog).getByRole('combobox', { name: /Server/ }));
  fireEvent.click(await screen.findByRole('option', { name }));
}

describe('Add off-host backup proxy wizard', () => {
  it('keeps Next disabled until a server is chosen', async () => {
    const { dialog } = renderWizard();
    expect(within(dialog).getByRole('heading', { name: 'Server' })).toBeTruthy();
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

  it('validates max concurrent tasks and sends the draft on Apply', async () => {
    const { dialog, client } = renderWizard();
    await chooseServer(dialog, /^PROXY01/);
    fireEvent.click(button(dialog, 'Next'));
    await within(dialog).findByRole('table', { name: /Readiness of PROXY01/ });
    fireEvent.click(button(dialog, 'Next'));

    const spin = within(dialog).getByRole('spinbutton', { name: /Max concurrent tasks/ }) as HTMLInputElement;
    expect(spin.value).toBe('8'); // 4 cores → 8 tasks
    fireEvent.change(spin, { target: { value: '0' } });
    fireEvent.blur(spin);
    await waitFor(() => expect(within(dialog).getByText(/At least 1 task/)).toBeTruthy());
    expect(button(dialog, 'Next').disabled).toBe(true);
    fireEvent.change(spin, { target: { value: '12' } });
    fireEvent.blur(spin);
    await waitFor(() => expect(button(dialog, 'Next').disabled).toBe(false));

    fireEvent.click(button(dialog, 'Next'));
    expect(within(dialog).getByRole('heading', { name: 'Review' })).toBeTruthy();
    fireEvent.click(button(dialog, 'Apply'));
    await waitFor(() => expect(client.calls.some((c) => c.method === 'proxies.create')).toBe(true));
    expect(client.calls.find((c) => c.method === 'proxies.create')!.params).toMatchObject({ serverId: 'proxy01', maxTasks: 12 });
    // While the install runs, neither Back nor Next may leave the step.
    expect(button(dialog, 'Back').disabled).toBe(true);
    expect(button(dialog, 'Next').disabled).toBe(true);
  });
});
