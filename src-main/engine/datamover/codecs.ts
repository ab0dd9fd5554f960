// Job compression levels → codecs. Stored chunks keep their codec so restore never guesses.
import { promisify } from 'node:util';
import { constants as z, zstdCompress } from 'node:zlib';
import { compress as lz4Compress } from 'lz4-napi';
import type { Compression } from '../../../src-shared/domain';
import type { z as zod } from 'zod';

type Level = zod.infer<typeof Compression>;
export type StoredCodec = 'none' | 'lz4' | 'zstd';

const zstd = promisify(zstdCompress);

export interface Compressed {
  codec: StoredCodec;
  data: Buffer;
}

/** Compresses one chunk at the job's level; keeps it raw when compression would not shrink it. */
export async function compressChunk(level: Level, raw: Buffer): Promise<Compressed> {
  let out: Buffer | null = null;
  let codec: StoredCodec = 'none';
  if (level === 'optimal') {
    out = await lz4Compress(raw);
    codec = 'lz4';
  } else if (level === 'high' || level === 'extreme') {
    out = await zstd(raw, { params: { [z.ZSTD_c_compressionLevel]: level === 'high' ? 3 : 9 } });
    codec = 'zstd';
  }
  return out && out.length < raw.length ? { codec, data: out } : { codec: 'none', data: raw };
}
