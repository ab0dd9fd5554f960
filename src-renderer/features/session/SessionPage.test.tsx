// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ErrorCode, FerryError } from '../../../src-shared/contract';
import type { SessionView, VmTaskView } from '../../../src-shared/domain';
import { NotifyProvider } from '../../components/notify';
import { formatDateTime } from '../../lib/format';
import { getFerryState, useFerryStore } from '../../store';
import { renderWithStore } from '../../test/render';
import { inventory } from '../../test/fixtures';
import { SessionPage } from './SessionPage';

// uPlot draws on a canvas jsdom does not have; the chart has its own tests (rateSamples.test.ts)
vi.mock('./RateChart', () => ({ RateChart: () => null }));

afterEach(cleanup);

const vm: VmTaskView = {
  vmId: 'dc01', vmName: 'DC01', status: 'Running', progress: 0.4, processingMode: 'off-host', proxyServerId: 'proxy01', bytesTotal: 64 << 20,
  bytesRead: 20 << 20, message: 'Reading disk 0', consistency: 'application', backupKind: 'full', startedAt: '2026-11-25T10:00:01Z', endedAt: null, departures: [],
};
const session = (o: Partial<SessionView> = {}): SessionView => ({
  id: 's1', jobId: 'j1', jobName: 'Nightly', result: 'Running', reason: '', startedBy: 'console', retryOf: null, activeFull: false, backupKind: null, interrupted: false, startedAt: '2026-11-25T10:00:00Z', endedAt: null, progress: 0.4,
  stats: { bytesRead: 20 << 20, bytesProcessed: 20 << 20, bytesTransferred: 5 << 20, ratePerSec: 1 << 20, dedupeRatio: 1, compressionRatio: 2, busy: { source: 0, proxy: 0, network: 0, target: 0, throttle: 0 }, bottleneck: null },
  vms: [vm], snapshots: [], restorePointId: null, stopping: null, ...o,
});

function renderSession(first: SessionView, stop: () => unknown = () => ({ ok: true })) {
  const r = renderWithStore(
    <NotifyProvider>
      <SessionPage sessionId="s1" />
    </NotifyProvider>,
    { inventory, answers: { 'sessions.get': () => ({ session: first, log: [], seq: 1, samples: [] }), 'sessions.stop': stop as never } },
  );
  return r;
}

/** What the host streams next (the watch applies it as the bridge would). */
const stream = (next: SessionView, seq: number) => act(() => getFerryState().sessionEventsReceived('s1', { state: { session: next, seq }, logs: [] }));

const header = () => document.querySelector('header')!;
const disabled = (el: HTMLElement) => (el as HTMLButtonElement).disabled;

