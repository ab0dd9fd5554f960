// Reparse points (symbolic links, junctions, WSL links) and ntfs-3g's Interix symlinks: read to *show* where they
// point, never followed (a link inside a guest may name anything on the host).
import { corrupt, utf16 } from './corrupt';

export const ReparseTag = { MountPoint: 0xa0000003, Symlink: 0xa000000c, WslSymlink: 0xa000001d } as const;

export interface ReparseInfo {
  tag: number;
  /** 'symlink' for symbolic links (Windows, WSL), 'junction' for mount points, else 'other' */
  kind: 'symlink' | 'junction' | 'other';
  target?: string;
}

/** Name at (offset, length in bytes) of a reparse path buffer. */
function pathName(value: Buffer, bufferStart: number, offset: number, length: number): string {
  if (length % 2 !== 0) throw corrupt('reparse point name has an odd length');
  return utf16(value, bufferStart + offset, length / 2, 'reparse point name');
}

function substitute(name: string): string {
  return name.startsWith('\\??\\') ? name.slice(4) : name;
}

function linkTarget(value: Buffer, bufferStart: number): string {
  if (bufferStart > value.length) throw corrupt('reparse point too short');
  const [subOff, subLen, printOff, printLen] = [8, 10, 12, 14].map((o) => value.readUInt16LE(o));
  const print = printLen > 0 ? pathName(value, bufferStart, printOff, printLen) : '';
  return print || substitute(pathName(value, bufferStart, subOff, subLen));
}

export function parseReparsePoint(value: Buffer): ReparseInfo {
  if (value.length < 8) throw corrupt('reparse point too short');
  const tag = value.readUInt32LE(0);
  const dataLength = value.readUInt16LE(4);
  if (8 + dataLength > value.length) throw corrupt('reparse point data runs past its attribute');
  if (tag === ReparseTag.Symlink && dataLength >= 12) return { tag, kind: 'symlink', target: linkTarget(value, 20) };
  if (tag === ReparseTag.MountPoint && dataLength >= 8) return { tag, kind: 'junction', target: linkTarget(value, 16) };
  if (tag === ReparseTag.WslSymlink && dataLength >= 4) return { tag, kind: 'symlink', target: value.toString('utf8', 12, 8 + dataLength) };
  return { tag, kind: 'other' };
}

const INTERIX_MAGIC = Buffer.from('IntxLNK\x01', 'latin1');

/** ntfs-3g's default symlink: a system file whose data is "IntxLNK\1" and the UTF-16 target. */
export function interixTarget(data: Buffer): string | undefined {
  if (data.length < INTERIX_MAGIC.length || !data.subarray(0, 8).equals(INTERIX_MAGIC) || (data.length - 8) % 2 !== 0) return undefined;
  return data.toString('utf16le', 8);
}
