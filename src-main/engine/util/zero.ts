// Whether a block is all zeros: freed guest space is common, and this runs over every block read, written or
// restored. memcmp against a shared zero buffer runs at memory speed; the buffer stays small (compared in slices).
// Imports nothing: the block worker loads it as plain .ts under vitest (see datamover/block-worker.ts).
const SLICE = 1024 * 1024;
let zeros: Buffer | null = null;

export function isAllZero(data: Uint8Array): boolean {
  zeros ??= Buffer.alloc(SLICE);
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  for (let at = 0; at < buf.length; at += SLICE) {
    const end = Math.min(buf.length, at + SLICE);
    if (!buf.subarray(at, end).equals(zeros.subarray(0, end - at))) return false;
  }
  return true;
}
