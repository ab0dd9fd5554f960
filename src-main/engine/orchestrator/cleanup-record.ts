// What a clean-up after the fact writes into the session that took the snapshot: its snapshot card (released,
// deleted, with a note saying who cleaned it) and its log. Start-up recovery (after a crash) and the clean-up
// retries (after a failed release) write the same facts, so the session screen tells the truth either way.
import type { LogLine, SessionView, SnapshotView } from '../../../src-shared/domain';
import type { LedgerRow, Store } from '../store/store';

/** Who cleaned: start-up after a crash, or a retry (scheduled, asked for in the console, or before a new snapshot). */
export type CleanupBy = 'startup' | 'schedule' | 'console' | 'pre-session';

/** One clean-up of one ledger row. */
export type Cleanup = { row: LedgerRow; at: string } & ({ ok: true } | { ok: false; error: string });

export const CLEANUP_NOTES: Record<CleanupBy, string> = {
  startup: 'cleaned up at start-up',
  schedule: 'cleaned up by a scheduled retry',
  console: 'cleaned up by "Retry clean-up now"',
  'pre-session': 'cleaned up before the next snapshot of its volume',
};

/** Records one clean-up on the session's snapshot card; returns its log line (null: nothing to say). */
export function applyCleanup(s: SessionView, c: Cleanup, by: CleanupBy): Omit<LogLine, 'seq'> | null {
  const snap = s.snapshots.find((x) => x.id === c.row.snapshotId);
  const what = snap ? `Snapshot of ${snap.volumePath}` : `Snapshot ${c.row.snapshotId}`;
  if (!c.ok) {
    // a failed retry is a fact on the leftover (attempts, last error), not a new line every few minutes
    if (by !== 'startup') return null;
    return { at: c.at, level: 'error', vmId: null, text: `${what}: start-up clean-up failed (${c.error}); Ferry retries it on a schedule and before the next snapshot of this volume` };
  }
  if (snap) markDeleted(snap, c.at, by);
  return { at: c.at, level: 'warning', vmId: null, text: `${what} (left ${c.row.stage}) ${CLEANUP_NOTES[by]}: ${c.row.exposedOn && c.row.stage !== 'released' ? 'dismounted and ' : ''}deleted on the storage` };
}

/** by null: the ledger had seen it deleted already, the view lagged behind. */
export function markDeleted(snap: SnapshotView, at: string, by: CleanupBy | null): void {
  const note = by === null ? {} : by === 'startup' ? { note: CLEANUP_NOTES.startup, startupCleanup: true } : { note: CLEANUP_NOTES[by], cleanupRetry: true };
  if (!snap.history.some((h) => h.stage === 'released')) snap.history.push({ stage: 'released', at, ...note });
  snap.history.push({ stage: 'deleted', at, ...note });
  snap.stage = 'deleted';
}

export function writeSession(store: Store, s: SessionView, lines: Omit<LogLine, 'seq'>[]): void {
  let seq = store.lastLogSeq(s.id);
  for (const l of lines) store.appendLog(s.id, { ...l, seq: ++seq });
  store.putSession(s);
}
