// ext4 (and extent-based ext3/ext2 images) reader, read-only: inodes through the group descriptors, file data
// through the extent tree, directories by a linear scan of their blocks (an htree directory's index blocks carry
// dirents that cover them whole, so the scan sees every name exactly once).
import { ErrorCode, FerryError } from '../../../../src-shared/contract/errors';
import { cachedSource } from '../block-source';
import { MAX_DIRECTORY_ENTRIES, notDirectory, notFile, notFound, splitGuestPath } from '../guest-paths';
import type { BlockSource, GuestEntry, GuestEntryKind, GuestFile, GuestFileSystem } from '../types';
import { collectExtents, corrupt, EXTENTS_FL, INLINE_DATA_FL, parseInode, parseSuperblock, type Extent, type Inode, type Superblock } from './ext4-structs';

const ROOT_INODE = 2;
const S_IFMT = 0xf000;
const MAX_SYMLINK = 4096;
const MAX_PATH_DEPTH = 256;
/** far beyond any real directory (a million names fit in ~40 MB): a larger one is a hostile inode */
const MAX_DIRECTORY_BYTES = 128 * 1024 * 1024;

export async function openExt4(source: BlockSource): Promise<GuestFileSystem> {
  const src = cachedSource(source);
  if (src.size < 2048) throw corrupt('volume too small');
  const sb = parseSuperblock(await src.read(1024, 1024), src.size);
  const fs = new Ext4Volume(src, sb);
  await fs.stat(''); // the root must be a readable directory
  return fs;
}

function kindOf(mode: number): GuestEntryKind {
  switch (mode & S_IFMT) {
    case 0x8000: return 'file';
    case 0x4000: return 'directory';
    case 0xa000: return 'symlink';
    default: return 'other';
  }
}

interface Named {
  name: string;
  ino: number;
}

class Ext4Volume implements GuestFileSystem {
  readonly type = 'ext4' as const;
  readonly label?: string;
  constructor(private readonly src: BlockSource, private readonly sb: Superblock) {
    this.label = sb.label;
  }

  private readBlock = (n: number): Promise<Buffer> => {
    if (n >= this.sb.blocksCount) throw corrupt(`block ${n} is past the volume`);
    return this.src.read(n * this.sb.blockSize, this.sb.blockSize);
  };

  private async inode(ino: number): Promise<Inode> {
    const { inodesPerGroup, inodeSize, descSize, blockSize, firstDataBlock } = this.sb;
    if (ino < 1 || ino > this.sb.inodesCount) throw corrupt(`inode ${ino} does not exist`);
    const group = Math.floor((ino - 1) / inodesPerGroup);
    const gdtOffset = (firstDataBlock + 1) * blockSize + group * descSize;
    const desc = await this.src.read(gdtOffset, descSize);
    const table = desc.readUInt32LE(8) + (descSize >= 64 ? desc.readUInt32LE(0x28) * 2 ** 32 : 0);
    const at = table * blockSize + ((ino - 1) % inodesPerGroup) * inodeSize;
    if (table >= this.sb.blocksCount || at + inodeSize > this.src.size) throw corrupt(`inode table of group ${group} is past the volume`);
    return parseInode(await this.src.read(at, inodeSize));
  }

  private async extents(ino: Inode): Promise<Extent[]> {
    if (ino.flags & INLINE_DATA_FL) throw new FerryError(ErrorCode.FsUnsupported, 'ext4: inline data files are not supported');
    if (!(ino.flags & EXTENTS_FL)) throw new FerryError(ErrorCode.FsUnsupported, 'ext4: block-mapped (ext2/ext3) files are not supported');
    const maxBlocks = Math.ceil(ino.size / this.sb.blockSize);
    return collectExtents(ino.block, this.readBlock, this.sb.blocksCount, Math.max(4, maxBlocks));
  }

  /** Bytes [offset, offset+length) of an inode's data: holes and uninitialized extents read as zeros. */
  private async readData(extents: Extent[], size: number, offset: number, length: number): Promise<Buffer> {
    if (offset < 0 || length < 0 || offset + length > size) throw new FerryError(ErrorCode.OutOfRange, `Read outside the file (${size} bytes)`);
    const bs = this.sb.blockSize;
    const out = Buffer.alloc(length);
    for (const e of extents) {
      const from = Math.max(offset, e.logical * bs);
      const to = Math.min(offset + length, (e.logical + e.length) * bs);
      if (from >= to || e.uninit) continue;
      const data = await this.src.read(e.physical * bs + (from - e.logical * bs), to - from);
      data.copy(out, from - offset);
    }
    return out;
  }

