// One disk task through the block pipeline:
//   read (source, ≤ readAhead at once, throttled) → digest: zero check + SHA-256 (processor)
//   → dedupe lookup → pack: compress + round-trip check (processor) → putChunk (target)
// Backpressure: a block holds a slot from before its read until it is written, dropped as a duplicate or
// found to be zero, and the reader waits for a free slot. Each slot has one buffer that the block lives in
// all the way (the stored bytes are written over the raw ones), so the memory in flight is exactly
// slots × block size, whatever the size of the disk.
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { DiskReader } from '../vhdx';
import type { Codec, ManifestBlock } from '../repository';
import { isAllZero } from '../util/zero';
import type { BlockProcessor } from './block-processor';
import { BlockBuffers } from './buffer-pool';
import { BusyClock } from './busy-clock';
import { cellsOfExtents, cellsOfSpans, type Cell } from './block-grid';
import { mergeIncremental, planBackup, type BackupPlan } from './change-tracking';
import { Semaphore } from './semaphore';
import { ScheduledThrottle, Throttle } from './throttle';
import { emptyStats, type DiskTask, type DiskTaskEvent, type DiskTaskResult, type MoverStats } from './task';

/** What paces source reads: a fixed cap, or one that follows a traffic window. */
type ReadPacer = Pick<Throttle, 'take'>;

const MiB = 1024 * 1024;
const PROGRESS_EVERY_MS = 100;
const MIN_SLOTS = 4;
const MAX_SLOTS = 64;

/**
 * A reader that can fill a caller's buffer. DiskReader.read() allocates a fresh buffer per call; where the
 * reader offers readInto, blocks are read straight into the pipeline's own buffers and nothing is allocated.
 */
type ReadsInto = DiskReader & { readInto?(target: Uint8Array, offset: number): Promise<void> };

/** The reader's buffer in a form that can be handed over (transferred): itself if it owns its whole ArrayBuffer, else a copy. */
function handOver(b: Buffer | undefined): Uint8Array | undefined {
  if (!b) return undefined;
  if (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer) return b;
  return new Uint8Array(b);
}

/** What the pipeline needs from the repository (the Repo facade, or a stand-in in tests). */
export interface ChunkTarget {
  hasChunk(hash: string): Promise<boolean>;
  putChunk(hash: string, stored: Uint8Array, codec: Codec, rawLength: number): Promise<number>;
}

export interface MoverHooks {
  beforeRead?: (task: DiskTask) => void;
  beforeWrite?: (task: DiskTask) => void;
}

export interface PipelineSettings {
  /** where the CPU work runs, given how many bytes the task plans to read (undefined: not known up front) */
  processorFor(plannedReadBytes: number | undefined): BlockProcessor;
  /** raw bytes allowed in flight between read and write (the memory ceiling of one task) */
  inflightBytes: number;
  /** source reads issued at once */
  readAhead: number;
  /** shared throttle (a proxy-wide cap); the task's own throttleMBps is applied on top */
  throttle?: Throttle;
}

export class DiskPipeline {
  private readonly stats: MoverStats = emptyStats();
  /** blocks read by this run (an incremental adds the base's untouched ones at the end) */
  private readonly readBlocks: ManifestBlock[] = [];
  /** hashes being stored by this task right now: a second copy in flight is a duplicate, not a new chunk */
  private readonly storing = new Set<string>();
  private readonly source = new BusyClock();
  private readonly target = new BusyClock();
  /** time reads waited on the traffic rule: pipeline time spent, though no component is busy */
  private readonly throttled = new BusyClock();
  private cpuMs = 0;
  private processor!: BlockProcessor;
  private readonly startedAt = performance.now();
  private lastProgress = 0;
  private readonly throttles: ReadPacer[];
  private readonly slotCount: number;
  private readonly buffers: BlockBuffers;

  constructor(
    /**
     * baseUnavailable: why the base point the task named could not be read (the full read says so);
     * lostBaseBlocks: blocks of the base whose chunks are gone or damaged, added to the changed ranges
     */
    private readonly task: DiskTask & { baseUnavailable?: string; lostBaseBlocks?: number },
    private readonly disk: DiskReader,
    private readonly repo: ChunkTarget,
    private readonly settings: PipelineSettings,
    private readonly hooks: MoverHooks,
    private readonly onEvent: (e: DiskTaskEvent) => void,
    private readonly signal: AbortSignal,
  ) {
    const own: ReadPacer | undefined = task.throttleSchedule?.length
      ? new ScheduledThrottle(task.throttleSchedule, (text) => this.log('info', text))
      : task.throttleMBps
        ? new Throttle(task.throttleMBps)
        : undefined;
    this.throttles = [settings.throttle, own].filter((t) => t !== undefined);
    this.slotCount = Math.max(MIN_SLOTS, Math.min(MAX_SLOTS, Math.floor(settings.inflightBytes / task.blockSize)));
    this.buffers = new BlockBuffers(task.blockSize, this.slotCount);
  }

