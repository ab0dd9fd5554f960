// Multi-sector protection ("update sequence array"): the last two bytes of every 512-byte stride of an MFT
// record or index block hold a check value, the real bytes live in the array. A mismatch is a torn or corrupt
// write, and the structure is refused.
import { corrupt } from './corrupt';

const STRIDE = 512;

/** Checks `magic` and undoes the fixups of `buf` in place. */
export function applyFixups(buf: Buffer, magic: 'FILE' | 'INDX', what: string): void {
  if (buf.length < STRIDE || buf.length % STRIDE !== 0) throw corrupt(`${what}: size ${buf.length} is not a multiple of ${STRIDE}`);
  if (buf.toString('latin1', 0, 4) !== magic) throw corrupt(`${what}: no ${magic} signature`);
  const usaOffset = buf.readUInt16LE(4);
  const usaCount = buf.readUInt16LE(6);
  const strides = buf.length / STRIDE;
  if (usaCount !== strides + 1 || usaOffset < 8 || usaOffset % 2 !== 0 || usaOffset + usaCount * 2 > STRIDE - 2) {
    throw corrupt(`${what}: update sequence array (offset ${usaOffset}, count ${usaCount}) does not fit`);
  }
  const check = buf.readUInt16LE(usaOffset);
  for (let i = 0; i < strides; i++) {
    const at = i * STRIDE + STRIDE - 2;
    if (buf.readUInt16LE(at) !== check) throw corrupt(`${what}: torn or corrupt (fixup mismatch in sector ${i})`);
    buf.writeUInt16LE(buf.readUInt16LE(usaOffset + 2 + i * 2), at);
  }
}
