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

/** Keeps FerryErrors as they are; wraps anything else (EIO, ENOSPC…) into RepoWrite with context. */
export function asWriteError(what: string, e: unknown): FerryError {
  if (e instanceof FerryError) return e;
  return new FerryError(ErrorCode.RepoWrite, `${what}: ${messageOf(e)}`);
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
