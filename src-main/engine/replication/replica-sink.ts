// The replication session's sink: each VM's disks become one new point of its replica on the target host — a
// dynamic VHDX for the first, a differencing VHDX over the previous point after it (written by the target's data
// mover under a temp name, renamed when complete). After the commit, points beyond the job's limit are merged
// away, oldest first. A VM whose replica is not Ready is not replicated (paused, says why).
import type { Inventory, Job } from '../../../src-shared/domain';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { ByteRange } from '../datamover/task';
import type { AgentEndpoint, ChangeReference, CreatedSnapshot, Platform, PlatformLog } from '../platform/types';
import type { Store } from '../store/store';
import { newId } from '../util/ids';
import { nowIso } from '../util/time';
import { fmtBytes } from '../util/format';
import type { DiskReadPlan } from '../orchestrator/change-chain';
import type { DiskSink, SinkSession, SinkTaskFields, VmSkip } from '../orchestrator/disk-sink';
import { blockSizeBytes } from '../orchestrator/job-options';
import type { DiskOutcome } from '../orchestrator/restore-point-commit';
import type { ReplicaHost } from './replica-host';
import { pointFile, replicaName } from './replica-layout';
import { newestPoint, type RecordPoint, type ReplicaRecord } from './replica-record';
import { finishPendingMerge, mergeBeyondLimit } from './replica-retention';

export interface ReplicaSinkDeps {
  store: Store;
  platform: Platform;
  host: ReplicaHost;
}

export class ReplicaSink implements DiskSink {
  /** this session's point id (the same for every VM, so a retry of a disk resumes its transfer) */
  private readonly pointId = newId('rp');
  private target: AgentEndpoint | null = null;
  private root = '';
  private readonly replicas = new Map<string, ReplicaRecord>();
  private readonly sourcePaths = new Map<string, string>();
  private readonly settings: NonNullable<Job['spec']['replication']>;

  constructor(
    private readonly job: Job,
    private readonly deps: ReplicaSinkDeps,
    private readonly session: SinkSession,
  ) {
    if (!job.spec.replication) throw new FerryError(ErrorCode.InvalidParams, `Job ${job.spec.name} is not a replication job`);
    this.settings = job.spec.replication;
  }

  async open(inv: Inventory): Promise<void> {
    const rec = this.session.rec;
    const s = this.settings;
    const host = inv.hosts.find((h) => h.id === s.targetHostId);
    if (!host) throw new FerryError(ErrorCode.NotFound, `Target host ${s.targetHostId} of job ${this.job.spec.name} is not in the inventory`);
    this.root = this.deps.host.root(s.targetHostId, s.path);
    this.target = await this.deps.host.endpoint(s.targetHostId);
    rec.log('info', `Replicas on ${host.name} in ${s.path}, ${s.pointsToKeep} restore point(s) kept; target data mover: ${this.target ? `agent on ${host.name}` : 'in the console process (lab)'}`);
    for (const vm of inv.vms) for (const d of vm.disks) this.sourcePaths.set(`${vm.id}/${d.index}`, d.path);
    for (const r of this.deps.store.listReplicas(this.job.id)) {
      this.replicas.set(r.sourceVmId, r);
      // a merge cut off by a crash is finished before anything new is written on top of the chain
      if (r.mergingPointId) this.replicas.set(r.sourceVmId, await finishPendingMerge(this.deps, r, (level, text) => rec.vmLog(r.sourceVmId, level, text)));
    }
  }

  skip(vmId: string): VmSkip | null {
    if (this.settings.excludedVmIds.includes(vmId)) return { drop: true, reason: 'excluded after a permanent failover' };
    const r = this.replicas.get(vmId);
    if (r && r.state !== 'Ready') return { drop: false, reason: `Replication paused: replica ${r.name} is in state ${r.state}` };
    return null;
  }

  checkDestination(): void {
    if (!this.root) throw new FerryError(ErrorCode.Internal, 'ReplicaSink used before open');
  }

