// LZNT1, the compression of NTFS compressed files: a compression unit (usually 16 clusters) is a sequence of
// chunks of at most 4 KiB output each, stored raw or as LZ77 tokens. Every back reference and length is checked;
// output never grows past the unit.
import { corrupt } from './corrupt';

const CHUNK = 4096;

/** Decompresses `src` into `out` (the compression unit's size); returns the bytes produced, the rest stays zero. */
export function lznt1Decompress(src: Buffer, out: Buffer): number {
  let inAt = 0;
  let outChunk = 0;
  while (inAt + 2 <= src.length && outChunk < out.length) {
    const header = src.readUInt16LE(inAt);
    if (header === 0) break;
    const size = (header & 0x0fff) + 1;
    const body = inAt + 2;
    if (body + size > src.length) throw corrupt('compressed chunk runs past its compression unit');
    const chunkEnd = Math.min(outChunk + CHUNK, out.length);
    if ((header & 0x8000) === 0) {
      src.copy(out, outChunk, body, body + Math.min(size, chunkEnd - outChunk));
    } else {
      decompressChunk(src, body, body + size, out, outChunk, chunkEnd);
    }
    inAt = body + size;
    outChunk += CHUNK;
  }
  return Math.min(outChunk, out.length);
}

function decompressChunk(src: Buffer, start: number, end: number, out: Buffer, chunkStart: number, chunkEnd: number): void {
  let inAt = start;
  let outAt = chunkStart;
  while (inAt < end && outAt < chunkEnd) {
    const tags = src[inAt++];
    for (let bit = 0; bit < 8 && inAt < end && outAt < chunkEnd; bit++) {
      if ((tags & (1 << bit)) === 0) {
        out[outAt++] = src[inAt++];
        continue;
      }
      if (inAt + 2 > end) throw corrupt('compressed chunk ends inside a back reference');
      const token = src.readUInt16LE(inAt);
      inAt += 2;
      let lengthBits = 12;
      for (let p = outAt - chunkStart - 1; p >= 0x10; p >>= 1) lengthBits--;
      const distance = (token >> lengthBits) + 1;
      const length = (token & ((1 << lengthBits) - 1)) + 3;
      if (distance > outAt - chunkStart) throw corrupt('compressed chunk refers before its start');
      const copyEnd = Math.min(outAt + length, chunkEnd);
      for (; outAt < copyEnd; outAt++) out[outAt] = out[outAt - distance];
    }
  }
}
