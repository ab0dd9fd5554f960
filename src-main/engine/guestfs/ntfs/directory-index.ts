// A directory's $I30 index: $INDEX_ROOT (resident, the B+ tree's root node) and $INDEX_ALLOCATION (INDX blocks
// for the other nodes). Walked depth-first in key order, or descended for one name; each block is visited once per
// walk, depth and entry counts are capped, and every entry and block header is bounds-checked: a hostile index
// ends in E_FS_CORRUPT, not a hang.
import { AttrType } from './attribute';
import { corrupt, type FileRef, fileRef } from './corrupt';
import type { Stream } from './data-stream';
import { attributesOf, type FileRecord, openAttribute } from './file-record';
import { applyFixups } from './fixups';
import type { Mft } from './mft';
import { type FileName, parseFileName } from './names';

export interface IndexEntry {
  ref: FileRef;
  fileName: FileName;
}

/** One slot of an index node: an entry (absent on the node's last slot) and the subnode before it, if any. */
export interface NodeSlot {
  entry?: IndexEntry;
  subnodeVcn?: number;
}

const ENTRY_HAS_SUBNODE = 0x01;
const ENTRY_LAST = 0x02;
export const MAX_INDEX_DEPTH = 32;
/** Names in one directory: above any real one (and the restore walker's own cap), bounds memory (~200 B a name). */
export const MAX_DIRECTORY_ENTRIES = 1_000_000;

/** The index of one directory: its root node and a reader of its INDX blocks. */
export interface DirectoryIndex {
  dir: number;
  root: { buf: Buffer; nodeAt: number };
  readBlock(vcn: number): Promise<{ buf: Buffer; nodeAt: number }>;
}

/** The slots of the index node whose header starts at `nodeAt` in `buf`. */
export function nodeSlots(buf: Buffer, nodeAt: number, dir: number): NodeSlot[] {
  if (nodeAt + 16 > buf.length) throw corrupt(`directory ${dir}: index node header past its block`);
  const entriesAt = nodeAt + buf.readUInt32LE(nodeAt);
  const end = nodeAt + buf.readUInt32LE(nodeAt + 4);
  if (end > buf.length || entriesAt < nodeAt + 16 || entriesAt > end) throw corrupt(`directory ${dir}: index node bounds are invalid`);
  const slots: NodeSlot[] = [];
  for (let at = entriesAt; ; ) {
    if (at + 16 > end) throw corrupt(`directory ${dir}: index entries run past their node`);
    const length = buf.readUInt16LE(at + 8);
    const keyLength = buf.readUInt16LE(at + 10);
    const flags = buf.readUInt16LE(at + 12);
    const hasSub = (flags & ENTRY_HAS_SUBNODE) !== 0;
    if (length < 16 + (hasSub ? 8 : 0) || length % 8 !== 0 || at + length > end || 16 + keyLength > length - (hasSub ? 8 : 0)) {
      throw corrupt(`directory ${dir}: index entry length ${length} is invalid`);
    }
    const slot: NodeSlot = hasSub ? { subnodeVcn: Number(buf.readBigUInt64LE(at + length - 8)) } : {};
    if ((flags & ENTRY_LAST) !== 0) return [...slots, slot];
    if (keyLength < 0x42) throw corrupt(`directory ${dir}: index entry without a file name`);
    slot.entry = { ref: fileRef(buf, at), fileName: parseFileName(buf.subarray(at + 16, at + 16 + keyLength)) };
    slots.push(slot);
    at += length;
  }
}

function blockReader(dir: number, allocation: Stream | undefined, blockSize: number, vcnBytes: number): DirectoryIndex['readBlock'] {
  return async (vcn) => {
    if (!allocation) throw corrupt(`directory ${dir}: index refers to a block but has no $INDEX_ALLOCATION`);
    const offset = vcn * vcnBytes;
    if (!Number.isSafeInteger(offset) || offset + blockSize > allocation.size) throw corrupt(`directory ${dir}: index block ${vcn} lies outside its allocation`);
    const buf = await allocation.read(offset, blockSize);
    applyFixups(buf, 'INDX', `directory ${dir} index block ${vcn}`);
    if (Number(buf.readBigUInt64LE(0x10)) !== vcn) throw corrupt(`directory ${dir}: index block at VCN ${vcn} says it is VCN ${buf.readBigUInt64LE(0x10)}`);
    return { buf, nodeAt: 0x18 };
  };
}

export function openDirectoryIndex(mft: Mft, dir: FileRecord): DirectoryIndex {
  const roots = attributesOf(dir, AttrType.IndexRoot, '$I30');
  const root = roots[0];
  if (roots.length !== 1 || !root.resident) throw corrupt(`directory ${dir.number}: no resident $I30 index root`);
  const value = root.value;
  if (value.length < 0x20) throw corrupt(`directory ${dir.number}: index root too short`);
  if (value.readUInt32LE(0) !== AttrType.FileName) throw corrupt(`directory ${dir.number}: $I30 does not index file names`);
  const blockSize = value.readUInt32LE(8);
  if (blockSize < 512 || blockSize > 65536 || (blockSize & (blockSize - 1)) !== 0) throw corrupt(`directory ${dir.number}: index block size ${blockSize}`);
  const clusterSize = mft.volume.geometry.clusterSize;
  const allocation = openAttribute(mft, dir, AttrType.IndexAllocation, '$I30');
  return { dir: dir.number, root: { buf: value, nodeAt: 0x10 }, readBlock: blockReader(dir.number, allocation, blockSize, blockSize >= clusterSize ? clusterSize : 512) };
}

/** Every name in the directory, in index order (DOS 8.3 aliases included; callers filter). */
export async function readDirectoryIndex(index: DirectoryIndex): Promise<IndexEntry[]> {
  const out: IndexEntry[] = [];
  const visited = new Set<number>();
  const walk = async (node: { buf: Buffer; nodeAt: number }, depth: number): Promise<void> => {
    if (depth > MAX_INDEX_DEPTH) throw corrupt(`directory ${index.dir}: index deeper than ${MAX_INDEX_DEPTH} levels`);
    for (const slot of nodeSlots(node.buf, node.nodeAt, index.dir)) {
      if (slot.subnodeVcn !== undefined) {
        if (visited.has(slot.subnodeVcn)) throw corrupt(`directory ${index.dir}: index block ${slot.subnodeVcn} is referenced twice (a loop)`);
        visited.add(slot.subnodeVcn);
        await walk(await index.readBlock(slot.subnodeVcn), depth + 1);
      }
      if (slot.entry) out.push(slot.entry);
      if (out.length > MAX_DIRECTORY_ENTRIES) throw corrupt(`directory ${index.dir}: more than ${MAX_DIRECTORY_ENTRIES} entries`);
    }
  };
  await walk(index.root, 0);
  return out;
}
