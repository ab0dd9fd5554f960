// Guest files and folders copied out of a guest file system into a folder on this machine. Names are made host-safe
// one component at a time (host-names.ts) and every target is checked to lie inside the chosen folder; links and
// junctions are listed as skipped, never followed; each file is written under a temporary name and renamed when
// complete, then given its guest times. Nothing that exists is overwritten: a name taken in the folder is refused
// before anything is written.
import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import { FolderNames, hostFlavor, type HostFlavor } from './host-names';
import { splitGuestPath } from './guest-paths';
import type { GuestEntry, GuestFileSystem } from './types';

const PIECE = 1024 * 1024;
const MAX_ITEMS = 1_000_000;
const MAX_DEPTH = 256;
/** the report lists this many items by name; counts cover everything */
const MAX_REPORTED = 10_000;

export interface RestoredItem {
  guestPath: string;
  /** relative to the target folder, '/'-separated */
  hostPath: string;
  kind: 'file' | 'directory';
  size: number;
  modifiedMs?: number;
  sha256?: string;
  /** the host name differs from the guest's (characters the host refuses, a duplicate, a device name) */
  renamed?: boolean;
}

export interface GuestRestoreReport {
  folder: string;
  files: number;
  folders: number;
  bytes: number;
  items: RestoredItem[];
  skipped: Array<{ guestPath: string; reason: string }>;
  /** items beyond MAX_REPORTED are counted, not listed */
  truncated: boolean;
}

export interface GuestRestoreOptions {
  onProgress?: (doneBytes: number, totalBytes: number, current: string) => void;
  signal?: AbortSignal;
  flavor?: HostFlavor;
}

interface PlannedItem {
  guestPath: string;
  hostParts: string[];
  entry: GuestEntry;
  renamed: boolean;
}

/** What will be written, in creation order (a folder before its content), or why not (E_CONFLICT, E_GUEST_PATH_NOT_FOUND). */
async function plan(guest: GuestFileSystem, selection: string[], folder: string, flavor: HostFlavor): Promise<{ items: PlannedItem[]; skipped: GuestRestoreReport['skipped'] }> {
  const items: PlannedItem[] = [];
  const skipped: GuestRestoreReport['skipped'] = [];
  const top = new FolderNames(flavor);
  const walk = async (guestPath: string, entry: GuestEntry, hostParts: string[], renamed: boolean, depth: number, ancestors: ReadonlySet<string> = new Set()): Promise<void> => {
    if (entry.kind !== 'file' && entry.kind !== 'directory') {
      skipped.push({ guestPath, reason: entry.kind === 'other' ? 'not a file or folder' : `${entry.kind} (shown, not followed${entry.linkTarget ? `: → ${entry.linkTarget}` : ''})` });
      return;
    }
    if (items.length >= MAX_ITEMS || depth > MAX_DEPTH) throw new FerryError(ErrorCode.InvalidParams, `The selection holds more than ${MAX_ITEMS} items or ${MAX_DEPTH} levels: restore a smaller part`);
    items.push({ guestPath, hostParts, entry, renamed });
    if (entry.kind !== 'directory') return;
    // a folder inside itself (a corrupt directory, or hard-linked folders) is walked once, not forever
    if (entry.id && ancestors.has(entry.id)) throw new FerryError(ErrorCode.FsCorrupt, `${guestPath} contains itself: the guest file system is damaged there`);
    const inner = entry.id ? new Set([...ancestors, entry.id]) : ancestors;
    const names = new FolderNames(flavor);
    for (const child of await guest.list(guestPath)) {
      const n = names.take(child.name);
      await walk(`${guestPath}/${child.name}`, child, [...hostParts, n.name], n.changed, depth + 1, inner);
    }
  };
  for (const selected of selection) {
    const parts = splitGuestPath(selected);
    const entry = parts.length === 0 ? { name: '', kind: 'directory' as const, size: 0 } : await guest.stat(parts.join('/'));
    const n = top.take(parts[parts.length - 1] ?? 'volume');
    const target = path.join(folder, n.name);
    if (await exists(target)) throw new FerryError(ErrorCode.Conflict, `${target} exists: restore into an empty folder or remove it first (nothing was written)`, { path: target });
    await walk(parts.join('/'), entry, [n.name], n.changed, 0);
  }
  return { items, skipped };
}

/**
 * Before a restore starts: the folder exists and no selected item's name is taken in it (E_NOT_FOUND, E_CONFLICT),
 * so a request that cannot succeed fails at once and writes nothing.
 */
export async function checkRestoreTargets(selection: string[], folder: string, flavor: HostFlavor = hostFlavor()): Promise<void> {
  const st = await fs.stat(folder).catch(() => null);
  if (!st) throw new FerryError(ErrorCode.NotFound, `The target folder ${folder} does not exist`);
  if (!st.isDirectory()) throw new FerryError(ErrorCode.InvalidParams, `${folder} is not a folder`);
  const names = new FolderNames(flavor);
  for (const selected of selection) {
    const parts = splitGuestPath(selected);
    const target = path.join(folder, names.take(parts[parts.length - 1] ?? 'volume').name);
    if (await exists(target)) throw new FerryError(ErrorCode.Conflict, `${target} exists: restore into an empty folder or remove it first (nothing was written)`, { path: target });
  }
}

