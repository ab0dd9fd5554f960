// File-system error helpers of the repository (the durable writes are in ../util/atomic.ts).
import fs from 'node:fs/promises';
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

/** ENOSPC and friends: the volume (or the user's quota) is full. */
export function isOutOfSpace(e: unknown): boolean {
  const code = errnoOf(e);
  return code === 'ENOSPC' || code === 'EDQUOT';
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
