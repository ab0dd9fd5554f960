// One session that reads VM disks from volume snapshots: the four off-host steps per snapshot, as an explicit
// state machine
//   planned → created (host) → imported (proxy) → exposed → [data mover → disk sink] → released → deleted
// The ledger row is written before the platform creates anything, and release + delete run on every
// exit path (success, error, stop). A crash in between is recovered by startup cleanup from the ledger.
// What is shared here: the snapshot lifecycle, task slots and throttling, stats, stop and retries. Where the
// disks go (a repository's restore point, a replica's point) is the session's DiskSink (disk-sink.ts).
import type { Inventory, Job, SessionView, VmTaskView } from '../../../src-shared/domain';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { DataMover } from '../datamover/task';
import type { ChangeReference, CreatedSnapshot, ExposedSnapshot, Platform, PlatformLog } from '../platform/types';
import type { RepoPool } from '../repository/repo-pool';
import type { DiskSink, SinkSession } from './disk-sink';
import { RepositorySink } from './repository-sink';
import type { Store } from '../store/store';
import { newId } from '../util/ids';
import { nowIso, sleep } from '../util/time';
import type { KeyedSemaphore } from '../util/semaphore';
import { inWindow } from './schedule';
import type { PlannedGroup } from './plan';
import { planSnapshots } from './plan';
import { proxyCandidates } from './candidates';
import { SessionRecorder, type SessionSink } from './session-recorder';
import { firstAttempt, retakeAfter, type SnapshotAttempt } from './snapshot-attempts';
import { defaultHostVss, type HostVssLookup } from './host-vss';
import { PendingReferences } from './pending-references';
import { EMPTY_SESSION_STATS } from './session-stats';
import { SessionProgress } from './session-progress';
import { DiskTasks } from './disk-tasks';
import { ledgerUpdate, releaseSnapshot } from './snapshot-steps';
import type { DiskOutcome } from './restore-point-commit';
import { finishLine, startLine } from './session-result';
import type { LeftoverCleanup } from './leftover-cleanup';

export interface RunnerDeps {
  store: Store;
  platform: Platform;
  mover: DataMover;
  repos: RepoPool;
  sink: SessionSink;
  /** task slots, shared by all sessions: key = proxy id (limit: its max tasks) or host:<id> for on-host */
  slots: KeyedSemaphore;
  /** concurrent snapshots per volume, shared by all sessions */
  volumeSnapshots: KeyedSemaphore;
  /** overrides every host's own "max snapshots per volume" setting (tests); default: the host's setting */
  maxSnapshotsPerVolume?: number;
  /** the host's VSS settings (software-provider failover, snapshots per volume); default: the contract defaults */
  hostVss?: HostVssLookup;
  clock: () => Date;
  /** true when no other session runs (repository gc must not race a backup) */
  isOnlySession: (sessionId: string) => boolean;
  /** snapshots earlier sessions could not release: cleaned before a new snapshot of their volume; ours when ours fail */
  leftovers: Pick<LeftoverCleanup, 'beforeSnapshot' | 'releaseFailed'>;
}

export interface RunOptions {
  /** a subset of the job's VMs (retry of failed VMs); default all */
  vmIds?: string[];
  trigger: 'manual' | 'schedule' | 'retry';
  /** "Active full" from the console: every disk is read in full this time (the chain starts again) */
  activeFull?: boolean;
  /** who asked, for a manual run or a retry (a scheduled run is started by its schedule); default the console */
  startedBy?: 'console' | 'cli';
  /** a retry: the session whose failed VMs this one processes */
  retryOf?: string;
}

/** The sink a session writes to, made once its recorder exists (default: the job's repository). */
export type SinkFactory = (session: SinkSession) => DiskSink;

/** Volume snapshots a session works on at once (each also waits for its volume's snapshot limit). */
const PARALLEL_GROUPS = 4;
const ON_HOST_SLOTS = 2;
const WINDOW_CHECK_MS = 1000;


