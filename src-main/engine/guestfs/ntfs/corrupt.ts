// The NTFS reader's two ways to refuse a volume: corrupt (a structure that cannot be trusted) and unsupported.
// Every check of on-disk data ends in one of these, so a hostile image yields a stable code and never garbage.
import { ErrorCode, FerryError } from '../../../../src-shared/contract/errors';

export const corrupt = (message: string, details?: unknown): FerryError =>
  new FerryError(ErrorCode.FsCorrupt, `NTFS: ${message}`, details);

export const unsupported = (message: string, details?: unknown): FerryError =>
  new FerryError(ErrorCode.FsUnsupported, `NTFS: ${message}`, details);

/** Refuses a structure field outside [min, max] (inclusive). */
export function expectRange(value: number, min: number, max: number, what: string): number {
  if (!Number.isFinite(value) || value < min || value > max) throw corrupt(`${what} is ${value}, outside ${min}..${max}`);
  return value;
}

/** An unsigned 64-bit little-endian field as a number; values beyond 2^53 are corrupt for any volume we can read. */
export function u64(buf: Buffer, offset: number, what: string): number {
  const v = buf.readBigUInt64LE(offset);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt(`${what} is out of range (${v})`);
  return Number(v);
}

/** A file reference: 48-bit record number and 16-bit sequence number. */
export interface FileRef {
  record: number;
  sequence: number;
}

export function fileRef(buf: Buffer, offset: number): FileRef {
  const low = buf.readUInt32LE(offset);
  const high = buf.readUInt16LE(offset + 4);
  return { record: high * 0x1_0000_0000 + low, sequence: buf.readUInt16LE(offset + 6) };
}

const EPOCH_DIFF_MS = 11_644_473_600_000n;

/** An NTFS time (100 ns ticks since 1601-01-01 UTC) in ms since the Unix epoch; 0 means "not recorded". */
export function ntfsTimeMs(buf: Buffer, offset: number): number | undefined {
  const ticks = buf.readBigUInt64LE(offset);
  if (ticks === 0n) return undefined;
  return Number(ticks / 10_000n - EPOCH_DIFF_MS);
}

/** UTF-16LE text of `chars` characters at `offset`, bounds-checked against the buffer. */
export function utf16(buf: Buffer, offset: number, chars: number, what: string): string {
  if (offset < 0 || offset + chars * 2 > buf.length) throw corrupt(`${what} runs past its structure`);
  return buf.toString('utf16le', offset, offset + chars * 2);
}
