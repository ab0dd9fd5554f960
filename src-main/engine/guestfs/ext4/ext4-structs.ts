// ext4 on-disk structures: superblock, group descriptors, inodes and the extent tree, parsed with every number
// checked against the volume before it is used (a hostile image ends in E_FS_CORRUPT, never a wild read or a hang).
import { ErrorCode, FerryError } from '../../../../src-shared/contract/errors';

export const corrupt = (msg: string): FerryError => new FerryError(ErrorCode.FsCorrupt, `ext4: ${msg}`);
const unsupported = (msg: string): FerryError => new FerryError(ErrorCode.FsUnsupported, `ext4: ${msg}`);

export const EXT_MAGIC = 0xef53;
const INCOMPAT_64BIT = 0x80;
const INCOMPAT_META_BG = 0x10;
/** compression, journal device, dirdata, encryption: volumes Ferry refuses rather than misreads */
const INCOMPAT_REFUSED: Array<[number, string]> = [
  [0x1, 'compression'],
  [0x8, 'an external journal device'],
  [0x1000, 'dirdata'],
  [0x10000, 'encryption'],
];

export interface Superblock {
  blockSize: number;
  blocksCount: number;
  inodesCount: number;
  inodesPerGroup: number;
  blocksPerGroup: number;
  firstDataBlock: number;
  inodeSize: number;
  descSize: number;
  groupCount: number;
  label?: string;
}

export function parseSuperblock(sb: Buffer, volumeSize: number): Superblock {
  if (sb.readUInt16LE(56) !== EXT_MAGIC) throw corrupt('no ext2/3/4 superblock');
  const logBlock = sb.readUInt32LE(24);
  if (logBlock > 6) throw corrupt(`block size 2^(10+${logBlock})`);
  const blockSize = 1024 << logBlock;
  const incompat = sb.readUInt32LE(96);
  for (const [flag, what] of INCOMPAT_REFUSED) if (incompat & flag) throw unsupported(`the volume uses ${what}`);
  if (incompat & INCOMPAT_META_BG) throw unsupported('the volume uses meta_bg group descriptors');
  const is64 = (incompat & INCOMPAT_64BIT) !== 0;
  const blocksCount = sb.readUInt32LE(4) + (is64 ? sb.readUInt32LE(0x150) * 2 ** 32 : 0);
  const inodesCount = sb.readUInt32LE(0);
  const inodesPerGroup = sb.readUInt32LE(40);
  const blocksPerGroup = sb.readUInt32LE(32);
  const firstDataBlock = sb.readUInt32LE(20);
  const rev = sb.readUInt32LE(76);
  const inodeSize = rev === 0 ? 128 : sb.readUInt16LE(88);
  const descSize = is64 ? sb.readUInt16LE(254) : 32;
  if (blocksCount * blockSize > volumeSize) throw corrupt('the file system is larger than its partition');
  if (inodesPerGroup === 0 || blocksPerGroup === 0 || inodesCount === 0) throw corrupt('zero inodes or blocks per group');
  if (inodeSize < 128 || inodeSize > blockSize || (inodeSize & (inodeSize - 1)) !== 0) throw corrupt(`inode size ${inodeSize}`);
  if (descSize < 32 || descSize > 1024) throw corrupt(`group descriptor size ${descSize}`);
  const groupCount = Math.ceil((blocksCount - firstDataBlock) / blocksPerGroup);
  if (groupCount < 1 || groupCount * inodesPerGroup < inodesCount) throw corrupt('group count does not cover the inodes');
  const label = sb.toString('utf8', 120, 136).replace(/\0.*$/s, '');
  return { blockSize, blocksCount, inodesCount, inodesPerGroup, blocksPerGroup, firstDataBlock, inodeSize, descSize, groupCount, ...(label ? { label } : {}) };
}