  private async entries(ino: Inode): Promise<Named[]> {
    if (ino.size > MAX_DIRECTORY_BYTES) throw corrupt(`a directory of ${ino.size} bytes`);
    const extents = await this.extents(ino);
    const data = await this.readData(extents, ino.size, 0, ino.size);
    const out: Named[] = [];
    const bs = this.sb.blockSize;
    for (let block = 0; block * bs < data.length; block++) {
      const end = Math.min((block + 1) * bs, data.length);
      for (let o = block * bs; o + 8 <= end; ) {
        const child = data.readUInt32LE(o);
        const recLen = data.readUInt16LE(o + 4);
        const nameLen = data[o + 6];
        if (recLen < 8 || recLen % 4 !== 0 || o + recLen > end || 8 + nameLen > recLen) throw corrupt('a directory entry has a bad length');
        if (child !== 0 && nameLen > 0) {
          const name = data.toString('utf8', o + 8, o + 8 + nameLen);
          if (name !== '.' && name !== '..') out.push({ name, ino: child });
          if (out.length > MAX_DIRECTORY_ENTRIES) throw corrupt('directory too large');
        }
        o += recLen;
      }
    }
    return out;
  }

  private async resolve(path: string): Promise<{ ino: number; inode: Inode; name: string }> {
    const names = splitGuestPath(path);
    if (names.length > MAX_PATH_DEPTH) throw notFound(path);
    let ino = ROOT_INODE;
    let inode = await this.inode(ino);
    for (const name of names) {
      if (kindOf(inode.mode) !== 'directory') throw notDirectory(path);
      const hit = (await this.entries(inode)).find((e) => e.name === name);
      if (!hit) throw notFound(path);
      ino = hit.ino;
      inode = await this.inode(ino);
    }
    return { ino, inode, name: names[names.length - 1] ?? '' };
  }

  private async entryOf(name: string, ino: number, inode: Inode): Promise<GuestEntry> {
    const kind = kindOf(inode.mode);
    const entry: GuestEntry = {
      name,
      kind,
      size: kind === 'directory' ? 0 : inode.size,
      mode: inode.mode & 0o7777,
      modifiedMs: inode.mtimeMs,
      accessedMs: inode.atimeMs,
      ...(inode.crtimeMs !== undefined ? { createdMs: inode.crtimeMs } : {}),
      id: String(ino),
    };
    if (kind === 'symlink') entry.linkTarget = await this.symlinkTarget(inode);
    return entry;
  }

  private async symlinkTarget(inode: Inode): Promise<string> {
    if (inode.size > MAX_SYMLINK) throw corrupt('symlink target too long');
    // a "fast" symlink keeps its target in i_block itself
    if (inode.size < 60 && !(inode.flags & EXTENTS_FL)) return inode.block.toString('utf8', 0, inode.size);
    return (await this.readData(await this.extents(inode), inode.size, 0, inode.size)).toString('utf8');
  }

  async list(dirPath: string): Promise<GuestEntry[]> {
    const dir = await this.resolve(dirPath);
    if (kindOf(dir.inode.mode) !== 'directory') throw notDirectory(dirPath);
    const out: GuestEntry[] = [];
    for (const e of await this.entries(dir.inode)) out.push(await this.entryOf(e.name, e.ino, await this.inode(e.ino)));
    return out;
  }

  async stat(path: string): Promise<GuestEntry> {
    const hit = await this.resolve(path);
    if (hit.ino === ROOT_INODE && kindOf(hit.inode.mode) !== 'directory') throw corrupt('the root inode is not a directory');
    return this.entryOf(hit.name, hit.ino, hit.inode);
  }

  async open(path: string): Promise<GuestFile> {
    const hit = await this.resolve(path);
    if (kindOf(hit.inode.mode) !== 'file') throw notFile(path);
    const extents = await this.extents(hit.inode);
    const size = hit.inode.size;
    return { size, read: (offset, length) => this.readData(extents, size, offset, length) };
  }
}
