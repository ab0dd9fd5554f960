// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { SnapshotLeftover } from '../../../src-shared/domain';
import { NotifyProvider } from '../../components/notify';
import { inventory } from '../../test/fixtures';
import { renderWithStore } from '../../test/render';
import type { FakeAnswers } from '../../test/fakeClient';
import { useFerryStore } from '../../store';
import { LeftoverSnapshots } from './LeftoverSnapshots';

afterEach(cleanup);

const leftover = (id: string, patch: Partial<SnapshotLeftover> = {}): SnapshotLeftover => ({
  snapshotId: id,
  sessionId: `s-${id}`,
  jobName: 'Nightly',
  volumeId: 'vol-d',
  volumePath: 'D:\\',
  hostId: 'hv01',
  exposedOn: null,
  stage: 'released',
  takenAt: '2026-12-07T09:58:00Z',
  since: '2026-12-07T10:00:00Z',
  attempts: 1,
  lastError: 'E_SNAPSHOT_FAILED: injected delete fault',
  lastAttemptAt: '2026-12-07T10:00:00Z',
  nextRetryAt: '2026-12-07T10:02:00Z',
  ...patch,
});

function renderBanner(leftovers: SnapshotLeftover[], answers: FakeAnswers = {}) {
  const r = renderWithStore(
    <NotifyProvider>
      <LeftoverSnapshots />
    </NotifyProvider>,
    { inventory, answers: { 'snapshots.leftovers': () => [], ...answers } },
  );
  useFerryStore.setState({ snapshotLeftovers: { data: leftovers, status: 'ready', error: null, refreshing: false } });
  return r;
}

describe('Snapshots waiting for clean-up (Home)', () => {
  it('shows nothing while every snapshot was released', () => {
    renderBanner([]);
    expect(screen.queryByRole('region', { name: 'Snapshots waiting for clean-up' })).toBeNull();
  });

  it('names each snapshot: volume, host, the proxy it is still exposed on, since when, attempts, last error, next retry', async () => {
    renderBanner([
      leftover('snap-a', { exposedOn: 'proxy01', stage: 'exposed', attempts: 3, lastError: 'E_EXPOSE_FAILED: the volume is in use' }),
      leftover('snap-b', { volumePath: 'C:\\ClusterStorage\\Volume1', hostId: 'hvc01', jobName: null }),
    ]);
    const region = await screen.findByRole('region', { name: 'Snapshots waiting for clean-up' });
    expect(within(region).getByText('2 snapshots could not be deleted')).toBeTruthy();
    const items = within(within(region).getByRole('list', { name: 'Snapshots still on the storage' })).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toContain('Snapshot of D:\\ on HV01 (job Nightly), still exposed on PROXY01: release failed');
    expect(items[0]!.textContent).toContain('3 failed attempts');
    expect(items[0]!.textContent).toContain('Last error: E_EXPOSE_FAILED: the volume is in use');
    expect(items[0]!.textContent).toContain(`Next retry ${new Date('2026-12-07T10:02:00Z').toLocaleString()}`);
    expect(items[1]!.textContent).toContain('Snapshot of C:\\ClusterStorage\\Volume1 on HVC01: release failed');
    expect(items[1]!.textContent).toContain('1 failed attempt.');
    expect(items[1]!.textContent).not.toContain('exposed on');
  });

  it('"Retry clean-up now" asks the engine for all of them, and the banner goes once the list is empty', async () => {
    const { client } = renderBanner([leftover('snap-a')], { 'snapshots.retryCleanup': () => ({ cleaned: ['snap-a'], failed: [] }) });
    const region = await screen.findByRole('region', { name: 'Snapshots waiting for clean-up' });
    fireEvent.click(within(region).getByRole('button', { name: 'Retry clean-up now' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Snapshots waiting for clean-up' })).toBeNull());
    expect(client.calls.filter((c) => c.method === 'snapshots.retryCleanup').map((c) => c.params)).toEqual([{}]);
    expect(client.calls.some((c) => c.method === 'snapshots.leftovers')).toBe(true);
    expect(await screen.findByText('Snapshots deleted')).toBeTruthy();
  });

  it('a retry that fails again keeps the banner and says why; Open session goes to the session that took it', async () => {
    const still = leftover('snap-a', { attempts: 2 });
    renderBanner([leftover('snap-a')], {
      'snapshots.retryCleanup': () => ({ cleaned: [], failed: [{ snapshotId: 'snap-a', error: 'E_SNAPSHOT_FAILED: still busy' }] }),
      'snapshots.leftovers': () => [still],
    });
    const region = await screen.findByRole('region', { name: 'Snapshots waiting for clean-up' });
    fireEvent.click(within(region).getByRole('button', { name: 'Retry clean-up now' }));
    expect(await screen.findByText('1 snapshot(s) still on the storage')).toBeTruthy();
    await waitFor(() => expect(region.textContent).toContain('2 failed attempts'));
    fireEvent.click(within(region).getByRole('button', { name: 'Open session that took snapshot snap-a' }));
    expect(useFerryStore.getState().route).toEqual({ view: 'session', sessionId: 's-snap-a' });
  });
});
