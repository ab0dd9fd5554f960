// The Backups view's facts: restore points grouped job → VM → point, points of deleted jobs under "orphaned",
// and one VM of one point with its saved configuration. Read from the store only (no repository access).
import type { Inventory, Job, Repository, RestorePoint } from '../../../src-shared/domain';
import type { BackupJob, BackupPointSummary, Backups, PointVm } from '../../../src-shared/contract/restore';
import { notFound } from '../util/not-found';

export interface BackupsSource {
  points: RestorePoint[];
  jobs: Job[];
  repositories: Repository[];
  inventory: Inventory;
}

/** One VM's share of a point: kind and consistency summed over its disks. */
export function summarize(point: RestorePoint, vmId: string): BackupPointSummary {
  const disks = point.disks.filter((d) => d.vmId === vmId);
  return {
    pointId: point.id,
    createdAt: point.createdAt,
    kind: disks.some((d) => d.kind === 'incremental') ? 'incremental' : 'full',
    consistency: disks.some((d) => d.consistency === 'crash') ? 'crash' : 'application',
    sizeBytes: disks.reduce((s, d) => s + d.virtualSizeBytes, 0),
    storedBytes: disks.reduce((s, d) => s + d.storedBytes, 0),
    diskCount: disks.length,
    verified: point.lastVerify,
    hasConfig: (point.vms ?? []).some((v) => v.vmId === vmId && v.config !== null),
  };
}

export function buildBackups(src: BackupsSource): Backups {
  const jobName = new Map(src.jobs.map((j) => [j.id, j.spec.name]));
  const inInventory = new Set(src.inventory.vms.map((v) => v.id));
  const groups = new Map<string, BackupJob>();
  // newest first (the store's order), so each VM's points come out newest first too
  const sorted = [...src.points].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  for (const p of sorted) {
    const deleted = !jobName.has(p.jobId);
    let g = groups.get(p.jobId);
    if (!g) {
      g = {
        jobId: p.jobId,
        jobName: jobName.get(p.jobId) ?? (p.jobName || p.jobId),
        jobDeleted: deleted,
        repositoryId: p.repositoryId,
        repositoryName: src.repositories.find((r) => r.id === p.repositoryId)?.name ?? p.repositoryId,
        vms: [],
      };
      groups.set(p.jobId, g);
    }
    for (const vmId of [...new Set(p.disks.map((d) => d.vmId))]) {
      let vm = g.vms.find((v) => v.vmId === vmId);
      if (!vm) {
        vm = { vmId, vmName: p.disks.find((d) => d.vmId === vmId)?.vmName ?? vmId, inInventory: inInventory.has(vmId), points: [] };
        g.vms.push(vm);
      }
      vm.points.push(summarize(p, vmId));
    }
  }
  const all = [...groups.values()].map((g) => ({ ...g, vms: g.vms.sort((a, b) => a.vmName.localeCompare(b.vmName)) }));
  const byName = (a: BackupJob, b: BackupJob) => a.jobName.localeCompare(b.jobName);
  return { jobs: all.filter((g) => !g.jobDeleted).sort(byName), orphaned: all.filter((g) => g.jobDeleted).sort(byName) };
}

export function pointVm(point: RestorePoint, vmId: string, inventory: Inventory): PointVm {
  const disks = point.disks.filter((d) => d.vmId === vmId).sort((a, b) => a.diskIndex - b.diskIndex);
  if (disks.length === 0) throw notFound('VM', `${vmId} in restore point ${point.id}`);
  const saved = (point.vms ?? []).find((v) => v.vmId === vmId);
  const live = inventory.vms.find((v) => v.id === vmId);
  const hostId = saved?.hostId || live?.hostId || '';
  return {
    pointId: point.id,
    createdAt: point.createdAt,
    vmId,
    vmName: disks[0].vmName,
    sourceHostId: hostId || 'unknown',
    sourceHostName: inventory.hosts.find((h) => h.id === hostId)?.name ?? (hostId || 'unknown'),
    sourceClusterId: saved?.clusterId ?? live?.clusterId ?? null,
    config: saved?.config ?? null,
    disks: disks.map((d) => ({ diskIndex: d.diskIndex, sourcePath: d.sourcePath, virtualSizeBytes: d.virtualSizeBytes, kind: d.kind, consistency: d.consistency })),
  };
}