  async run(): Promise<DiskTaskResult> {
    const { task, disk } = this;
    const plan = planBackup(task, disk.virtualSize);
    this.processor = this.settings.processorFor(plan.mode === 'incremental' ? plan.changedBytes : undefined);
    this.processor.prepare?.();
    this.announce(plan);
    const cells: AsyncIterable<Cell> =
      plan.mode === 'incremental' ? iterate(cellsOfSpans(plan.changed, task.blockSize, disk.virtualSize)) : cellsOfExtents(disk.extents(), task.blockSize, disk.virtualSize);
    await this.pump(cells);
    this.readBlocks.sort((a, b) => a.offset - b.offset);
    const { blocks, reusedBytes } = plan.mode === 'incremental' ? mergeIncremental(plan.base.blocks, plan.changed, this.readBlocks) : { blocks: this.readBlocks, reusedBytes: 0 };
    if (plan.mode === 'incremental') this.stats.reusedBytes = reusedBytes;
    this.stats.bytesProcessed = disk.virtualSize;
    this.progress(true);
    return {
      manifest: {
        diskKey: task.diskKey,
        virtualSize: disk.virtualSize,
        blockSize: task.blockSize,
        sourcePath: task.sourcePath,
        // Held in memory until the point is written: ~150 bytes per non-zero block, i.e. ~150 MB for a
        // fully allocated 1 TiB disk at 1 MiB blocks. Streaming it to the repository needs a writer API.
        blocks,
        meta: { sourceFormat: disk.format, logicalSectorSize: disk.logicalSectorSize, chunkHash: 'sha256', backupMode: plan.mode },
      },
      stats: this.snapshot(),
      mode: plan.mode,
      ...(plan.mode === 'full' && plan.reason ? { fullReason: plan.reason } : {}),
    };
  }

  private announce(plan: BackupPlan): void {
    const { disk } = this;
    const mib = (n: number) => `${(n / MiB).toFixed(0)} MiB`;
    this.log('info', `Reading ${this.task.displayPath ?? disk.path} (${disk.format.toUpperCase()}, ${mib(disk.virtualSize)}) from the exposed snapshot`);
    if (plan.mode === 'incremental' && this.task.lostBaseBlocks) {
      this.log('warning', `${this.task.lostBaseBlocks} block(s) of the previous restore point are no longer stored intact in the repository: reading them again`);
    }
    if (plan.mode === 'incremental') {
      this.log('info', `Change tracking: ${this.task.changedRanges?.length ?? 0} changed range(s) → reading ${mib(plan.changedBytes)}; the rest is taken from the previous restore point`);
    } else if (plan.reason) {
      this.log('warning', `Change tracking chain is broken (${plan.reason}): reading the whole disk (full)`);
    }
  }

  /** Feeds cells through the pipeline with at most `slots` blocks between read and write. */
  private async pump(cells: AsyncIterable<Cell>): Promise<void> {
    const slots = new Semaphore(this.slotCount);
    const reads = new Semaphore(Math.max(1, this.settings.readAhead));
    const inflight = new Set<Promise<void>>();
    // The first failure of any block; no further block is started after it, and it is what the task reports.
    let failure: { error: unknown } | undefined;
    try {
      for await (const cell of cells) {
        await slots.acquire();
        if (failure || this.signal.aborted) {
          slots.release();
          break;
        }
        try {
          if (this.throttles.length > 0) await this.throttled.time(() => this.paceRead(cell.length));
          await reads.acquire();
        } catch (e) {
          slots.release();
          throw e;
        }
        const p: Promise<void> = this.moveBlock(cell, reads)
          .catch((e: unknown) => {
            failure ??= { error: e };
          })
          .finally(() => {
            slots.release();
            inflight.delete(p);
          });
        inflight.add(p);
      }
    } finally {
      await Promise.allSettled([...inflight]);
    }
    if (failure) throw failure.error;
    if (this.signal.aborted) throw new FerryError(ErrorCode.Cancelled, 'Stopped by the user');
  }

