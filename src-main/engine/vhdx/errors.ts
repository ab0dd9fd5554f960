// Every failure this module reports about a disk file goes through here, so messages always name the file.
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';

/** The file's bytes contradict the format (bad checksum, out-of-range offset, truncated, inconsistent chain). */
export function diskCorrupt(path: string, what: string): FerryError {
  return new FerryError(ErrorCode.DiskCorrupt, `${path}: ${what}`, { path });
}

/** The file is well-formed but uses something Ferry does not implement (unknown required region/item...). */
export function diskUnsupported(path: string, what: string): FerryError {
  return new FerryError(ErrorCode.DiskUnsupported, `${path}: ${what}`, { path });
}

/** The caller asked for something impossible (out-of-range or misaligned I/O): a bug in the caller, not the disk. */
export function badRequest(path: string, what: string): FerryError {
  return new FerryError(ErrorCode.InvalidParams, `${path}: ${what}`, { path });
}