describe('stopping a session', () => {
  it('says Stopping… with a disabled Stop as soon as a stop was asked for, while VMs in flight finish', async () => {
    renderSession(session());
    await screen.findByRole('heading', { name: 'Nightly' });
    expect(disabled(within(header()).getByRole('button', { name: 'Stop' }))).toBe(false);
    stream(session({ stopping: { mode: 'graceful', at: '2026-11-25T10:00:05Z', reason: 'Stopped by the user' } }), 2);
    expect(within(header()).getByText('Stopping…', { selector: '[data-result]' }).getAttribute('data-result')).toBe('Running');
    expect(disabled(within(header()).getByRole('button', { name: 'Stopping…' }))).toBe(true);
    expect(within(header()).queryByText(/^Running$/)).toBeNull();
  });

  it('a Stop dialog left open until the session ends closes and says so, instead of an error', async () => {
    renderSession(session());
    await screen.findByRole('heading', { name: 'Nightly' });
    fireEvent.click(within(header()).getByRole('button', { name: 'Stop' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Stop session' });
    expect(dialog.textContent).toContain('Stop Nightly?');
    stream(session({ result: 'Success', endedAt: '2026-11-25T10:00:09Z', progress: 1, vms: [{ ...vm, status: 'Success', progress: 1, endedAt: '2026-11-25T10:00:09Z' }] }), 2);
    await waitFor(() => expect(screen.queryByRole('alertdialog', { name: 'Stop session' })).toBeNull());
    expect(await screen.findByText('Nightly ended before the stop (Success).')).toBeTruthy();
  });

  it('a stop that reaches the host after the end (E_CONFLICT) closes the dialog without an error', async () => {
    renderSession(session(), () => {
      throw new FerryError(ErrorCode.Conflict, 'Session s1 is not running');
    });
    await screen.findByRole('heading', { name: 'Nightly' });
    fireEvent.click(within(header()).getByRole('button', { name: 'Stop' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Stop session' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog', { name: 'Stop session' })).toBeNull());
    expect(screen.queryByText(/is not running/)).toBeNull();
    expect(await screen.findByText('Nightly had already ended.')).toBeTruthy();
  });

  it('a VM the stop left unfinished shows Stopped, and the retry offers it', async () => {
    const stopped = { ...vm, status: 'Stopped' as const, message: 'Not finished: Stopped by the user', endedAt: '2026-11-25T10:00:09Z' };
    renderSession(session({ result: 'Stopped', reason: 'Stopped by the user', endedAt: '2026-11-25T10:00:09Z', vms: [stopped] }));
    await screen.findByRole('heading', { name: 'Nightly' });
    // (the grid's rows need a laid-out viewport: VmTaskGrid.test.tsx shows the Stopped row)
    expect(screen.getByText(/^1 VMs · 0 running · 0 done · 0 with warnings · 0 failed · 1 stopped$/)).toBeTruthy();
    expect(screen.getByText('0 ok · 0 warn · 0 failed · 1 stopped')).toBeTruthy();
    expect(disabled(within(header()).getByRole('button', { name: 'Retry stopped VMs' }))).toBe(false);
  });
});

describe('what the header says the session is', () => {
  it('names the kind and who started it, and updates the kind once the engine knows it', async () => {
    renderSession(session({ startedBy: 'schedule' }));
    await screen.findByRole('heading', { name: 'Nightly' });
    expect(within(header()).getByText('Kind: not known yet')).toBeTruthy();
    expect(within(header()).getByText('Started by: Schedule')).toBeTruthy();
    stream(session({ startedBy: 'schedule', backupKind: 'incremental' }), 2);
    expect(within(header()).getByText('Kind: Incremental')).toBeTruthy();
    stream(session({ startedBy: 'schedule', result: 'Success', endedAt: '2026-11-25T10:00:09Z', backupKind: 'full' }), 3);
    expect(within(header()).getByText('Kind: Full')).toBeTruthy();
    expect(within(header()).queryByText(/^Retry of/)).toBeNull();
  });

  it('a retry says so and links to the session it retries', async () => {
    renderSession(session({ retryOf: 's0', activeFull: true, startedBy: 'cli' }));
    const original = { ...session({ id: 's0', result: 'Failed', endedAt: '2026-11-25T09:59:00Z' }), startedAt: '2026-11-25T09:58:00Z' };
    act(() => useFerryStore.setState({ sessions: { status: 'ready', error: null, refreshing: false, data: [original] } }));
    await screen.findByRole('heading', { name: 'Nightly' });
    expect(within(header()).getByText('Kind: Retry · Active full')).toBeTruthy();
    expect(within(header()).getByText('Started by: Command line')).toBeTruthy();
    fireEvent.click(within(header()).getByRole('button', { name: `Retry of the session started ${formatDateTime('2026-11-25T09:58:00Z')}` }));
    expect(getFerryState().route).toEqual({ view: 'session', sessionId: 's0' });
  });

  it('an interrupted session says Ferry stopped under it and what start-up cleaned, from the typed fact', async () => {
    const cleaned = (id: string) => ({
      id, volumeId: 'csv1', volumePath: `C:\\ClusterStorage\\${id}`, hostId: 'hvc01', proxyServerId: 'proxy01', vmIds: ['dc01'], provider: 'hardware' as const, stage: 'deleted' as const, departures: [],
      history: [
        { stage: 'exposed' as const, at: '2026-11-25T10:00:03Z' },
        { stage: 'released' as const, at: '2026-11-25T10:05:00Z', note: 'cleaned up at start-up', startupCleanup: true },
        { stage: 'deleted' as const, at: '2026-11-25T10:05:00Z', note: 'cleaned up at start-up', startupCleanup: true },
      ],
    });
    const failedVm = { ...vm, status: 'Failed' as const, message: 'Interrupted: Ferry stopped while this VM was being processed', endedAt: '2026-11-25T10:05:00Z' };
    // the reason is the engine's words; the header must not depend on them
    renderSession(session({ result: 'Failed', reason: 'something else entirely', interrupted: true, endedAt: '2026-11-25T10:05:00Z', vms: [failedVm], snapshots: [cleaned('snap-1'), cleaned('snap-2')] }));
    await screen.findByRole('heading', { name: 'Nightly' });
    const notice = within(header()).getByRole('status');
    expect(notice.textContent).toBe('Interrupted: Ferry stopped while this session ran; clean-up at start-up released and deleted its 2 snapshots.');
    expect(notice.closest('[data-alert="interrupted"]')).toBeTruthy();
    expect(within(header()).queryByText('something else entirely')).toBeNull();
    // each card: released and deleted, visibly by start-up
    for (const card of screen.getAllByRole('article', { name: /^Snapshot of / })) {
      for (const stage of ['released', 'deleted']) {
        const item = card.querySelector(`li[data-stage="${stage}"]`)!;
        expect(item.getAttribute('data-state')).toBe('done');
        expect(item.textContent).toContain('cleaned up at start-up');
      }
      expect(card.querySelector('li[data-stage="exposed"]')!.textContent).not.toContain('cleaned up at start-up');
    }
    expect(disabled(within(header()).getByRole('button', { name: 'Retry failed VMs' }))).toBe(false);
  });

  it('an interrupted session whose clean-up left a snapshot says so instead of claiming it was deleted', async () => {
    const left = { id: 'snap-1', volumeId: 'csv1', volumePath: 'C:\\ClusterStorage\\Volume1', hostId: 'hvc01', proxyServerId: 'proxy01', vmIds: ['dc01'], provider: 'hardware' as const, stage: 'exposed' as const, departures: [], history: [{ stage: 'exposed' as const, at: '2026-11-25T10:00:03Z' }] };
    renderSession(session({ result: 'Failed', reason: 'x', interrupted: true, endedAt: '2026-11-25T10:05:00Z', snapshots: [left] }));
    await screen.findByRole('heading', { name: 'Nightly' });
    expect(within(header()).getByRole('status').textContent).toBe(
      'Interrupted: Ferry stopped while this session ran; clean-up at start-up could not delete 1 snapshot (Ferry tries again at its next start).',
    );
  });

  it('a session that was not interrupted shows its reason, with no interrupted notice', async () => {
    renderSession(session({ result: 'Failed', reason: 'All VMs failed', endedAt: '2026-11-25T10:05:00Z' }));
    await screen.findByRole('heading', { name: 'Nightly' });
    expect(within(header()).getByRole('status').textContent).toBe('All VMs failed');
    expect(header().querySelector('[data-alert="interrupted"]')).toBeNull();
  });
});
