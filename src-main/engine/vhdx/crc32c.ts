// CRC-32C (Castagnoli), the checksum of VHDX headers, region tables and log entries.
// Node's zlib.crc32 is the IEEE polynomial and gives different results, so it cannot be used.

const POLY_REFLECTED = 0x82f63b78;

// Slicing-by-4 tables: TABLES[0] is the classic byte table; the others let us consume 4 bytes per step.
const TABLES: Uint32Array[] = (() => {
  const t = [new Uint32Array(256), new Uint32Array(256), new Uint32Array(256), new Uint32Array(256)];
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY_REFLECTED : c >>> 1;
    t[0][i] = c >>> 0;
  }
  for (let i = 0; i < 256; i++) {
    for (let s = 1; s < 4; s++) t[s][i] = (t[0][t[s - 1][i] & 0xff] ^ (t[s - 1][i] >>> 8)) >>> 0;
  }
  return t;
})();

/**
 * CRC-32C of `buf`. `crc` is the CRC of the bytes before `buf` (default 0 = start), so
 * `crc32c(b, crc32c(a)) === crc32c(concat(a, b))`, the same convention as zlib.crc32.
 * Check value: crc32c("123456789") === 0xe3069283.
 */
export function crc32c(buf: Uint8Array, crc = 0): number {
  const [t0, t1, t2, t3] = TABLES;
  let c = (crc ^ 0xffffffff) >>> 0;
  let i = 0;
  const end4 = buf.length - (buf.length % 4);
  for (; i < end4; i += 4) {
    c ^= buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24);
    c = t3[c & 0xff] ^ t2[(c >>> 8) & 0xff] ^ t1[(c >>> 16) & 0xff] ^ t0[c >>> 24];
  }
  for (; i < buf.length; i++) c = t0[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
