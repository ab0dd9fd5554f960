// The Replicas operations of the contract: list/get, and the disaster-recovery state machine, each a task with
// a log (the reason the admin gave is its first line). A replica's state changes in the store only after the
// target host did its part, so a failure leaves the replica as it was (and every point intact).
//   Ready --failover--> Failover --undo--> Ready
//   Failover --permanent--> PermanentFailover (the source VM leaves the job)
//   Failover --failback--> (ReadyToSwitch) --> Failback --commit--> Ready | --undo--> Failover
import type { Replica, ReplicaState } from '../../../src-shared/contract/replication';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { Orchestrator } from '../orchestrator/orchestrator';
import type { PlatformLog } from '../platform/types';
import type { Store } from '../store/store';
import type { TaskContext, TaskManager } from '../tasks/task-manager';
import type { ChangeListener } from '../util/changes';
import { notFound } from '../util/not-found';
import { nowIso } from '../util/time';
import type { ReplicaHost } from './replica-host';
import { newestPoint, type ReplicaRecord } from './replica-record';
import { replicaView } from './replica-view';

export interface ReplicasDeps {
  store: Store;
  host: ReplicaHost | null;
  orchestrator: Orchestrator;
  tasks: TaskManager;
  changed: ChangeListener;
  hostName: (id: string) => string;
  /** the Hyper-V host a source VM runs on (where failback writes) */
  vmHostId: (vmId: string) => string;
}

export class Replicas {
  constructor(private readonly d: ReplicasDeps) {}

  list(jobId?: string): Replica[] {
    return this.d.store.listReplicas(jobId).map((r) => this.view(r));
  }

  get(id: string): Replica {
    return this.view(this.record(id));
  }

  failover(p: { id: string; pointId?: string; planned: boolean; reason: string }): { taskId: string } {
    const r = this.expect(p.id, ['Ready'], 'fail over');
    const point = p.pointId ? r.points.find((x) => x.id === p.pointId && x.id !== r.mergingPointId) : newestPoint(r);
    if (!point) throw new FerryError(ErrorCode.NotFound, `Replica ${r.name} has no restore point ${p.pointId ?? ''}`.trim());
    if (p.planned && p.pointId) throw new FerryError(ErrorCode.InvalidParams, 'A planned failover always uses the point it syncs last: leave out --point');
    return this.task(`${p.planned ? 'Planned failover' : 'Failover'} of ${r.name}`, p.reason, async (ctx, host, log) => {
      let target = point;
      if (p.planned) target = await this.plannedSync(r, ctx, host, log);
      const files = await host.startFailover(this.record(r.id), target, log);
      this.save({ ...this.record(r.id), state: 'Failover', failover: { pointId: target.id, startedAt: nowIso(), reason: p.reason, planned: p.planned }, failoverFiles: files });
      return { state: 'Failover', pointId: target.id };
    });
  }

  undoFailover(p: { id: string; reason: string }): { taskId: string } {
    const r = this.expect(p.id, ['Failover'], 'undo the failover of');
    return this.task(`Undo failover of ${r.name}`, p.reason, async (_ctx, host, log) => {
      await host.undoFailover(r, log);
      this.save({ ...r, state: 'Ready', failover: null, failoverFiles: [] });
      return { state: 'Ready' };
    });
  }

  permanentFailover(p: { id: string; reason: string }): { taskId: string } {
    const r = this.expect(p.id, ['Failover'], 'make permanent the failover of');
    return this.task(`Permanent failover of ${r.name}`, p.reason, async () => {
      const job = this.d.store.getJob(r.jobId);
      if (job?.spec.replication) {
        const settings = job.spec.replication;
        const excludedVmIds = [...new Set([...settings.excludedVmIds, r.sourceVmId])];
        this.d.store.putJob({ ...job, spec: { ...job.spec, replication: { ...settings, excludedVmIds } } });
        this.d.changed('jobs');
      }
      this.save({ ...r, state: 'PermanentFailover' });
      return { state: 'PermanentFailover', excludedFromJob: r.jobId };
    });
  }

  failback(p: { id: string; toHostId?: string; path?: string; reason: string }): { taskId: string } {
    const r = this.expect(p.id, ['Failover'], 'fail back');
    if (p.toHostId || p.path) {
      throw new FerryError(ErrorCode.ReplicaOperation, 'Failback to a new location is not available yet: fail back to the original VM (leave out --to-host and --path)');
    }
    return this.task(`Failback of ${r.name} to ${r.sourceVmName}`, p.reason, async (ctx, host, log) => {
      const result = await host.failback(r, log, (f) => ctx.progress(f * 0.9));
      const at = nowIso();
      const failback = { toHostId: this.sourceHostId(r), path: null, at, bytesSent: result.bytesSent, blocksCompared: result.blocksCompared };
      this.save({ ...r, state: 'ReadyToSwitch', failback, pendingRanges: result.written });
      await host.setReplicaRunning(r, false, log);
      await host.setSourceRunning(r.sourceVmId, true, log);
      this.save({ ...this.record(r.id), state: 'Failback' });
      return { state: 'Failback', bytesSent: result.bytesSent, blocksCompared: result.blocksCompared };
    });
  }

