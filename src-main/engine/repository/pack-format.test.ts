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

  it('says whether the pack can be cut back safely: header, damage between records, torn tail', () => {
    expect(scanPack(image)).toMatchObject({ headerOk: true, damagedBytes: 0, tailIsTorn: true });
    const badHeader = Buffer.from(image);
    badHeader.write('XXXXXXXX', 0, 'ascii');
    expect(scanPack(badHeader)).toMatchObject({ headerOk: false, entries: scanPack(image).entries, validBytes: image.length });
    const middle = Buffer.from(image);
    middle[16 + 56 + 300 + 56 + 10] ^= 0xff;
    expect(scanPack(middle)).toMatchObject({ damagedBytes: 56 + 500, tailIsTorn: true });
    // Zeros (an extended file whose data never landed), a partial header, a record cut short: all torn.
    for (const tail of [Buffer.alloc(4096), Buffer.from('FCHK'), image.subarray(16, 16 + 56 + 100)]) {
      expect(scanPack(Buffer.concat([image, tail])).tailIsTorn).toBe(true);
    }
    // A whole record that fails its checksum is damage, not a torn write.
    const whole = Buffer.from(image.subarray(16, 16 + 56 + 300));
    whole[56 + 3] ^= 1;
    expect(scanPack(Buffer.concat([image, whole])).tailIsTorn).toBe(false);
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
