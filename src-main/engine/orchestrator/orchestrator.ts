// Starts and stops sessions, runs the schedules, on start-up cleans what a crash left behind (ledger + platform
// leftovers), and retries the clean-up of snapshots whose release failed (leftover-cleanup.ts).
import type { Job, SessionView } from '../../../src-shared/domain';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { PlatformLog } from '../platform/types';
import { KeyedSemaphore } from '../util/semaphore';
import { sleep } from '../util/time';
import { inWindow, nextRun } from './schedule';
import { proxyCandidates } from './candidates';
import { SessionRunner, type RunOptions, type RunnerDeps, type SinkFactory } from './session-runner';
import { ReplicaSink } from '../replication/replica-sink';
import type { ReplicaHost } from '../replication/replica-host';
import { defaultHostVss, type HostVssLookup } from './host-vss';
import { PendingReferences } from './pending-references';
import { retireChangeReferences } from './reference-retirement';
import { recoverAtStartup, type RecoveryResult } from './startup-recovery';
import { deleteJob, type JobDeletionResult, type RestorePointChoice } from './job-deletion';
import { LeftoverCleanup } from './leftover-cleanup';

export type OrchestratorDeps = Omit<RunnerDeps, 'slots' | 'volumeSnapshots' | 'maxSnapshotsPerVolume' | 'clock' | 'isOnlySession' | 'leftovers'> & {
  /** the target hosts' side of replication jobs; null/absent: this platform runs backup jobs only */
  replicaHost?: ReplicaHost | null;
  clock?: () => Date;
  maxSnapshotsPerVolume?: number;
  /** told when snapshots waiting for a clean-up (or the sessions they belong to) changed */
  onLeftoversChanged?: () => void;
};

const SCHEDULER_TICK_MS = 15_000;
const SHUTDOWN_REASON = 'Ferry is shutting down';

export interface StopAll {
  /** graceful stop for this long (VMs in flight finish), then immediate; default 0: immediate at once */
  graceMs?: number;
  /** aborted: immediate now (a second Ctrl-C) */
  now?: AbortSignal;
  /** told when the grace ends with sessions still running */
  onImmediate?: () => void;
}

/** What the orchestrator needs of a running session: backups (SessionRunner) and restores (recovery/restore-session.ts). */
export interface RunningSession {
  readonly id: string;
  readonly rec: SessionRunner['rec'];
  stop(mode?: 'graceful' | 'immediate', reason?: string): void;
}

export class Orchestrator {
  private readonly running = new Map<string, { runner: RunningSession; done: Promise<unknown>; jobId: string }>();
  /** jobs being deleted: no session of theirs may start meanwhile (a schedule, a click) */
  private readonly deleting = new Set<string>();
  private readonly deps: RunnerDeps;
  private readonly replicaHost: ReplicaHost | null;
  private schedulerTimer: ReturnType<typeof setInterval> | null = null;
  /** snapshots whose release failed: retried on the scheduler's tick, before a session's snapshot, on request */
  readonly leftovers: LeftoverCleanup;
  /** set by stopAll: nothing new starts while the engine shuts down */
  private shuttingDown = false;

  constructor(deps: OrchestratorDeps) {
    const clock = deps.clock ?? (() => new Date());
    this.leftovers = new LeftoverCleanup({
      store: deps.store,
      platform: deps.platform,
      clock,
      isRunning: (id) => this.isRunning(id),
      changed: deps.onLeftoversChanged ?? (() => undefined),
    });
    this.replicaHost = deps.replicaHost ?? null;
    this.deps = {
      ...deps,
      leftovers: this.leftovers,
      slots: new KeyedSemaphore(),
      volumeSnapshots: new KeyedSemaphore(),
      // unset: each host's own "max snapshots per volume" (default 4)
      maxSnapshotsPerVolume: deps.maxSnapshotsPerVolume,
      clock,
      isOnlySession: (id) => this.running.size === 1 && this.running.has(id),
    };
  }

