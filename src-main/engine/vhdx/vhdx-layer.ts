// Serves one VHDX file's share of the virtual disk through its BAT and (for differencing files) sector bitmaps.
import { bitRuns } from './bitmap';
import type { FileSource } from './file-source';
import type { DiskLayer, Segment } from './layer';
import { SegmentCoalescer } from './layer';
import { LruCache } from './lru';
import type { BatEntry } from './vhdx-bat';
import { PayloadState, SECTOR_BITMAP_BLOCK_SIZE } from './vhdx-format';
import type { VhdxImage } from './vhdx-image';

/** Sector bitmap blocks kept in memory (1 MiB each). */
const BITMAP_CACHE_BLOCKS = 4;

export class VhdxLayer implements DiskLayer {
  readonly format = 'vhdx' as const;
  readonly path: string;
  readonly virtualSize: number;
  readonly logicalSectorSize: number;
  private readonly source: FileSource;
  private readonly bitmaps = new LruCache<number, Buffer>(BITMAP_CACHE_BLOCKS);

  constructor(readonly image: VhdxImage) {
    this.source = image.source;
    this.path = image.source.path;
    this.virtualSize = image.params.virtualSize;
    this.logicalSectorSize = image.params.logicalSectorSize;
  }

  async *map(offset: number, length: number): AsyncGenerator<Segment> {
    const { blockSize } = this.image.geometry;
    const merged = new SegmentCoalescer();
    const end = offset + length;
    for (let pos = offset; pos < end; ) {
      const block = Math.floor(pos / blockSize);
      const blockEnd = Math.min(end, (block + 1) * blockSize);
      const entry = this.image.bat.payload(block);
      const bitmap = entry.state === PayloadState.partiallyPresent ? await this.sectorBitmap(block) : undefined;
      for (const seg of this.blockSegments(block, entry, pos, blockEnd, bitmap)) {
        const done = merged.push(seg);
        if (done) yield done;
      }
      pos = blockEnd;
    }
    const last = merged.flush();
    if (last) yield last;
  }

  private *blockSegments(block: number, e: BatEntry, from: number, to: number, bitmap: Buffer | undefined): Generator<Segment> {
    const blockStart = block * this.image.geometry.blockSize;
    const length = to - from;
    switch (e.state) {
      case PayloadState.fullyPresent:
        yield { kind: 'data', offset: from, length, fileOffset: e.fileOffset + (from - blockStart) };
        return;
      case PayloadState.notPresent:
        yield { kind: this.image.params.hasParent ? 'parent' : 'zero', offset: from, length };
        return;
      case PayloadState.partiallyPresent:
        if (bitmap) {
          yield* this.partialSegments(block, e, from, to, bitmap);
          return;
        }
        break;
    }
    // UNDEFINED, ZERO, UNMAPPED (both encodings): zeros that also hide the parent.
    yield { kind: 'zero', offset: from, length };
  }

  /** Per sector: bit set = stored in this file, clear = the parent's. */
  private *partialSegments(block: number, e: BatEntry, from: number, to: number, bitmap: Buffer): Generator<Segment> {
    const g = this.image.geometry;
    const sector = g.logicalSectorSize;
    const blockStart = block * g.blockSize;
    const firstBit = (block % g.chunkRatio) * g.sectorsPerBlock;
    const s0 = Math.floor((from - blockStart) / sector);
    const s1 = Math.ceil((to - blockStart) / sector);
    for (const run of bitRuns(bitmap, firstBit + s0, firstBit + s1, false)) {
      const runFrom = Math.max(from, blockStart + (run.start - firstBit) * sector);
      const runTo = Math.min(to, blockStart + (run.end - firstBit) * sector);
      if (run.set) yield { kind: 'data', offset: runFrom, length: runTo - runFrom, fileOffset: e.fileOffset + (runFrom - blockStart) };
      else yield { kind: 'parent', offset: runFrom, length: runTo - runFrom };
    }
  }

  private async sectorBitmap(block: number): Promise<Buffer> {
    const chunk = Math.floor(block / this.image.geometry.chunkRatio);
    let bitmap = this.bitmaps.get(chunk);
    if (!bitmap) {
      // validateBat guaranteed a present, in-bounds SB entry for every PARTIALLY_PRESENT block.
      const entry = this.image.bat.bitmap(chunk);
      bitmap = await this.source.read(entry.fileOffset, SECTOR_BITMAP_BLOCK_SIZE, `sector bitmap block ${chunk}`);
      this.bitmaps.set(chunk, bitmap);
    }
    return bitmap;
  }

  readData(target: Buffer, targetOffset: number, length: number, fileOffset: number): Promise<void> {
    return this.source.readInto(target, targetOffset, length, fileOffset, 'payload block');
  }

  close(): Promise<void> {
    return this.source.close();
  }
}
