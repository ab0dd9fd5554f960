// Deleting a job, with the admin's choice for its restore points:
//  - keep: the points stay in the repository and in the store, listed under the deleted job's name (jobDeleted),
//    verifiable and restorable like any other;
//  - delete: each point is forgotten in its repository (point file first: atomic), then in the store; the chunks
//    only they used are collected when no session writes (else at the next cleanup); the change-tracking
//    references their snapshots took are retired, unless another job's newest point builds on one.
import type { Job } from '../../../src-shared/domain';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { ChangeReference, Platform, PlatformLog } from '../platform/types';
import type { RepoPool } from '../repository/repo-pool';
import type { Store } from '../store/store';
import { fmtBytes } from '../util/format';
import type { StoredPointDisk } from './change-chain';
import { retireChangeReferences } from './reference-retirement';

export type RestorePointChoice = 'keep' | 'delete';

export interface JobDeletionDeps {
  store: Store;
  repos: RepoPool;
  platform: Platform;
  /** no session runs: a repository gc cannot race a backup */
  idle: () => boolean;
}

export interface JobDeletionResult {
  restorePointsDeleted: number;
  restorePointsKept: number;
}

export async function deleteJob(deps: JobDeletionDeps, job: Job, choice: RestorePointChoice, log: PlatformLog): Promise<JobDeletionResult> {
  const { store } = deps;
  const points = store.listRestorePoints(job.id);
  if (choice === 'keep') {
    store.deleteJob(job.id);
    if (points.length > 0) log('info', `Job ${job.spec.name} deleted; its ${points.length} restore point(s) are kept in the repository`);
    return { restorePointsDeleted: 0, restorePointsKept: points.length };
  }
  // Every repository first: a point the repository refuses to forget (locked, unreadable) stops the delete with the
  // job and the points that are left still registered, so nothing becomes unreachable.
  const byRepo = new Map<string, string[]>();
  for (const p of points) byRepo.set(p.repositoryId, [...(byRepo.get(p.repositoryId) ?? []), p.id]);
  let deleted = 0;
  for (const [repositoryId, ids] of byRepo) {
    const repoRow = store.getRepository(repositoryId);
    if (!repoRow) throw new FerryError(ErrorCode.RepoMissing, `Repository ${repositoryId} of ${ids.length} restore point(s) of job ${job.spec.name} is not registered: nothing was deleted from it`);
    await deps.repos.use(repoRow.path, async (repo) => {
      const { removed } = await repo.forget({ keepLast: 0, match: { jobId: job.id } });
      for (const id of new Set([...ids, ...removed.map((r) => r.id)])) store.deleteRestorePoint(id);
      deleted += ids.length;
      if (!deps.idle()) return log('info', `Deleted ${ids.length} restore point(s) of job ${job.spec.name} from ${repoRow.name}; their data is freed at the next cleanup`);
      const gc = await repo.gc();
      log('info', `Deleted ${ids.length} restore point(s) of job ${job.spec.name} from ${repoRow.name}; ${fmtBytes(gc.bytesFreed)} freed`);
    });
  }
  store.deleteJob(job.id);
  await retireChangeReferences(deps.platform, referencesOf(points.flatMap((p) => p.disks as StoredPointDisk[])), store.listRestorePoints(), [], log);
  return { restorePointsDeleted: deleted, restorePointsKept: 0 };
}

function referencesOf(disks: StoredPointDisk[]): ChangeReference[] {
  return disks.flatMap((d) => (d.referenceId ? [{ vmId: d.vmId, diskIndex: d.diskIndex, referenceId: d.referenceId }] : []));
}
