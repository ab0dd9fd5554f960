// MBR and GPT partition tables, read defensively: a guest's disk is untrusted input. Every count and offset is
// bounded before it is used; entries past the disk, overlapping entries, absurd entry counts and a GPT whose CRCs do
// not match end in E_PARTITION_TABLE (stable code) rather than in a hang, a huge allocation or a wrong volume.
import { crc32 } from 'node:zlib';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { BlockSource } from './types';

export type PartitionScheme = 'gpt' | 'mbr' | 'none';

export interface Partition {
  /** 1-based, in table order (p1, p2…); MBR logical partitions follow the primaries, from 5. */
  index: number;
  /** byte offset and size on the disk */
  start: number;
  size: number;
  /** GPT partition type GUID (upper case) or MBR type byte as two hex digits */
  type: string;
  /** what the type means, for people: 'EFI system', 'Microsoft basic data', 'Linux filesystem'… */
  typeName: string;
  /** GPT partition name (UTF-16 in the entry) */
  name?: string;
}

export interface PartitionTable {
  scheme: PartitionScheme;
  sectorSize: number;
  partitions: Partition[];
}

const MAX_GPT_ENTRIES = 4096;
const MAX_GPT_ENTRY_SIZE = 4096;
const MAX_LOGICAL = 128;

const GPT_TYPES: Record<string, string> = {
  'C12A7328-F81F-11D2-BA4B-00A0C93EC93B': 'EFI system',
  'EBD0A0A2-B9E5-4433-87C0-68B6B72699C7': 'Microsoft basic data',
  'E3C9E316-0B5C-4DB8-817D-F92DF00215AE': 'Microsoft reserved',
  'DE94BBA4-06D1-4D40-A16A-BFD50179D6AC': 'Windows recovery',
  '0FC63DAF-8483-4772-8E79-3D69D8477DE4': 'Linux filesystem',
  '0657FD6D-A4AB-43C4-84E5-0933C84B4F4F': 'Linux swap',
  'E6D6D379-F507-44C2-A23C-238F2A3DF928': 'Linux LVM',
  '21686148-6449-6E6F-744E-656564454649': 'BIOS boot',
};
const MBR_TYPES: Record<number, string> = {
  0x01: 'FAT12', 0x04: 'FAT16', 0x06: 'FAT16', 0x07: 'NTFS/exFAT', 0x0b: 'FAT32', 0x0c: 'FAT32 (LBA)', 0x0e: 'FAT16 (LBA)',
  0x27: 'Windows recovery', 0x82: 'Linux swap', 0x83: 'Linux', 0x8e: 'Linux LVM', 0xef: 'EFI system',
};
const EXTENDED = new Set([0x05, 0x0f, 0x85]);

const bad = (msg: string): FerryError => new FerryError(ErrorCode.PartitionTable, `Partition table: ${msg}`);

/** Reads the disk's partition table; a disk without one is scheme 'none' (a bare file system, or blank). */
export async function readPartitionTable(disk: BlockSource): Promise<PartitionTable> {
  if (disk.size < 1024) return { scheme: 'none', sectorSize: 512, partitions: [] };
  const mbr = await disk.read(0, 512);
  if (mbr.readUInt16LE(510) !== 0xaa55) return { scheme: 'none', sectorSize: 512, partitions: [] };
  const entries = [0, 1, 2, 3].map((i) => mbr.subarray(446 + i * 16, 462 + i * 16));
  if (entries.some((e) => e[4] === 0xee)) {
    for (const sectorSize of [512, 4096]) {
      if (disk.size < sectorSize * 2) continue;
      const header = await disk.read(sectorSize, Math.min(sectorSize, 512));
      if (header.toString('latin1', 0, 8) === 'EFI PART') return { scheme: 'gpt', sectorSize, partitions: await readGpt(disk, header, sectorSize) };
    }
    throw bad('protective MBR without a GPT header');
  }
  // A boot sector of a bare file system also ends in 55AA; its "entries" are code. Only a plausible table counts.
  if (looksLikeVbr(mbr)) return { scheme: 'none', sectorSize: 512, partitions: [] };
  return { scheme: 'mbr', sectorSize: 512, partitions: checked(await readMbr(disk, entries), disk.size, 512) };
}

function looksLikeVbr(sector: Buffer): boolean {
  const oem = sector.toString('latin1', 3, 11);
  return oem === 'NTFS    ' || oem === '-FVE-FS-' || sector.toString('latin1', 82, 87) === 'FAT32' || sector.toString('latin1', 54, 57) === 'FAT';
}

async function readMbr(disk: BlockSource, entries: Buffer[]): Promise<Partition[]> {
  const out: Partition[] = [];
  let extended: { start: number; size: number } | null = null;
  entries.forEach((e, i) => {
    const type = e[4];
    const lba = e.readUInt32LE(8);
    const count = e.readUInt32LE(12);
    if (type === 0 || count === 0) return;
    if (e[0] !== 0 && e[0] !== 0x80) throw bad(`entry ${i + 1} has a bad boot flag`);
    if (EXTENDED.has(type)) {
      if (extended) throw bad('more than one extended partition');
      extended = { start: lba, size: count };
      return;
    }
    out.push(mbrPartition(i + 1, type, lba, count));
  });
  if (extended) out.push(...(await readLogical(disk, extended)));
  return out;
}

