// MS-VHDX constants: fixed offsets, signatures, well-known GUIDs and BAT states (reference §3).
import { KiB, MiB } from './bytes';

export const FILE_TYPE_SIGNATURE = 'vhdxfile';
export const HEADER_OFFSETS = [64 * KiB, 128 * KiB] as const;
export const HEADER_SIZE = 4 * KiB;
export const HEADER_SIGNATURE = 'head';
export const REGION_TABLE_OFFSETS = [192 * KiB, 256 * KiB] as const;
export const REGION_TABLE_SIZE = 64 * KiB;
export const REGION_TABLE_SIGNATURE = 'regi';
export const METADATA_TABLE_SIZE = 64 * KiB;
export const METADATA_SIGNATURE = 'metadata';
/** Regions, log and blocks all live at or after 1 MiB, aligned to 1 MiB. */
export const REGION_ALIGNMENT = MiB;
export const MAX_TABLE_ENTRIES = 2047;
export const MAX_METADATA_ITEM_LENGTH = MiB;
export const MAX_VIRTUAL_SIZE = 64 * 1024 ** 4;
export const MIN_BLOCK_SIZE = MiB;
export const MAX_BLOCK_SIZE = 256 * MiB;
/** A sector bitmap block is 1 MiB and covers 2^23 sectors. */
export const SECTOR_BITMAP_BLOCK_SIZE = MiB;
export const SECTORS_PER_BITMAP_BLOCK = 2 ** 23;

export const RegionGuid = {
  bat: '2dc27766-f623-4200-9d64-115e9bfd4a08',
  metadata: '8b7ca206-4790-4b9a-b8fe-575f050f886e',
} as const;

export const MetadataGuid = {
  fileParameters: 'caa16737-fa36-4d43-b3b6-33f0aa44e76b',
  virtualDiskSize: '2fa54224-cd1b-4876-b211-5dbed83bf4b8',
  page83Data: 'beca12ab-b2e6-4523-93ef-c309e000c746',
  logicalSectorSize: '8141bf1d-a96f-4709-ba47-f233a8faab5f',
  physicalSectorSize: 'cda348c7-445d-4471-9cc9-e9885251c556',
  parentLocator: 'a8d35f2d-b30b-454d-abf7-d3d84834ab0c',
} as const;

export const PARENT_LOCATOR_TYPE_VHDX = 'b04aefb7-d19e-4a81-b789-25b8e9445913';

/** Metadata entry flags (bit 0 IsUser, bit 1 IsVirtualDisk, bit 2 IsRequired). */
export const MetadataFlag = { isUser: 1, isVirtualDisk: 2, isRequired: 4 } as const;

export const PayloadState = {
  notPresent: 0,
  undefined: 1,
  zero: 2,
  unmapped: 3,
  /** VHDX 0.95 draft value for UNMAPPED; old qemu wrote it, so it reads as zeros like qemu does. */
  unmappedV095: 5,
  fullyPresent: 6,
  partiallyPresent: 7,
} as const;

export const SectorBitmapState = { notPresent: 0, present: 6 } as const;

export const FileParameterFlag = { leaveBlockAllocated: 1, hasParent: 2 } as const;
