// The end of a backup session's data path: the disks that made it become one restore point (atomic in the
// repository, then recorded in the store with what the next incremental needs), and the job's retention runs.
import type { Inventory, Job, RestorePoint } from '../../../src-shared/domain';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { DiskTaskResult } from '../datamover/task';
import type { RepoPool } from '../repository/repo-pool';
import type { Repo } from '../repository';
import type { Store } from '../store/store';
import { fmtBytes } from '../util/format';
import type { StoredPointDisk } from './change-chain';
import type { SessionRecorder } from './session-recorder';

export interface DiskOutcome {
  vmId: string;
  diskIndex: number;
  result: DiskTaskResult;
  /** the change-tracking reference taken with this disk's snapshot (recorded for the next incremental) */
  referenceId: string | null;
}

export interface CommitContext {
  job: Job;
  store: Store;
  repos: RepoPool;
  rec: SessionRecorder;
  /** no other session runs: the repository may be garbage-collected */
  isOnlySession: () => boolean;
}

export async function commitRestorePoint(ctx: CommitContext, inv: Inventory, outcomes: DiskOutcome[]): Promise<void> {
  const { job, store, rec } = ctx;
  if (outcomes.length === 0) return;
  const repoRow = store.getRepository(job.spec.repositoryId);
  if (!repoRow) throw new FerryError(ErrorCode.RepoMissing, `Repository ${job.spec.repositoryId} no longer exists`);
  await ctx.repos.use(repoRow.path, async (repo) => {
    const w = repo.beginPoint({ jobId: job.id, sessionId: rec.id, jobName: job.spec.name });
    try {
      for (const o of outcomes) await w.addDisk(o.result.manifest);
      const info = await w.commit();
      const disks = outcomes.map((o): StoredPointDisk => {
        const vm = inv.vms.find((v) => v.id === o.vmId);
        return {
          vmId: o.vmId,
          vmName: vm?.name ?? o.vmId,
          diskIndex: o.diskIndex,
          sourcePath: vm?.disks[o.diskIndex]?.path ?? o.result.manifest.sourcePath,
          virtualSizeBytes: o.result.manifest.virtualSize,
          storedBytes: o.result.stats.bytesTransferred,
          kind: o.result.mode === 'incremental' ? 'incremental' : 'full',
          consistency: rec.vm(o.vmId).consistency ?? (job.spec.applicationConsistent ? 'application' : 'crash'),
          referenceId: o.referenceId,
          blockSize: o.result.manifest.blockSize,
        };
      });
      store.putRestorePoint({ id: info.id, jobId: job.id, jobName: job.spec.name, jobDeleted: false, sessionId: rec.id, repositoryId: repoRow.id, createdAt: info.createdAt, disks, vms: pointVms(inv, outcomes), lastVerify: null });
      rec.view.restorePointId = info.id;
      rec.log('info', `Restore point ${info.id} created with ${disks.length} disk(s)`);
      await applyRetention(ctx, repo);
    } catch (e) {
      await w.abort().catch(() => undefined);
      throw e;
    }
  });
}

/** Each backed-up VM's configuration as the inventory had it when the session started (what a restore recreates). */
function pointVms(inv: Inventory, outcomes: DiskOutcome[]): RestorePoint['vms'] {
  const ids = [...new Set(outcomes.map((o) => o.vmId))];
  return ids.map((id) => {
    const vm = inv.vms.find((v) => v.id === id);
    return { vmId: id, vmName: vm?.name ?? id, hostId: vm?.hostId ?? '', clusterId: vm?.clusterId ?? null, config: vm?.config ?? null };
  });
}

/** Keep the job's last N restore points; chunks no point needs any more are collected when nothing else writes. */
async function applyRetention(ctx: CommitContext, repo: Repo): Promise<void> {
  const { job, store, rec } = ctx;
  const { keepLast } = job.spec.retention;
  const { removed } = await repo.forget({ keepLast, match: { jobId: job.id } });
  for (const p of removed) store.deleteRestorePoint(p.id);
  if (removed.length === 0) return;
  rec.log('info', `Retention (keep last ${keepLast}): removed ${removed.length} older restore point(s)`);
  if (ctx.isOnlySession()) {
    const gc = await repo.gc();
    rec.log('info', `Repository cleanup: ${gc.chunksRemoved} unreferenced chunk(s), ${fmtBytes(gc.bytesFreed)} freed`);
  }
}
