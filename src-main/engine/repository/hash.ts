import { createHash, webcrypto } from 'node:crypto';
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

/** Same digest, computed on the libuv thread pool so hashing many chunks does not stall the event loop. */
export async function sha256HexOffThread(data: Uint8Array): Promise<ChunkHash> {
  return Buffer.from(await webcrypto.subtle.digest('SHA-256', data)).toString('hex');
}