  async planDisk(created: CreatedSnapshot, vmId: string, diskIndex: number, virtualSizeBytes: number, log: PlatformLog): Promise<DiskReadPlan> {
    const referenceId = created.references?.find((r) => r.vmId === vmId && r.diskIndex === diskIndex)?.referenceId ?? null;
    const newest = this.replicas.get(vmId) ? newestPoint(this.replicas.get(vmId) as ReplicaRecord) : null;
    const prev = newest?.disks.find((d) => d.diskIndex === diskIndex);
    const full = (reason: string): DiskReadPlan => ({ kind: 'full', task: {}, referenceId, level: 'info', text: `full: ${reason}` });
    if (!newest || !prev) return full(newest ? 'a new disk of the replica' : 'the first replica point');
    // a later point is a differencing disk over `prev`: without change tracking every block is sent into it
    const whole: ByteRange[] = [{ offset: 0, length: virtualSizeBytes }];
    const pending = this.pendingRanges(vmId, diskIndex);
    const everything = (level: 'info' | 'warning', reason: string): DiskReadPlan => ({ kind: 'full', task: { changedRanges: whole }, referenceId, level, text: `full: ${reason} (every block into a new point over ${newest.id})` });
    if (prev.virtualSizeBytes !== virtualSizeBytes) throw new FerryError(ErrorCode.ReplicaWrite, `Disk ${diskIndex} was resized (${fmtBytes(prev.virtualSizeBytes)} → ${fmtBytes(virtualSizeBytes)}): the replica's points cannot take it; remove the replica to start it again`);
    if (!this.job.spec.changeTracking) return everything('info', 'change tracking is off in the job');
    if (!prev.referenceId) return everything('warning', 'the previous point has no change-tracking reference');
    try {
      const answer = await this.deps.platform.changedRanges(created, vmId, diskIndex, prev.referenceId, log);
      if (answer.ranges === null) return everything('warning', answer.reason);
      const ranges = [...answer.ranges, ...pending];
      const bytes = ranges.reduce((n, r) => n + r.length, 0);
      const extra = pending.length > 0 ? ` and ${pending.length} range(s) failback wrote` : '';
      return { kind: 'incremental', task: { changedRanges: ranges }, referenceId, level: 'info', text: `incremental: ${answer.ranges.length} changed range(s)${extra}, ${fmtBytes(bytes)} of ${fmtBytes(virtualSizeBytes)} (since RCT reference ${prev.referenceId}, replica point ${newest.id})` };
    } catch (e) {
      return everything('warning', `change tracking unavailable: ${FerryError.from(e).message}`);
    }
  }

  taskFields(vmId: string, diskIndex: number, plan: DiskReadPlan): SinkTaskFields {
    const r = this.replicas.get(vmId);
    const prev = r ? newestPoint(r)?.disks.find((d) => d.diskIndex === diskIndex) : undefined;
    const name = r?.name ?? replicaName(this.vmName(vmId), this.settings.suffix);
    const root = r?.root ?? this.root;
    const file = pointFile(root, name, this.sourcePath(vmId, diskIndex), this.pointId, !prev);
    return {
      repositoryDir: '',
      blockSize: blockSizeBytes(this.job.spec.blockSize),
      compression: this.job.spec.compression,
      changedRanges: plan.task.changedRanges,
      replica: { file, parentFile: prev?.path, target: this.target, transferId: `${this.session.rec.id}:${this.pointId}:${vmId}/${diskIndex}` },
    };
  }

