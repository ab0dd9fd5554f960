import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isAllZero } from '../util/zero';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDisk } from './reader';
import { selectCurrentHeader } from './vhdx-header';
import { checkExtentsAgainst, makeTempDir, pseudoRandom, qemuImg, vhdiInfo } from './test-helpers';
import { createDynamicVhdx, VhdxWriter } from './writer';

const MiB = 1024 * 1024;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

/** Applies the same writes to a Ferry VHDX and to an in-memory image, returns the image. */
async function writeBoth(path: string, size: number, writes: Array<[number, Buffer]>): Promise<Buffer> {
  const expected = Buffer.alloc(size);
  const w = await VhdxWriter.open(path);
  for (const [offset, data] of writes) {
    await w.write(offset, data);
    data.copy(expected, offset);
  }
  await w.close();
  return expected;
}

describe('VhdxWriter → reader round trip', () => {
  const cases = [
    { name: '512-byte sectors, 1 MiB blocks', size: 12 * MiB + 3 * 512, blockSize: MiB, sector: 512 as const },
    { name: '512-byte sectors, 4 MiB blocks', size: 16 * MiB, blockSize: 4 * MiB, sector: 512 as const },
    { name: '4096-byte sectors, 32 MiB blocks', size: 34 * MiB, blockSize: 32 * MiB, sector: 4096 as const },
    { name: '4096-byte sectors, 1 MiB blocks', size: 10 * MiB, blockSize: MiB, sector: 4096 as const },
  ];
  for (const c of cases) {
    it(`${c.name}: reads back what was written; qemu-img check is clean and agrees`, async () => {
      const path = join(dir, `rt-${c.blockSize}-${c.sector}.vhdx`);
      await createDynamicVhdx(path, { virtualSize: c.size, blockSize: c.blockSize, logicalSectorSize: c.sector });
      const s = c.sector;
      const expected = await writeBoth(path, c.size, [
        [0, pseudoRandom(3 * s, 1)],
        [MiB - s, pseudoRandom(2 * s, 2)], // straddles a 1 MiB boundary
        [5 * MiB, pseudoRandom(MiB + 4 * s, 3)],
        [5 * MiB + 8 * s, pseudoRandom(s, 4)], // overwrite inside an allocated block
        [9 * MiB, Buffer.alloc(MiB)], // all zeros: need not allocate
        [c.size - s, pseudoRandom(s, 5)], // last sector
      ]);
      const r = await openDisk(path);
      try {
        expect(r.format).toBe('vhdx');
        expect(r.virtualSize).toBe(c.size);
        expect(r.logicalSectorSize).toBe(c.sector);
        expect((await r.read(0, c.size)).equals(expected)).toBe(true);
        expect((await r.read(MiB - 3, 10)).equals(expected.subarray(MiB - 3, MiB + 7))).toBe(true);
        expect((await r.read(c.size, 0)).length).toBe(0);
        await checkExtentsAgainst(r, expected);
      } finally {
        await r.close();
      }
      if (c.sector === 4096) {
        // qemu supports only 512-byte logical sectors in VHDX; libvhdi is the independent check here.
        const info = await vhdiInfo(path);
        expect(info).toMatch(/Bytes per sector\s*:\s*4096/);
        expect(info).toContain(`(${c.size} bytes)`);
        return;
      }
      const check = await qemuImg('check', '-f', 'vhdx', path);
      expect(check.stdout + check.stderr).toContain('No errors were found');
      expect(check.code).toBe(0);
      const rawPath = `${path}.raw`;
      const conv = await qemuImg('convert', '-f', 'vhdx', '-O', 'raw', path, rawPath);
      expect(conv.stderr).toBe('');
      expect((await readFile(rawPath)).equals(expected)).toBe(true);
    });
  }

  it('does not allocate blocks for all-zero writes and appends blocks at 1 MiB-aligned EOF', async () => {
    const path = join(dir, 'sparse.vhdx');
    await createDynamicVhdx(path, { virtualSize: 64 * MiB });
    const before = (await stat(path)).size;
    expect(before % MiB).toBe(0);
    let w = await VhdxWriter.open(path);
    await w.write(0, Buffer.alloc(8 * MiB));
    await w.close();
    expect((await stat(path)).size).toBe(before);
    w = await VhdxWriter.open(path);
    await w.write(40 * MiB + 512, pseudoRandom(512, 9));
    await w.close();
    expect((await stat(path)).size).toBe(before + MiB);
    const r = await openDisk(path);
    const extents = [];
    for await (const e of r.extents()) extents.push(e);
    await r.close();
    expect(extents).toEqual([
      { offset: 0, length: 40 * MiB, kind: 'zero' },
      { offset: 40 * MiB, length: MiB, kind: 'data' },
      { offset: 41 * MiB, length: 23 * MiB, kind: 'zero' },
    ]);
  });

  it('crosses a sector-bitmap entry in the BAT (block index past the chunk ratio)', async () => {
    // 512-byte sectors, 1 MiB blocks: chunk ratio 4096, so blocks at or after 4 GiB sit after an SB entry.
    const size = 5 * 1024 * MiB;
    const path = join(dir, 'big.vhdx');
    await createDynamicVhdx(path, { virtualSize: size });
    const w = await VhdxWriter.open(path);
    const a = pseudoRandom(MiB, 11);
    const b = pseudoRandom(4096, 12);
    await w.write(4096 * MiB - 4096, b); // last block of chunk 0
    await w.write(4500 * MiB, a); // block 4500 → BAT index 4501
    await w.close();
    const r = await openDisk(path);
    try {
      expect((await r.read(4500 * MiB, MiB)).equals(a)).toBe(true);
      expect((await r.read(4096 * MiB - 4096, 4096)).equals(b)).toBe(true);
      expect(isAllZero(await r.read(4096 * MiB, MiB))).toBe(true);
      const extents = [];
      for await (const e of r.extents()) extents.push(e);
      expect(extents.filter((e) => e.kind === 'data')).toEqual([
        { offset: 4095 * MiB, length: MiB, kind: 'data' },
        { offset: 4500 * MiB, length: MiB, kind: 'data' },
      ]);
    } finally {
      await r.close();
    }
    const check = await qemuImg('check', '-f', 'vhdx', path);
    expect(check.stdout).toContain('No errors were found');
    const io = await qemuImg('compare', '-f', 'vhdx', '-F', 'vhdx', path, path);
    expect(io.code).toBe(0);
  });

  it('changes DataWriteGuid and sequence number when data is written, not on an untouched open', async () => {
    const path = join(dir, 'identity.vhdx');
    await createDynamicVhdx(path, { virtualSize: 8 * MiB });
    const before = await readFile(path);
    const w0 = await VhdxWriter.open(path);
    await w0.close();
    expect((await readFile(path)).equals(before)).toBe(true);
    const w = await VhdxWriter.open(path);
    await w.write(0, pseudoRandom(512, 1));
    await w.close();
    const headerOf = (file: Buffer) =>
      selectCurrentHeader([file.subarray(0x10000, 0x11000), file.subarray(0x20000, 0x21000)], path).header;
    const old = headerOf(before);
    const now = headerOf(await readFile(path));
    expect(now.sequenceNumber).toBe(old.sequenceNumber + 2n);
    expect(now.dataWriteGuid).not.toBe(old.dataWriteGuid);
    expect(now.fileWriteGuid).not.toBe(old.fileWriteGuid);
    expect(now.logGuid).toBe('00000000-0000-0000-0000-000000000000');
    const info = await qemuImg('info', '--output=json', path);
    expect(JSON.parse(info.stdout)['virtual-size']).toBe(8 * MiB);
  });

  it('rejects misaligned and out-of-range writes and reads', async () => {
    const path = join(dir, 'bounds.vhdx');
    await createDynamicVhdx(path, { virtualSize: 4 * MiB });
    const w = await VhdxWriter.open(path);
    await expect(w.write(1, Buffer.alloc(512))).rejects.toMatchObject({ code: 'E_INVALID_PARAMS' });
    await expect(w.write(0, Buffer.alloc(100))).rejects.toMatchObject({ code: 'E_INVALID_PARAMS' });
    await expect(w.write(4 * MiB, Buffer.alloc(512))).rejects.toMatchObject({ code: 'E_INVALID_PARAMS' });
    await w.close();
    const r = await openDisk(path);
    await expect(r.read(4 * MiB - 1, 2)).rejects.toMatchObject({ code: 'E_INVALID_PARAMS' });
    await expect(r.read(-1, 1)).rejects.toMatchObject({ code: 'E_INVALID_PARAMS' });
    await r.close();
    await expect(createDynamicVhdx(join(dir, 'bad-bs.vhdx'), { virtualSize: MiB, blockSize: 3 * MiB })).rejects.toMatchObject({
      code: 'E_INVALID_PARAMS',
    });
    await expect(createDynamicVhdx(join(dir, 'bad-size.vhdx'), { virtualSize: MiB + 100 })).rejects.toMatchObject({ code: 'E_INVALID_PARAMS' });
    await expect(createDynamicVhdx(path, { virtualSize: MiB })).rejects.toMatchObject({ code: 'E_CONFLICT' });
  });
});