export interface Inode {
  mode: number;
  size: number;
  flags: number;
  links: number;
  /** the 60 bytes of i_block: extent tree root, block map or a fast symlink's target */
  block: Buffer;
  atimeMs?: number;
  mtimeMs?: number;
  ctimeMs?: number;
  crtimeMs?: number;
}

export const EXTENTS_FL = 0x80000;
export const INLINE_DATA_FL = 0x10000000;

/** seconds (signed 32 bits) + the extra field's epoch bits and nanoseconds → ms */
function time(raw: Buffer, at: number, extraAt: number | null): number {
  const secs = raw.readInt32LE(at);
  if (extraAt === null) return secs * 1000;
  const extra = raw.readUInt32LE(extraAt);
  return (secs + (extra & 3) * 2 ** 32) * 1000 + Math.floor((extra >>> 2) / 1e6);
}

export function parseInode(raw: Buffer): Inode {
  const extraSize = raw.length > 128 ? raw.readUInt16LE(128) : 0;
  const has = (end: number): boolean => 128 + extraSize >= end;
  return {
    mode: raw.readUInt16LE(0),
    size: raw.readUInt32LE(4) + raw.readUInt32LE(108) * 2 ** 32,
    links: raw.readUInt16LE(26),
    flags: raw.readUInt32LE(32),
    block: Buffer.from(raw.subarray(40, 100)),
    atimeMs: time(raw, 8, has(144) ? 140 : null),
    ctimeMs: time(raw, 12, has(136) ? 132 : null),
    mtimeMs: time(raw, 16, has(140) ? 136 : null),
    ...(has(152) ? { crtimeMs: time(raw, 144, 148) } : {}),
  };
}

export interface Extent {
  /** first logical block, block count, first physical block; uninitialized extents read as zeros */
  logical: number;
  length: number;
  physical: number;
  uninit: boolean;
}

const EXTENT_MAGIC = 0xf30a;
const MAX_DEPTH = 5;

/**
 * Walks an extent tree (root in i_block, deeper nodes read through readBlock) into a sorted extent list,
 * refusing cycles by depth, node counts beyond their block, physical blocks past the volume, and more than
 * `maxExtents` leaves in total.
 */
export async function collectExtents(root: Buffer, readBlock: (n: number) => Promise<Buffer>, blocksCount: number, maxExtents: number): Promise<Extent[]> {
  const out: Extent[] = [];
  const walk = async (node: Buffer, expectDepth: number | null): Promise<void> => {
    if (node.readUInt16LE(0) !== EXTENT_MAGIC) throw corrupt('extent node without its magic');
    const entries = node.readUInt16LE(2);
    const depth = node.readUInt16LE(6);
    if (depth > MAX_DEPTH || (expectDepth !== null && depth !== expectDepth)) throw corrupt(`extent tree depth ${depth}`);
    if (12 + entries * 12 > node.length) throw corrupt('extent node holds more entries than fit');
    for (let i = 0; i < entries; i++) {
      const e = node.subarray(12 + i * 12, 24 + i * 12);
      if (depth === 0) {
        const rawLen = e.readUInt16LE(4);
        const ext = { logical: e.readUInt32LE(0), length: rawLen > 32768 ? rawLen - 32768 : rawLen, physical: e.readUInt16LE(6) * 2 ** 32 + e.readUInt32LE(8), uninit: rawLen > 32768 };
        if (ext.physical + ext.length > blocksCount) throw corrupt('an extent points past the volume');
        if (out.length >= maxExtents) throw corrupt('more extents than the file has blocks');
        out.push(ext);
      } else {
        const leaf = e.readUInt32LE(4) + e.readUInt16LE(8) * 2 ** 32;
        if (leaf >= blocksCount) throw corrupt('an extent index points past the volume');
        await walk(await readBlock(leaf), depth - 1);
      }
    }
  };
  await walk(root, null);
  out.sort((a, b) => a.logical - b.logical);
  for (let i = 1; i < out.length; i++) if (out[i].logical < out[i - 1].logical + out[i - 1].length) throw corrupt('extents overlap');
  return out;
}
