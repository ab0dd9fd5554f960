// FAT directory entries: 8.3 names (with the NT lower-case flags), VFAT long names (checksummed against the short
// name they belong to: an orphaned long name is ignored, as Windows does), attributes and times.
import type { GuestEntry } from '../types';

export interface FatDirent {
  entry: GuestEntry;
  firstCluster: number;
}

const ATTR_READONLY = 0x01;
const ATTR_HIDDEN = 0x02;
const ATTR_SYSTEM = 0x04;
const ATTR_VOLUME = 0x08;
const ATTR_DIR = 0x10;
const ATTR_ARCHIVE = 0x20;
const ATTR_LFN = 0x0f;

/** FAT keeps local time without a zone; Ferry reads it as UTC (the lab writes it so). Invalid → undefined. */
export function fatTime(date: number, time: number, tenths = 0): number | undefined {
  if (date === 0) return undefined;
  const year = 1980 + (date >> 9);
  const month = (date >> 5) & 0x0f;
  const day = date & 0x1f;
  if (month < 1 || month > 12 || day < 1) return undefined;
  const ms = Date.UTC(year, month - 1, day, time >> 11, (time >> 5) & 0x3f, (time & 0x1f) * 2) + tenths * 10;
  return Number.isFinite(ms) ? ms : undefined;
}

function shortNameChecksum(raw: Buffer): number {
  let sum = 0;
  for (let i = 0; i < 11; i++) sum = (((sum & 1) << 7) + (sum >> 1) + raw[i]) & 0xff;
  return sum;
}

function shortName(raw: Buffer): string {
  const b = Buffer.from(raw.subarray(0, 11));
  if (b[0] === 0x05) b[0] = 0xe5;
  let base = b.toString('latin1', 0, 8).trimEnd();
  let ext = b.toString('latin1', 8, 11).trimEnd();
  if (raw[12] & 0x08) base = base.toLowerCase();
  if (raw[12] & 0x10) ext = ext.toLowerCase();
  return ext ? `${base}.${ext}` : base;
}

interface LfnState {
  parts: string[];
  checksum: number;
}

/** every slot from 1 to the last was seen (a sparse array's holes read as undefined) */
const complete = (parts: string[]): boolean => parts.length > 0 && Array.from(parts).every((p) => typeof p === 'string');

function lfnPart(e: Buffer): string {
  const units = Buffer.concat([e.subarray(1, 11), e.subarray(14, 26), e.subarray(28, 32)]);
  const s = units.toString('utf16le');
  const end = s.indexOf('\0');
  return end >= 0 ? s.slice(0, end) : s;
}

/** All live entries of a directory's bytes ('.' and '..' left out), and the volume label if the root holds one. */
export function parseDirectory(data: Buffer): { entries: FatDirent[]; volumeLabel?: string } {
  const entries: FatDirent[] = [];
  let volumeLabel: string | undefined;
  let lfn: LfnState | null = null;
  for (let o = 0; o + 32 <= data.length; o += 32) {
    const e = data.subarray(o, o + 32);
    if (e[0] === 0x00) break;
    if (e[0] === 0xe5) {
      lfn = null;
      continue;
    }
    const attr = e[11];
    if ((attr & 0x3f) === ATTR_LFN) {
      const ord = e[0] & 0x1f;
      if (e[0] & 0x40) lfn = { parts: [], checksum: e[13] };
      if (lfn && e[13] === lfn.checksum && ord >= 1 && ord <= 20) lfn.parts[ord - 1] = lfnPart(e);
      else lfn = null;
      continue;
    }
    const long = lfn && lfn.checksum === shortNameChecksum(e) && complete(lfn.parts) ? lfn.parts.join('') : null;
    lfn = null;
    if (attr & ATTR_VOLUME) {
      if (!(attr & ATTR_DIR)) volumeLabel = e.toString('latin1', 0, 11).trim() || undefined;
      continue;
    }
    const name = long || shortName(e);
    if (name === '.' || name === '..' || name === '') continue;
    entries.push(direntOf(e, name, attr));
  }
  return { entries, ...(volumeLabel ? { volumeLabel } : {}) };
}

function direntOf(e: Buffer, name: string, attr: number): FatDirent {
  const isDir = (attr & ATTR_DIR) !== 0;
  const firstCluster = (e.readUInt16LE(20) << 16) | e.readUInt16LE(26);
  const modifiedMs = fatTime(e.readUInt16LE(24), e.readUInt16LE(22));
  const createdMs = fatTime(e.readUInt16LE(16), e.readUInt16LE(14), Math.min(e[13], 199));
  const accessedMs = fatTime(e.readUInt16LE(18), 0);
  const entry: GuestEntry = {
    name,
    kind: isDir ? 'directory' : 'file',
    size: isDir ? 0 : e.readUInt32LE(28),
    ...(modifiedMs !== undefined ? { modifiedMs } : {}),
    ...(createdMs !== undefined ? { createdMs } : {}),
    ...(accessedMs !== undefined ? { accessedMs } : {}),
    attributes: {
      readOnly: (attr & ATTR_READONLY) !== 0,
      hidden: (attr & ATTR_HIDDEN) !== 0,
      system: (attr & ATTR_SYSTEM) !== 0,
      archive: (attr & ATTR_ARCHIVE) !== 0,
    },
    id: String(firstCluster),
  };
  return { entry, firstCluster };
}