  /** Waits until every traffic rule lets `bytes` more be read. */
  private async paceRead(bytes: number): Promise<void> {
    for (const t of this.throttles) await t.take(bytes, this.signal);
  }

  private async moveBlock(cell: Cell, reads: Semaphore): Promise<void> {
    const { stats, task } = this;
    const block = this.buffers.take(cell.length);
    let readBuf: Buffer | undefined;
    this.source.start();
    try {
      this.hooks.beforeRead?.(task);
      const reader = this.disk as ReadsInto;
      if (reader.readInto) await reader.readInto(block, cell.offset);
      else readBuf = await this.disk.read(cell.offset, cell.length);
    } catch (e) {
      this.buffers.give(block);
      throw e;
    } finally {
      this.source.stop();
      reads.release();
    }
    stats.bytesRead += cell.length;
    stats.bytesProcessed = Math.max(stats.bytesProcessed, cell.offset + cell.length);
    this.progress();
    // Zero blocks (freed guest space, a thin disk's allocated-but-empty blocks) end here: memcmp at memory speed
    // on this thread costs less than the round trip to a worker, and for data it stops at the first non-zero byte.
    if (isAllZero(readBuf ?? block)) {
      stats.zeroBytes += cell.length;
      this.buffers.give(block);
      return;
    }

    // From here the block's buffer is with the processor until it comes back.
    const digested = await this.processor.digest(block, handOver(readBuf));
    this.cpuMs += digested.ms;
    if (digested.digest.zero) {
      stats.zeroBytes += cell.length;
      if (digested.returned) this.buffers.give(digested.returned);
      return;
    }
    const { hash } = digested.digest;
    this.readBlocks.push({ offset: cell.offset, length: cell.length, hash });
    if (this.storing.has(hash)) return this.duplicate(digested.job, cell.length);
    this.storing.add(hash);
    let packed: Awaited<ReturnType<BlockProcessor['pack']>> | undefined;
    try {
      if (await this.repo.hasChunk(hash)) return await this.duplicate(digested.job, cell.length);
      packed = await this.processor.pack(digested.job, task.compression);
      this.cpuMs += packed.ms;
      const written = await this.write(hash, packed.data, packed.codec, cell.length);
      if (written > 0) {
        stats.bytesTransferred += written;
        stats.newRawBytes += cell.length;
      } else {
        stats.dedupedBytes += cell.length; // stored meanwhile by another writer of this repository
      }
    } catch (e) {
      if (!packed) await this.processor.drop(digested.job).catch(() => undefined);
      throw e;
    } finally {
      this.storing.delete(hash);
      if (packed) this.buffers.give(packed.data);
    }
  }

  private async duplicate(job: number, length: number): Promise<void> {
    this.stats.dedupedBytes += length;
    const back = await this.processor.drop(job);
    if (back) this.buffers.give(back);
  }

  private async write(hash: string, data: Uint8Array, codec: Codec, rawLength: number): Promise<number> {
    this.target.start();
    try {
      this.hooks.beforeWrite?.(this.task);
      return await this.repo.putChunk(hash, data, codec, rawLength);
    } catch (e) {
      throw e instanceof FerryError ? e : new FerryError(ErrorCode.RepoWrite, `Writing to the repository failed: ${(e as Error).message}`);
    } finally {
      this.target.stop();
    }
  }

  private snapshot(): MoverStats {
    const s = this.stats;
    s.elapsedMs = performance.now() - this.startedAt;
    s.busyMs = {
      source: this.source.ms,
      // CPU ms summed over the processor's threads, as a share of all of them
      proxy: this.cpuMs / this.processor.parallelism,
      // No network hop in this process: the repository is written directly. The agent transport fills it.
      network: 0,
      target: this.target.ms,
      throttle: this.throttled.ms,
    };
    return structuredClone(s);
  }

  private progress(force = false): void {
    const now = performance.now();
    if (!force && now - this.lastProgress < PROGRESS_EVERY_MS) return;
    this.lastProgress = now;
    this.onEvent({ type: 'progress', bytesTotal: this.disk.virtualSize, stats: this.snapshot() });
  }

  private log(level: 'info' | 'warning', text: string): void {
    this.onEvent({ type: 'log', level, text });
  }
}

async function* iterate<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}
