// A directory's $I30 index: $INDEX_ROOT (resident, the B+ tree's root node) and $INDEX_ALLOCATION (INDX blocks
// for the other nodes). Walked depth-first in key order; each block is visited once, depth and entry counts are
// capped, and every entry and block header is bounds-checked: a hostile index ends in E_FS_CORRUPT, not a hang.
import { AttrType } from './attribute';
import { corrupt, type FileRef, fileRef } from './corrupt';
import type { Stream } from './data-stream';
import { openAttribute, attributesOf, type FileRecord } from './file-record';
import { applyFixups } from './fixups';
import type { Mft } from './mft';
import { type FileName, parseFileName } from './names';

export interface IndexEntry {
  ref: FileRef;
  fileName: FileName;
}

const ENTRY_HAS_SUBNODE = 0x01;
const ENTRY_LAST = 0x02;
const MAX_DEPTH = 32;
/** Names in one directory: far above any real one (NTFS allows ~4 billion, nobody has them), bounds memory. */
export const MAX_DIRECTORY_ENTRIES = 2_000_000;

interface Walk {
  mft: Mft;
  dir: number;
  allocation: Stream | undefined;
  blockSize: number;
  vcnBytes: number;
  visited: Set<number>;
  out: IndexEntry[];
}

/** The entries of the index node whose header starts at `nodeAt` in `buf`; subnode VCNs come with their entry. */
async function walkNode(walk: Walk, buf: Buffer, nodeAt: number, depth: number): Promise<void> {
  if (depth > MAX_DEPTH) throw corrupt(`directory ${walk.dir}: index deeper than ${MAX_DEPTH} levels`);
  if (nodeAt + 16 > buf.length) throw corrupt(`directory ${walk.dir}: index node header past its block`);
  const entriesAt = nodeAt + buf.readUInt32LE(nodeAt);
  const end = nodeAt + buf.readUInt32LE(nodeAt + 4);
  if (end > buf.length || entriesAt < nodeAt + 16 || entriesAt > end) throw corrupt(`directory ${walk.dir}: index node bounds are invalid`);
  for (let at = entriesAt; ; ) {
    if (at + 16 > end) throw corrupt(`directory ${walk.dir}: index entries run past their node`);
    const length = buf.readUInt16LE(at + 8);
    const keyLength = buf.readUInt16LE(at + 10);
    const flags = buf.readUInt16LE(at + 12);
    const hasSub = (flags & ENTRY_HAS_SUBNODE) !== 0;
    if (length < 16 + (hasSub ? 8 : 0) || length % 8 !== 0 || at + length > end || 16 + keyLength > length - (hasSub ? 8 : 0)) {
      throw corrupt(`directory ${walk.dir}: index entry length ${length} is invalid`);
    }
    if (hasSub) await walkSubnode(walk, Number(buf.readBigUInt64LE(at + length - 8)), depth);
    if ((flags & ENTRY_LAST) !== 0) return;
    if (keyLength < 0x42) throw corrupt(`directory ${walk.dir}: index entry without a file name`);
    walk.out.push({ ref: fileRef(buf, at), fileName: parseFileName(buf.subarray(at + 16, at + 16 + keyLength)) });
    if (walk.out.length > MAX_DIRECTORY_ENTRIES) throw corrupt(`directory ${walk.dir}: more than ${MAX_DIRECTORY_ENTRIES} entries`);
    at += length;
  }
}

async function walkSubnode(walk: Walk, vcn: number, depth: number): Promise<void> {
  if (!walk.allocation) throw corrupt(`directory ${walk.dir}: index refers to a block but has no $INDEX_ALLOCATION`);
  if (walk.visited.has(vcn)) throw corrupt(`directory ${walk.dir}: index block ${vcn} is referenced twice (a loop)`);
  walk.visited.add(vcn);
  const offset = vcn * walk.vcnBytes;
  if (!Number.isSafeInteger(offset) || offset + walk.blockSize > walk.allocation.size) throw corrupt(`directory ${walk.dir}: index block ${vcn} lies outside its allocation`);
  const block = await walk.allocation.read(offset, walk.blockSize);
  applyFixups(block, 'INDX', `directory ${walk.dir} index block ${vcn}`);
  if (Number(block.readBigUInt64LE(0x10)) !== vcn) throw corrupt(`directory ${walk.dir}: index block at VCN ${vcn} says it is VCN ${block.readBigUInt64LE(0x10)}`);
  await walkNode(walk, block, 0x18, depth + 1);
}

/** Every name in directory `dir`'s $I30 index, in index order (DOS 8.3 aliases included; callers filter). */
export async function readDirectoryIndex(mft: Mft, dir: FileRecord): Promise<IndexEntry[]> {
  const roots = attributesOf(dir, AttrType.IndexRoot, '$I30');
  const root = roots[0];
  if (roots.length !== 1 || !root.resident) throw corrupt(`directory ${dir.number}: no resident $I30 index root`);
  const value = root.value;
  if (value.length < 0x20) throw corrupt(`directory ${dir.number}: index root too short`);
  if (value.readUInt32LE(0) !== AttrType.FileName) throw corrupt(`directory ${dir.number}: $I30 does not index file names`);
  const blockSize = value.readUInt32LE(8);
  if (blockSize < 512 || blockSize > 65536 || (blockSize & (blockSize - 1)) !== 0) throw corrupt(`directory ${dir.number}: index block size ${blockSize}`);
  const clusterSize = mft.volume.geometry.clusterSize;
  const walk: Walk = {
    mft,
    dir: dir.number,
    allocation: openAttribute(mft, dir, AttrType.IndexAllocation, '$I30'),
    blockSize,
    vcnBytes: blockSize >= clusterSize ? clusterSize : 512,
    visited: new Set(),
    out: [],
  };
  await walkNode(walk, value, 0x10, 0);
  return walk.out;
}
