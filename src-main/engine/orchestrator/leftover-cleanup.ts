// Snapshots whose release failed (lab faults `unexpose`, `delete`; on Windows a DiskShadow that would not delete)
// stay on the storage, holding space and one of the volume's snapshot slots, until a clean-up succeeds. Their
// ledger rows say so (cleanup_* columns); this module retries them:
//  - on a schedule with backoff (the orchestrator's scheduler tick asks what is due: one query, cheap);
//  - before a session takes a new snapshot of the same volume (logged in that session);
//  - when the admin asks ("Retry clean-up now", snapshots.retryCleanup).
// A success is written into the session that took the snapshot (card and log), like start-up recovery does.
// A snapshot of a session that still runs is left to that session (its recorder owns the view) until it ends.
import type { SnapshotLeftover } from '../../../src-shared/domain';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { Platform, PlatformLog } from '../platform/types';
import type { LedgerRow, Store } from '../store/store';
import { applyCleanup, writeSession, type Cleanup, type CleanupBy } from './cleanup-record';

/** Minutes from the n-th failure to the next retry: 2, 4, 8, 16, then every 30. */
export const CLEANUP_RETRY_MINUTES = [2, 4, 8, 16, 30] as const;

export function nextCleanupRetry(after: Date, failures: number): Date {
  const minutes = CLEANUP_RETRY_MINUTES[Math.min(Math.max(failures, 1), CLEANUP_RETRY_MINUTES.length) - 1];
  return new Date(after.getTime() + minutes * 60_000);
}

export interface LeftoverCleanupDeps {
  store: Store;
  platform: Platform;
  clock: () => Date;
  isRunning(sessionId: string): boolean;
  /** told when the leftovers (or a session's snapshot card) changed: the console refetches */
  changed(): void;
}

export interface CleanupResult {
  cleaned: string[];
  failed: { snapshotId: string; error: string }[];
}

/** The platform's progress lines of a retry go nowhere: its outcome is recorded as facts (ledger, session). */
const quiet: PlatformLog = () => undefined;

export class LeftoverCleanup {
  /** one clean-up per snapshot at a time: the schedule, a session and the console may ask at once */
  private readonly inFlight = new Map<string, Promise<Cleanup>>();

  constructor(private readonly d: LeftoverCleanupDeps) {}

  /** The leftovers as the console shows them, oldest failure first. */
  list(): SnapshotLeftover[] {
    return this.d.store.ledgerCleanupPending().map((r) => this.view(r));
  }

  /** A session's release failed: the snapshot becomes a leftover, its first retry is scheduled. */
  releaseFailed(snapshotId: string, error: string): void {
    this.recordFailure(this.d.store.ledgerGet(snapshotId), error);
    this.d.changed();
  }

  /** Retries the leftovers whose retry is due (the scheduler's tick; tests pass their own now). */
  retryDue(now: Date = this.d.clock()): Promise<CleanupResult> {
    const due = this.retryable().filter((r) => new Date(r.cleanup!.nextAt) <= now);
    return this.retryRows(due, 'schedule');
  }

  /** "Retry clean-up now": one leftover or all of them, whatever their schedule. */
  retryNow(snapshotId?: string): Promise<CleanupResult> {
    if (snapshotId !== undefined) {
      const row = this.d.store.ledgerCleanupPending().find((r) => r.snapshotId === snapshotId);
      if (!row) throw new FerryError(ErrorCode.NotFound, `Snapshot ${snapshotId} is not waiting for a clean-up`);
      if (this.d.isRunning(row.sessionId)) throw new FerryError(ErrorCode.Conflict, `Snapshot ${snapshotId} belongs to session ${row.sessionId}, which is still running: it is cleaned up when the session ends`);
      return this.retryRows([row], 'console');
    }
    return this.retryRows(this.retryable(), 'console');
  }

