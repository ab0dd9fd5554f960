// Ferry's own VHDX writer: creates dynamic (and differencing) disks and writes guest data into them.
// Used by the lab to make VM disks and simulate guest writes, and by tests to build chains qemu can't.
// It does not journal through the VHDX log: the lab owns these files, and a crash mid-write only risks
// the block being written (data is written before the BAT entry that points at it).
import { open, type FileHandle } from 'node:fs/promises';
import { isAllZero, isPowerOfTwo, MiB, roundUp } from './bytes';
import { bitRuns, setBits } from './bitmap';
import { badRequest, diskCorrupt, diskUnsupported } from './errors';
import { FileSource } from './file-source';
import { newGuid, ZERO_GUID } from './guid';
import { locatorPaths } from './parent-path';
import { batGeometry, bitmapEntryIndex, payloadEntryIndex, type Bat, type BatGeometry } from './vhdx-bat';
import {
  FILE_TYPE_SIGNATURE,
  HEADER_OFFSETS,
  MAX_BLOCK_SIZE,
  MAX_VIRTUAL_SIZE,
  MIN_BLOCK_SIZE,
  PayloadState,
  REGION_TABLE_OFFSETS,
  SECTOR_BITMAP_BLOCK_SIZE,
  SectorBitmapState,
} from './vhdx-format';
import { serializeHeader, type VhdxHeader } from './vhdx-header';
import { loadVhdxImage, type VhdxImage } from './vhdx-image';
import { serializeMetadataRegion, type ParentLocator, type VhdxParameters } from './vhdx-metadata';
import { serializeRegionTable } from './vhdx-region';

export interface CreateVhdxOptions {
  virtualSize: number;
  /** Default 1 MiB; a power of two from 1 to 256 MiB. */
  blockSize?: number;
  logicalSectorSize?: 512 | 4096;
  physicalSectorSize?: 512 | 4096;
}

const DEFAULT_BLOCK_SIZE = MiB;
const LOG_OFFSET = MiB;
const LOG_LENGTH = MiB;
const BAT_OFFSET = 2 * MiB;
const METADATA_LENGTH = MiB;
const CREATOR = 'Ferry';

/** An empty dynamic VHDX: every block NOT_PRESENT. */
export async function createDynamicVhdx(path: string, opts: CreateVhdxOptions): Promise<void> {
  const logicalSectorSize = opts.logicalSectorSize ?? 512;
  const blockSize = opts.blockSize ?? DEFAULT_BLOCK_SIZE;
  const { virtualSize } = opts;
  if (!isPowerOfTwo(blockSize) || blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE) {
    throw badRequest(path, `block size ${blockSize} must be a power of two from 1 MiB to 256 MiB`);
  }
  if (!Number.isSafeInteger(virtualSize) || virtualSize <= 0 || virtualSize > MAX_VIRTUAL_SIZE || virtualSize % logicalSectorSize !== 0) {
    throw badRequest(path, `virtual size ${virtualSize} must be a positive multiple of ${logicalSectorSize} up to 64 TiB`);
  }
  await writeNewVhdx(path, {
    blockSize,
    virtualSize,
    logicalSectorSize,
    physicalSectorSize: opts.physicalSectorSize ?? logicalSectorSize,
    leaveBlockAllocated: false,
    hasParent: false,
    page83Id: newGuid(),
  });
}

export interface CreateDifferencingOptions {
  /** Default: the parent's block size (a chain may mix block sizes). */
  blockSize?: number;
}

/**
 * An empty differencing VHDX whose parent is `parentPath` (a VHDX): everything reads through to the parent.
 * The locator stores the parent's name relative to the child plus its absolute path, like Hyper-V does.
 */
