// `ferry disk backup`: one disk file → one new restore point, full or (with change data and a previous
// point of the same file) incremental. The repository is written only after every argument checked out.
import { basename } from 'node:path';
import { InProcessDataMover } from '../engine/datamover/in-process-mover';
import type { ByteRange, DiskTaskEvent, DiskTaskResult } from '../engine/datamover/task';
import { PARENT_POINT_LABEL, type DiskManifestInput, type Repo } from '../engine/repository';
import type { Compression } from '../../src-shared/domain';
import type { z } from 'zod';

/** Labels of points made by `ferry disk backup`: which file, so the next run finds its base. */
export const SOURCE_LABEL = 'sourcePath';
export const KIND_LABEL = 'kind';
export const DISK_BACKUP_KIND = 'disk-backup';

export interface DiskBackupRequest {
  /** absolute path of the disk file */
  file: string;
  blockSize: number;
  compression: z.infer<typeof Compression>;
  changedRanges?: ByteRange[];
  throttleMBps?: number;
}

export interface DiskBackupOutcome {
  pointId: string;
  diskKey: string;
  parentPointId?: string;
  result: DiskTaskResult;
}

/** A disk key from the file name: the characters the repository accepts, the rest as '_'. */
export function diskKeyOf(file: string): string {
  return basename(file).replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 200) || 'disk';
}

/** The newest point made from this same file: the base an incremental builds on. */
export async function findBase(repo: Repo, file: string, diskKey: string): Promise<{ pointId: string; manifest: DiskManifestInput } | undefined> {
  const candidates = (await repo.listPoints())
    .filter((p) => p.labels[SOURCE_LABEL] === file && p.disks.some((d) => d.diskKey === diskKey))
    .sort((a, b) => (a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt.localeCompare(b.createdAt)));
  const newest = candidates[candidates.length - 1];
  return newest ? { pointId: newest.id, manifest: await repo.readManifest(newest.id, diskKey) } : undefined;
}

export async function backupDisk(repo: Repo, req: DiskBackupRequest, onEvent: (e: DiskTaskEvent) => void, signal: AbortSignal): Promise<DiskBackupOutcome> {
  const diskKey = diskKeyOf(req.file);
  const base = req.changedRanges ? await findBase(repo, req.file, diskKey) : undefined;
  const mover = new InProcessDataMover({ use: (_dir, fn) => fn(repo) });
  const result = await mover.run(
    {
      taskId: `cli:${diskKey}`,
      sourcePath: req.file,
      diskKey,
      repositoryDir: repo.dir,
      blockSize: req.blockSize,
      compression: req.compression,
      changedRanges: req.changedRanges,
      baseManifest: base?.manifest,
      throttleMBps: req.throttleMBps,
    },
    onEvent,
    signal,
  );
  const incremental = result.mode === 'incremental' && base !== undefined;
  const labels: Record<string, string> = { [KIND_LABEL]: DISK_BACKUP_KIND, [SOURCE_LABEL]: req.file };
  if (incremental) labels[PARENT_POINT_LABEL] = base.pointId;
  const writer = repo.beginPoint(labels);
  try {
    await writer.addDisk(result.manifest);
    const point = await writer.commit();
    return { pointId: point.id, diskKey, ...(incremental ? { parentPointId: base.pointId } : {}), result };
  } catch (e) {
    await writer.abort();
    throw e;
  }
}
