// Starts and stops sessions, and on start-up cleans what a crash left behind (ledger + platform leftovers).
import type { Job, SessionView } from '../../../src-shared/domain';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { PlatformLog } from '../platform/types';
import { nowIso } from '../util/time';
import { SessionRunner, type RunnerDeps } from './session-runner';

export class Orchestrator {
  private readonly running = new Map<string, { runner: SessionRunner; done: Promise<unknown>; jobId: string }>();

  constructor(private readonly deps: RunnerDeps) {}

  /** Starts a session in the background and returns its id at once. */
  start(job: Job): string {
    for (const r of this.running.values()) {
      if (r.jobId === job.id) throw new FerryError(ErrorCode.JobRunning, `Job ${job.spec.name} is already running (session ${r.runner.id})`);
    }
    const runner = new SessionRunner(job, this.deps);
    const done = runner
      .run()
      .then((view) => {
        const current = this.deps.store.getJob(job.id);
        if (current) this.deps.store.putJob({ ...current, lastResult: view.result, lastRunAt: view.startedAt });
        this.deps.sink.ended?.(view);
      })
      .finally(() => this.running.delete(runner.id));
    this.running.set(runner.id, { runner, done, jobId: job.id });
    return runner.id;
  }

  /** The live view of a running session (fresher than the store, which is written at most once a second). */
  liveView(sessionId: string): SessionView | null {
    return this.running.get(sessionId)?.runner.rec.view ?? null;
  }

  isRunning(sessionId: string): boolean {
    return this.running.has(sessionId);
  }

  runningJobIds(): string[] {
    return [...this.running.values()].map((r) => r.jobId);
  }

  stop(sessionId: string): void {
    const r = this.running.get(sessionId);
    if (!r) throw new FerryError(ErrorCode.Conflict, `Session ${sessionId} is not running`);
    r.runner.stop();
  }

  /** Resolves when the session has ended (immediately if it is not running). */
  async wait(sessionId: string): Promise<void> {
    await this.running.get(sessionId)?.done;
  }

  async stopAll(): Promise<void> {
    for (const r of this.running.values()) r.runner.stop();
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }

  /**
   * After a crash: sessions left 'Running' are marked failed, and every snapshot in the ledger that was not
   * confirmed deleted — plus any the platform still reports — is dismounted and deleted. One log line each.
   */
  async recover(log: PlatformLog): Promise<{ cleaned: string[]; failed: string[] }> {
    const { store, platform } = this.deps;
    for (const s of store.listRunningSessions()) {
      if (this.running.has(s.id)) continue;
      store.putSession({ ...s, result: 'Failed', reason: 'Interrupted: Ferry stopped while this session was running', endedAt: nowIso() });
    }
    const cleaned: string[] = [];
    const failed: string[] = [];
    const open = store.ledgerOpen().filter((r) => !this.isRunning(r.sessionId));
    const leftovers = await platform.listLeftovers().catch(() => []);
    const ids = new Set([...open.map((r) => r.snapshotId), ...leftovers.map((l) => l.snapshotId)]);
    for (const id of ids) {
      const row = open.find((r) => r.snapshotId === id);
      try {
        if (row?.exposedOn) await platform.unexposeSnapshot(id, row.exposedOn, log);
        await platform.deleteSnapshot(id, log);
        if (row) store.ledgerUpdate(id, { stage: 'deleted' }, nowIso());
        log('warning', `Cleaned up snapshot ${id} left behind by an interrupted session${row ? ` (${row.sessionId}, was ${row.stage})` : ' (not in the ledger)'}`);
        cleaned.push(id);
      } catch (e) {
        log('error', `Could not clean up snapshot ${id}: ${FerryError.from(e).message}`);
        failed.push(id);
      }
    }
    return { cleaned, failed };
  }
}
