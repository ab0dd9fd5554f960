// Byte layout of one disk manifest. Binary because a 1 TiB disk at 256 KiB blocks has 4 M entries.
//
// manifest = MAGIC(8) | headerLen u32 | header JSON (utf8) | entry* | sha256(everything before)
// entry    = offset u64 | length u32 | hash(32)
import { z } from 'zod';
import { sha256 } from './hash';
import type { DiskManifestInput, ManifestBlock } from './types';

const MAGIC = Buffer.from('FERRYMF1', 'ascii');
const ENTRY_BYTES = 44;
const TRAILER_BYTES = 32;

const ManifestHeader = z.object({
  diskKey: z.string(),
  virtualSize: z.number().int().nonnegative(),
  blockSize: z.number().int().positive(),
  sourcePath: z.string(),
  blockCount: z.number().int().nonnegative(),
  meta: z.record(z.string(), z.unknown()).optional(),
});

export function encodeManifest(m: DiskManifestInput): Buffer {
  const header = Buffer.from(
    JSON.stringify({
      diskKey: m.diskKey,
      virtualSize: m.virtualSize,
      blockSize: m.blockSize,
      sourcePath: m.sourcePath,
      blockCount: m.blocks.length,
      meta: m.meta,
    }),
    'utf8',
  );
  const body = Buffer.alloc(MAGIC.byteLength + 4 + header.byteLength + m.blocks.length * ENTRY_BYTES);
  MAGIC.copy(body, 0);
  body.writeUInt32LE(header.byteLength, 8);
  header.copy(body, 12);
  let at = 12 + header.byteLength;
  for (const b of m.blocks) {
    body.writeBigUInt64LE(BigInt(b.offset), at);
    body.writeUInt32LE(b.length, at + 8);
    Buffer.from(b.hash, 'hex').copy(body, at + 12);
    at += ENTRY_BYTES;
  }
  return Buffer.concat([body, sha256(body)]);
}

/** Throws a plain Error describing the damage; callers add context and the error code. */
export function decodeManifest(buf: Buffer): DiskManifestInput {
  if (buf.byteLength < MAGIC.byteLength + 4 + TRAILER_BYTES || !buf.subarray(0, 8).equals(MAGIC)) {
    throw new Error('not a Ferry manifest');
  }
  const body = buf.subarray(0, buf.byteLength - TRAILER_BYTES);
  if (!sha256(body).equals(buf.subarray(body.byteLength))) throw new Error('manifest checksum mismatch');
  const headerLen = body.readUInt32LE(8);
  if (12 + headerLen > body.byteLength) throw new Error('manifest header truncated');
  const parsed = ManifestHeader.safeParse(JSON.parse(body.subarray(12, 12 + headerLen).toString('utf8')));
  if (!parsed.success) throw new Error(`manifest header invalid: ${parsed.error.message}`);
  const h = parsed.data;
  let at = 12 + headerLen;
  if (body.byteLength - at !== h.blockCount * ENTRY_BYTES) throw new Error('manifest block table has the wrong size');
  const blocks: ManifestBlock[] = new Array<ManifestBlock>(h.blockCount);
  for (let i = 0; i < h.blockCount; i++, at += ENTRY_BYTES) {
    blocks[i] = {
      offset: Number(body.readBigUInt64LE(at)),
      length: body.readUInt32LE(at + 8),
      hash: body.subarray(at + 12, at + 44).toString('hex'),
    };
  }
  const manifest: DiskManifestInput = {
    diskKey: h.diskKey,
    virtualSize: h.virtualSize,
    blockSize: h.blockSize,
    sourcePath: h.sourcePath,
    blocks,
  };
  if (h.meta !== undefined) manifest.meta = h.meta;
  return manifest;
}
