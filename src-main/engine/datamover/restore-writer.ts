// Writes one disk of a restore point on the target (RestoreDiskTask): a whole dynamic VHDX, or only given ranges
// back into an existing VHDX (quick rollback). Reads chunks from the repository with read-ahead; a damaged chunk
// ends the task with E_POINT_DAMAGED naming the disk and offset (the target file is the engine's to remove).
import fs from 'node:fs/promises';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import { createDynamicVhdx, VhdxWriter } from '../vhdx';
import type { Repo } from '../repository';
import { orderedPipeline } from '../repository/pipeline';
import { SectorAligner } from '../repository/sector-aligner';
import { vhdxGeometry } from '../repository/restore-vhdx';
import type { DiskManifestInput } from '../repository';
import { isAllZero } from '../util/zero';
import type { DiskWriter, RestoreDiskTask, RestoreTaskEvent, RestoreTaskResult } from './restore-task';
import type { ByteRange } from './task';

const READ_AHEAD = 6;
/** in-place writes go in pieces of at most this (memory bound, progress granularity) */
const PIECE = 4 * 1024 * 1024;

/** Read access the writer needs (RepoPool.read: a reader never waits for the write lock). */
export interface RestoreRepoAccess {
  read<T>(dir: string, fn: (repo: Repo) => Promise<T>): Promise<T>;
}

/** Lab data-path faults in the writer (a failure mid-disk, or a hang to kill the process right there). */
export interface RestoreWriterHooks {
  /** called before each write into the target; n counts writes of this task from 1 */
  beforeWrite?(task: RestoreDiskTask, n: number): Promise<void> | void;
}

export class InProcessDiskWriter implements DiskWriter {
  constructor(
    private readonly repos: RestoreRepoAccess,
    private readonly hooks: RestoreWriterHooks = {},
  ) {}

  restore(task: RestoreDiskTask, onEvent: (e: RestoreTaskEvent) => void, signal: AbortSignal): Promise<RestoreTaskResult> {
    return this.repos.read(task.repositoryDir, async (repo) => {
      const manifest = await repo.readManifest(task.pointId, task.diskKey);
      const started = Date.now();
      const ctx: WriteContext = { repo, manifest, task, onEvent, signal, hooks: this.hooks, writes: 0, bytesWritten: 0 };
      if (task.write === 'new-file') await writeNewFile(ctx);
      else await writeRanges(ctx, task.ranges ?? []);
      return { bytesWritten: ctx.bytesWritten, bytesTotal: manifest.virtualSize, elapsedMs: Date.now() - started };
    });
  }
}

interface WriteContext {
  repo: Repo;
  manifest: DiskManifestInput;
  task: RestoreDiskTask;
  onEvent: (e: RestoreTaskEvent) => void;
  signal: AbortSignal;
  hooks: RestoreWriterHooks;
  writes: number;
  bytesWritten: number;
}

function checkAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof FerryError ? signal.reason : new FerryError(ErrorCode.Cancelled, 'Stopped by the user');
}

async function readChunk(ctx: WriteContext, hash: string, offset: number): Promise<Buffer> {
  try {
    return await ctx.repo.readChunk(hash);
  } catch (e) {
    const err = FerryError.from(e);
    if (err.code !== ErrorCode.RepoCorrupt && err.code !== ErrorCode.NotFound) throw err;
    throw new FerryError(ErrorCode.PointDamaged, `Restore point ${ctx.task.pointId} is damaged: ${ctx.task.diskKey} at offset ${offset} (${err.message}); the target disk was not completed`, {
      diskKey: ctx.task.diskKey,
      offset,
    });
  }
}

async function beforeWrite(ctx: WriteContext): Promise<void> {
  checkAborted(ctx.signal);
  ctx.writes++;
  await ctx.hooks.beforeWrite?.(ctx.task, ctx.writes);
}