export class SessionRunner {
  readonly rec: SessionRecorder;
  private readonly abort = new AbortController();
  private readonly progress: SessionProgress;
  /** the disks of each exposed snapshot, through the data mover into the sink */
  private readonly diskTasks: DiskTasks;
  /** graceful stop: nothing new starts, what runs finishes */
  private stopping = false;
  private stopReason = '';
  /** snapshots whose release failed, or earlier ones still on a volume: the data is safe, but the admin must know */
  private readonly releaseProblems: string[] = [];
  /** why a VM ends as Warning (failover to on-host, software provider, crash-consistent), in the order they arose */
  private readonly vmWarnings = new Map<string, string[]>();
  /** change-tracking references taken with this session's snapshots (retired at the end if nothing builds on them) */
  private readonly takenReferences: ChangeReference[] = [];
  /** the same, in the store until retired: a crash leaves them for the next start to retire */
  private readonly pendingReferences: PendingReferences;
  /** where the disks go: the job's repository, a replica, … */
  private readonly sink: DiskSink;
  /** virtual size per "vmId/diskIndex" from the inventory the session started with */
  private readonly diskSizes = new Map<string, number>();
  /** the disk's path on its host's volume per "vmId/diskIndex" (how the log names it) */
  private readonly diskPaths = new Map<string, string>();

  constructor(
    private readonly job: Job,
    private readonly deps: RunnerDeps,
    private readonly opts: RunOptions = { trigger: 'manual' },
    sinkFor?: SinkFactory,
  ) {
    const view: SessionView = {
      id: newId('s'),
      jobId: job.id,
      jobName: job.spec.name,
      result: 'Running',
      reason: '',
      startedBy: opts.trigger === 'schedule' ? 'schedule' : (opts.startedBy ?? 'console'),
      retryOf: opts.retryOf ?? null,
      activeFull: opts.activeFull === true,
      backupKind: null,
      interrupted: false,
      startedAt: nowIso(),
      endedAt: null,
      progress: 0,
      stats: structuredClone(EMPTY_SESSION_STATS),
      vms: [],
      snapshots: [],
      restorePointId: null,
      stopping: null,
    };
    this.rec = new SessionRecorder(view, deps.store, deps.sink);
    this.progress = new SessionProgress(view);
    this.pendingReferences = new PendingReferences(deps.store);
    const session: SinkSession = { rec: this.rec, isOnlySession: () => deps.isOnlySession(this.id) };
    this.sink = sinkFor ? sinkFor(session) : new RepositorySink(job, deps, session, opts.activeFull === true);
    this.diskTasks = new DiskTasks({
      rec: this.rec,
      mover: deps.mover,
      sink: this.sink,
      slots: deps.slots,
      progress: this.progress,
      clock: deps.clock,
      signal: this.abort.signal,
      diskSizes: this.diskSizes,
      diskPaths: this.diskPaths,
      stoppedBy: (err) => this.stoppedBy(err),
      stopReason: () => this.stopReason,
      warningsOf: (vmId) => this.vmWarnings.get(vmId) ?? [],
    });
  }

  get id(): string {
    return this.rec.id;
  }

  /**
   * graceful: VMs in flight finish and get into the restore point, nothing new starts;
   * immediate: in-flight disks are cancelled (those VMs get no restore point). Snapshots are released either way.
   */
  stop(mode: 'graceful' | 'immediate' = 'immediate', reason = 'Stopped by the user'): void {
    if (this.abort.signal.aborted) return;
    this.stopReason = reason;
    // the console shows "Stopping…" from now on, not "Running" until the last VM in flight is done
    const asked = this.rec.view.stopping;
    if (!asked || (asked.mode === 'graceful' && mode === 'immediate')) {
      this.rec.view.stopping = { mode, at: nowIso(), reason };
      this.rec.changed(true);
    }
    if (mode === 'graceful') {
      if (!this.stopping) this.rec.log('warning', `${reason}: graceful stop, VMs in progress finish, nothing new starts`);
      this.stopping = true;
      return;
    }
    this.stopping = true;
    this.rec.log('warning', `${reason}: immediate stop, in-flight disks are cancelled, snapshots will be released`);
    this.abort.abort(new FerryError(ErrorCode.Cancelled, reason));
  }

