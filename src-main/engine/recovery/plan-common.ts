// Shared steps of every restore plan: which point, which server's facts, where a path lands, quick rollback per
// disk, the space check, and the public plan built from the resolved items.
import type { RestorePoint } from '../../../src-shared/domain';
import type { RestorePlan, SpaceCheck } from '../../../src-shared/contract/restore';
import { ErrorCode } from '../../../src-shared/contract/errors';
import type { StoredPointDisk } from '../orchestrator/change-chain';
import type { RestoreServerFacts, RestoreVolumeFacts } from '../platform/restore-types';
import { notFound } from '../util/not-found';
import type { Collector, PlanContext, Resolved, ResolvedDisk, ResolvedItem } from './restore-plan-types';
import { isUnder } from './win-path';

/** The point asked for, or the VM's newest one. */
export function pickPoint(ctx: PlanContext, vmId: string, pointId: string | undefined): RestorePoint {
  if (pointId) {
    const p = ctx.store.getRestorePoint(pointId);
    if (!p) throw notFound('Restore point', pointId);
    if (!p.disks.some((d) => d.vmId === vmId)) throw notFound('VM', `${vmId} in restore point ${pointId}`);
    return p;
  }
  const newest = ctx.store.listRestorePoints().find((p) => p.disks.some((d) => d.vmId === vmId));
  if (!newest) throw notFound('Restore point of VM', vmId);
  return newest;
}

export const pointDisks = (point: RestorePoint, vmId: string): StoredPointDisk[] =>
  (point.disks as StoredPointDisk[]).filter((d) => d.vmId === vmId).sort((a, b) => a.diskIndex - b.diskIndex);

/** A point that failed its last verify is refused: a restore must give back what was backed up, or nothing. */
export function checkPointHealth(c: Collector, point: RestorePoint, vmId: string): void {
  if (point.lastVerify && !point.lastVerify.ok) {
    c.blockers.push({ code: ErrorCode.PointDamaged, message: `Restore point ${point.id} failed verification (${point.lastVerify.summary}): pick another point`, vmId });
  }
}

export async function serverFacts(ctx: PlanContext, c: Collector, serverId: string): Promise<RestoreServerFacts | null> {
  const cached = c.facts.get(serverId);
  if (cached) return cached;
  if (!ctx.managed.some((s) => s.id === serverId)) return null;
  const [facts] = await ctx.platform.restoreServers([serverId]);
  if (facts) c.facts.set(serverId, facts);
  return facts ?? null;
}

/** The volume of the server a path lies on (longest root first), or null. */
export function volumeFor(facts: RestoreServerFacts, path: string): RestoreVolumeFacts | null {
  return [...facts.volumes].sort((a, b) => b.path.length - a.path.length).find((v) => isUnder(path, v.path)) ?? null;
}

/** Quick rollback of one disk: the ranges changed on the live disk since the point's change-tracking reference. */
export async function rollbackRanges(ctx: PlanContext, vmId: string, disk: StoredPointDisk, liveSize: number | undefined): Promise<{ ranges: ResolvedDisk['ranges']; reason: string }> {
  if (liveSize !== disk.virtualSizeBytes) return { ranges: null, reason: 'the disk was resized since the point: full restore' };
  if (!disk.referenceId) return { ranges: null, reason: 'the point has no change-tracking reference for this disk: full restore' };
  const changed = await ctx.platform.changedSince(vmId, disk.diskIndex, disk.referenceId);
  if (changed.ranges === null) return { ranges: null, reason: `${changed.reason}: full restore` };
  return { ranges: changed.ranges, reason: 'only the blocks changed since the point are written back' };
}

export function spaceChecks(items: ResolvedItem[], c: Collector): SpaceCheck[] {
  const need = new Map<string, { serverId: string; volumePath: string; bytes: number }>();
  for (const it of items) {
    for (const d of it.disks) {
      const key = `${it.moverServerId}|${d.volumePath.toLowerCase()}`;
      const cur = need.get(key) ?? { serverId: it.targetServerId, volumePath: d.volumePath, bytes: 0 };
      // a new file needs its whole size until the old one goes; an in-place rollback only what it writes
      cur.bytes += d.write === 'new-file' ? d.virtualSizeBytes : 0;
      need.set(key, cur);
    }
  }
  const out: SpaceCheck[] = [];
  for (const n of need.values()) {
    const facts = c.facts.get(n.serverId);
    const vol = facts?.volumes.find((v) => v.path.toLowerCase() === n.volumePath.toLowerCase());
    const free = vol?.freeBytes ?? 0;
    const check = { volumePath: n.volumePath, serverName: facts?.name ?? n.serverId, neededBytes: n.bytes, freeBytes: free, ok: n.bytes <= free };
    if (!check.ok) c.blockers.push({ code: ErrorCode.TargetNoSpace, message: `${check.serverName} ${check.volumePath}: the restore needs ${n.bytes} bytes, ${free} are free`, vmId: null });
    out.push(check);
  }
  return out;
}

export function toPlan(items: ResolvedItem[], c: Collector): Resolved {
  const space = spaceChecks(items, c);
  const plan: RestorePlan = {
    items: items.map((it) => ({
      vmId: it.vmId,
      vmName: it.vmName,
      pointId: it.point.id,
      pointCreatedAt: it.point.createdAt,
      mode: it.mode,
      targetServerId: it.targetServerId,
      targetServerName: it.targetServerName,
      targetHostId: it.targetHostId,
      targetVmName: it.targetVmName,
      targetPath: it.vmFolder,
      newVmId: it.newVmId,
      network: it.network,
      disks: it.disks.map((d) => ({ diskIndex: d.diskIndex, virtualSizeBytes: d.virtualSizeBytes, targetPath: d.targetPath, bytesToWrite: d.bytesToWrite, quickRollback: d.quickRollback })),
      originalVmState: it.originalVmState,
      warnings: it.warnings,
    })),
    space,
    blockers: c.blockers,
    ok: c.blockers.length === 0,
    bytesToWrite: items.reduce((s, it) => s + it.disks.reduce((n, d) => n + d.bytesToWrite, 0), 0),
  };
  return { items, plan };
}

export const newCollector = (): Collector => ({ blockers: [], facts: new Map() });
