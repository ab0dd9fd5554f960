import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { LogLine } from '../../../../src-shared/domain';
import { getFerryState, resetFerryStore } from '../../index';
import { mergeLogLines } from './logMerge';
import type { SessionView } from '../../../../src-shared/domain';

const line = (seq: number): LogLine => ({ seq, at: '2026-11-25T10:00:00Z', level: 'info', vmId: seq % 3 === 0 ? 'vm-file01' : null, text: `line ${seq}` });
const seqs = (lines: readonly LogLine[]) => lines.map((l) => l.seq);
const SESSION = { id: 's1', result: 'Running' } as SessionView;

/**
 * What the console receives for one session of `total` lines: the snapshot on open (any prefix of the log, and
 * sometimes lines the hub publishes after it), live batches (in order, but overlapping the snapshot and each
 * other), and refetches after reconnects — in any interleaving.
 */
type Delivery = { kind: 'snapshot'; upTo: number } | { kind: 'batch'; from: number; to: number; hubSeq: number };

const deliveries = (total: number) =>
  fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant('snapshot' as const), upTo: fc.integer({ min: 0, max: total }) }),
      fc.record({ kind: fc.constant('batch' as const), from: fc.integer({ min: 1, max: total }), to: fc.integer({ min: 1, max: total }), hubSeq: fc.integer({ min: 1, max: 50 }) }),
    ),
    { maxLength: 30 },
  );

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_v, i) => line(from + i));

afterEach(() => resetFerryStore());

describe('session log merge', () => {
  it('any mix of repeated, overlapping and reordered lines gives each line once, in seq order', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 1, max: 200 }), { maxLength: 40 }), { maxLength: 12 }), (batches) => {
        let log: LogLine[] = [];
        for (const b of batches) log = mergeLogLines(log, b.map(line), 10_000);
        const expected = [...new Set(batches.flat())].sort((a, b) => a - b);
        expect(seqs(log)).toEqual(expected);
      }),
    );
  });

  it('keeps the newest lines under the cap, and returns the same array when nothing is new', () => {
    const log = mergeLogLines([], range(1, 10), 5);
    expect(seqs(log)).toEqual([6, 7, 8, 9, 10]);
    expect(mergeLogLines(log, [line(8), line(9)], 5)).toBe(log);
    expect(seqs(mergeLogLines(log, [line(2)], 5))).toEqual([6, 7, 8, 9, 10]);
  });

  it('the store holds the sorted unique log whatever order snapshots and live batches arrive in', () => {
    const total = 60;
    fc.assert(
      fc.property(deliveries(total), (steps: Delivery[]) => {
        resetFerryStore();
        const st = getFerryState();
        st.sessionWatchStarted('s1');
        const delivered = new Set<number>();
        for (const d of steps) {
          if (d.kind === 'snapshot') {
            st.sessionSnapshotLoaded('s1', { session: SESSION, log: range(1, d.upTo), seq: 0 });
            range(1, d.upTo).forEach((l) => delivered.add(l.seq));
          } else {
            const lines = d.from <= d.to ? range(d.from, d.to) : range(d.to, d.from).reverse();
            st.sessionEventsReceived('s1', { state: null, logs: [{ seq: d.hubSeq, lines }] });
            lines.forEach((l) => delivered.add(l.seq));
          }
        }
        const log = getFerryState().live.s1!.log;
        expect(seqs(log)).toEqual([...delivered].sort((a, b) => a - b));
      }),
    );
  });

  it('lines the snapshot already had are not added again when the hub publishes them after it', () => {
    // The store writes a line at once; the hub publishes it at its next tick, with a seq newer than the snapshot's.
    const st = getFerryState();
    st.sessionWatchStarted('s1');
    st.sessionSnapshotLoaded('s1', { session: SESSION, log: range(1, 4), seq: 7 });
    st.sessionEventsReceived('s1', { state: null, logs: [{ seq: 8, lines: range(3, 6) }] });
    st.sessionLogReceived('s1', range(5, 7), 9);
    expect(seqs(getFerryState().live.s1!.log)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