  commitFailback(p: { id: string; reason: string }): { taskId: string } {
    const r = this.expect(p.id, ['Failback'], 'commit the failback of');
    return this.task(`Commit failback of ${r.name}`, p.reason, async (_ctx, host, log) => {
      // the replica goes back to its newest point; what it wrote is in production now and goes with the next run
      await host.undoFailover(r, log);
      this.save({ ...r, state: 'Ready', failover: null, failback: null, failoverFiles: [] });
      return { state: 'Ready' };
    });
  }

  undoFailback(p: { id: string; reason: string }): { taskId: string } {
    const r = this.expect(p.id, ['Failback'], 'undo the failback of');
    return this.task(`Undo failback of ${r.name}`, p.reason, async (_ctx, host, log) => {
      await host.setSourceRunning(r.sourceVmId, false, log);
      await host.setReplicaRunning(r, true, log);
      this.save({ ...r, state: 'Failover', failback: null });
      return { state: 'Failover' };
    });
  }

  /** Planned failover: sync, shut the source down, sync the last changes; both points are kept. */
  private async plannedSync(r: ReplicaRecord, ctx: TaskContext, host: ReplicaHost, log: PlatformLog) {
    const job = this.d.store.getJob(r.jobId);
    if (!job) throw new FerryError(ErrorCode.NotFound, `Job ${r.jobId} of replica ${r.name} no longer exists`);
    const sync = async (what: string) => {
      const sessionId = this.d.orchestrator.start(job, { trigger: 'manual', vmIds: [r.sourceVmId] });
      log('info', `${what}: replication session ${sessionId}`);
      await this.d.orchestrator.done(sessionId);
      const s = this.d.store.getSession(sessionId);
      if (s?.result !== 'Success' && s?.result !== 'Warning') throw new FerryError(ErrorCode.ReplicaOperation, `${what} did not succeed (session ${sessionId}: ${s?.result ?? 'unknown'} — ${s?.reason ?? ''}); the source VM was not touched further`);
    };
    await sync('Sync while the source runs');
    ctx.progress(0.4);
    await host.setSourceRunning(r.sourceVmId, false, log);
    await sync('Sync of the last changes (source shut down)');
    ctx.progress(0.8);
    const point = newestPoint(this.record(r.id));
    if (!point) throw new FerryError(ErrorCode.ReplicaOperation, `Replica ${r.name} has no point after the sync`);
    return point;
  }

  private task(title: string, reason: string, fn: (ctx: TaskContext, host: ReplicaHost, log: PlatformLog) => Promise<Record<string, unknown>>): { taskId: string } {
    const host = this.d.host;
    if (!host) throw new FerryError(ErrorCode.ReplicaOperation, 'This platform does not run replication');
    const t = this.d.tasks.start(title, async (ctx) => {
      if (reason) ctx.log('info', `Reason: ${reason}`);
      const result = await fn(ctx, host, (level, text) => ctx.log(level, text));
      ctx.log('info', `${title}: done, state ${String(result.state)}`);
      return result;
    });
    return { taskId: t.id };
  }

  private expect(id: string, states: ReplicaState[], what: string): ReplicaRecord {
    const r = this.record(id);
    if (!states.includes(r.state)) throw new FerryError(ErrorCode.ReplicaOperation, `Cannot ${what} ${r.name}: it is in state ${r.state} (needs ${states.join(' or ')})`);
    if (this.d.orchestrator.runningJobIds().includes(r.jobId)) throw new FerryError(ErrorCode.JobRunning, `Job of replica ${r.name} is running: wait for it to end`);
    return r;
  }

  private record(idOrName: string): ReplicaRecord {
    const all = this.d.store.listReplicas();
    const r = all.find((x) => x.id === idOrName) ?? all.find((x) => x.name.toLowerCase() === idOrName.toLowerCase());
    if (!r) throw notFound('Replica', idOrName);
    return r;
  }

  private save(r: ReplicaRecord): void {
    this.d.store.putReplica(r);
    this.d.changed('replicas');
  }

  private sourceHostId(r: ReplicaRecord): string {
    return this.d.vmHostId(r.sourceVmId);
  }

  private view(r: ReplicaRecord): Replica {
    return replicaView(r, this.d.store.getJob(r.jobId), this.d.hostName(r.targetHostId), new Date());
  }
}
