// The Backups view's tree: job → VM → restore points, and the kept points of deleted jobs under "Orphaned".
// Pure: unit-tested directly. A restore point holds every VM of its session; here each VM sees only its disks.
import type { Job, RestorePoint } from '../../../src-shared/domain';

type PointDisk = RestorePoint['disks'][number];

/** One VM's part of one restore point. */
export interface VmPoint {
  point: RestorePoint;
  vmId: string;
  vmName: string;
  disks: PointDisk[];
  kind: 'full' | 'incremental';
  consistency: 'application' | 'crash';
  /** provisioned size of the VM's disks in the point */
  sizeBytes: number;
  /** what the VM's disks added to the repository in this point */
  storedBytes: number;
}

export interface BackupVmNode {
  /** "jobId/vmId": unique in the tree */
  key: string;
  jobId: string;
  vmId: string;
  vmName: string;
  /** newest first */
  points: VmPoint[];
}

export interface BackupJobNode {
  jobId: string;
  jobName: string;
  /** the job was deleted and its points kept */
  orphaned: boolean;
  vms: BackupVmNode[];
  pointCount: number;
}

export interface BackupTree {
  jobs: BackupJobNode[];
  orphaned: BackupJobNode[];
}

const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** The VM's part of a point; null when the point has none of its disks. */
export function vmPoint(point: RestorePoint, vmId: string): VmPoint | null {
  const disks = point.disks.filter((d) => d.vmId === vmId).sort((a, b) => a.diskIndex - b.diskIndex);
  if (disks.length === 0) return null;
  return {
    point,
    vmId,
    vmName: disks[0]!.vmName,
    disks,
    // a VM is incremental in a point when any of its disks was read incrementally (a new disk is read in full)
    kind: disks.some((d) => d.kind === 'incremental') ? 'incremental' : 'full',
    consistency: disks.some((d) => d.consistency === 'crash') ? 'crash' : 'application',
    sizeBytes: disks.reduce((n, d) => n + d.virtualSizeBytes, 0),
    storedBytes: disks.reduce((n, d) => n + d.storedBytes, 0),
  };
}

/** Every point that holds the VM, newest first (a VM can be in several jobs). */
export function pointsOfVm(points: readonly RestorePoint[], vmId: string): VmPoint[] {
  return points
    .map((p) => vmPoint(p, vmId))
    .filter((p): p is VmPoint => p !== null)
    .sort((a, b) => b.point.createdAt.localeCompare(a.point.createdAt));
}

/**
 * Jobs that exist, in the jobs list's name order, and the deleted jobs whose points were kept. A point counts as
 * orphaned when the engine says so, or when its job is no longer in the jobs list (the list can be newer).
 */
export function backupTree(points: readonly RestorePoint[], jobs: readonly Job[]): BackupTree {
  const liveJobs = new Map(jobs.map((j) => [j.id, j]));
  const byJob = new Map<string, RestorePoint[]>();
  for (const p of points) byJob.set(p.jobId, [...(byJob.get(p.jobId) ?? []), p]);
  const nodes: BackupJobNode[] = [...byJob.entries()].map(([jobId, jobPoints]) => {
    const job = liveJobs.get(jobId);
    const orphaned = !job || jobPoints.some((p) => p.jobDeleted);
    const newestName = [...jobPoints].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).find((p) => p.jobName)?.jobName;
    return { jobId, jobName: job?.spec.name ?? newestName ?? jobId, orphaned, vms: vmNodes(jobId, jobPoints), pointCount: jobPoints.length };
  });
  nodes.sort((a, b) => byName.compare(a.jobName, b.jobName));
  return { jobs: nodes.filter((n) => !n.orphaned), orphaned: nodes.filter((n) => n.orphaned) };
}

function vmNodes(jobId: string, points: readonly RestorePoint[]): BackupVmNode[] {
  const vmIds = [...new Set(points.flatMap((p) => p.disks.map((d) => d.vmId)))];
  return vmIds
    .map((vmId) => {
      const vmPoints = pointsOfVm(points, vmId);
      return { key: `${jobId}/${vmId}`, jobId, vmId, vmName: vmPoints[0]!.vmName, points: vmPoints };
    })
    .sort((a, b) => byName.compare(a.vmName, b.vmName));
}

/** The node a key names, in either group. */
export function findVmNode(tree: BackupTree, key: string | null): BackupVmNode | null {
  if (!key) return null;
  for (const job of [...tree.jobs, ...tree.orphaned]) {
    const vm = job.vms.find((v) => v.key === key);
    if (vm) return vm;
  }
  return null;
}
