// Lays out new VHDX files (dynamic, or differencing over a VHDX parent), all blocks NOT_PRESENT.
// Layout like qemu's: log 1 MiB at 1 MiB, BAT at 2 MiB, metadata right after the BAT; blocks get appended.
import { open } from 'node:fs/promises';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import { isPowerOfTwo, MiB, roundUp } from './bytes';
import { badRequest } from './errors';
import { FileSource } from './file-source';
import { writeAll } from './file-write';
import { newGuid, ZERO_GUID } from './guid';
import { locatorPaths } from './parent-path';
import { batGeometry } from './vhdx-bat';
import { FILE_TYPE_SIGNATURE, HEADER_OFFSETS, MAX_BLOCK_SIZE, MAX_VIRTUAL_SIZE, MIN_BLOCK_SIZE, REGION_TABLE_OFFSETS } from './vhdx-format';
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
  checkBlockSize(path, blockSize);
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
  if (blockSize !== undefined) checkBlockSize(path, blockSize);
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

  const handle = await open(path, 'wx').catch((e: NodeJS.ErrnoException) => {
    // Never clobber an existing disk: it may be a VM's only copy.
    throw e.code === 'EEXIST' ? new FerryError(ErrorCode.Conflict, `${path}: a file with this name already exists`, { path }) : e;
  });
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

function checkBlockSize(path: string, blockSize: number): void {
  if (!isPowerOfTwo(blockSize) || blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE) {
    throw badRequest(path, `block size ${blockSize} must be a power of two from 1 MiB to 256 MiB`);
  }
}