  /** Starts a session in the background and returns its id at once. */
  start(job: Job, opts: RunOptions = { trigger: 'manual' }): string {
    if (this.shuttingDown) throw new FerryError(ErrorCode.Conflict, `Ferry is shutting down: job ${job.spec.name} was not started`);
    if (this.deleting.has(job.id)) throw new FerryError(ErrorCode.NotFound, `Job ${job.spec.name} is being deleted`);
    for (const r of this.running.values()) {
      if (r.jobId === job.id) throw new FerryError(ErrorCode.JobRunning, `Job ${job.spec.name} is already running (session ${r.runner.id})`);
    }
    const runner = new SessionRunner(job, this.deps, opts, this.sinkFor(job));
    const done = runner
      .run()
      .then((view) => {
        const current = this.deps.store.getJob(job.id);
        if (current) this.deps.store.putJob(this.withNextRun({ ...current, lastResult: view.result, lastRunAt: view.startedAt }));
        this.deps.sink.ended?.(view);
      })
      .finally(() => this.running.delete(runner.id));
    this.running.set(runner.id, { runner, done, jobId: job.id });
    return runner.id;
  }

  /**
   * A session another runner drives (a restore): listed, viewed, stopped and shut down like a backup session, and
   * while it runs its job starts no backup (retention could remove the point being restored) and no gc runs.
   */
  adopt(session: RunningSession, jobId: string, run: () => Promise<unknown>): void {
    if (this.shuttingDown) throw new FerryError(ErrorCode.Conflict, 'Ferry is shutting down: the restore was not started');
    for (const r of this.running.values()) {
      if (r.jobId === jobId) throw new FerryError(ErrorCode.JobRunning, `A session of this job is running (${r.runner.id}): restore when it has ended`);
    }
    const done = run().finally(() => this.running.delete(session.id));
    this.running.set(session.id, { runner: session, done, jobId });
  }

  /** Where a session of this job writes: the repository (default), or the replicas on the job's target host. */
  private sinkFor(job: Job): SinkFactory | undefined {
    if (job.spec.kind !== 'replication') return undefined;
    const host = this.replicaHost;
    if (!host) throw new FerryError(ErrorCode.ReplicaOperation, `Job ${job.spec.name} is a replication job; this platform does not run replication jobs yet`);
    return (session) => new ReplicaSink(job, { store: this.deps.store, platform: this.deps.platform, host }, session);
  }

  /** Ends when the session has ended (immediately when it is not running). */
  done(sessionId: string): Promise<unknown> {
    return this.running.get(sessionId)?.done ?? Promise.resolve();
  }

  /** The live view of a running session (fresher than the store, which is written at most once a second). */
  liveView(sessionId: string): SessionView | null {
    return this.running.get(sessionId)?.runner.rec.view ?? null;
  }

  /** Rate samples of a running session (null when not running: read them from the store). */
  liveSamples(sessionId: string) {
    return this.running.get(sessionId)?.runner.rec.samples ?? null;
  }

  isRunning(sessionId: string): boolean {
    return this.running.has(sessionId);
  }

  /** Proxies able to take work now (for the job wizard's snapshot plan). */
  proxyCandidates() {
    return proxyCandidates(this.deps.store, this.deps.platform, this.deps.slots);
  }

  /** A host's VSS settings as sessions read them (for the job wizard's snapshot plan). */
  get hostVss(): HostVssLookup {
    return this.deps.hostVss ?? defaultHostVss;
  }

  /** Task slots of a proxy in use right now, across sessions (for the console's proxy list). */
  tasksInUse(proxyId: string): number {
    return this.deps.slots.inUse(proxyId);
  }

  runningJobIds(): string[] {
    return [...this.running.values()].map((r) => r.jobId);
  }

  stop(sessionId: string, mode: 'graceful' | 'immediate' = 'immediate'): void {
    const r = this.running.get(sessionId);
    if (!r) throw new FerryError(ErrorCode.Conflict, `Session ${sessionId} is not running`);
    r.runner.stop(mode);
  }

  /** Resolves when the session has ended (immediately if it is not running). */
  async wait(sessionId: string): Promise<void> {
    await this.running.get(sessionId)?.done;
  }

  /**
   * Shutting down: no session starts any more; running ones stop gracefully (VMs in flight finish) for up to
   * `graceMs`, or until `now` aborts, then immediately (in-flight disks cancelled). Snapshots are released either way.
   */
  async stopAll(stop: StopAll = {}): Promise<void> {
    this.shuttingDown = true;
    this.stopScheduler();
    const sessions = [...this.running.values()];
    const ended = Promise.allSettled(sessions.map((r) => r.done)).then(() => true);
    const graceMs = stop.graceMs ?? 0;
    if (sessions.length > 0 && graceMs > 0 && !stop.now?.aborted) {
      for (const r of sessions) r.runner.stop('graceful', SHUTDOWN_REASON);
      // the grace timer ends with the sessions: a pending timer would keep the process alive for the whole grace
      const graceOver = new AbortController();
      const now = stop.now ? AbortSignal.any([stop.now, graceOver.signal]) : graceOver.signal;
      const timedOut = sleep(graceMs, now).then(
        () => false,
        () => false,
      );
      const inTime = await Promise.race([ended, timedOut]);
      graceOver.abort();
      if (inTime) return;
      stop.onImmediate?.();
    }
    for (const r of sessions) r.runner.stop('immediate', SHUTDOWN_REASON);
    await ended;
  }

