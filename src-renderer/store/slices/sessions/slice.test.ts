import { afterEach, describe, expect, it } from 'vitest';
import type { LogLine } from '../../../../src-shared/domain';
import { getFerryState, resetFerryStore } from '../../index';

const line = (seq: number, level: LogLine['level'], text: string): LogLine => ({ seq, at: '2026-11-25T10:00:00Z', level, vmId: null, text });

afterEach(() => resetFerryStore());

describe('live session log', () => {
  it('applies a batch: the newest state, every newer log line, and ignores what the snapshot already had', () => {
    const st = getFerryState();
    st.sessionWatchStarted('s1');
    st.sessionSnapshotLoaded('s1', { session: null as never, log: [line(1, 'info', 'a')], seq: 5, samples: [] });
    st.sessionEventsReceived('s1', { state: null, logs: [{ seq: 4, lines: [line(1, 'info', 'a')] }, { seq: 6, lines: [line(2, 'warning', 'Failed over to on-host backup: x')] }] });
    const live = getFerryState().live.s1!;
    expect(live.log.map((l) => l.text)).toEqual(['a', 'Failed over to on-host backup: x']);
    // the log is only the log: failovers are facts of the session (departures), not read from its text
    expect(Object.keys(live).sort()).toEqual(['error', 'log', 'samples', 'seq', 'session', 'status']);
    expect(live.seq).toBe(6);
  });
});