  /**
   * Before a session snapshots a volume: what earlier sessions left on it is cleaned up first, and the session's
   * log says so. Returns what is still there (the session goes on, with a warning: the data is safe).
   */
  async beforeSnapshot(volumeId: string, log: PlatformLog): Promise<string[]> {
    const rows = this.retryable().filter((r) => r.volumeId === volumeId);
    if (rows.length === 0) return [];
    const views = new Map(rows.map((r) => [r.snapshotId, this.view(r)]));
    const name = (id: string) => {
      const v = views.get(id)!;
      return `Snapshot ${id} of ${v.volumePath} (session ${v.sessionId}${v.jobName ? `, job ${v.jobName}` : ''})`;
    };
    for (const r of rows) log('warning', `${name(r.snapshotId)} is still on the storage since ${views.get(r.snapshotId)!.since}: its release failed; cleaning it up before a new snapshot of this volume`);
    const result = await this.retryRows(rows, 'pre-session');
    for (const id of result.cleaned) log('info', `${name(id)}: dismounted and deleted`);
    return result.failed.map((f) => {
      const problem = `${name(f.snapshotId)} is still on the storage: its clean-up failed again (${f.error}); Ferry retries it at ${this.d.store.ledgerGet(f.snapshotId)?.cleanup?.nextAt}`;
      log('warning', problem);
      return problem;
    });
  }

  /** Leftovers whose session has ended: a running session releases (and records) its own. */
  private retryable(): LedgerRow[] {
    return this.d.store.ledgerCleanupPending().filter((r) => !this.d.isRunning(r.sessionId));
  }

  /** One after the other: a clean-up is a few platform calls, and the storage gets no burst. */
  private async retryRows(rows: LedgerRow[], by: CleanupBy): Promise<CleanupResult> {
    const result: CleanupResult = { cleaned: [], failed: [] };
    for (const row of rows) {
      const c = await this.cleanOnce(row, by);
      if (c.ok) result.cleaned.push(row.snapshotId);
      else result.failed.push({ snapshotId: row.snapshotId, error: c.error });
    }
    if (rows.length > 0) this.d.changed();
    return result;
  }

  private cleanOnce(row: LedgerRow, by: CleanupBy): Promise<Cleanup> {
    const running = this.inFlight.get(row.snapshotId);
    if (running) return running;
    const p = this.clean(row, by).finally(() => this.inFlight.delete(row.snapshotId));
    this.inFlight.set(row.snapshotId, p);
    return p;
  }

  private async clean(stale: LedgerRow, by: CleanupBy): Promise<Cleanup> {
    const { store, platform } = this.d;
    const row = store.ledgerGet(stale.snapshotId) ?? stale;
    if (row.stage === 'deleted') return { row, at: this.now(), ok: true };
    try {
      // 'released' is recorded once it was dismounted: then only the deletion is left
      if (row.exposedOn && row.stage !== 'released') {
        await platform.unexposeSnapshot(row.snapshotId, row.exposedOn, quiet);
        store.ledgerUpdate(row.snapshotId, { stage: 'released' }, this.now());
      }
      await platform.deleteSnapshot(row.snapshotId, quiet);
      store.ledgerUpdate(row.snapshotId, { stage: 'deleted' }, this.now());
      const done: Cleanup = { row, at: this.now(), ok: true };
      this.writeIntoSession(done, by);
      return done;
    } catch (e) {
      const error = FerryError.from(e).message;
      this.recordFailure(row, error);
      return { row, at: this.now(), ok: false, error };
    }
  }

  private recordFailure(row: LedgerRow | null, error: string): void {
    if (!row) return;
    const now = this.d.clock();
    this.d.store.ledgerCleanupFailed(row.snapshotId, { error, at: now.toISOString(), nextAt: nextCleanupRetry(now, (row.cleanup?.attempts ?? 0) + 1).toISOString() });
  }

  private writeIntoSession(c: Cleanup, by: CleanupBy): void {
    const s = this.d.store.getSession(c.row.sessionId);
    if (!s) return;
    const line = applyCleanup(s, c, by);
    writeSession(this.d.store, s, line ? [line] : []);
  }

  private view(r: LedgerRow): SnapshotLeftover {
    const c = r.cleanup!;
    const s = this.d.store.getSession(r.sessionId);
    const snap = s?.snapshots.find((x) => x.id === r.snapshotId);
    return {
      snapshotId: r.snapshotId,
      sessionId: r.sessionId,
      jobName: s?.jobName ?? null,
      volumeId: r.volumeId,
      volumePath: snap?.volumePath ?? r.volumeId,
      hostId: r.hostId,
      exposedOn: r.stage === 'released' ? null : r.exposedOn,
      stage: r.stage,
      takenAt: r.createdAt,
      since: c.failedAt,
      attempts: c.attempts,
      lastError: c.lastError,
      lastAttemptAt: c.lastAttemptAt,
      nextRetryAt: c.nextAt,
    };
  }

  private now(): string {
    return this.d.clock().toISOString();
  }
}
