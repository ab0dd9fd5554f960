// Runs of equal bits in a sector bitmap. VHDX bitmaps are LSB-first, VHD bitmaps MSB-first.

export interface BitRun {
  /** bit index, inclusive */
  start: number;
  /** bit index, exclusive */
  end: number;
  set: boolean;
}

export function bitAt(bitmap: Uint8Array, index: number, msbFirst: boolean): boolean {
  const byte = bitmap[index >>> 3];
  return ((msbFirst ? byte >>> (7 - (index & 7)) : byte >>> (index & 7)) & 1) === 1;
}

/** Maximal runs of equal bits over [start, end). Whole 0x00/0xFF bytes are skipped 8 bits at a time. */
export function* bitRuns(bitmap: Uint8Array, start: number, end: number, msbFirst: boolean): Generator<BitRun> {
  let i = start;
  while (i < end) {
    const set = bitAt(bitmap, i, msbFirst);
    const uniform = set ? 0xff : 0x00;
    let j = i + 1;
    while (j < end) {
      if ((j & 7) === 0 && j + 8 <= end && bitmap[j >>> 3] === uniform) {
        j += 8;
        continue;
      }
      if (bitAt(bitmap, j, msbFirst) !== set) break;
      j++;
    }
    yield { start: i, end: j, set };
    i = j;
  }
}

export function setBits(bitmap: Uint8Array, start: number, end: number, msbFirst: boolean): void {
  for (let i = start; i < end; i++) {
    const mask = msbFirst ? 0x80 >>> (i & 7) : 1 << (i & 7);
    bitmap[i >>> 3] |= mask;
  }
}