/** A whole new dynamic VHDX with the point's non-zero blocks (sparse like the source). */
async function writeNewFile(ctx: WriteContext): Promise<void> {
  const { manifest: m, task } = ctx;
  const geometry = vhdxGeometry(m, {});
  await fs.rm(task.path, { force: true }); // this task's own earlier attempt (the temp name is the session's)
  await createDynamicVhdx(task.path, { virtualSize: m.virtualSize, ...geometry });
  const writer = await VhdxWriter.open(task.path);
  try {
    const aligner = new SectorAligner({ write: (offset, data) => writer.write(offset, data) }, geometry.logicalSectorSize);
    let done = 0;
    ctx.onEvent({ type: 'progress', bytesTotal: m.virtualSize, bytesDone: 0, bytesWritten: 0 });
    await orderedPipeline(m.blocks, READ_AHEAD, (b) => readChunk(ctx, b.hash, b.offset), async (data, b) => {
      if (!isAllZero(data)) {
        await beforeWrite(ctx);
        await aligner.write(b.offset, data);
        ctx.bytesWritten += data.length;
      }
      done = b.offset + b.length;
      ctx.onEvent({ type: 'progress', bytesTotal: m.virtualSize, bytesDone: done, bytesWritten: ctx.bytesWritten });
    });
    await aligner.flushAll();
  } finally {
    await writer.close();
  }
  await syncFile(task.path);
  ctx.onEvent({ type: 'progress', bytesTotal: m.virtualSize, bytesDone: m.virtualSize, bytesWritten: ctx.bytesWritten });
}

/** Splits ranges into pieces of at most PIECE bytes, clipped to the disk. */
export function pieces(ranges: readonly ByteRange[], virtualSize: number): ByteRange[] {
  const out: ByteRange[] = [];
  for (const r of ranges) {
    const end = Math.min(r.offset + r.length, virtualSize);
    for (let o = r.offset; o < end; o += PIECE) out.push({ offset: o, length: Math.min(PIECE, end - o) });
  }
  return out;
}

/** The point's bytes of one range: the overlapping blocks' data, zeros where the point has no block. */
async function pointBytes(ctx: WriteContext, range: ByteRange): Promise<Buffer> {
  const out = Buffer.alloc(range.length);
  const end = range.offset + range.length;
  for (const b of ctx.manifest.blocks) {
    if (b.offset >= end) break;
    if (b.offset + b.length <= range.offset) continue;
    const data = await readChunk(ctx, b.hash, b.offset);
    const from = Math.max(range.offset, b.offset);
    const to = Math.min(end, b.offset + b.length);
    data.copy(out, from - range.offset, from - b.offset, to - b.offset);
  }
  return out;
}

/** Quick rollback: only these ranges of the live disk get the point's bytes back. */
async function writeRanges(ctx: WriteContext, ranges: readonly ByteRange[]): Promise<void> {
  const { manifest: m, task } = ctx;
  const sector = vhdxGeometry(m, {}).logicalSectorSize;
  const aligned = ranges.map((r) => {
    const start = r.offset - (r.offset % sector);
    const endRaw = r.offset + r.length;
    return { offset: start, length: Math.ceil(endRaw / sector) * sector - start };
  });
  const work = pieces(aligned, m.virtualSize);
  const total = work.reduce((s, r) => s + r.length, 0);
  const writer = await VhdxWriter.open(task.path);
  try {
    ctx.onEvent({ type: 'progress', bytesTotal: total, bytesDone: 0, bytesWritten: 0 });
    await orderedPipeline(work, 2, (r) => pointBytes(ctx, r), async (data, r) => {
      await beforeWrite(ctx);
      await writer.write(r.offset, data);
      ctx.bytesWritten += r.length;
      ctx.onEvent({ type: 'progress', bytesTotal: total, bytesDone: ctx.bytesWritten, bytesWritten: ctx.bytesWritten });
    });
  } finally {
    await writer.close();
  }
}

async function syncFile(file: string): Promise<void> {
  const fh = await fs.open(file, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
