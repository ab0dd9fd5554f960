// One data-mover task per disk, run in a reader's task slots (shared by every session on the engine): plan the
// read with the sink (full / incremental), run the mover into the sink, track progress, and settle each VM once
// its last disk is done. A VM with a failed disk gives no outcome: a point is complete or absent.
import type { Departure } from '../../../src-shared/domain';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { DataMover, DiskTask, MoverStats } from '../datamover/task';
import type { CreatedSnapshot, ExposedSnapshot, PlatformLog } from '../platform/types';
import { fmtBytes } from '../util/format';
import type { KeyedSemaphore } from '../util/semaphore';
import type { DiskReadPlan } from './change-chain';
import type { DiskSink } from './disk-sink';
import type { PlannedGroup } from './plan';
import type { DiskOutcome } from './restore-point-commit';
import type { SessionProgress } from './session-progress';
import type { SessionRecorder } from './session-recorder';
import { withDeparture } from './snapshot-attempts';
import { diskThrottle } from './traffic-window';

/** how far ahead a disk's throttle follows its proxy's traffic window (a disk read for longer is unlimited after) */
const THROTTLE_HORIZON_DAYS = 14;

type ExposedDisk = ExposedSnapshot['disks'][number];

/** What the disk tasks share with their session. */
export interface DiskTaskContext {
  rec: SessionRecorder;
  mover: DataMover;
  sink: DiskSink;
  slots: KeyedSemaphore;
  progress: SessionProgress;
  clock: () => Date;
  signal: AbortSignal;
  /** virtual size and host path per "vmId/diskIndex" */
  diskSizes: ReadonlyMap<string, number>;
  diskPaths: ReadonlyMap<string, string>;
  /** a cancellation the session's own stop caused, and the reason the admin gave */
  stoppedBy: (err: FerryError) => boolean;
  stopReason: () => string;
  /** why a VM ends as Warning so far */
  warningsOf: (vmId: string) => string[];
}

export interface DiskBatch {
  vmIds: string[];
  disks: ExposedDisk[];
  created: CreatedSnapshot;
  slot: { key: string; limit: number };
  /** the proxy reading them (off-host): its agent runs the task, its traffic rules cap it */
  proxy: PlannedGroup['proxy'] | null;
}

export class DiskTasks {
  constructor(private readonly ctx: DiskTaskContext) {}

  async run(batch: DiskBatch): Promise<DiskOutcome[]> {
    const { rec, signal } = this.ctx;
    const queue = [...batch.disks];
    this.ctx.sink.checkDestination();
    const outcomes: DiskOutcome[] = [];
    const failedVms = new Set<string>();
    const remaining = new Map<string, number>();
    for (const d of queue) remaining.set(d.vmId, (remaining.get(d.vmId) ?? 0) + 1);
    for (const vmId of batch.vmIds) rec.patchVm(vmId, { message: 'Waiting for a task slot' });

    const worker = async () => {
      for (let d = queue.shift(); d; d = queue.shift()) {
        if (signal.aborted) throw signal.reason;
        const releaseSlot = await this.ctx.slots.acquire(batch.slot.key, batch.slot.limit, signal);
        try {
          outcomes.push(await this.one(batch, d));
        } catch (e) {
          const err = FerryError.from(e);
          failedVms.add(d.vmId);
          this.diskFailed(d, err);
          if (err.code === ErrorCode.Cancelled) throw err;
        } finally {
          releaseSlot();
        }
        const left = (remaining.get(d.vmId) ?? 1) - 1;
        remaining.set(d.vmId, left);
        if (left === 0 && !failedVms.has(d.vmId)) this.vmDone(d.vmId);
      }
    };
    const results = await Promise.allSettled(Array.from({ length: Math.max(1, batch.slot.limit) }, () => worker()));
    const rejected = results.find((r) => r.status === 'rejected');
    if (rejected) throw (rejected as PromiseRejectedResult).reason;
    // Only VMs whose every disk succeeded go into the point: a point is complete or absent.
    return outcomes.filter((o) => !failedVms.has(o.vmId));
  }

