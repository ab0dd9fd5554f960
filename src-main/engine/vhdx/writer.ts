// Ferry's own VHDX writer: writes guest data into dynamic and differencing VHDX files (the lab's VM disks,
// simulated guest writes, test chains qemu can't make). Creating files is vhdx-create's job.
// It does not journal through the VHDX log: the lab owns these files, and a crash mid-write only risks
// the block being written (data is written before the BAT entry that points at it).
import { open, type FileHandle } from 'node:fs/promises';
import { bitRuns, setBits } from './bitmap';
import { MiB, roundUp } from './bytes';
import { isAllZero } from '../util/zero';
import { badRequest, diskCorrupt, diskUnsupported } from './errors';
import { FileSource } from './file-source';
import { writeAll } from './file-write';
import { newGuid, ZERO_GUID } from './guid';
import { bitmapEntryIndex, payloadEntryIndex, type Bat, type BatGeometry } from './vhdx-bat';
import { HEADER_OFFSETS, PayloadState, SECTOR_BITMAP_BLOCK_SIZE, SectorBitmapState } from './vhdx-format';
import { serializeHeader, type VhdxHeader } from './vhdx-header';
import { loadVhdxImage, type VhdxImage } from './vhdx-image';

export { createDifferencingVhdx, createDynamicVhdx, type CreateDifferencingOptions, type CreateVhdxOptions } from './vhdx-create';

export interface VhdxWriterOptions {
  /**
   * Keep DataWriteGuid (FileWriteGuid still changes): only for a merge, which writes into a parent exactly the data
   * its child already shows on top of it, so every descendant keeps reading the same disk while the merge runs and
   * after it (a crash mid-merge damages nothing a kept point needs). Default: both change (MS-VHDX).
   */
  keepDataWriteGuid?: boolean;
}

