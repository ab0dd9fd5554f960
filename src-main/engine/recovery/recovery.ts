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

export interface RecoveryDeps {
  store: Store;
  servers: ManagedServers;
  /** null: this platform cannot restore yet (refused with E_CONFLICT) */
  platform: RestorePlatform | null;
  /** runs a resolved restore as a session; returns its id */
  startSession?: (resolved: Resolved, req: { mode: 'original' | 'new' | 'disks'; reason: string; powerOn: boolean; quickRollback: boolean }, sessionId: string) => Promise<void>;
  /** a restore session's facts (kept by the session runner) */
  sessionFacts?: (id: string) => RestoreSessionFacts | null;
  newSessionId: () => string;
}

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

  async startVm(req: RestoreVmRequest): Promise<{ sessionId: string }> {
    const sessionId = this.d.newSessionId();
    const resolved = await planVmRestore(await this.context(sessionId), req);
    return this.start(resolved, { mode: req.mode, reason: req.reason, powerOn: req.powerOn, quickRollback: req.mode === 'original' && req.quickRollback }, sessionId);
  }

  async startDisks(req: RestoreDisksRequest): Promise<{ sessionId: string }> {
    const sessionId = this.d.newSessionId();
    const resolved = await planDisksRestore(await this.context(sessionId), req);
    return this.start(resolved, { mode: 'disks', reason: req.reason, powerOn: false, quickRollback: false }, sessionId);
  }

  private async start(resolved: Resolved, req: Parameters<NonNullable<RecoveryDeps['startSession']>>[1], sessionId: string): Promise<{ sessionId: string }> {
    const first = resolved.plan.blockers[0];
    if (first) throw new FerryError(first.code, first.message, { blockers: resolved.plan.blockers });
    if (!this.d.startSession) throw new FerryError(ErrorCode.Conflict, 'Restore sessions are not available on this engine');
    await this.d.startSession(resolved, req, sessionId);
    return { sessionId };
  }

  session(id: string): RestoreSessionFacts {
    const facts = this.d.sessionFacts?.(id) ?? null;
    if (!facts) throw notFound('Restore session', id);
    return facts;
  }
}

function clusterDefault(volumes: Array<{ path: string; kind: string; freeBytes: number }>): string {
  const csv = [...volumes].filter((v) => v.kind === 'csv').sort((a, b) => b.freeBytes - a.freeBytes)[0];
  return csv ? `${csv.path.replace(/\\$/, '')}\\Hyper-V` : '';
}
