// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Replica } from '../../../src-shared/contract/replication';
import { renderWithStore } from '../../test/render';
import { inventory } from '../../test/fixtures';
import { ReplicasView } from './ReplicasView';
import { replicaFixture } from './testing/replicaFixture';

function renderView(replicas: Replica[], answers = {}) {
  return renderWithStore(<ReplicasView />, { inventory, answers: { 'replicas.list': () => replicas, ...answers } });
}

const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;

async function selectReplica(name: string) {
  const grid = await screen.findByRole('grid', { name: 'Replicas' });
  fireEvent.click(within(grid).getByRole('radio', { name: `Select ${name}` }));
  await screen.findByRole('grid', { name: 'Replica restore points' });
}

describe('Replicas view', () => {
  afterEach(cleanup);
  it('says what to do when there are no replicas', async () => {
    renderView([]);
    expect(await screen.findByText(/No replicas yet/)).toBeTruthy();
    expect(button('Failover').disabled).toBe(true);
  });

  it('shows a refusal to list with Retry', async () => {
    renderView([], { 'replicas.list': () => Promise.reject(new Error('host gone')) });
    expect(await screen.findByText('Could not load replicas')).toBeTruthy();
    expect(screen.getByText('host gone')).toBeTruthy();
  });

  it('enables only the operations the selected replica state allows', async () => {
    renderView([replicaFixture({ state: 'Failback', failover: { pointId: 'p2', startedAt: '2026-12-07T22:30:00.000Z', reason: '', planned: false } })]);
    await selectReplica('DC01_replica');
    const enabled = ['Failover', 'Undo failover', 'Permanent failover', 'Failback', 'Commit failback', 'Undo failback'].filter((n) => !button(n).disabled);
    expect(enabled).toEqual(['Commit failback', 'Undo failback']);
    expect(screen.getAllByText('Failback').length).toBeGreaterThan(0);
  });

  it('shows health warnings with their reason, and the points newest first', async () => {
    renderView([replicaFixture({ health: { level: 'warning', reason: 'last good sync 3 h ago; the job runs every 60 min' } })]);
    await selectReplica('DC01_replica');
    expect(screen.getAllByText(/last good sync 3 h ago/).length).toBeGreaterThan(0);
    const rows = within(screen.getByRole('grid', { name: 'Replica restore points' })).getAllByRole('row');
    expect(rows[1]!.textContent).toContain('Incremental');
    expect(rows[2]!.textContent).toContain('Full');
  });

  it('Failover: defaults to the latest point, sends the chosen point and the reason, then follows the task', async () => {
    const { client } = renderView([replicaFixture()], {
      'replicas.failover': () => ({ taskId: 't-1' }),
      'tasks.get': () => ({ id: 't-1', title: 'Failover of DC01_replica', state: 'succeeded' as const, progress: 1, log: [{ at: '2026-12-07T22:40:00.000Z', level: 'info' as const, text: 'Reason: drill' }], result: { state: 'Failover' }, error: null }),
    });
    await selectReplica('DC01_replica');
    fireEvent.click(button('Failover'));
    const dialog = await screen.findByRole('dialog', { name: 'Fail over to DC01_replica' });
    expect(within(dialog).getByRole('combobox', { name: /Restore point/ }).textContent).toMatch(/\(latest\)/);
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Reason/ }), { target: { value: 'drill' } });
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Fail over' })));
    await waitFor(() => expect(within(dialog).getByText('Failover of DC01_replica: Completed')).toBeTruthy());
    expect(client.calls.find((c) => c.method === 'replicas.failover')?.params).toEqual({ id: 'rep-dc01', reason: 'drill', planned: false, pointId: 'p2' });
    expect(within(dialog).getByText('Reason: drill')).toBeTruthy();
  });

  it('Failback to a new location needs a host and a path before it starts; a refusal is shown', async () => {
    const { client } = renderView([replicaFixture({ state: 'Failover' })], {
      'replicas.failback': () => Promise.reject(new Error('Failback to a new location is not available yet')),
    });
    await selectReplica('DC01_replica');
    fireEvent.click(button('Failback'));
    const dialog = await screen.findByRole('dialog', { name: 'Fail back from DC01_replica' });
    fireEvent.click(within(dialog).getByRole('radio', { name: 'A new location' }));
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Fail back' })));
    expect(within(dialog).getByText('Choose the host')).toBeTruthy();
    expect(client.calls.some((c) => c.method === 'replicas.failback')).toBe(false);
    fireEvent.click(within(dialog).getByRole('radio', { name: /^The original VM/ }));
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Fail back' })));
    expect(await within(dialog).findByText(/not available yet/)).toBeTruthy();
    expect(client.calls.find((c) => c.method === 'replicas.failback')?.params).toEqual({ id: 'rep-dc01', reason: '' });
  });
});