export async function createDifferencingVhdx(path: string, parentPath: string, opts: CreateDifferencingOptions = {}): Promise<void> {
  const blockSize = opts.blockSize;
  if (blockSize !== undefined && (!isPowerOfTwo(blockSize) || blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE)) {
    throw badRequest(path, `block size ${blockSize} must be a power of two from 1 MiB to 256 MiB`);
  }
  const source = await FileSource.open(parentPath);
  let parent: VhdxImage;
  try {
    parent = await loadVhdxImage(source);
  } finally {
    await source.close();
  }
  const { relative, absolute } = await locatorPaths(path, parentPath);
  const locator: ParentLocator = new Map([
    ['parent_linkage', `{${parent.current.header.dataWriteGuid}}`],
    ['relative_path', relative],
    ['absolute_win32_path', absolute],
  ]);
  await writeNewVhdx(path, {
    ...parent.params,
    blockSize: blockSize ?? parent.params.blockSize,
    leaveBlockAllocated: false,
    hasParent: true,
    parentLocator: locator,
  });
}

async function writeNewVhdx(path: string, params: VhdxParameters): Promise<void> {
  const geometry = batGeometry(params);
  const batLength = roundUp(geometry.totalEntries * 8, MiB);
  const metadataOffset = BAT_OFFSET + batLength;
  const fileSize = metadataOffset + METADATA_LENGTH;

  const identifier = Buffer.alloc(520);
  identifier.write(FILE_TYPE_SIGNATURE, 0, 'latin1');
  identifier.write(CREATOR, 8, 'utf16le');
  const header: VhdxHeader = {
    sequenceNumber: 1n,
    fileWriteGuid: newGuid(),
    dataWriteGuid: newGuid(),
    logGuid: ZERO_GUID,
    logVersion: 0,
    version: 1,
    logLength: LOG_LENGTH,
    logOffset: LOG_OFFSET,
  };
  const regions = serializeRegionTable({
    bat: { offset: BAT_OFFSET, length: batLength },
    metadata: { offset: metadataOffset, length: METADATA_LENGTH },
  });

  const handle = await open(path, 'wx');
  try {
    // Sparse: the log, the all-zero BAT (every block NOT_PRESENT) and the padding are holes.
    await handle.truncate(fileSize);
    await writeAll(handle, identifier, 0);
    await writeAll(handle, serializeHeader(header), HEADER_OFFSETS[0]);
    await writeAll(handle, serializeHeader({ ...header, sequenceNumber: 2n }), HEADER_OFFSETS[1]);
    await writeAll(handle, regions, REGION_TABLE_OFFSETS[0]);
    await writeAll(handle, regions, REGION_TABLE_OFFSETS[1]);
    await writeAll(handle, serializeMetadataRegion(params, METADATA_LENGTH), metadataOffset);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeAll(handle: FileHandle, data: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await handle.write(data, done, data.length - done, position + done);
    done += bytesWritten;
  }
}

/** Writes guest data into an existing dynamic or differencing VHDX (not one with a pending log). */
export class VhdxWriter {
  private readonly geometry: BatGeometry;
  private readonly bat: Bat;
  private readonly hasParent: boolean;
  private readonly batOffset: number;
  private fileSize: number;
  private header: VhdxHeader;
  private headerSlot: 0 | 1;
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
  ) {
    this.geometry = image.geometry;
    this.bat = image.bat;
    this.hasParent = image.params.hasParent;
    this.batOffset = image.regions.bat.offset;
    this.fileSize = image.source.physicalSize;
    this.header = image.current.header;
    this.headerSlot = image.current.slot;
  }

  static async open(path: string): Promise<VhdxWriter> {
    const source = await FileSource.open(path);
    let image: VhdxImage;
    try {
      image = await loadVhdxImage(source);
    } finally {
      await source.close();
    }
    if (image.logReplayed) throw diskUnsupported(path, 'has a pending log; Ferry writes only to cleanly closed VHDX files');
    const handle = await open(path, 'r+');
    return new VhdxWriter(path, handle, image);
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
    const next: VhdxHeader = { ...this.header, fileWriteGuid: newGuid(), dataWriteGuid: newGuid(), logGuid: ZERO_GUID };
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
