import { afterEach, describe, expect, it } from 'vitest';
import type { LogLine } from '../../../../src-shared/domain';
import { getFerryState, resetFerryStore } from '../../index';
import { withFailovers } from './slice';

const line = (seq: number, level: LogLine['level'], text: string): LogLine => ({ seq, at: '2026-11-25T10:00:00Z', level, vmId: null, text });

afterEach(() => resetFerryStore());

describe('live session log', () => {
  it('keeps the failover warnings as lines arrive, once each, without the closing summary', () => {
    const a = 'C:\\ClusterStorage\\Volume1: Failed over to on-host backup: no eligible off-host proxy (PROXY01: did not answer)';
    const known = withFailovers([], [line(1, 'info', 'Job started'), line(2, 'warning', a)]);
    expect(known).toEqual([a]);
    expect(withFailovers(known, [line(3, 'warning', a), line(4, 'warning', `Session ended: Warning. ${a.split(': ').slice(1).join(': ')}`)])).toBe(known);
  });

  it('applies a batch: the newest state, every newer log line, and ignores what the snapshot already had', () => {
    const st = getFerryState();
    st.sessionWatchStarted('s1');
    st.sessionSnapshotLoaded('s1', { session: null as never, log: [line(1, 'info', 'a')], seq: 5, samples: [] });
    st.sessionEventsReceived('s1', { state: null, logs: [{ seq: 4, lines: [line(1, 'info', 'a')] }, { seq: 6, lines: [line(2, 'warning', 'Failed over to on-host backup: x')] }] });
    const live = getFerryState().live.s1!;
    expect(live.log.map((l) => l.text)).toEqual(['a', 'Failed over to on-host backup: x']);
    expect(live.failovers).toEqual(['Failed over to on-host backup: x']);
    expect(live.seq).toBe(6);
  });
});
