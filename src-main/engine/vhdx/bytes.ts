// Small helpers for fixed-width integers. Values above 2^53 lose precision as numbers, but every
// such value is also far beyond any file size, so the bounds checks that follow still reject it.

export const KiB = 1024;
export const MiB = 1024 * 1024;

export function readU64LE(buf: Uint8Array, offset: number): number {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  return v.getUint32(offset + 4, true) * 0x1_0000_0000 + v.getUint32(offset, true);
}

export function readU64BE(buf: Uint8Array, offset: number): number {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  return v.getUint32(offset, false) * 0x1_0000_0000 + v.getUint32(offset + 4, false);
}

export function writeU64LE(buf: Uint8Array, offset: number, value: number): void {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  v.setUint32(offset, value % 0x1_0000_0000, true);
  v.setUint32(offset + 4, Math.floor(value / 0x1_0000_0000), true);
}

export function isPowerOfTwo(n: number): boolean {
  return Number.isSafeInteger(n) && n > 0 && Number.isInteger(Math.log2(n));
}

export function roundUp(n: number, multiple: number): number {
  return Math.ceil(n / multiple) * multiple;
}

/** UTF-16LE text without a terminating NUL (VHDX parent locator keys and values). */
export function utf16le(text: string): Buffer {
  return Buffer.from(text, 'utf16le');
}

export function ascii(buf: Uint8Array, offset: number, length: number): string {
  return Buffer.from(buf.buffer, buf.byteOffset + offset, length).toString('latin1');
}
