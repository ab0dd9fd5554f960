// Restore points: list, verify (re-read and re-hash every chunk) and restore one disk, each long operation a task.
import type { RestorePoint } from '../../../src-shared/domain';
import type { RepoPool } from '../repository/repo-pool';
import type { Store } from '../store/store';
import type { TaskContext, TaskManager } from '../tasks/task-manager';
import type { ChangeListener } from '../util/changes';
import { notFound } from '../util/not-found';
import { fmtBytes } from '../util/format';
import { nowIso } from '../util/time';
import { checkRestoreTarget } from './restore-target';

export interface RestorePointsDeps {
  store: Store;
  repos: RepoPool;
  tasks: TaskManager;
  changed: ChangeListener;
}

export interface DiskRestoreRequest {
  /** restore point id */
  id: string;
  vmId: string;
  diskIndex: number;
  format: 'raw' | 'vhdx';
  /** a new file in an existing folder: restores never overwrite */
  outPath: string;
}

const fraction = (ctx: TaskContext) => (done: number, total: number) => ctx.progress(total > 0 ? done / total : 1);

export class RestorePoints {
  constructor(private readonly d: RestorePointsDeps) {}

  list(jobId?: string): RestorePoint[] {
    return this.d.store.listRestorePoints(jobId).map((p) => {
      const job = this.d.store.getJob(p.jobId);
      return { ...p, jobName: p.jobName || job?.spec.name || '', jobDeleted: job === null };
    });
  }

  /** Records the verdict on the point (lastVerify); the task's result says ok and why. */
  verify(id: string): { taskId: string } {
    const point = this.get(id);
    const repoPath = this.repositoryPath(point);
    const t = this.d.tasks.start(`Verify restore point ${id}`, async (ctx) => {
      ctx.log('info', `Re-reading and re-hashing every chunk of ${point.disks.length} disk(s)`);
      const report = await this.d.repos.read(repoPath, (repo) => repo.verify(id, fraction(ctx)));
      const summary = report.ok
        ? `OK: ${report.chunksChecked} chunks, ${fmtBytes(report.bytesChecked)} verified`
        : `DAMAGED: ${report.damaged.map((d) => `${d.diskKey} (${d.reason})`).join('; ')}`;
      ctx.log(report.ok ? 'info' : 'error', summary);
      this.d.store.putRestorePoint({ ...point, lastVerify: { at: nowIso(), ok: report.ok, summary } });
      this.d.changed('restorePoints');
      return { ok: report.ok, summary };
    });
    return { taskId: t.id };
  }

  /** One disk to a raw image or a dynamic VHDX; the target is checked before the task starts. */
  async restore({ id, vmId, diskIndex, format, outPath }: DiskRestoreRequest): Promise<{ taskId: string }> {
    const point = this.get(id);
    const disk = point.disks.find((d) => d.vmId === vmId && d.diskIndex === diskIndex);
    if (!disk) throw notFound('Disk', `${vmId}/${diskIndex} in restore point ${id}`);
    const repoPath = this.repositoryPath(point);
    await checkRestoreTarget(outPath);
    const t = this.d.tasks.start(`Restore ${disk.vmName} disk ${diskIndex} (${format.toUpperCase()})`, async (ctx) => {
      ctx.log('info', `Restoring ${disk.vmName} disk ${diskIndex} from ${id} to ${outPath}`);
      const progress = fraction(ctx);
      const diskKey = `${vmId}/${diskIndex}`;
      await this.d.repos.read(repoPath, (repo) => (format === 'raw' ? repo.restoreRaw(id, diskKey, outPath, progress) : repo.restoreVhdx(id, diskKey, outPath, progress)));
      ctx.log('info', `Restored ${fmtBytes(disk.virtualSizeBytes)} to ${outPath}`);
      return { outPath, bytes: disk.virtualSizeBytes };
    });
    return { taskId: t.id };
  }

  private get(id: string): RestorePoint {
    const point = this.d.store.getRestorePoint(id);
    if (!point) throw notFound('Restore point', id);
    return point;
  }

  private repositoryPath(point: RestorePoint): string {
    const repoRow = this.d.store.getRepository(point.repositoryId);
    if (!repoRow) throw notFound('Repository', point.repositoryId);
    return repoRow.path;
  }
}