function mbrPartition(index: number, type: number, lba: number, count: number): Partition {
  return { index, start: lba * 512, size: count * 512, type: type.toString(16).padStart(2, '0'), typeName: MBR_TYPES[type] ?? 'unknown' };
}

/** The EBR chain of an extended partition: bounded in length, each link must stay inside the extended partition. */
async function readLogical(disk: BlockSource, ext: { start: number; size: number }): Promise<Partition[]> {
  const out: Partition[] = [];
  const seen = new Set<number>();
  let next = 0;
  for (let n = 0; ; n++) {
    if (n >= MAX_LOGICAL) throw bad(`more than ${MAX_LOGICAL} logical partitions (a loop in the EBR chain?)`);
    const ebrLba = ext.start + next;
    if (seen.has(ebrLba)) throw bad('the EBR chain loops');
    seen.add(ebrLba);
    if (next >= ext.size || (ebrLba + 1) * 512 > disk.size) throw bad('an EBR lies outside the extended partition');
    const ebr = await disk.read(ebrLba * 512, 512);
    if (ebr.readUInt16LE(510) !== 0xaa55) throw bad('an EBR without its signature');
    const type = ebr[446 + 4];
    const rel = ebr.readUInt32LE(446 + 8);
    const count = ebr.readUInt32LE(446 + 12);
    if (type !== 0 && count !== 0) out.push(mbrPartition(5 + n, type, ebrLba + rel, count));
    const link = ebr.subarray(462, 478);
    if (link[4] === 0 || link.readUInt32LE(12) === 0) return out;
    next = link.readUInt32LE(8);
  }
}

async function readGpt(disk: BlockSource, header: Buffer, sectorSize: number): Promise<Partition[]> {
  const headerSize = header.readUInt32LE(12);
  if (headerSize < 92 || headerSize > header.length) throw bad(`GPT header size ${headerSize}`);
  const copy = Buffer.from(header.subarray(0, headerSize));
  const crc = copy.readUInt32LE(16);
  copy.writeUInt32LE(0, 16);
  if (crc32(copy) !== crc) throw bad('GPT header CRC mismatch');
  const firstUsable = Number(header.readBigUInt64LE(40));
  const lastUsable = Number(header.readBigUInt64LE(48));
  const entriesLba = Number(header.readBigUInt64LE(72));
  const count = header.readUInt32LE(80);
  const entrySize = header.readUInt32LE(84);
  if (count > MAX_GPT_ENTRIES) throw bad(`${count} GPT entries (at most ${MAX_GPT_ENTRIES})`);
  if (entrySize < 128 || entrySize > MAX_GPT_ENTRY_SIZE || entrySize % 8 !== 0) throw bad(`GPT entry size ${entrySize}`);
  const bytes = count * entrySize;
  if (!Number.isSafeInteger(entriesLba) || entriesLba < 2 || entriesLba * sectorSize + bytes > disk.size) throw bad('GPT entries lie outside the disk');
  const table = await disk.read(entriesLba * sectorSize, bytes);
  if (crc32(table) !== header.readUInt32LE(88)) throw bad('GPT entries CRC mismatch');
  const out: Partition[] = [];
  for (let i = 0; i < count; i++) {
    const e = table.subarray(i * entrySize, (i + 1) * entrySize);
    if (e.subarray(0, 16).every((b) => b === 0)) continue;
    const first = Number(e.readBigUInt64LE(32));
    const last = Number(e.readBigUInt64LE(40));
    if (!Number.isSafeInteger(last) || last < first) throw bad(`GPT entry ${i + 1} ends before it starts`);
    if (first < firstUsable || last > lastUsable) throw bad(`GPT entry ${i + 1} lies outside the usable area`);
    const type = guidString(e.subarray(0, 16));
    const name = e.toString('utf16le', 56, 128).replace(/\0.*$/s, '');
    out.push({ index: out.length + 1, start: first * sectorSize, size: (last - first + 1) * sectorSize, type, typeName: GPT_TYPES[type] ?? 'unknown', ...(name ? { name } : {}) });
  }
  return checked(out, disk.size, sectorSize);
}

/** Every partition inside the disk and none overlapping another. */
function checked(parts: Partition[], diskSize: number, sectorSize: number): Partition[] {
  for (const p of parts) {
    if (p.start < sectorSize || p.start + p.size > diskSize) throw bad(`partition ${p.index} lies outside the disk`);
  }
  const sorted = [...parts].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    if (sorted[i].start < prev.start + prev.size) throw bad(`partitions ${prev.index} and ${sorted[i].index} overlap`);
  }
  return parts;
}

/** Mixed-endian GUID as GPT stores it → 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B'. */
function guidString(b: Buffer): string {
  const hex = (buf: Buffer): string => buf.toString('hex').toUpperCase();
  const rev = (s: number, e: number): string => hex(Buffer.from(b.subarray(s, e)).reverse());
  return `${rev(0, 4)}-${rev(4, 6)}-${rev(6, 8)}-${hex(b.subarray(8, 10))}-${hex(b.subarray(10, 16))}`;
}