const exists = (p: string): Promise<boolean> => fs.lstat(p).then(() => true, () => false);

/** Restores `selection` (guest paths of one volume) into `folder`, which must exist. */
export async function restoreGuestItems(guest: GuestFileSystem, selection: string[], folder: string, opts: GuestRestoreOptions = {}): Promise<GuestRestoreReport> {
  const root = await fs.realpath(folder).catch(() => {
    throw new FerryError(ErrorCode.NotFound, `The target folder ${folder} does not exist`);
  });
  if (!(await fs.stat(root)).isDirectory()) throw new FerryError(ErrorCode.InvalidParams, `${folder} is not a folder`);
  if (selection.length === 0) throw new FerryError(ErrorCode.InvalidParams, 'Select at least one file or folder');
  const { items, skipped } = await plan(guest, selection, root, opts.flavor ?? hostFlavor());
  const total = items.reduce((s, i) => s + (i.entry.kind === 'file' ? i.entry.size : 0), 0);
  const report: GuestRestoreReport = { folder: root, files: 0, folders: 0, bytes: 0, items: [], skipped, truncated: false };
  const dirs: PlannedItem[] = [];
  for (const item of items) {
    if (opts.signal?.aborted) throw new FerryError(ErrorCode.Cancelled, 'Restore cancelled');
    const target = inside(root, item.hostParts);
    let sha256: string | undefined;
    if (item.entry.kind === 'directory') {
      await fs.mkdir(target); // fails if something appeared there: never written through
      dirs.push(item);
      report.folders++;
    } else {
      sha256 = await copyFile(guest, item, target, (n) => {
        report.bytes += n;
        opts.onProgress?.(report.bytes, total, item.guestPath);
      });
      await applyTimesAndMode(target, item.entry);
      report.files++;
    }
    if (report.items.length < MAX_REPORTED) {
      report.items.push({ guestPath: item.guestPath, hostPath: item.hostParts.join('/'), kind: item.entry.kind as 'file' | 'directory', size: item.entry.size, modifiedMs: item.entry.modifiedMs, ...(sha256 ? { sha256 } : {}), ...(item.renamed ? { renamed: true } : {}) });
    } else report.truncated = true;
  }
  // folder times last, deepest first: writing their content changed them
  for (const d of dirs.reverse()) await applyTimesAndMode(inside(root, d.hostParts), d.entry);
  opts.onProgress?.(total, total, '');
  return report;
}

/** root + parts, refused unless it stays inside root (the names are host-safe already: this is the second lock). */
function inside(root: string, parts: string[]): string {
  const target = path.resolve(root, ...parts);
  if (!target.startsWith(root + path.sep)) throw new FerryError(ErrorCode.Internal, `Refusing to write outside ${root}: ${target}`);
  return target;
}

async function copyFile(guest: GuestFileSystem, item: PlannedItem, target: string, wrote: (n: number) => void): Promise<string> {
  const file = await guest.open(item.guestPath);
  const tmp = path.join(path.dirname(target), `.${path.basename(target).slice(0, 200)}.ferry-partial-${randomBytes(4).toString('hex')}`);
  const hash = createHash('sha256');
  const fh = await fs.open(tmp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
  try {
    for (let at = 0; at < file.size; at += PIECE) {
      const data = await file.read(at, Math.min(PIECE, file.size - at));
      hash.update(data);
      for (let off = 0; off < data.length; ) off += (await fh.write(data, off, data.length - off, at + off)).bytesWritten;
      wrote(data.length);
    }
    await fh.close();
    await publish(tmp, target);
  } catch (e) {
    await fh.close().catch(() => undefined);
    await fs.rm(tmp, { force: true });
    throw e;
  }
  return hash.digest('hex');
}

/** The finished temp file under its name, never replacing one: a hard link fails if the name is taken. */
async function publish(tmp: string, target: string): Promise<void> {
  try {
    await fs.link(tmp, target);
    await fs.unlink(tmp);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST' || (await exists(target))) throw new FerryError(ErrorCode.Conflict, `${target} appeared during the restore: not overwritten`);
    await fs.rename(tmp, target); // file systems without hard links (FAT, exFAT): checked just before
  }
}

/** Guest times (modified, accessed), then the guest's POSIX mode (ext4) or read-only attribute (NTFS/FAT). */
async function applyTimesAndMode(target: string, entry: GuestEntry): Promise<void> {
  const now = Date.now();
  await fs.utimes(target, (entry.accessedMs ?? entry.modifiedMs ?? now) / 1000, (entry.modifiedMs ?? now) / 1000);
  if (process.platform === 'win32' && entry.kind === 'directory') return;
  // owner keeps read/write (and search on folders): a restored tree can be moved and deleted by who restored it
  if (entry.mode !== undefined) await fs.chmod(target, (entry.mode & 0o777) | (entry.kind === 'directory' ? 0o700 : 0o600));
  else if (entry.kind === 'file') await fs.chmod(target, entry.attributes?.readOnly ? 0o444 : 0o644);
}