  async run(): Promise<SessionView> {
    const rec = this.rec;
    const spec = this.job.spec;
    const windowTimer = this.watchWindow();
    try {
      rec.log('info', startLine(spec.name, rec.view, spec.processing.mode));
      const inv = await this.deps.platform.inventory();
      await this.sink.open(inv);
      this.initVms(inv);
      const outcomes: DiskOutcome[] = [];
      let todo = this.rec.view.vms.filter((v) => v.status === 'Pending').map((v) => v.vmId);
      for (let attempt = 0; todo.length > 0; attempt++) {
        if (attempt > 0) {
          // before the VMs go Pending again: the alert shows the attempt as it failed
          this.deps.sink.attemptFailed?.(rec.view, attempt, spec.retries.count);
          rec.log('warning', `Retry ${attempt} of ${spec.retries.count} for ${todo.length} failed VM(s) in ${spec.retries.intervalSec} s`);
          await sleep(spec.retries.intervalSec * 1000, this.abort.signal);
          for (const vmId of todo) {
            this.vmWarnings.delete(vmId); // a retry earns its own warnings
            // ...and its own kind and consistency: a failed attempt's "full"/"crash" must not stick to a VM the
            // retry reads incrementally, or that the retry never snapshots (set again by planRead/snapshotCreated)
            rec.patchVm(vmId, { status: 'Pending', progress: 0, message: `Retry ${attempt}`, backupKind: null, consistency: null, departures: [] });
          }
        }
        outcomes.push(...(await this.runPass(inv, todo)));
        todo = this.rec.view.vms.filter((v) => v.status === 'Failed' && todo.includes(v.vmId)).map((v) => v.vmId);
        if (attempt >= spec.retries.count || this.stopping) break;
      }
      await this.sink.commit(inv, outcomes);
    } catch (e) {
      const err = FerryError.from(e);
      if (err.code !== ErrorCode.Cancelled) {
        rec.log('error', `Session failed: ${err.message}`);
        this.finish('Failed', err.message);
        return rec.view;
      }
    } finally {
      clearInterval(windowTimer);
      // After the point is committed (or not made): whatever the outcome, no reference is left that nothing needs.
      if (this.takenReferences.length > 0) this.pendingReferences.done(rec.id, await this.sink.close(this.takenReferences));
    }
    this.finishFromVms();
    return rec.view;
  }

