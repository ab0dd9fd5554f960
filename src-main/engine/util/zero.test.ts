import { describe, expect, it } from 'vitest';
import { isAllZero } from './zero';

describe('isAllZero', () => {
  const MiB = 1024 * 1024;

  it('finds a single set byte anywhere, also past the first compared slice', () => {
    const size = 3 * MiB + 17;
    expect(isAllZero(Buffer.alloc(size))).toBe(true);
    for (const at of [0, MiB - 1, MiB, 2 * MiB + 5, size - 1]) {
      const b = Buffer.alloc(size);
      b[at] = 1;
      expect(isAllZero(b), `byte ${at}`).toBe(false);
    }
  });

  it('reads a Uint8Array view over a larger buffer only within the view', () => {
    const backing = new Uint8Array(4096).fill(7);
    backing.fill(0, 1000, 3000);
    expect(isAllZero(backing.subarray(1000, 3000))).toBe(true);
    expect(isAllZero(backing.subarray(999, 3000))).toBe(false);
    expect(isAllZero(new Uint8Array(0))).toBe(true);
  });
});