/** Writes guest data into an existing dynamic or differencing VHDX (not one with a pending log). */
export class VhdxWriter {
  private readonly geometry: BatGeometry;
  private readonly bat: Bat;
  private readonly hasParent: boolean;
  private readonly batOffset: number;
  private fileSize: number;
  private header: VhdxHeader;
  private readonly headerSlot: 0 | 1;
  private identityChanged = false;
  private closed = false;
  /** Sector bitmap blocks of a differencing disk, loaded on first use (1 MiB each). */
  private readonly bitmaps = new Map<number, Buffer>();
  /** Writes run one at a time: block allocation appends at EOF. */
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    image: VhdxImage,
    private readonly options: VhdxWriterOptions,
  ) {
    this.geometry = image.geometry;
    this.bat = image.bat;
    this.hasParent = image.params.hasParent;
    this.batOffset = image.regions.bat.offset;
    this.fileSize = image.source.physicalSize;
    this.header = image.current.header;
    this.headerSlot = image.current.slot;
  }

  static async open(path: string, options: VhdxWriterOptions = {}): Promise<VhdxWriter> {
    const source = await FileSource.open(path);
    let image: VhdxImage;
    try {
      image = await loadVhdxImage(source);
    } finally {
      await source.close();
    }
    if (image.logReplayed) throw diskUnsupported(path, 'has a pending log; Ferry writes only to cleanly closed VHDX files');
    const handle = await open(path, 'r+');
    return new VhdxWriter(path, handle, image, options);
  }

  write(offset: number, data: Uint8Array): Promise<void> {
    const run = this.queue.then(() => this.writeNow(offset, data));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async writeNow(offset: number, data: Uint8Array): Promise<void> {
    if (this.closed) throw badRequest(this.path, 'writer is closed');
    const g = this.geometry;
    const sector = g.logicalSectorSize;
    if (!Number.isSafeInteger(offset) || offset < 0 || offset % sector !== 0 || data.length % sector !== 0) {
      throw badRequest(this.path, `write at ${offset} of ${data.length} bytes is not aligned to ${sector}-byte sectors`);
    }
    if (offset + data.length > g.virtualSize) {
      throw badRequest(this.path, `write at ${offset} of ${data.length} bytes runs past the virtual disk (${g.virtualSize} bytes)`);
    }
    const end = offset + data.length;
    for (let pos = offset; pos < end; ) {
      const block = Math.floor(pos / g.blockSize);
      const blockStart = block * g.blockSize;
      const to = Math.min(end, blockStart + g.blockSize);
      await this.writeInBlock(block, pos - blockStart, data.subarray(pos - offset, to - offset));
      pos = to;
    }
  }

  private async writeInBlock(block: number, inBlock: number, slice: Uint8Array): Promise<void> {
    const entry = this.bat.payload(block);
    if (entry.state === PayloadState.fullyPresent) {
      await this.beforeFirstChange();
      await writeAll(this.handle, slice, entry.fileOffset + inBlock);
      return;
    }
    if (entry.state === PayloadState.partiallyPresent) {
      await this.beforeFirstChange();
      await writeAll(this.handle, slice, entry.fileOffset + inBlock);
      await this.markSectors(block, entry.fileOffset, inBlock, slice.length);
      return;
    }
    // Not stored in this file. Without a parent every such state reads as zeros, so zeros need no block.
    if (!this.hasParent && isAllZero(slice)) return;
    await this.beforeFirstChange();
    const fileOffset = await this.allocate(this.geometry.blockSize);
    await writeAll(this.handle, slice, fileOffset + inBlock);
    const inheritsRest = this.hasParent && entry.state === PayloadState.notPresent;
    if (inheritsRest && slice.length < this.blockLength(block)) {
      // The rest of the block still comes from the parent: record which sectors are ours.
      await this.markSectors(block, fileOffset, inBlock, slice.length);
    } else {
      // ZERO/UNDEFINED/UNMAPPED hide the parent, and the fresh block is zero-filled, so it is complete.
      await this.setEntry(payloadEntryIndex(this.geometry, block), PayloadState.fullyPresent, fileOffset);
    }
  }

  /** Sets the bitmap bits for the written sectors, then marks the block PARTIALLY (or FULLY) present. */
  private async markSectors(block: number, blockOffset: number, inBlock: number, length: number): Promise<void> {
    const g = this.geometry;
    const chunk = Math.floor(block / g.chunkRatio);
    const { bitmap, fileOffset: bitmapOffset } = await this.sectorBitmap(chunk);
    const firstBit = (block % g.chunkRatio) * g.sectorsPerBlock;
    const from = firstBit + inBlock / g.logicalSectorSize;
    const to = from + length / g.logicalSectorSize;
    setBits(bitmap, from, to, false);
    const byteFrom = Math.floor(from / 8);
    const byteTo = Math.ceil(to / 8);
    await writeAll(this.handle, bitmap.subarray(byteFrom, byteTo), bitmapOffset + byteFrom);
    const sectorsInBlock = this.blockLength(block) / g.logicalSectorSize;
    const runs = [...bitRuns(bitmap, firstBit, firstBit + sectorsInBlock, false)];
    const complete = runs.length === 1 && runs[0].set;
    await this.setEntry(
      payloadEntryIndex(g, block),
      complete ? PayloadState.fullyPresent : PayloadState.partiallyPresent,
      blockOffset,
    );
  }

  private async sectorBitmap(chunk: number): Promise<{ bitmap: Buffer; fileOffset: number }> {
    const entry = this.bat.bitmap(chunk);
    if (entry.state === SectorBitmapState.present) {
      let bitmap = this.bitmaps.get(chunk);
      if (!bitmap) {
        bitmap = Buffer.alloc(SECTOR_BITMAP_BLOCK_SIZE);
        const { bytesRead } = await this.handle.read(bitmap, 0, bitmap.length, entry.fileOffset);
        if (bytesRead !== bitmap.length) throw diskCorrupt(this.path, `sector bitmap block ${chunk} is truncated`);
        this.bitmaps.set(chunk, bitmap);
      }
      return { bitmap, fileOffset: entry.fileOffset };
    }
    const fileOffset = await this.allocate(SECTOR_BITMAP_BLOCK_SIZE);
    const bitmap = Buffer.alloc(SECTOR_BITMAP_BLOCK_SIZE);
    this.bitmaps.set(chunk, bitmap);
    await this.setEntry(bitmapEntryIndex(this.geometry, chunk), SectorBitmapState.present, fileOffset);
    return { bitmap, fileOffset };
  }

  /** Bytes of the block inside the virtual disk (the last block may be short). */
  private blockLength(block: number): number {
    const g = this.geometry;
    return Math.min(g.blockSize, g.virtualSize - block * g.blockSize);
  }

  /** A zero-filled area at the 1 MiB-aligned end of the file. */
  private async allocate(length: number): Promise<number> {
    const offset = roundUp(this.fileSize, MiB);
    this.fileSize = offset + length;
    await this.handle.truncate(this.fileSize);
    return offset;
  }

  private async setEntry(index: number, state: number, fileOffset: number): Promise<void> {
    this.bat.set(index, state, fileOffset);
    await writeAll(this.handle, this.bat.bytes.subarray(index * 8, index * 8 + 8), this.batOffset + index * 8);
  }

  /**
   * MS-VHDX: FileWriteGuid and DataWriteGuid change before the first modification after opening, so a
   * child's parent_linkage stops matching as soon as its parent's data changes. Both slots are rewritten
   * (non-current first) with increasing sequence numbers.
   */
  private async beforeFirstChange(): Promise<void> {
    if (this.identityChanged) return;
    this.identityChanged = true;
    const dataWriteGuid = this.options.keepDataWriteGuid ? this.header.dataWriteGuid : newGuid();
    const next: VhdxHeader = { ...this.header, fileWriteGuid: newGuid(), dataWriteGuid, logGuid: ZERO_GUID };
    const other = this.headerSlot === 0 ? 1 : 0;
    const first = { ...next, sequenceNumber: this.header.sequenceNumber + 1n };
    await writeAll(this.handle, serializeHeader(first), HEADER_OFFSETS[other]);
    await this.handle.sync();
    const second = { ...next, sequenceNumber: this.header.sequenceNumber + 2n };
    await writeAll(this.handle, serializeHeader(second), HEADER_OFFSETS[this.headerSlot]);
    await this.handle.sync();
    this.header = second;
  }

  /** Waits for pending writes, flushes and closes. The header identity was already bumped at the first write. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.queue;
    this.closed = true;
    try {
      if (this.identityChanged) await this.handle.sync();
    } finally {
      await this.handle.close();
    }
  }
}
