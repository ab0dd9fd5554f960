// Walks a volume twice, through the NTFS reader and through an ntfs-3g mount of the same image, and lists every
// difference: names per directory, kinds, sizes, modification times, link targets, sha256 of every file and
// alternate data stream. An empty list means the reader sees exactly what ntfs-3g sees.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { GuestEntry, GuestFile } from '../../types';
import type { NtfsFileSystem } from '../ntfs-file-system';

export interface Comparison {
  differences: string[];
  files: number;
  directories: number;
  links: number;
  streams: number;
  bytes: number;
}

const CHUNK = 1024 * 1024;

export async function sha256Of(file: GuestFile): Promise<string> {
  const h = createHash('sha256');
  for (let at = 0; at < file.size; at += CHUNK) h.update(await file.read(at, Math.min(CHUNK, file.size - at)));
  return h.digest('hex');
}

const sha256File = async (p: string): Promise<string> => createHash('sha256').update(await fs.readFile(p)).digest('hex');

async function compareEntry(reader: NtfsFileSystem, guestPath: string, hostPath: string, mine: GuestEntry, out: Comparison): Promise<boolean> {
  const st = await fs.lstat(hostPath, { bigint: true });
  const diff = (what: string, a: unknown, b: unknown): void => void out.differences.push(`${guestPath}: ${what} reader=${String(a)} ntfs-3g=${String(b)}`);
  const theirKind = st.isSymbolicLink() ? 'link' : st.isDirectory() ? 'directory' : 'file';
  const myKind = mine.kind === 'symlink' || mine.kind === 'reparse-point' ? 'link' : mine.kind;
  if (myKind !== theirKind) return diff('kind', mine.kind, theirKind), false;
  if (Number(st.mtimeNs / 1_000_000n) !== mine.modifiedMs) diff('mtime', mine.modifiedMs, st.mtimeNs / 1_000_000n);
  if (theirKind === 'link') {
    out.links++;
    const target = await fs.readlink(hostPath);
    if (mine.linkTarget === undefined) diff('link target', undefined, target);
    else if (!/^[A-Za-z]:/.test(mine.linkTarget) && mine.linkTarget.replaceAll('\\', '/') !== target) diff('link target', mine.linkTarget, target);
    return false;
  }
  if (theirKind === 'directory') return (out.directories++, true);
  out.files++;
  if (Number(st.size) !== mine.size) diff('size', mine.size, st.size);
  const [a, b] = [await sha256Of(await reader.open(guestPath)), await sha256File(hostPath)];
  if (a !== b) diff('sha256', a.slice(0, 16), b.slice(0, 16));
  out.bytes += mine.size;
  for (const s of mine.streams ?? []) {
    out.streams++;
    const [sa, sb] = [await sha256Of(await reader.openStream(guestPath, s.name)), await sha256File(`${hostPath}:${s.name}`)];
    if (sa !== sb) diff(`stream ${s.name} sha256`, sa.slice(0, 16), sb.slice(0, 16));
  }
  return false;
}

/** Compares the tree under `guestDir` (reader) with `hostDir` (an ntfs-3g mount with streams_interface=windows). */
export async function compareTrees(reader: NtfsFileSystem, hostRoot: string, guestDir = '', out?: Comparison): Promise<Comparison> {
  const result = out ?? { differences: [], files: 0, directories: 0, links: 0, streams: 0, bytes: 0 };
  const hostDir = path.join(hostRoot, guestDir);
  const mine = await reader.list(guestDir);
  const theirs = (await fs.readdir(hostDir)).sort();
  const myNames = mine.map((e) => e.name).sort();
  if (JSON.stringify(myNames) !== JSON.stringify(theirs)) {
    const missing = theirs.filter((n) => !myNames.includes(n));
    const extra = myNames.filter((n) => !theirs.includes(n));
    result.differences.push(`${guestDir || '/'}: names differ; missing ${JSON.stringify(missing.slice(0, 5))}, extra ${JSON.stringify(extra.slice(0, 5))}`);
  }
  for (const e of mine) {
    if (!theirs.includes(e.name)) continue;
    const guestPath = guestDir ? `${guestDir}/${e.name}` : e.name;
    if (await compareEntry(reader, guestPath, path.join(hostRoot, guestPath), e, result)) await compareTrees(reader, hostRoot, guestPath, result);
  }
  return result;
}
