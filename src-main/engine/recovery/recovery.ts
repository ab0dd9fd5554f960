// Recovery operations (the contract's restore.* namespace): the Backups view, a point's VM configuration, restore
// targets, plans with their space check, and restore sessions (restore-session.ts runs them).
import type { Inventory } from '../../../src-shared/domain';
import type { Backups, PointVm, RestoreDisksRequest, RestorePlan, RestoreSessionFacts, RestoreTarget, RestoreVmRequest } from '../../../src-shared/contract/restore';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { RestorePlatform } from '../platform/restore-types';
import type { ManagedServers } from '../servers/managed-servers';
import type { Store } from '../store/store';
import { notFound } from '../util/not-found';
import { buildBackups, pointVm, summarize } from './backups-view';
import { planDisksRestore } from './plan-disks';
import { planVmRestore } from './plan-vm';
import type { PlanContext, Resolved } from './restore-plan-types';
import type { ManualStarter } from '../../../src-shared/domain';
import type { DiskWriter } from '../datamover/restore-task';
import type { Orchestrator } from '../orchestrator/orchestrator';
import type { SessionSink } from '../orchestrator/session-recorder';
import type { PlatformLog } from '../platform/types';
import type { ChangeListener } from '../util/changes';
import type { RestoreLedgerDoc } from './restore-ledger';
import { recoverRestores } from './restore-recovery';
import { RestoreSession, type RestoreRequestFacts } from './restore-session';

export interface RecoveryDeps {
  store: Store;
  servers: ManagedServers;
  /** null: this platform cannot restore yet (refused with E_CONFLICT) */
  platform: RestorePlatform | null;
  writer: DiskWriter;
  orchestrator: Orchestrator;
  sink: SessionSink;
  changed: ChangeListener;
  newSessionId: () => string;
}

type StartFacts = Omit<RestoreRequestFacts, 'startedBy'>;

export class Recovery {
  constructor(private readonly d: RecoveryDeps) {}

  private inventory(): Promise<Inventory> {
    return this.d.servers.inventory();
  }

  private get platform(): RestorePlatform {
    if (!this.d.platform) throw new FerryError(ErrorCode.Conflict, 'This platform cannot restore VMs yet');
    return this.d.platform;
  }

  async backups(): Promise<Backups> {
    return buildBackups({ points: this.d.store.listRestorePoints(), jobs: this.d.store.listJobs(), repositories: this.d.store.listRepositories(), inventory: await this.inventory() });
  }

  vmPoints(vmId: string) {
    const jobs = new Map(this.d.store.listJobs().map((j) => [j.id, j.spec.name]));
    return this.d.store
      .listRestorePoints()
      .filter((p) => p.disks.some((d) => d.vmId === vmId))
      .map((p) => ({ ...summarize(p, vmId), jobId: p.jobId, jobName: jobs.get(p.jobId) ?? (p.jobName || p.jobId), jobDeleted: !jobs.has(p.jobId) }));
  }

  async pointVm(pointId: string, vmId: string): Promise<PointVm> {
    const point = this.d.store.getRestorePoint(pointId);
    if (!point) throw notFound('Restore point', pointId);
    return pointVm(point, vmId, await this.inventory());
  }

  async targets(): Promise<RestoreTarget[]> {
    const managed = this.d.servers.list();
    const facts = await this.platform.restoreServers(managed.map((s) => s.id));
    return facts.map((f) => ({
      serverId: f.serverId,
      name: f.name,
      kind: f.kind,
      nodeIds: f.nodeIds,
      defaultPath: f.kind === 'hyperv-cluster' ? clusterDefault(f.volumes) : f.defaultPath,
      volumes: f.volumes.map((v) => ({ path: v.path, kind: v.kind, freeBytes: v.freeBytes })),
      switches: f.switches,
      available: f.available,
      unavailableReason: f.unavailableReason,
    }));
  }

  private async context(sessionId: string): Promise<PlanContext> {
    return { store: this.d.store, inventory: await this.inventory(), managed: this.d.servers.list(), platform: this.platform, sessionId };
  }

  async planVm(req: RestoreVmRequest): Promise<RestorePlan> {
    return (await planVmRestore(await this.context('plan'), req)).plan;
  }

  async planDisks(req: RestoreDisksRequest): Promise<RestorePlan> {
    return (await planDisksRestore(await this.context('plan'), req)).plan;
  }

  async startVm(req: RestoreVmRequest, startedBy: ManualStarter = 'console'): Promise<{ sessionId: string }> {
    const sessionId = this.d.newSessionId();
    const resolved = await planVmRestore(await this.context(sessionId), req);
    return this.start(resolved, { mode: req.mode, reason: req.reason, powerOn: req.powerOn, quickRollback: req.mode === 'original' && req.quickRollback }, sessionId, startedBy);
  }

  async startDisks(req: RestoreDisksRequest, startedBy: ManualStarter = 'console'): Promise<{ sessionId: string }> {
    const sessionId = this.d.newSessionId();
    const resolved = await planDisksRestore(await this.context(sessionId), req);
    return this.start(resolved, { mode: 'disks', reason: req.reason, powerOn: false, quickRollback: false }, sessionId, startedBy);
  }

  /** Refused with the plan's first blocker (all of them in details); else a session in the orchestrator. */
  private start(resolved: Resolved, req: StartFacts, sessionId: string, startedBy: ManualStarter): { sessionId: string } {
    const first = resolved.plan.blockers[0];
    if (first) throw new FerryError(first.code, first.message, { blockers: resolved.plan.blockers });
    const jobId = resolved.items[0]?.point.jobId ?? 'restore';
    const session = new RestoreSession(sessionId, resolved, { ...req, startedBy }, { store: this.d.store, platform: this.platform, writer: this.d.writer, sink: this.d.sink, changed: this.d.changed });
    this.d.orchestrator.adopt(session, jobId, () => session.run());
    this.live.set(sessionId, session);
    void this.d.orchestrator.wait(sessionId).finally(() => this.live.delete(sessionId));
    this.d.changed('sessions');
    return { sessionId };
  }

  private readonly live = new Map<string, RestoreSession>();

  session(id: string): RestoreSessionFacts {
    const facts = this.live.get(id)?.facts ?? this.d.store.getRestoreLedger<RestoreLedgerDoc>(id)?.facts ?? null;
    if (!facts) throw notFound('Restore session', id);
    return facts;
  }

  /** After a crash: interrupted restores are cleaned on their targets (restore-recovery.ts). */
  async recover(log: PlatformLog): Promise<string[]> {
    if (!this.d.platform) return [];
    return recoverRestores(this.d.store, this.d.platform, (id) => this.d.orchestrator.isRunning(id), log);
  }
}

function clusterDefault(volumes: Array<{ path: string; kind: string; freeBytes: number }>): string {
  const csv = [...volumes].filter((v) => v.kind === 'csv').sort((a, b) => b.freeBytes - a.freeBytes)[0];
  return csv ? `${csv.path.replace(/\\$/, '')}\\Hyper-V` : '';
}