  async commit(inv: Inventory, outcomes: DiskOutcome[]): Promise<void> {
    const rec = this.session.rec;
    for (const vmId of [...new Set(outcomes.map((o) => o.vmId))]) {
      const disks = outcomes.filter((o) => o.vmId === vmId);
      const vm = inv.vms.find((v) => v.id === vmId);
      const log: PlatformLog = (level, text) => rec.vmLog(vmId, level, text);
      const point: RecordPoint = {
        id: this.pointId,
        createdAt: nowIso(),
        sessionId: rec.id,
        checkpointName: `Ferry restore point ${nowIso().replace('T', ' ').slice(0, 19)}`,
        kind: disks.some((d) => d.result.mode !== 'incremental') ? 'full' : 'incremental',
        consistency: rec.vm(vmId).consistency ?? 'crash',
        disks: disks.map((d) => ({
          diskIndex: d.diskIndex,
          path: d.result.replica?.file ?? '',
          virtualSizeBytes: d.result.manifest.virtualSize,
          fileBytes: d.result.replica?.fileBytes ?? 0,
          referenceId: d.referenceId,
          sourcePath: this.sourcePath(vmId, d.diskIndex),
        })),
      };
      const existing = this.replicas.get(vmId);
      const r: ReplicaRecord = existing
        ? { ...existing, points: [...existing.points, point], lastSyncAt: point.createdAt, pendingRanges: [] }
        : this.newReplica(vmId, vm?.name ?? vmId, point);
      this.deps.store.putReplica(r);
      rec.vmLog(vmId, 'info', `Replica point ${point.id} of ${r.name} created (${point.kind}, ${point.disks.length} disk(s)); checkpoint "${point.checkpointName}"`);
      await this.deps.host.register(r, log);
      this.replicas.set(vmId, await this.retention(r, log));
    }
  }

  /** A merge that fails leaves every kept point readable; it is finished by the next run, and the VM is a Warning. */
  private async retention(r: ReplicaRecord, log: PlatformLog): Promise<ReplicaRecord> {
    try {
      return await mergeBeyondLimit(this.deps, r, this.settings.pointsToKeep, log);
    } catch (e) {
      const text = `Merging the oldest restore point of ${r.name} failed (${FerryError.from(e).message}); every kept point is intact, the next run finishes the merge`;
      log('warning', text);
      this.session.rec.patchVm(r.sourceVmId, { status: 'Warning', message: text });
      return this.deps.store.getReplica(r.id) ?? r;
    }
  }

  async close(taken: readonly ChangeReference[]): Promise<string[]> {
    const failed: string[] = [];
    for (const vmId of [...new Set(taken.map((t) => t.vmId))]) {
      const r = this.deps.store.listReplicas(this.job.id).find((x) => x.sourceVmId === vmId);
      const keep = new Set((r ? newestPoint(r)?.disks ?? [] : []).map((d) => d.referenceId).filter((x): x is string => x !== null));
      const retire = taken.filter((t) => t.vmId === vmId && !keep.has(t.referenceId)).map((t) => t.referenceId);
      for (const p of r?.points.slice(0, -1) ?? []) for (const d of p.disks) if (d.referenceId && !keep.has(d.referenceId)) retire.push(d.referenceId);
      if (retire.length === 0) continue;
      try {
        await this.deps.platform.retireChangeReferences(vmId, [...new Set(retire)].sort(), [...keep].sort(), (level, text) => this.session.rec.log(level, text));
      } catch (e) {
        failed.push(vmId);
        this.session.rec.log('warning', `Old change-tracking references of VM ${vmId} were not deleted (${FerryError.from(e).message}); tried again at the next start`);
      }
    }
    return failed;
  }

  private newReplica(vmId: string, vmName: string, point: RecordPoint): ReplicaRecord {
    const s = this.settings;
    return {
      id: newId('replica'),
      jobId: this.job.id,
      sourceVmId: vmId,
      sourceVmName: vmName,
      name: replicaName(vmName, s.suffix),
      targetHostId: s.targetHostId,
      path: s.path,
      root: this.root,
      state: 'Ready',
      points: [point],
      lastSyncAt: point.createdAt,
      failover: null,
      failback: null,
      mergingPointId: null,
      failoverFiles: [],
      pendingRanges: [],
    };
  }

  private pendingRanges(vmId: string, diskIndex: number): ByteRange[] {
    return this.replicas.get(vmId)?.pendingRanges.find((p) => p.diskIndex === diskIndex)?.ranges ?? [];
  }

  private vmName(vmId: string): string {
    return this.session.rec.vm(vmId).vmName;
  }

  private sourcePath(vmId: string, diskIndex: number): string {
    return this.sourcePaths.get(`${vmId}/${diskIndex}`) ?? `${vmId}_disk${diskIndex}`;
  }
}
