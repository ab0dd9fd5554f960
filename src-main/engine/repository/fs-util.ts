// Durable file primitives: every write that must survive a crash goes through writeFileAtomic.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';

export function errnoCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

export function isNotFound(e: unknown): boolean {
  return errnoCode(e) === 'ENOENT';
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Keeps FerryErrors as they are; wraps anything else (EIO, ENOSPC…) into RepoWrite with context and the errno. */
export function asWriteError(what: string, e: unknown): FerryError {
  if (e instanceof FerryError) return e;
  const errno = errnoCode(e);
  return new FerryError(ErrorCode.RepoWrite, `${what}: ${messageOf(e)}`, errno ? { errno } : undefined);
}

/** The errno behind an error, also when a FerryError wrapped it (asWriteError keeps it in details). */
export function errnoOf(e: unknown): string | undefined {
  if (e instanceof FerryError) {
    const d = e.details;
    return typeof d === 'object' && d !== null && 'errno' in d && typeof d.errno === 'string' ? d.errno : undefined;
  }
  return errnoCode(e);
}

/** This host's name as it appears in temp file names: no dots, so the name parses back unambiguously. */
export function hostTag(hostname = os.hostname()): string {
  return hostname.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 63) || 'host';
}

/**
 * `<hint>.<host>.<pid>.<random>.tmp`: the owner is in the name, so crash recovery can tell a temp file of a
 * dead writer (garbage) from one a live process is writing right now (see temp-files.ts).
 */
export function tempName(dir: string, hint: string): string {
  return path.join(dir, `${hint}.${hostTag()}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** ENOSPC and friends: the volume (or the user's quota) is full. */
export function isOutOfSpace(e: unknown): boolean {
  const code = errnoOf(e);
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/** fsync a directory so a rename or create inside it is durable (no-op where unsupported, e.g. Windows). */
export async function fsyncDir(dir: string): Promise<void> {
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(dir, 'r');
    await fh.sync();
  } catch (e) {
    const code = errnoCode(e);
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw e;
  } finally {
    await fh?.close();
  }
}

/** Write to a temp file in tmpDir, fsync it, rename over target, fsync target's directory. */
export async function writeFileAtomic(target: string, data: Uint8Array | string, tmpDir: string): Promise<void> {
  const tmp = tempName(tmpDir, path.basename(target));
  try {
    const fh = await fs.open(tmp, 'wx');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await fsyncDir(path.dirname(target));
}

export async function readIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(file);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

export async function listDir(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch (e) {
    if (isNotFound(e)) return [];
    throw e;
  }
}
