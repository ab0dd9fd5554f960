// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import type { SessionView } from '../../../src-shared/domain';
import { formatDateTime } from '../../lib/format';
import { useFerryStore } from '../../store';
import { inventory } from '../../test/fixtures';
import { renderWithStore } from '../../test/render';
import { RecentSessions } from './RecentSessions';

afterEach(cleanup);

const session = (id: string, startedAt: string, o: Partial<SessionView>): SessionView => ({
  id, jobId: 'j1', jobName: 'Nightly', result: 'Success', reason: '', startedBy: 'console', retryOf: null, activeFull: false, backupKind: 'full', interrupted: false,
  startedAt, endedAt: startedAt.replace(':00Z', ':30Z'), progress: 1,
  stats: { bytesRead: 0, bytesProcessed: 0, bytesTransferred: 0, ratePerSec: 0, dedupeRatio: 1, compressionRatio: 1, busy: { source: 0, proxy: 0, network: 0, target: 0, throttle: 0 }, bottleneck: null },
  vms: [], snapshots: [], restorePointId: null, stopping: null, ...o,
});

describe('Recent sessions on Home', () => {
  it('says what kind each session was and who or what started it; a retry names the session it retries', async () => {
    const interrupted = session('s-af', '2026-11-25T10:00:00Z', { activeFull: true, result: 'Failed', interrupted: true, reason: 'Interrupted' });
    renderWithStore(<RecentSessions which="finished" />, { inventory });
    useFerryStore.setState({
      sessions: {
        status: 'ready', error: null, refreshing: false,
        data: [
          session('s-first', '2026-11-24T22:00:00Z', { startedBy: 'schedule', backupKind: 'full' }),
          session('s-incr', '2026-11-25T09:00:00Z', { startedBy: 'cli', backupKind: 'incremental' }),
          interrupted,
          session('s-retry', '2026-11-25T10:05:00Z', { retryOf: 's-af', activeFull: true, backupKind: 'full' }),
          // a retry of a session no longer in the list still says it is one
          session('s-orphan', '2026-11-25T10:06:00Z', { retryOf: 's-gone', backupKind: 'incremental' }),
          session('s-none', '2026-11-25T10:07:00Z', { backupKind: null, result: 'Failed' }),
        ],
      },
    });
    const grid = await screen.findByRole('grid', { name: 'Recent sessions' });
    const headers = within(grid).getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(expect.arrayContaining(['Kind', 'Started by']));
    const kindAt = headers.indexOf('Kind');
    const byAt = headers.indexOf('Started by');
    const cells = (id: string) => {
      const start = useFerryStore.getState().sessions.data.find((x) => x.id === id)!.startedAt;
      const open = within(grid).getByRole('button', { name: `Open session of Nightly started ${formatDateTime(start)}` });
      const all = within(open.closest('[role="row"]') as HTMLElement).getAllByRole('gridcell');
      return [all[kindAt]!.textContent, all[byAt]!.textContent];
    };
    expect(cells('s-first')).toEqual(['Full', 'Schedule']);
    expect(cells('s-incr')).toEqual(['Incremental', 'Command line']);
    expect(cells('s-af')).toEqual(['Active full', 'Console']);
    expect(cells('s-retry')).toEqual([`Retry (of ${formatDateTime(interrupted.startedAt)}) · Active full`, 'Console']);
    expect(cells('s-orphan')).toEqual(['Retry · Incremental', 'Console']);
    expect(cells('s-none')).toEqual(['—', 'Console']);
  });
});

