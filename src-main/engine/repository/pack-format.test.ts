import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './hash';
import { decodePackIndex, encodePackIndex, encodeRecordHeader, packHeader, scanPack } from './pack-format';

function packOf(chunks: Buffer[]): Buffer {
  return Buffer.concat([packHeader(), ...chunks.flatMap((c) => [encodeRecordHeader(sha256Hex(c), c, 'none', c.length), c])]);
}

describe('pack format', () => {
  const chunks = [randomBytes(300), randomBytes(500), randomBytes(200)];
  const image = packOf(chunks);

  it('scans every record of an intact pack', () => {
    const { entries, validBytes } = scanPack(image);
    expect(entries.map((e) => e.hash)).toEqual(chunks.map(sha256Hex));
    expect(validBytes).toBe(image.length);
  });

  it('stops before a torn tail', () => {
    const torn = Buffer.concat([image, image.subarray(16, 16 + 80)]);
    expect(scanPack(torn)).toEqual(scanPack(image));
    expect(scanPack(image.subarray(0, image.length - 1)).entries).toHaveLength(2);
  });

  it('skips a damaged record in the middle and still finds the ones after it', () => {
    const damaged = Buffer.from(image);
    damaged[16 + 56 + 300 + 56 + 10] ^= 0xff; // inside chunk 2's payload
    const { entries, validBytes } = scanPack(damaged);
    expect(entries.map((e) => e.hash)).toEqual([sha256Hex(chunks[0]), sha256Hex(chunks[2])]);
    expect(validBytes).toBe(image.length);
  });

  it('index round trip; a damaged index is rejected', () => {
    const { entries } = scanPack(image);
    const idx = encodePackIndex(entries, image.length);
    expect(decodePackIndex(idx)).toEqual({ entries, packBytes: image.length });
    const bad = Buffer.from(idx);
    bad[30] ^= 1;
    expect(decodePackIndex(bad)).toBeUndefined();
    expect(decodePackIndex(idx.subarray(0, idx.length - 1))).toBeUndefined();
  });
});
