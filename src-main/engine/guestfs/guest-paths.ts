// Guest path helpers shared by the readers: splitting a '/' path into names, and the one error for a missing one.
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';

/** 'a/b//c/' → ['a','b','c']; '.' and '..' are refused: a guest path names one entry, never climbs. */
export function splitGuestPath(path: string): string[] {
  const parts = path.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new FerryError(ErrorCode.InvalidParams, `A guest path may not contain '..': ${path}`);
  return parts;
}

export function notFound(path: string): FerryError {
  return new FerryError(ErrorCode.GuestPathNotFound, `No such file or folder in the volume: /${splitGuestPath(path).join('/')}`);
}

export function notDirectory(path: string): FerryError {
  return new FerryError(ErrorCode.GuestNotADirectory, `Not a folder: /${splitGuestPath(path).join('/')}`);
}

/** How much of a name list a reader keeps for one directory: a hostile directory cannot exhaust memory. */
export const MAX_DIRECTORY_ENTRIES = 1_000_000;

export function notFile(path: string): FerryError {
  return new FerryError(ErrorCode.GuestNotAFile, `Not a file: /${splitGuestPath(path).join('/')}`);
}
