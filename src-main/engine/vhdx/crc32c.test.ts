import { describe, expect, it } from 'vitest';
import { crc32c } from './crc32c';

describe('crc32c', () => {
  it('matches the Castagnoli check value', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('is not the IEEE CRC-32', () => {
    expect(crc32c(Buffer.from('123456789'))).not.toBe(0xcbf43926);
  });

  it('returns 0 for empty input and matches known vectors', () => {
    expect(crc32c(new Uint8Array(0))).toBe(0);
    // RFC 3720 (iSCSI) test vectors
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
  });

  it('continues from a previous CRC like zlib.crc32', () => {
    const all = Buffer.from('The quick brown fox jumps over the lazy dog, twice.');
    for (const cut of [0, 1, 3, 4, 7, 20, all.length]) {
      expect(crc32c(all.subarray(cut), crc32c(all.subarray(0, cut)))).toBe(crc32c(all));
    }
  });

  it('handles unaligned subarrays', () => {
    const base = Buffer.from('xx123456789');
    expect(crc32c(base.subarray(2))).toBe(0xe3069283);
  });
});
