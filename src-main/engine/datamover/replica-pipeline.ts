// A replica disk through the proxy's data mover: read the disk from the exposed snapshot (every allocated block for a
// replica's first point, only the changed ranges after it), send the blocks in offset order to the target host's
// data mover, commit. Zero blocks of a first point are not sent (a new dynamic VHDX reads zeros); in a differencing
// point they are (they hide the parent's data). A resumed transfer skips what already landed on the target.
import { openDisk, type DiskReader } from '../vhdx';
import { BusyClock } from './busy-clock';
import { isAllZero } from '../util/zero';
import type { ReplicaTarget } from './remote/replica-link';
import type { MoverHooks } from './disk-pipeline';
import { emptyStats, type ByteRange, type DiskTask, type DiskTaskEvent, type DiskTaskResult, type ReplicaTask } from './task';

const PROGRESS_EVERY_MS = 250;

export async function runReplicaTask(task: DiskTask & { replica: ReplicaTask }, target: ReplicaTarget, onEvent: (e: DiskTaskEvent) => void, signal: AbortSignal, hooks: MoverHooks = {}): Promise<DiskTaskResult> {
  const disk = await openDisk(task.sourcePath);
  try {
    return await new ReplicaTransfer(task, disk, target, onEvent, signal, hooks).run();
  } finally {
    await disk.close();
    await target.close();
  }
}

class ReplicaTransfer {
  private readonly stats = emptyStats();
  private readonly source = new BusyClock();
  private readonly sink = new BusyClock();
  private readonly started = performance.now();
  private lastProgress = 0;

  constructor(
    private readonly task: DiskTask & { replica: ReplicaTask },
    private readonly disk: DiskReader,
    private readonly target: ReplicaTarget,
    private readonly onEvent: (e: DiskTaskEvent) => void,
    private readonly signal: AbortSignal,
    private readonly hooks: MoverHooks,
  ) {}

  async run(): Promise<DiskTaskResult> {
    const { replica } = this.task;
    const incremental = replica.parentFile !== undefined;
    const ranges = incremental ? alignRanges(this.task.changedRanges ?? [], this.disk.logicalSectorSize, this.disk.virtualSize) : await this.allocated();
    const resumeFrom = await this.sink.time(() => this.target.open({ file: replica.file, parentFile: replica.parentFile, virtualSize: this.disk.virtualSize, transferId: replica.transferId }));
    if (resumeFrom > 0) this.onEvent({ type: 'log', level: 'info', text: `Resuming the transfer to the target at ${resumeFrom} bytes (what landed before is not sent again)` });
    const toCover = ranges.reduce((n, r) => n + r.length, 0);
    for (const r of ranges) await this.sendRange(r, resumeFrom, !incremental);
    const fileBytes = await this.sink.time(() => this.target.commit());
    this.stats.bytesProcessed = this.disk.virtualSize;
    this.stats.reusedBytes = incremental ? this.disk.virtualSize - toCover : 0;
    this.progress(true);
    return {
      manifest: { diskKey: this.task.diskKey, virtualSize: this.disk.virtualSize, blockSize: this.task.blockSize, sourcePath: this.task.displayPath ?? this.task.sourcePath, blocks: [] },
      stats: this.snapshotStats(),
      mode: incremental ? 'incremental' : 'full',
      replica: { file: replica.file, fileBytes, resumedFrom: resumeFrom },
    };
  }

  private async sendRange(r: ByteRange, resumeFrom: number, skipZeros: boolean): Promise<void> {
    const bs = this.task.blockSize;
    for (let at = r.offset; at < r.offset + r.length; ) {
      this.signal.throwIfAborted();
      // cut on the block grid, so a resumed transfer and the target's blocks line up
      const end = Math.min(r.offset + r.length, (Math.floor(at / bs) + 1) * bs);
      const len = end - at;
      if (end > resumeFrom) {
        this.hooks.beforeRead?.(this.task);
        const data = await this.source.time(() => this.disk.read(at, len));
        this.stats.bytesRead += len;
        const zero = isAllZero(data);
        if (zero) this.stats.zeroBytes += len;
        if (!(zero && skipZeros)) {
          await this.sink.time(() => this.target.write(at, data));
          this.stats.bytesTransferred += len;
        }
      }
      this.stats.bytesProcessed = at + len;
      at = end;
      this.progress(false);
    }
  }

  private async allocated(): Promise<ByteRange[]> {
    const out: ByteRange[] = [];
    for await (const e of this.disk.extents()) if (e.kind === 'data') out.push({ offset: e.offset, length: e.length });
    return out;
  }

  private snapshotStats() {
    const elapsedMs = performance.now() - this.started;
    return { ...this.stats, busyMs: { source: this.source.ms, proxy: 0, network: 0, target: this.sink.ms, throttle: 0 }, elapsedMs };
  }

  private progress(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastProgress < PROGRESS_EVERY_MS) return;
    this.lastProgress = now;
    this.onEvent({ type: 'progress', bytesTotal: this.disk.virtualSize, stats: this.snapshotStats() });
  }
}

/** Changed ranges widened to whole sectors, clipped to the disk, sorted and merged (the writer takes sector-aligned writes). */
export function alignRanges(ranges: ByteRange[], sector: number, size: number): ByteRange[] {
  const cut = ranges
    .map((r) => ({ from: Math.floor(r.offset / sector) * sector, to: Math.min(size, Math.ceil((r.offset + r.length) / sector) * sector) }))
    .filter((r) => r.to > r.from)
    .sort((a, b) => a.from - b.from);
  const out: ByteRange[] = [];
  for (const r of cut) {
    const last = out[out.length - 1];
    if (last && r.from <= last.offset + last.length) last.length = Math.max(last.length, r.to - last.offset);
    else out.push({ offset: r.from, length: r.to - r.from });
  }
  return out;
}
