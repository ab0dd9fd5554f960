// Jobs and their restore points from the command line: deleting a job (keeping or deleting its restore points), and
// finding restore points by job name — also those of a deleted job whose points were kept.
import { resolve } from 'node:path';
import type { FerryClient } from '../../src-shared/contract/client';
import { ErrorCode, FerryError } from '../../src-shared/contract/errors';
import type { RestorePoint } from '../../src-shared/domain';
import type { Command } from './cli';
import { defaultDataDir } from './data-dir';
import { withClient } from './service-client';
import { UsageError } from './usage';

const dataOpt = { data: { type: 'string' as const } };
const dataDirOf = (v: Record<string, unknown>): string => resolve(typeof v.data === 'string' ? v.data : defaultDataDir());
const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function findJob(jobs: Array<{ id: string; spec: { name: string } }>, name: string) {
  const job = jobs.find((j) => sameName(j.spec.name, name) || j.id === name);
  if (!job) throw new FerryError(ErrorCode.NotFound, `No job named ${name}`);
  return job;
}

/**
 * The restore points of the job named `name`, newest first: a job that exists, else a deleted job whose points were
 * kept (they keep its name). `pointId` picks one of them; without it the newest.
 */
export async function findRestorePoint(c: FerryClient, name: string, pointId: string | undefined): Promise<RestorePoint> {
  const job = (await c.call('jobs.list', {})).find((j) => sameName(j.spec.name, name) || j.id === name);
  const points = job
    ? await c.call('restorePoints.list', { jobId: job.id })
    : (await c.call('restorePoints.list', {})).filter((p) => p.jobDeleted && (sameName(p.jobName, name) || p.jobId === name));
  if (!job && points.length === 0) throw new FerryError(ErrorCode.NotFound, `No job named ${name}, and no kept restore points of a deleted job of that name`);
  const label = job ? `Job ${job.spec.name}` : `Deleted job ${name}`;
  const point = pointId ? points.find((p) => p.id === pointId) : points[0];
  if (!point) throw new FerryError(ErrorCode.NotFound, `${label} has no ${pointId ? `restore point ${pointId}` : 'restore point yet'}`);
  return point;
}

export const jobCommands: Record<string, Command> = {
  'job delete': {
    usage: 'ferry job delete NAME --restore-points keep|delete [--data DIR]',
    summary: "Delete a job; its restore points are kept (still listed, verifiable, restorable) or deleted from the repository",
    options: { ...dataOpt, 'restore-points': { type: 'string' } },
    positionals: 1,
    async run({ values, positionals }, io) {
      const choice = values['restore-points'];
      if (choice !== 'keep' && choice !== 'delete') throw new UsageError("--restore-points keep|delete is required: say what happens to the job's restore points");
      return withClient(dataDirOf(values), io, async (c) => {
        const job = findJob(await c.call('jobs.list', {}), positionals[0]);
        const r = await c.call('jobs.delete', { id: job.id, restorePoints: choice });
        io.out(
          choice === 'keep'
            ? `Deleted job ${job.spec.name}; kept its ${r.restorePointsKept} restore point(s) (ferry verify/restore --job ${job.spec.name})`
            : `Deleted job ${job.spec.name} and its ${r.restorePointsDeleted} restore point(s)`,
        );
        return 0;
      });
    },
  },
};
