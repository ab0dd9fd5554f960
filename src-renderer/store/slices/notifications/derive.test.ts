import { afterEach, describe, expect, it } from 'vitest';
import type { Proxy, SessionView } from '../../../../src-shared/domain';
import { proxy01 } from '../../../test/fixtures';
import { getFerryState, resetFerryStore, useFerryStore } from '../../index';
import { deriveNotifications } from './derive';
import { notificationsSelectors } from './selectors';

const session = (id: string, result: SessionView['result'], endedAt: string | null): SessionView => ({
  id, jobId: 'j1', jobName: 'Nightly', result, reason: `${result} because`, startedBy: 'console', retryOf: null, activeFull: false, backupKind: null, interrupted: false, startedAt: '2026-11-25T10:00:00Z', endedAt, progress: 1,
  stats: { bytesRead: 0, bytesProcessed: 0, bytesTransferred: 0, ratePerSec: 0, dedupeRatio: 0, compressionRatio: 0, busy: { source: 0, proxy: 0, network: 0, target: 0, throttle: 0 }, bottleneck: null },
  vms: [], snapshots: [], restorePointId: null, stopping: null,
});
const down: Proxy = { ...proxy01, status: 'unavailable', lastCheckAt: '2026-11-25T10:30:00Z' };
const ready = <T,>(data: T) => ({ data, status: 'ready' as const, error: null, refreshing: false });

afterEach(() => resetFerryStore());

describe('notifications', () => {
  it('come from sessions that ended Warning or Failed and from unavailable proxies, newest first', () => {
    const list = deriveNotifications(
      [session('s1', 'Success', '2026-11-25T10:05:00Z'), session('s2', 'Failed', '2026-11-25T10:10:00Z'), session('s3', 'Warning', '2026-11-25T10:20:00Z'), session('s4', 'Running', null)],
      [proxy01, down],
    );
    expect(list.map((n) => [n.id, n.intent])).toEqual([
      ['proxy:px-1:2026-11-25T10:30:00Z', 'error'],
      ['session:s3', 'warning'],
      ['session:s2', 'error'],
    ]);
    expect(list[1]!.target).toEqual({ view: 'session', sessionId: 's3' });
  });

  it('counts unread until marked read, and keeps the list identity while nothing changes', () => {
    useFerryStore.setState({ sessions: ready([session('s2', 'Failed', '2026-11-25T10:10:00Z')]), proxies: ready([down]) });
    const first = notificationsSelectors.all(getFerryState());
    expect(notificationsSelectors.all(getFerryState())).toBe(first);
    expect(notificationsSelectors.unreadCount(getFerryState())).toBe(2);
    getFerryState().markNotificationsRead([first[0]!.id]);
    expect(notificationsSelectors.unreadCount(getFerryState())).toBe(1);
    getFerryState().markNotificationsRead(first.map((n) => n.id));
    expect(notificationsSelectors.unreadCount(getFerryState())).toBe(0);
  });
});
