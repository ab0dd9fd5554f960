// Chunk codecs. The data mover compresses with compressChunk so it always produces what the repository reads back.
import zlib from 'node:zlib';
import { compressSync as lz4Compress, decompressFrameSync as lz4DecompressFrame, uncompressSync as lz4Uncompress } from 'lz4-napi';
import type { Codec } from './types';

// Synchronous on purpose: measured here, the async variants (thread pool, zlib stream machinery) are 2-10x
// slower for 1 MiB chunks than the sync calls, whose blocking is per chunk (a few ms), between awaits.

export const CODECS: readonly Codec[] = ['none', 'lz4', 'zstd'];

/** On-disk codec ids (pack records store one byte). */
const CODEC_IDS: Record<Codec, number> = { none: 0, lz4: 1, zstd: 2 };

export function isCodec(s: unknown): s is Codec {
  return typeof s === 'string' && (CODECS as readonly string[]).includes(s);
}

export function codecId(codec: Codec): number {
  return CODEC_IDS[codec];
}

export function codecFromId(id: number): Codec | undefined {
  return CODECS.find((c) => CODEC_IDS[c] === id);
}

// LZ4 frame magic (little-endian 0x184D2204). The block format lz4-napi writes starts with the raw size instead,
// which can never equal this for a chunk (it would be ~400 MB), so both layouts are told apart safely.
const LZ4_FRAME_MAGIC = 0x184d2204;

/**
 * 'lz4' = lz4-napi `compress` (block with size prefix); frames from `compressFrame` are read too.
 * 'zstd' = node:zlib zstd; level defaults to 3 (zstd's own default).
 */
export async function compressChunk(raw: Uint8Array, codec: Codec, zstdLevel = 3): Promise<Buffer> {
  switch (codec) {
    case 'none':
      return Buffer.from(raw);
    case 'lz4':
      return lz4Compress(asBuffer(raw));
    case 'zstd':
      return zlib.zstdCompressSync(raw, { params: { [zlib.constants.ZSTD_c_compressionLevel]: zstdLevel } });
  }
}

/** Throws a plain Error on malformed input; callers turn it into RepoCorrupt with context. */
export async function decompressChunk(stored: Uint8Array, codec: Codec, rawLength: number): Promise<Buffer> {
  let raw: Buffer;
  switch (codec) {
    case 'none':
      raw = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
      break;
    case 'lz4': {
      const isFrame = stored.byteLength >= 4 && Buffer.from(stored.buffer, stored.byteOffset, 4).readUInt32LE(0) === LZ4_FRAME_MAGIC;
      raw = isFrame ? lz4DecompressFrame(asBuffer(stored)) : lz4Uncompress(stored);
      break;
    }
    case 'zstd':
      // maxOutputLength: a damaged or hostile chunk cannot balloon memory.
      raw = zlib.zstdDecompressSync(stored, { maxOutputLength: Math.max(1, rawLength) });
      break;
  }
  if (raw.byteLength !== rawLength) {
    throw new Error(`decompressed to ${raw.byteLength} bytes, expected ${rawLength}`);
  }
  return raw;
}

function asBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}
