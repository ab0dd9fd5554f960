// Input checks for addDisk: a manifest that would restore wrongly is refused before anything is written.
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import { isChunkHash } from './hash';
import { MAX_CHUNK_BYTES } from './pack-format';
import type { DiskManifestInput } from './types';

const DISK_KEY_RE = /^[A-Za-z0-9._:/-]{1,200}$/;

function invalid(diskKey: string, why: string): FerryError {
  return new FerryError(ErrorCode.InvalidParams, `Disk manifest '${diskKey}': ${why}`);
}

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

export function validateManifestInput(m: DiskManifestInput): void {
  const key = String(m.diskKey);
  if (typeof m.diskKey !== 'string' || !DISK_KEY_RE.test(m.diskKey)) {
    throw invalid(key, 'diskKey must be 1-200 characters of [A-Za-z0-9._:/-]');
  }
  if (!isCount(m.virtualSize)) throw invalid(key, `virtualSize ${m.virtualSize} is not a non-negative integer`);
  if (!isCount(m.blockSize) || m.blockSize === 0) throw invalid(key, `blockSize ${m.blockSize} is not a positive integer`);
  if (typeof m.sourcePath !== 'string') throw invalid(key, 'sourcePath must be a string');
  if (m.meta !== undefined && (typeof m.meta !== 'object' || m.meta === null || Array.isArray(m.meta))) {
    throw invalid(key, 'meta must be a plain object');
  }
  if (!Array.isArray(m.blocks)) throw invalid(key, 'blocks must be an array');
  let end = 0;
  m.blocks.forEach((b, i) => {
    if (!isCount(b.offset)) throw invalid(key, `block ${i}: offset ${b.offset} is not a non-negative integer`);
    if (!isCount(b.length) || b.length === 0 || b.length > MAX_CHUNK_BYTES) {
      throw invalid(key, `block ${i}: length ${b.length} is out of range`);
    }
    if (b.offset < end) throw invalid(key, `block ${i} at offset ${b.offset} overlaps or is out of order`);
    end = b.offset + b.length;
    if (end > m.virtualSize) throw invalid(key, `block ${i} ends at ${end}, beyond virtualSize ${m.virtualSize}`);
    if (!isChunkHash(b.hash)) throw invalid(key, `block ${i}: hash is not lowercase hex SHA-256`);
  });
}
