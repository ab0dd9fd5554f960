// The data mover running in this process: reads a disk from the exposed snapshot through its allocation
// map, skips unallocated and zero blocks, hashes, dedupes against the repository, compresses and writes.
import { createHash } from 'node:crypto';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import { openDisk } from '../vhdx';
import type { RepoPool } from '../repo-pool';
import { compressChunk } from './codecs';
import { emptyStats, type DataMover, type DiskTask, type DiskTaskEvent, type DiskTaskResult } from './task';

/** blocks in flight between read and write: bounds memory to inflight × blockSize. */
const INFLIGHT = 4;
const PROGRESS_EVERY_MS = 100;

let zeros = Buffer.alloc(0);
/** memcmp against a shared zero buffer: freed guest space is common, and this runs at memory speed. */
export function isAllZero(b: Buffer): boolean {
  if (zeros.length < b.length) zeros = Buffer.alloc(b.length);
  return b.equals(zeros.subarray(0, b.length));
}

export class InProcessDataMover implements DataMover {
  constructor(
    private readonly repos: RepoPool,
    private readonly hooks: { beforeRead?: (task: DiskTask) => void; beforeWrite?: (task: DiskTask) => void } = {},
  ) {}

  async run(task: DiskTask, onEvent: (e: DiskTaskEvent) => void, signal: AbortSignal): Promise<DiskTaskResult> {
    const repo = await this.repos.get(task.repositoryDir);
    const disk = await openDisk(task.sourcePath);
    const stats = emptyStats();
    const blocks: Array<{ offset: number; length: number; hash: string }> = [];
    const inflight = new Set<Promise<void>>();
    // The first failure of any in-flight block; checked after every read so an error is never lost.
    let failure: unknown = null;
    const storing = new Map<string, Promise<void>>();
    let lastProgress = 0;
    const startedAt = performance.now();
    const progress = (force = false) => {
      stats.elapsedMs = performance.now() - startedAt;
      const now = Date.now();
      if (!force && now - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = now;
      onEvent({ type: 'progress', bytesTotal: disk.virtualSize, stats: structuredClone(stats) });
    };

    const store = async (offset: number, data: Buffer): Promise<void> => {
      let t = performance.now();
      const hash = createHash('sha256').update(data).digest('hex');
      blocks.push({ offset, length: data.length, hash });
      const pending = storing.get(hash);
      if (pending || (await repo.hasChunk(hash))) {
        await pending;
        stats.dedupedBytes += data.length;
        stats.busyMs.proxy += performance.now() - t;
        return;
      }
      const work = (async () => {
        const c = await compressChunk(task.compression, data);
        stats.busyMs.proxy += performance.now() - t;
        t = performance.now();
        try {
          this.hooks.beforeWrite?.(task);
          stats.bytesTransferred += await repo.putChunk(hash, c.data, c.codec, data.length);
        } catch (e) {
          throw e instanceof FerryError ? e : new FerryError(ErrorCode.RepoWrite, `Writing to the repository failed: ${(e as Error).message}`);
        }
        stats.newRawBytes += data.length;
        stats.busyMs.target += performance.now() - t;
      })();
      storing.set(hash, work);
      try {
        await work;
      } finally {
        storing.delete(hash);
      }
    };

    try {
      onEvent({ type: 'log', level: 'info', text: `Reading ${task.sourcePath} (${disk.format}, ${(disk.virtualSize / 1048576).toFixed(0)} MiB) from the exposed snapshot` });
      for await (const ext of disk.extents()) {
        if (ext.kind === 'zero') {
          stats.bytesProcessed += ext.length;
          progress();
          continue;
        }
        // Cut on the job's block grid so the same data at the same offset dedupes across restore points.
        let off = ext.offset;
        const end = ext.offset + ext.length;
        while (off < end) {
          if (signal.aborted) throw new FerryError(ErrorCode.Cancelled, 'Stopped by the user');
          if (failure) throw failure;
          const next = Math.min(end, (Math.floor(off / task.blockSize) + 1) * task.blockSize);
          const t = performance.now();
          this.hooks.beforeRead?.(task);
          const data = await disk.read(off, next - off);
          stats.busyMs.source += performance.now() - t;
          stats.bytesRead += data.length;
          stats.bytesProcessed += data.length;
          if (isAllZero(data)) {
            stats.zeroBytes += data.length;
          } else {
            const p: Promise<void> = store(off, data)
              .catch((e: unknown) => {
                failure ??= e;
              })
              .finally(() => inflight.delete(p));
            inflight.add(p);
            if (inflight.size >= INFLIGHT) await Promise.race(inflight);
          }
          off = next;
          progress();
        }
      }
      await Promise.all(inflight);
      if (failure) throw failure;
    } catch (e) {
      await Promise.allSettled(inflight);
      throw e;
    } finally {
      await disk.close();
    }
    progress(true);
    blocks.sort((a, b) => a.offset - b.offset);
    return {
      manifest: { diskKey: task.diskKey, virtualSize: disk.virtualSize, blockSize: task.blockSize, sourcePath: task.sourcePath, blocks },
      stats,
    };
  }
}
