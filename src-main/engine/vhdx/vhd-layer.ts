// Serves one VHD file's share of the virtual disk. Fixed: the file is the disk. Dynamic: allocated blocks
// hold data (bitmaps ignored, as Windows does). Differencing: per sector, bitmap bit set = here, clear = parent.
import { bitRuns } from './bitmap';
import type { DiskLayer, Segment } from './layer';
import { SegmentCoalescer } from './layer';
import { LruCache } from './lru';
import { VHD_SECTOR, VHD_UNALLOCATED, VhdDiskType } from './vhd-format';
import type { VhdImage } from './vhd-image';

const BITMAP_CACHE_BLOCKS = 64;

export class VhdLayer implements DiskLayer {
  readonly format = 'vhd' as const;
  readonly logicalSectorSize = VHD_SECTOR;
  readonly path: string;
  readonly virtualSize: number;
  private readonly differencing: boolean;
  private readonly bitmaps = new LruCache<number, Buffer>(BITMAP_CACHE_BLOCKS);

  constructor(readonly image: VhdImage) {
    this.path = image.source.path;
    this.virtualSize = image.footer.currentSize;
    this.differencing = image.footer.diskType === VhdDiskType.differencing;
  }

  async *map(offset: number, length: number): AsyncGenerator<Segment> {
    const { bat, dynamic } = this.image;
    if (!bat || !dynamic) {
      if (length > 0) yield { kind: 'data', offset, length, fileOffset: offset };
      return;
    }
    const merged = new SegmentCoalescer();
    const end = offset + length;
    for (let pos = offset; pos < end; ) {
      const block = Math.floor(pos / dynamic.blockSize);
      const blockStart = block * dynamic.blockSize;
      const blockEnd = Math.min(end, blockStart + dynamic.blockSize);
      const sector = bat.getUint32(block * 4, false);
      for (const seg of await this.blockSegments(blockStart, block, sector, pos, blockEnd)) {
        const done = merged.push(seg);
        if (done) yield done;
      }
      pos = blockEnd;
    }
    const last = merged.flush();
    if (last) yield last;
  }

  private async blockSegments(blockStart: number, block: number, sector: number, from: number, to: number): Promise<Segment[]> {
    const length = to - from;
    if (sector === VHD_UNALLOCATED) return [{ kind: this.differencing ? 'parent' : 'zero', offset: from, length }];
    const dataStart = sector * VHD_SECTOR + this.image.bitmapSize;
    if (!this.differencing) return [{ kind: 'data', offset: from, length, fileOffset: dataStart + (from - blockStart) }];
    const bitmap = await this.bitmap(block, sector);
    const out: Segment[] = [];
    const s0 = Math.floor((from - blockStart) / VHD_SECTOR);
    const s1 = Math.ceil((to - blockStart) / VHD_SECTOR);
    for (const run of bitRuns(bitmap, s0, s1, true)) {
      const runFrom = Math.max(from, blockStart + run.start * VHD_SECTOR);
      const runTo = Math.min(to, blockStart + run.end * VHD_SECTOR);
      out.push(
        run.set
          ? { kind: 'data', offset: runFrom, length: runTo - runFrom, fileOffset: dataStart + (runFrom - blockStart) }
          : { kind: 'parent', offset: runFrom, length: runTo - runFrom },
      );
    }
    return out;
  }

  private async bitmap(block: number, sector: number): Promise<Buffer> {
    let bitmap = this.bitmaps.get(block);
    if (!bitmap) {
      bitmap = await this.image.source.read(sector * VHD_SECTOR, this.image.bitmapSize, `VHD sector bitmap of block ${block}`);
      this.bitmaps.set(block, bitmap);
    }
    return bitmap;
  }

  readData(target: Buffer, targetOffset: number, length: number, fileOffset: number): Promise<void> {
    return this.image.source.readInto(target, targetOffset, length, fileOffset, 'VHD data');
  }

  close(): Promise<void> {
    return this.image.source.close();
  }
}
