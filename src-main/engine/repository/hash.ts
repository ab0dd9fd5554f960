import { createHash } from 'node:crypto';
import type { ChunkHash } from './types';

const CHUNK_HASH_RE = /^[0-9a-f]{64}$/;

export function isChunkHash(s: unknown): s is ChunkHash {
  return typeof s === 'string' && CHUNK_HASH_RE.test(s);
}

export function sha256Hex(data: Uint8Array): ChunkHash {
  return createHash('sha256').update(data).digest('hex');
}

export function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

