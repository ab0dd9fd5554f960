// readInto (what the data mover reads every block with, into buffers it reuses) must give exactly what read()
// gives — zero regions included, whatever the buffer held before — and refuse what read() refuses.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDisk } from './reader';
import { makeTempDir, pseudoRandom } from './test-helpers';
import { createDynamicVhdx, VhdxWriter } from './writer';

const MiB = 1024 * 1024;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

describe('LayeredDiskReader.readInto', () => {
  it('fills a dirty reused buffer exactly as read() returns the range (data, allocated zeros, unallocated, partial blocks)', async () => {
    const path = join(dir, 'mixed.vhdx');
    await createDynamicVhdx(path, { virtualSize: 16 * MiB, blockSize: MiB });
    const w = await VhdxWriter.open(path);
    await w.write(0, pseudoRandom(MiB, 1));
    await w.write(3 * MiB + 4096, pseudoRandom(64 * 1024, 2)); // part of a block: the rest of it reads as zeros
    await w.write(5 * MiB, Buffer.alloc(MiB, 7));
    await w.write(5 * MiB, Buffer.alloc(MiB)); // allocated, then zeroed
    await w.write(9 * MiB - 512, pseudoRandom(MiB, 3)); // straddles two blocks
    await w.close();
    const disk = await openDisk(path);
    try {
      expect(typeof disk.readInto).toBe('function');
      const reused = new Uint8Array(new ArrayBuffer(2 * MiB));
      for (const [offset, length] of [[0, MiB], [3 * MiB, MiB], [5 * MiB, MiB], [7 * MiB, 2 * MiB], [12 * MiB, MiB], [8 * MiB + 512, 1000], [16 * MiB - 4096, 4096]]) {
        reused.fill(0xa5); // stale bytes of the previous block must never survive into this one
        const view = reused.subarray(0, length);
        await disk.readInto!(view, offset);
        expect(Buffer.from(view).equals(await disk.read(offset, length)), `range ${offset}+${length}`).toBe(true);
        expect(reused[length] ?? 0xa5, 'nothing written past the view').toBe(0xa5);
      }
    } finally {
      await disk.close();
    }
  });

  it('refuses a range outside the disk, and a closed reader, like read()', async () => {
    const path = join(dir, 'small.vhdx');
    await createDynamicVhdx(path, { virtualSize: 2 * MiB, blockSize: MiB });
    const disk = await openDisk(path);
    await expect(disk.readInto!(new Uint8Array(4096), 2 * MiB - 1024)).rejects.toMatchObject({ code: 'E_INVALID_PARAMS' });
    await expect(disk.readInto!(new Uint8Array(4096), -4096)).rejects.toMatchObject({ code: 'E_INVALID_PARAMS' });
    await disk.close();
    await expect(disk.readInto!(new Uint8Array(4096), 0)).rejects.toMatchObject({ code: 'E_INVALID_PARAMS' });
  });
});
