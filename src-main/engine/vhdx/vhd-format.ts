// Legacy VHD structures (reference §3.10): the 512-byte footer and the dynamic disk header. Big-endian.
import { ascii, isPowerOfTwo, readU64BE } from './bytes';
import { diskCorrupt, diskUnsupported } from './errors';
import { readUuidBigEndian } from './guid';

export const VHD_FOOTER_SIZE = 512;
export const VHD_DYNAMIC_HEADER_SIZE = 1024;
export const VHD_SECTOR = 512;
export const VHD_UNALLOCATED = 0xffffffff;
/** qemu's limit is 2040 GiB; anything claiming much more is not a real VHD. */
const MAX_VHD_SIZE = 2048 * 1024 ** 3;
const MAX_VHD_BLOCK_SIZE = 256 * 1024 * 1024;

export const VhdDiskType = { fixed: 2, dynamic: 3, differencing: 4 } as const;
export type VhdDiskType = (typeof VhdDiskType)[keyof typeof VhdDiskType];

export interface VhdFooter {
  dataOffset: number;
  creatorApp: string;
  currentSize: number;
  diskType: VhdDiskType;
  uniqueId: string;
}

export interface VhdLocator {
  platformCode: string;
  dataLength: number;
  dataOffset: number;
}

export interface VhdDynamicHeader {
  tableOffset: number;
  maxTableEntries: number;
  blockSize: number;
  parentUniqueId: string;
  parentName: string;
  locators: VhdLocator[];
}

/** One's complement of the byte sum, with the checksum field counted as zero. */
export function vhdChecksum(buf: Uint8Array, checksumOffset: number): number {
  let sum = 0;
  for (let i = 0; i < buf.length; i++) if (i < checksumOffset || i >= checksumOffset + 4) sum += buf[i];
  return ~sum >>> 0;
}

/** Decode a footer; returns why it is invalid instead of throwing (a dynamic disk has a second copy). */
export function parseVhdFooter(buf: Uint8Array, path: string): VhdFooter | string {
  if (buf.length < VHD_FOOTER_SIZE) return 'footer is shorter than 512 bytes';
  if (ascii(buf, 0, 8) !== 'conectix') return "no 'conectix' cookie";
  const view = new DataView(buf.buffer, buf.byteOffset, VHD_FOOTER_SIZE);
  if (vhdChecksum(buf.subarray(0, VHD_FOOTER_SIZE), 64) !== view.getUint32(64, false)) return 'footer checksum mismatch';
  const version = view.getUint32(12, false);
  if (version >>> 16 !== 1) throw diskUnsupported(path, `VHD format version 0x${version.toString(16)} (expected 1.x)`);
  const diskType = view.getUint32(60, false);
  if (diskType !== VhdDiskType.fixed && diskType !== VhdDiskType.dynamic && diskType !== VhdDiskType.differencing) {
    throw diskUnsupported(path, `VHD disk type ${diskType} (only fixed, dynamic and differencing exist)`);
  }
  const currentSize = readU64BE(buf, 48);
  if (currentSize === 0 || currentSize % VHD_SECTOR !== 0 || currentSize > MAX_VHD_SIZE) {
    throw diskCorrupt(path, `VHD current size ${currentSize} is not a non-zero multiple of 512 up to 2 TiB`);
  }
  return {
    dataOffset: readU64BE(buf, 16),
    creatorApp: ascii(buf, 28, 4),
    currentSize,
    diskType,
    uniqueId: readUuidBigEndian(buf, 68),
  };
}

export function parseVhdDynamicHeader(buf: Uint8Array, path: string): VhdDynamicHeader {
  if (buf.length < VHD_DYNAMIC_HEADER_SIZE) throw diskCorrupt(path, 'VHD dynamic header is shorter than 1024 bytes');
  if (ascii(buf, 0, 8) !== 'cxsparse') throw diskCorrupt(path, "VHD dynamic header has no 'cxsparse' cookie");
  const view = new DataView(buf.buffer, buf.byteOffset, VHD_DYNAMIC_HEADER_SIZE);
  if (vhdChecksum(buf.subarray(0, VHD_DYNAMIC_HEADER_SIZE), 36) !== view.getUint32(36, false)) {
    throw diskCorrupt(path, 'VHD dynamic header checksum mismatch');
  }
  const version = view.getUint32(24, false);
  if (version >>> 16 !== 1) throw diskUnsupported(path, `VHD dynamic header version 0x${version.toString(16)}`);
  const blockSize = view.getUint32(32, false);
  if (!isPowerOfTwo(blockSize) || blockSize < VHD_SECTOR || blockSize > MAX_VHD_BLOCK_SIZE) {
    throw diskCorrupt(path, `VHD block size ${blockSize} is not a power of two between 512 bytes and 256 MiB`);
  }
  const nameBytes = Buffer.from(buf.subarray(64, 576));
  nameBytes.swap16(); // UTF-16BE → LE
  const nul = nameBytes.toString('utf16le').indexOf('\u0000');
  const parentName = nameBytes.toString('utf16le').slice(0, nul < 0 ? undefined : nul);
  const locators: VhdLocator[] = [];
  for (let i = 0; i < 8; i++) {
    const at = 576 + i * 24;
    const code = view.getUint32(at, false);
    if (code === 0) continue;
    locators.push({ platformCode: ascii(buf, at, 4), dataLength: view.getUint32(at + 8, false), dataOffset: readU64BE(buf, at + 16) });
  }
  return {
    tableOffset: readU64BE(buf, 16),
    maxTableEntries: view.getUint32(28, false),
    blockSize,
    parentUniqueId: readUuidBigEndian(buf, 40),
    parentName,
    locators,
  };
}

/** Sector bitmap in front of each block: one bit per 512-byte sector, padded to whole sectors. */
export function vhdBitmapSize(blockSize: number): number {
  return Math.ceil(blockSize / VHD_SECTOR / 8 / VHD_SECTOR) * VHD_SECTOR;
}

/** Text of a parent locator's data: W2ru/W2ku are UTF-16LE, MacX a UTF-8 file URL, Wi2r/Wi2k ANSI. */
export function decodeLocatorPath(platformCode: string, data: Buffer): string | undefined {
  const trim = (s: string): string => s.replace(/\u0000+$/, '');
  switch (platformCode) {
    case 'W2ru':
    case 'W2ku':
      return trim(data.subarray(0, data.length - (data.length % 2)).toString('utf16le'));
    case 'Wi2r':
    case 'Wi2k':
      return trim(data.toString('latin1'));
    case 'MacX':
      try {
        return trim(decodeURIComponent(data.toString('utf8').replace(/^file:\/\/(localhost)?/, '')));
      } catch {
        return undefined; // malformed URL escape: not a usable path
      }
    default:
      return undefined;
  }
}