  /** One pass over some VMs: plan their snapshots, run up to PARALLEL_GROUPS at once. */
  private async runPass(inv: Inventory, vmIds: string[]): Promise<DiskOutcome[]> {
    const candidates = this.job.spec.processing.mode === 'off-host' ? await proxyCandidates(this.deps.store, this.deps.platform, this.deps.slots, (t) => this.rec.log('warning', t)) : [];
    const groups = planSnapshots({ ...this.job.spec, vmIds }, inv, candidates, { hostVss: this.hostVss });
    const outcomes: DiskOutcome[] = [];
    const queue = [...groups];
    const worker = async () => {
      for (let g = queue.shift(); g; g = queue.shift()) {
        if (this.stopping) {
          for (const vmId of g.vmIds) this.rec.patchVm(vmId, { status: 'Stopped', message: `Not processed: ${this.stopReason}` });
          continue;
        }
        outcomes.push(...(await this.runGroup(g, inv)));
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_GROUPS, groups.length) }, worker));
    return outcomes;
  }

  /** A session still running when its backup window closes is stopped (snapshots released). */
  private watchWindow(): ReturnType<typeof setInterval> | undefined {
    const w = this.job.spec.window;
    if (!w.enabled || !inWindow(w, this.deps.clock())) return undefined;
    const t = setInterval(() => {
      if (!inWindow(w, this.deps.clock())) this.stop('immediate', `The backup window (${w.start}–${w.end}) ended`);
    }, WINDOW_CHECK_MS);
    t.unref?.();
    return t;
  }

  // ---------- setup ----------

  private initVms(inv: Inventory): void {
    for (const vmId of this.opts.vmIds ?? this.job.spec.vmIds) {
      const skip = this.sink.skip?.(vmId) ?? null;
      if (skip?.drop) continue;
      const vm = inv.vms.find((v) => v.id === vmId);
      for (const d of vm?.disks ?? []) {
        this.diskSizes.set(`${vmId}/${d.index}`, d.virtualSizeBytes);
        this.diskPaths.set(`${vmId}/${d.index}`, d.path);
      }
      const row: VmTaskView = {
        vmId,
        vmName: vm?.name ?? vmId,
        status: vm ? 'Pending' : 'Failed',
        progress: 0,
        processingMode: this.job.spec.processing.mode === 'off-host' ? 'off-host' : 'on-host',
        proxyServerId: null,
        bytesTotal: vm ? vm.disks.filter((d) => !this.excluded(vmId, d.index)).reduce((a, d) => a + d.virtualSizeBytes, 0) : 0,
        bytesRead: 0,
        bytesTransferred: 0,
        backupKind: null,
        consistency: null,
        departures: [],
        message: vm ? 'Waiting for snapshot' : 'VM no longer exists in the inventory',
        startedAt: null,
        endedAt: vm ? null : nowIso(),
      };
      if (vm && skip) Object.assign(row, { status: 'Warning', message: skip.reason, endedAt: nowIso() });
      this.rec.view.vms.push(row);
      if (!vm) this.rec.vmLog(vmId, 'error', `VM ${vmId} was not found in the inventory`);
      else if (skip) this.rec.vmLog(vmId, 'warning', skip.reason);
    }
    this.rec.changed(true);
  }

  // ---------- one volume snapshot ----------

  private async runGroup(g: PlannedGroup, inv: Inventory): Promise<DiskOutcome[]> {
    const rec = this.rec;
    const hostName = inv.hosts.find((h) => h.id === g.hostId)?.name ?? g.hostId;
    if (g.mode === 'none') {
      for (const vmId of g.vmIds) rec.patchVm(vmId, { status: 'Failed', message: g.failReason ?? 'not processed' });
      rec.log('error', `${g.volumePath}: ${g.failReason}`);
      return [];
    }
    if (g.warning) {
      rec.log('warning', `${g.volumePath}: ${g.warning}`);
      for (const vmId of g.vmIds) this.warnVm(vmId, g.warning);
    }

    // Hardware arrays limit concurrent snapshots per LUN: wait for a free one before creating.
    for (const vmId of g.vmIds) rec.patchVm(vmId, { message: `Waiting for a snapshot slot on ${g.volumePath}` });
    const perVolume = this.deps.maxSnapshotsPerVolume ?? this.hostVss(g.hostId).maxSnapshotsPerVolume;
    const releaseVolume = await this.deps.volumeSnapshots.acquire(g.volumeId, perVolume, this.abort.signal).catch((e: unknown) => {
      for (const vmId of g.vmIds) rec.patchVm(vmId, { status: 'Failed', message: FerryError.from(e).message });
      return null;
    });
    if (!releaseVolume) return [];
    try {
      // A snapshot an earlier session could not release holds one of the volume's slots on the array: clean it first.
      this.releaseProblems.push(...(await this.deps.leftovers.beforeSnapshot(g.volumeId, (level, text) => rec.log(level, text))));
      return await this.runAttempts(firstAttempt({ ...g, mode: g.mode }, this.job.spec.applicationConsistent), inv, hostName);
    } finally {
      releaseVolume();
    }
  }

  /** The group's snapshot, then any retake it needs (software provider, writer failures), one after the other. */
  private async runAttempts(first: SnapshotAttempt, inv: Inventory, hostName: string): Promise<DiskOutcome[]> {
    const rec = this.rec;
    const queue: SnapshotAttempt[] = [first];
    const outcomes: DiskOutcome[] = [];
    for (let a = queue.shift(); a; a = queue.shift()) {
      if (a !== first && this.stopping) {
        for (const vmId of a.vmIds) rec.patchVm(vmId, { status: 'Failed', message: `Not processed: ${this.stopReason}` });
        continue;
      }
      const readerServerId = a.mode === 'off-host' && a.proxy ? a.proxy.serverId : a.hostId;
      const readerName = inv.hosts.find((h) => h.id === readerServerId)?.name ?? readerServerId;
      // what this snapshot does differently from the job is what its VMs do (throttling is added when a disk is read)
      for (const vmId of a.vmIds) rec.patchVm(vmId, { processingMode: a.mode, proxyServerId: a.mode === 'off-host' ? readerServerId : null, departures: [...a.departures] });
      const how = [a.provider === 'software' ? 'Microsoft Software Shadow Copy provider' : null, a.applicationConsistent ? null : 'crash-consistent'].filter(Boolean).join(', ');
      rec.log('info', `${a.volumePath}: ${a.vmIds.length} VM(s) in one ${a.mode} snapshot on ${hostName}${a.mode === 'off-host' ? `, read by proxy ${readerName}` : ''}${how ? ` (${how})` : ''}`);
      outcomes.push(...(await this.snapshotLifecycle(a, inv, hostName, readerServerId, readerName, queue)));
    }
    return outcomes;
  }

  private get hostVss(): HostVssLookup {
    return this.deps.hostVss ?? defaultHostVss;
  }

  private warnVm(vmId: string, text: string): void {
    const list = this.vmWarnings.get(vmId) ?? [];
    if (!list.includes(text)) list.push(text);
    this.vmWarnings.set(vmId, list);
    this.rec.patchVm(vmId, { message: text });
  }

  /** One snapshot through its lifecycle. A create failure the session can work around queues retakes in `next`. */
  private async snapshotLifecycle(g: SnapshotAttempt, inv: Inventory, hostName: string, readerServerId: string, readerName: string, next: SnapshotAttempt[]): Promise<DiskOutcome[]> {
    const rec = this.rec;
    const snapshotId = newId('snap');
    const log: PlatformLog = (level, text) => rec.log(level, text);
    // Ledger first: from here on, whatever happens, this snapshot is known and will be released.
    this.deps.store.ledgerInsert({ snapshotId, sessionId: rec.id, volumeId: g.volumeId, hostId: g.hostId, exposedOn: null, stage: 'planned', shadowIds: [], createdAt: nowIso(), updatedAt: nowIso() });
    rec.addSnapshot({
      id: snapshotId,
      volumeId: g.volumeId,
      volumePath: g.volumePath,
      hostId: g.hostId,
      proxyServerId: g.mode === 'off-host' ? readerServerId : null,
      vmIds: g.vmIds,
      provider: g.provider,
      stage: 'planned',
      history: [g.note ? { stage: 'planned', at: nowIso(), note: g.note } : { stage: 'planned', at: nowIso() }],
      departures: [...g.departures],
    });

    let created: CreatedSnapshot | null = null;
    let exposedOn: string | null = null;
    const outcomes: DiskOutcome[] = [];
    try {
      for (const vmId of g.vmIds) rec.patchVm(vmId, { status: 'Running', message: 'Creating snapshot' });
      created = await this.deps.platform.createSnapshot({ snapshotId, hostId: g.hostId, volumeId: g.volumeId, vmIds: g.vmIds, applicationConsistent: g.applicationConsistent, provider: g.provider, changeTracking: this.job.spec.changeTracking }, log);
      this.ledger(snapshotId, { stage: 'created', shadowIds: created.shadowIds });
      rec.snapshotStage(snapshotId, 'created', `on ${hostName}, shadow ${created.shadowIds.join(', ')}`);
      this.snapshotCreated(snapshotId, g, created);
      this.throwIfStopped();

      // The VMs say which step their snapshot is in, as its card does (not "Creating snapshot" until the read).
      const step = (message: string) => g.vmIds.forEach((vmId) => rec.patchVm(vmId, { message }));
      if (g.mode === 'off-host') {
        step(`Importing the snapshot on ${readerName}`);
        await this.deps.platform.importSnapshot(created, readerServerId, log);
        this.ledger(snapshotId, { stage: 'imported', exposedOn: readerServerId });
        rec.snapshotStage(snapshotId, 'imported', `on ${readerName}`);
        this.throwIfStopped();
      }
      exposedOn = readerServerId;
      step(`Exposing the snapshot on ${readerName}`);
      this.ledger(snapshotId, { exposedOn: readerServerId });
      const exposed = await this.deps.platform.exposeSnapshot(created, readerServerId, log);
      this.ledger(snapshotId, { stage: 'exposed' });
      rec.snapshotStage(snapshotId, 'exposed', `on ${readerName} at ${exposed.displayRoot ?? exposed.root}`);

      outcomes.push(...(await this.moveDisks(g, exposed, created)));
    } catch (e) {
      const err = FerryError.from(e);
      rec.snapshotStage(snapshotId, 'failed', err.message);
      const retake = created || this.abort.signal.aborted ? null : this.retake(g, err, hostName);
      if (retake) next.push(...retake);
      else rec.log('error', `${g.volumePath}: ${err.message}`);
      const stopped = this.stoppedBy(err);
      for (const vmId of retake ? [] : g.vmIds) {
        if (rec.vm(vmId).status === 'Running' || rec.vm(vmId).status === 'Pending') rec.patchVm(vmId, stopped ? { status: 'Stopped', message: `Not finished: ${this.stopReason}` } : { status: 'Failed', message: err.message });
      }
    } finally {
      await this.release(snapshotId, exposedOn);
    }
    return outcomes;
  }

  /** The provider that took it and the consistency its VMs get (what the restore point will say). */
  private snapshotCreated(snapshotId: string, a: SnapshotAttempt, created: CreatedSnapshot): void {
    this.takenReferences.push(...(created.references ?? []));
    this.pendingReferences.add(this.rec.id, created.references ?? []);
    const view = this.rec.view.snapshots.find((s) => s.id === snapshotId);
    if (view) view.provider = created.providerKind ?? a.provider;
    for (const vmId of a.vmIds) this.rec.patchVm(vmId, { consistency: a.applicationConsistent ? 'application' : 'crash' });
  }

  /** After a failed create: the snapshots to take instead (recording what it means for the VMs), or null. */
  private retake(a: SnapshotAttempt, err: FerryError, hostName: string): SnapshotAttempt[] | null {
    const vss = this.hostVss(a.hostId);
    const r = retakeAfter(a, err, { hostName, failoverToSoftwareProvider: vss.failoverToSoftwareProvider, requireSuccessfulProcessing: this.job.spec.requireSuccessfulProcessing });
    if (!r) return null;
    const rec = this.rec;
    rec.log(r.failed.length > 0 ? 'error' : 'warning', r.log);
    for (const f of r.failed) {
      rec.patchVm(f.vmId, { status: 'Failed', message: f.reason });
      rec.vmLog(f.vmId, 'error', f.reason);
    }
    for (const w of r.warnings) {
      this.warnVm(w.vmId, w.text);
      rec.vmLog(w.vmId, 'warning', w.text);
    }
    for (const vmId of r.attempts.flatMap((x) => x.vmIds)) rec.patchVm(vmId, { status: 'Pending' });
    return r.attempts;
  }

  /** Step 4, on every path: dismount from the reader, delete on the storage. Failures stay in the ledger. */
  private async release(snapshotId: string, exposedOn: string | null): Promise<void> {
    const problem = await releaseSnapshot({ store: this.deps.store, platform: this.deps.platform, rec: this.rec, leftovers: this.deps.leftovers }, snapshotId, exposedOn);
    if (problem) this.releaseProblems.push(problem);
  }

  /** The exposed snapshot's disks of this group, one data-mover task each, in the reader's task slots. */
  private moveDisks(g: PlannedGroup, exposed: ExposedSnapshot, created: CreatedSnapshot): Promise<DiskOutcome[]> {
    const disks = exposed.disks.filter((d) => g.vmIds.includes(d.vmId) && !this.excluded(d.vmId, d.diskIndex));
    // 1 task = 1 disk; task slots are per proxy (its max concurrent tasks) across all sessions.
    const offHost = g.mode === 'off-host' && g.proxy ? g.proxy : null;
    const slot = offHost ? { key: offHost.id, limit: offHost.maxTasks } : { key: `host:${g.hostId}`, limit: ON_HOST_SLOTS };
    return this.diskTasks.run({ vmIds: g.vmIds, disks, created, slot, proxy: offHost });
  }

  private excluded(vmId: string, diskIndex: number): boolean {
    return this.job.spec.excludedDisks.includes(`${vmId}/${diskIndex}`);
  }

  // ---------- restore point and result ----------

  private finishFromVms(): void {
    const vms = this.rec.view.vms;
    const failed = vms.filter((v) => v.status === 'Failed').length;
    const warned = vms.filter((v) => v.status === 'Warning').length;
    if (this.stopping) {
      for (const v of vms) if (v.status === 'Pending' || v.status === 'Running') this.rec.patchVm(v.vmId, { status: 'Stopped', message: `Not processed: ${this.stopReason}` }, false);
      return this.finish('Stopped', this.stopReason);
    }
    if (failed > 0) return this.finish('Failed', `${failed} of ${vms.length} VM(s) failed: ${vms.find((v) => v.status === 'Failed')?.message}`);
    if (warned > 0) return this.finish('Warning', vms.find((v) => v.status === 'Warning')?.message ?? 'Completed with warnings');
    if (this.releaseProblems.length > 0) return this.finish('Warning', this.releaseProblems[0]);
    this.finish('Success', `${vms.length} VM(s) processed`);
  }

  private finish(result: SessionView['result'], reason: string): void {
    const v = this.rec.view;
    v.result = result;
    v.reason = reason;
    v.endedAt = nowIso();
    if (result === 'Success') v.progress = 1;
    const line = finishLine(result, reason);
    this.rec.log(line.level, line.text);
    this.rec.changed(true);
  }

  private ledger(snapshotId: string, patch: Parameters<Store['ledgerUpdate']>[1]): void {
    ledgerUpdate(this.deps.store, snapshotId, patch);
  }

  /** A cancellation this session's own stop caused (not a timeout or a platform's cancel). */
  private stoppedBy(err: FerryError): boolean {
    return this.stopping && err.code === ErrorCode.Cancelled;
  }

  private throwIfStopped(): void {
    if (this.abort.signal.aborted) throw this.abort.signal.reason;
  }
}
