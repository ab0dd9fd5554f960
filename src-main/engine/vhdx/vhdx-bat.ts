// VHDX block allocation table (reference §3.6): geometry, entry decoding and validation.
import { MiB } from './bytes';
import { diskCorrupt } from './errors';
import { PayloadState, SECTORS_PER_BITMAP_BLOCK, SECTOR_BITMAP_BLOCK_SIZE, SectorBitmapState } from './vhdx-format';
import { rangesOverlap, type FileRange } from './vhdx-region';

export interface BatGeometry {
  virtualSize: number;
  blockSize: number;
  logicalSectorSize: number;
  sectorsPerBlock: number;
  /** Payload blocks per sector-bitmap block; one SB entry follows every `chunkRatio` payload entries. */
  chunkRatio: number;
  payloadBlocks: number;
  sectorBitmapBlocks: number;
  totalEntries: number;
  hasParent: boolean;
}

export interface BatEntry {
  state: number;
  /** Byte offset in the file (FileOffsetMB × 1 MiB); meaningful for FULLY/PARTIALLY_PRESENT and SB_PRESENT. */
  fileOffset: number;
}

export function batGeometry(p: { virtualSize: number; blockSize: number; logicalSectorSize: number; hasParent: boolean }): BatGeometry {
  const chunkRatio = (SECTORS_PER_BITMAP_BLOCK * p.logicalSectorSize) / p.blockSize;
  const payloadBlocks = Math.ceil(p.virtualSize / p.blockSize);
  const sectorBitmapBlocks = Math.ceil(payloadBlocks / chunkRatio);
  const totalEntries = p.hasParent
    ? sectorBitmapBlocks * (chunkRatio + 1)
    : payloadBlocks + Math.floor((payloadBlocks - 1) / chunkRatio);
  return {
    virtualSize: p.virtualSize,
    blockSize: p.blockSize,
    logicalSectorSize: p.logicalSectorSize,
    sectorsPerBlock: p.blockSize / p.logicalSectorSize,
    chunkRatio,
    payloadBlocks,
    sectorBitmapBlocks,
    totalEntries,
    hasParent: p.hasParent,
  };
}

export function payloadEntryIndex(g: BatGeometry, block: number): number {
  return block + Math.floor(block / g.chunkRatio);
}

export function bitmapEntryIndex(g: BatGeometry, chunk: number): number {
  return chunk * (g.chunkRatio + 1) + g.chunkRatio;
}

/** The BAT bytes kept as-is (8 bytes per entry) and decoded on access, so memory stays at the BAT's own size. */
export class Bat {
  private readonly view: DataView;

  constructor(
    readonly bytes: Buffer,
    readonly geometry: BatGeometry,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  }

  entry(index: number): BatEntry {
    const lo = this.view.getUint32(index * 8, true);
    const hi = this.view.getUint32(index * 8 + 4, true);
    return { state: lo & 7, fileOffset: (hi * 4096 + (lo >>> 20)) * MiB };
  }

  payload(block: number): BatEntry {
    return this.entry(payloadEntryIndex(this.geometry, block));
  }

  bitmap(chunk: number): BatEntry {
    return this.entry(bitmapEntryIndex(this.geometry, chunk));
  }

  /** Updates the in-memory entry and returns its index (the writer persists those 8 bytes). */
  set(index: number, state: number, fileOffset: number): number {
    const offsetMB = fileOffset / MiB;
    this.view.setUint32(index * 8, (((offsetMB % 4096) << 20) | state) >>> 0, true);
    this.view.setUint32(index * 8 + 4, Math.floor(offsetMB / 4096), true);
    return index;
  }
}

export interface BatBounds {
  /** Size of the file as the reader sees it. */
  fileSize: number;
  /** Log, BAT and metadata regions: no block may overlap them. */
  reserved: Array<FileRange & { name: string }>;
}

/**
 * One streaming pass over every entry so that reads never meet a bad offset later: reserved states,
 * PARTIALLY_PRESENT outside differencing disks, blocks past EOF or on top of the format's own regions.
 */
export function validateBat(bat: Bat, bounds: BatBounds, path: string): void {
  const g = bat.geometry;
  const checkPlacement = (e: BatEntry, length: number, what: string): void => {
    const range = { offset: e.fileOffset, length };
    if (e.fileOffset < MiB) throw diskCorrupt(path, `${what}: file offset ${e.fileOffset} lies in the header area`);
    if (e.fileOffset + length > bounds.fileSize) {
      throw diskCorrupt(path, `${what}: data at file offset ${e.fileOffset} (length ${length}) lies beyond the end of the file (${bounds.fileSize} bytes)`);
    }
    for (const r of bounds.reserved) {
      if (rangesOverlap(range, r)) throw diskCorrupt(path, `${what}: data at file offset ${e.fileOffset} overlaps the ${r.name} region`);
    }
  };
  for (let b = 0; b < g.payloadBlocks; b++) {
    const e = bat.payload(b);
    const what = `BAT entry for block ${b}`;
    switch (e.state) {
      case PayloadState.notPresent:
      case PayloadState.undefined:
      case PayloadState.zero:
      case PayloadState.unmapped:
      case PayloadState.unmappedV095:
        break;
      case PayloadState.fullyPresent:
        checkPlacement(e, Math.min(g.blockSize, g.virtualSize - b * g.blockSize), what);
        break;
      case PayloadState.partiallyPresent:
        if (!g.hasParent) throw diskCorrupt(path, `${what}: PARTIALLY_PRESENT is only valid in a differencing disk`);
        if (bat.bitmap(Math.floor(b / g.chunkRatio)).state !== SectorBitmapState.present) {
          throw diskCorrupt(path, `${what}: PARTIALLY_PRESENT but its sector bitmap block is not present`);
        }
        checkPlacement(e, Math.min(g.blockSize, g.virtualSize - b * g.blockSize), what);
        break;
      default:
        throw diskCorrupt(path, `${what}: reserved payload state ${e.state}`);
    }
  }
  // Sector bitmaps matter only for differencing disks; non-differencing files may carry junk there (old qemu bug).
  if (!g.hasParent) return;
  for (let c = 0; c < g.sectorBitmapBlocks; c++) {
    const e = bat.bitmap(c);
    if (e.state === SectorBitmapState.notPresent) continue;
    if (e.state !== SectorBitmapState.present) throw diskCorrupt(path, `BAT sector bitmap entry ${c}: reserved state ${e.state}`);
    checkPlacement(e, SECTOR_BITMAP_BLOCK_SIZE, `BAT sector bitmap entry ${c}`);
  }
}