  // ---------- schedules ----------

  /** The job with its next scheduled start computed from now. */
  withNextRun(job: Job): Job {
    const next = job.spec.enabled ? nextRun(job.spec.schedule, this.deps.clock(), job.lastRunAt ? new Date(job.lastRunAt) : null) : null;
    return { ...job, nextRunAt: next ? next.toISOString() : null };
  }

  /** Starts due jobs; returns the session ids started (the timer calls this; tests call it directly). */
  tick(): string[] {
    const now = this.deps.clock();
    const started: string[] = [];
    for (const job of this.deps.store.listJobs()) {
      if (!job.spec.enabled || !job.nextRunAt || new Date(job.nextRunAt) > now) continue;
      if (this.runningJobIds().includes(job.id)) continue;
      if (!inWindow(job.spec.window, now)) {
        // Outside its window the scheduled run is skipped, not queued.
        this.deps.store.putJob(this.withNextRun({ ...job, lastRunAt: job.lastRunAt }));
        continue;
      }
      this.deps.store.putJob({ ...job, nextRunAt: null });
      started.push(this.start(job, { trigger: 'schedule' }));
    }
    return started;
  }

  startScheduler(): void {
    if (this.schedulerTimer) return;
    this.schedulerTimer = setInterval(() => {
      this.tick();
      // each failure is recorded on its snapshot (last error, next retry); nothing else can fail here to report
      void this.leftovers.retryDue().catch(() => undefined);
    }, SCHEDULER_TICK_MS);
    this.schedulerTimer.unref?.();
  }

  stopScheduler(): void {
    if (this.schedulerTimer) clearInterval(this.schedulerTimer);
    this.schedulerTimer = null;
  }

  // ---------- crash recovery ----------

  /**
   * After a crash: every snapshot in the ledger that was not confirmed deleted — plus any the platform still reports —
   * is dismounted and deleted, and the sessions left 'Running' are ended with what happened (startup-recovery.ts).
   */
  async recover(log: PlatformLog): Promise<RecoveryResult> {
    const interrupted = this.deps.store.listRunningSessions().filter((s) => !this.isRunning(s.id));
    const result = await recoverAtStartup(this.deps.store, this.deps.platform, (id) => this.isRunning(id), log, this.deps.clock);
    await this.retireOrphanedReferences(log);
    // an interrupted session has ended now: its report goes out with the true result (Failed, interrupted)
    for (const s of interrupted) {
      const ended = this.deps.store.getSession(s.id);
      if (ended && ended.result !== 'Running') this.deps.sink.ended?.(ended);
    }
    return result;
  }

  /** Deletes a job that is not running; its restore points are kept or deleted from the repository (job-deletion.ts). */
  async deleteJob(job: Job, restorePoints: RestorePointChoice, log: PlatformLog = () => undefined): Promise<JobDeletionResult> {
    if (this.runningJobIds().includes(job.id)) throw new FerryError(ErrorCode.JobRunning, `Job ${job.spec.name} is running: stop it first`);
    const { store, repos, platform } = this.deps;
    this.deleting.add(job.id);
    try {
      return await deleteJob({ store, repos, platform, idle: () => this.running.size === 0 }, job, restorePoints, log);
    } finally {
      this.deleting.delete(job.id);
    }
  }

  /** Change-tracking references an interrupted session took and never retired: deleted unless a point builds on them. */
  private async retireOrphanedReferences(log: PlatformLog): Promise<void> {
    const pending = new PendingReferences(this.deps.store);
    const orphaned = pending.orphaned((sessionId) => this.isRunning(sessionId));
    if (orphaned.length === 0) return;
    log('info', `Retiring ${orphaned.length} change-tracking reference(s) left by interrupted session(s)`);
    const failedVms = await retireChangeReferences(this.deps.platform, orphaned, this.deps.store.listRestorePoints(), [], log);
    for (const sessionId of new Set(orphaned.map((r) => r.sessionId))) pending.done(sessionId, failedVms);
  }
}