  private async one(batch: DiskBatch, d: ExposedDisk): Promise<DiskOutcome> {
    const { rec, sink } = this.ctx;
    const key = `${d.vmId}/${d.diskIndex}`;
    rec.patchVm(d.vmId, { message: `Reading disk ${d.diskIndex}` });
    const plan = await this.planRead(batch.created, d.vmId, d.diskIndex);
    const task: DiskTask = {
      taskId: `${rec.id}:${key}`,
      sourcePath: d.path,
      displayPath: this.ctx.diskPaths.get(key),
      diskKey: key,
      runOn: batch.proxy?.serverId,
      ...(batch.proxy ? this.throttleFor(batch.proxy, d.vmId) : {}),
      ...sink.taskFields(d.vmId, d.diskIndex, plan),
    };
    const result = await this.ctx.mover.run(
      task,
      (ev) => {
        if (ev.type === 'log') rec.vmLog(d.vmId, ev.level, ev.text);
        else this.onDiskProgress(d.vmId, key, ev.stats);
      },
      this.ctx.signal,
    );
    this.onDiskProgress(d.vmId, key, result.stats);
    // The mover has the last word: a base it cannot use (point gone, grid changed) makes it read in full.
    if (result.mode !== 'incremental') this.noteKind(d.vmId, 'full');
    rec.vmLog(d.vmId, 'info', `Disk ${d.diskIndex} done: ${fmtBytes(result.stats.bytesRead)} read, ${fmtBytes(result.stats.bytesTransferred)} transferred`);
    return { vmId: d.vmId, diskIndex: d.diskIndex, result, referenceId: plan.referenceId };
  }

  private diskFailed(d: ExposedDisk, err: FerryError): void {
    const rec = this.ctx.rec;
    if (this.ctx.stoppedBy(err)) {
      // the admin chose not to finish it: stopped, not failed
      const reason = this.ctx.stopReason();
      rec.patchVm(d.vmId, { status: 'Stopped', message: `Not finished: ${reason}` });
      rec.vmLog(d.vmId, 'warning', `Disk ${d.diskIndex} not finished: ${reason}`);
    } else {
      rec.patchVm(d.vmId, { status: 'Failed', message: `Disk ${d.diskIndex}: ${err.message}` });
      rec.vmLog(d.vmId, 'error', `Disk ${d.diskIndex} failed: ${err.message}`);
    }
  }

  private vmDone(vmId: string): void {
    const warnings = this.ctx.warningsOf(vmId);
    this.ctx.rec.patchVm(vmId, { status: warnings.length > 0 ? 'Warning' : 'Success', progress: 1, message: warnings.length > 0 ? warnings.join('; ') : 'Success' });
    this.ctx.rec.vmLog(vmId, 'info', warnings.length > 0 ? 'Processed with warnings' : 'Processed successfully');
  }

  /** Full or incremental for one disk, logged per VM ("incremental: …" / "full: <reason>"). */
  private async planRead(created: CreatedSnapshot, vmId: string, diskIndex: number): Promise<DiskReadPlan> {
    const size = this.ctx.diskSizes.get(`${vmId}/${diskIndex}`) ?? 0;
    const log: PlatformLog = (level, text) => this.ctx.rec.vmLog(vmId, level, text);
    const plan = await this.ctx.sink.planDisk(created, vmId, diskIndex, size, log);
    this.ctx.rec.vmLog(vmId, plan.level, `Disk ${diskIndex} ${plan.text}`);
    this.noteKind(vmId, plan.kind);
    return plan;
  }

  /**
   * A VM is incremental while every disk of it is; one full disk makes it full. The session is incremental when any
   * VM is (what admins call an incremental run), full when every VM read so far was read in full.
   */
  private noteKind(vmId: string, kind: 'full' | 'incremental'): void {
    const rec = this.ctx.rec;
    const vm = rec.vm(vmId);
    if (vm.backupKind === 'full' || vm.backupKind === kind) return;
    vm.backupKind = kind;
    const kinds = rec.view.vms.map((v) => v.backupKind);
    rec.view.backupKind = kinds.includes('incremental') ? 'incremental' : kinds.includes('full') ? 'full' : null;
    rec.changed(true);
  }

  /** The proxy's read cap for a disk starting now (traffic-window.ts), logged and recorded on the VM when it applies. */
  private throttleFor(proxy: NonNullable<PlannedGroup['proxy']>, vmId: string): Pick<DiskTask, 'throttleMBps' | 'throttleSchedule'> {
    const t = diskThrottle(proxy, this.ctx.clock(), THROTTLE_HORIZON_DAYS);
    if (t.capped) this.noteDeparture(vmId, { kind: 'throttled', reason: t.capped });
    if (t.log) this.ctx.rec.vmLog(vmId, 'info', t.log);
    return t.task;
  }

  private noteDeparture(vmId: string, d: Departure): void {
    const vm = this.ctx.rec.vm(vmId);
    if (!vm.departures.some((x) => x.kind === d.kind && x.reason === d.reason)) this.ctx.rec.patchVm(vmId, { departures: withDeparture(vm.departures, d) });
  }

  private onDiskProgress(vmId: string, key: string, stats: MoverStats): void {
    this.ctx.progress.disk(vmId, key, stats);
    this.ctx.rec.changed(false);
  }
}
