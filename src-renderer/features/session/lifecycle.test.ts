import { describe, expect, it } from 'vitest';
import type { SnapshotView } from '../../../src-shared/domain';
import { reachedDeleted, snapshotTimeline } from './lifecycle';

const base: SnapshotView = {
  id: 'snap-1', volumeId: 'csv1', volumePath: 'C:\\ClusterStorage\\Volume1', hostId: 'hvc01',
  proxyServerId: 'proxy01', vmIds: ['app01'], provider: 'hardware', stage: 'planned', history: [], departures: [],
};
const at = (s: number) => `2026-11-25T10:00:0${s}Z`;
const states = (views: ReturnType<typeof snapshotTimeline>) => views.map((v) => `${v.stage}:${v.state}`);

describe('snapshot lifecycle timeline', () => {
  it('marks reached stages done and the next one active while running', () => {
    const snap = { ...base, stage: 'imported' as const, history: [{ stage: 'created' as const, at: at(1) }, { stage: 'imported' as const, at: at(2) }] };
    expect(states(snapshotTimeline(snap, true))).toEqual(['created:done', 'imported:done', 'exposed:active', 'released:pending', 'deleted:pending']);
  });

  it('an exposed snapshot is in progress while its VMs are read, and released only after', () => {
    const history = [{ stage: 'created' as const, at: at(1) }, { stage: 'imported' as const, at: at(2) }, { stage: 'exposed' as const, at: at(3) }];
    const snap = { ...base, stage: 'exposed' as const, history };
    const reading = snapshotTimeline(snap, true, true);
    expect(states(reading)).toEqual(['created:done', 'imported:done', 'exposed:active', 'released:pending', 'deleted:pending']);
    expect(reading[2]).toMatchObject({ at: at(3), note: 'Being read' });
    // the reading is over: now it is being released
    expect(states(snapshotTimeline(snap, true, false))).toEqual(['created:done', 'imported:done', 'exposed:done', 'released:active', 'deleted:pending']);
    // released while the session still runs (other snapshots): deletion is under way, whatever its VMs do
    const released = { ...snap, stage: 'released' as const, history: [...history, { stage: 'released' as const, at: at(4) }] };
    expect(states(snapshotTimeline(released, true, true))).toEqual(['created:done', 'imported:done', 'exposed:done', 'released:done', 'deleted:active']);
  });

  it('puts a failure on the step after the last one reached, and still shows cleanup', () => {
    const snap = {
      ...base,
      stage: 'deleted' as const,
      history: [
        { stage: 'created' as const, at: at(1) },
        { stage: 'failed' as const, at: at(2), note: 'E_IMPORT_FAILED: LUN not visible' },
        { stage: 'deleted' as const, at: at(3) },
      ],
    };
    const views = snapshotTimeline(snap, false);
    expect(states(views)).toEqual(['created:done', 'imported:failed', 'exposed:skipped', 'released:skipped', 'deleted:done']);
    expect(views[1]!.note).toMatch(/LUN not visible/);
    expect(reachedDeleted(snap)).toBe(true);
  });

  it('flags a finished session whose snapshot was never deleted', () => {
    const snap = { ...base, stage: 'exposed' as const, history: [{ stage: 'created' as const, at: at(1) }, { stage: 'imported' as const, at: at(2) }, { stage: 'exposed' as const, at: at(3) }] };
    expect(snapshotTimeline(snap, false).at(-1)!.state).toBe('missed');
  });

  it('skips the import for on-host processing', () => {
    const snap = { ...base, proxyServerId: null, history: [{ stage: 'created' as const, at: at(1) }] };
    expect(snapshotTimeline(snap, true)[1]!.state).toBe('skipped');
  });
});
