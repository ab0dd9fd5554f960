// Merge and reparent as a replica's retention uses them: base ← p2 ← p3; fold p2 into the base, hang p3 from the
// base, delete p2. Every chain must read the expected bytes and pass qemu-img check and --backing-chain, also
// when the merge is cut off half-way (then p2 and p3 still read as before).
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDisk } from './reader';
import { makeTempDir, pseudoRandom, qemuImg, vhdiInfo } from './test-helpers';
import { mergeIntoParent, reparentVhdx } from './vhdx-merge';
import { createDifferencingVhdx, createDynamicVhdx, VhdxWriter } from './writer';

const MiB = 1024 * 1024;
const SIZE = 8 * MiB;
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
afterAll(() => cleanup());

async function writeAt(path: string, writes: Array<[number, Buffer]>): Promise<void> {
  const w = await VhdxWriter.open(path);
  try {
    for (const [o, b] of writes) await w.write(o, b);
  } finally {
    await w.close();
  }
}

async function readAll(path: string): Promise<Buffer> {
  const r = await openDisk(path);
  try {
    return await r.read(0, r.virtualSize);
  } finally {
    await r.close();
  }
}

/**
 * Independent checks. qemu-img (7.2) opens no differencing VHDX at all (block/vhdx.c: "VHDX images with parent not
 * supported", ENOTSUP), so a base disk gets `qemu-img check` and `info --backing-chain`, and a differencing disk
 * libvhdi's vhdiinfo, which must see a differential disk naming its parent file.
 */
async function expectValid(path: string, parentName: string | null): Promise<void> {
  if (parentName === null) {
    const check = await qemuImg('check', '-f', 'vhdx', path);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain('No errors were found');
    const info = await qemuImg('info', '--backing-chain', '--output=json', path);
    expect(info.code, info.stderr).toBe(0);
    expect(JSON.parse(info.stdout)).toHaveLength(1);
    return;
  }
  const info = await vhdiInfo(path);
  expect(info, info).toMatch(/Disk type\s*:\s*Differential/);
  expect(info, info).toContain(parentName);
}

/** base = point 1, p2 = point 2, p3 = point 3, with the images each point must read as */
async function makeChain(name: string): Promise<{ base: string; p2: string; p3: string; want: Buffer[] }> {
  const base = join(dir, `${name}.vhdx`);
  const p2 = join(dir, `${name}_p2.avhdx`);
  const p3 = join(dir, `${name}_p3.avhdx`);
  const img = Buffer.alloc(SIZE);
  const apply = (writes: Array<[number, Buffer]>) => writes.forEach(([o, b]) => b.copy(img, o));
  await createDynamicVhdx(base, { virtualSize: SIZE });
  const w1: Array<[number, Buffer]> = [[0, pseudoRandom(3 * MiB, 1)], [6 * MiB, pseudoRandom(MiB, 2)]];
  await writeAt(base, w1);
  apply(w1);
  const want = [Buffer.from(img)];
  await createDifferencingVhdx(p2, base);
  // partial blocks (sector bitmaps), a zeroed range over data, a new block
  const w2: Array<[number, Buffer]> = [[512 * 3, pseudoRandom(4096, 3)], [MiB, Buffer.alloc(MiB)], [4 * MiB + 512, pseudoRandom(MiB + 1024, 4)]];
  await writeAt(p2, w2);
  apply(w2);
  want.push(Buffer.from(img));
  await createDifferencingVhdx(p3, p2);
  const w3: Array<[number, Buffer]> = [[2 * MiB, pseudoRandom(8192, 5)], [7 * MiB, pseudoRandom(MiB, 6)]];
  await writeAt(p3, w3);
  apply(w3);
  want.push(Buffer.from(img));
  return { base, p2, p3, want };
}

describe('VHDX merge and reparent', () => {
  it('folds the oldest differencing disk into the base; the next point hangs from the base and reads the same', async () => {
    const { base, p2, p3, want } = await makeChain('full');
    expect((await readAll(base)).equals(want[0])).toBe(true);
    expect((await readAll(p2)).equals(want[1])).toBe(true);
    expect((await readAll(p3)).equals(want[2])).toBe(true);
    await expectValid(base, null);
    await expectValid(p2, 'full.vhdx');
    await expectValid(p3, 'full_p2.avhdx');

    const merged = await mergeIntoParent(p2);
    expect(merged.parentPath).toBe(base);
    expect(merged.bytesMerged).toBeGreaterThan(2 * MiB);
    // mid-way state: the base now shows point 2, and p2 / p3 still read as before
    expect((await readAll(base)).equals(want[1])).toBe(true);
    expect((await readAll(p2)).equals(want[1])).toBe(true);
    expect((await readAll(p3)).equals(want[2])).toBe(true);

    await reparentVhdx(p3, base);
    await rm(p2);
    expect((await readAll(p3)).equals(want[2])).toBe(true);
    await expectValid(p3, 'full.vhdx');
    await expectValid(base, null);
    // qemu reads the merged base as point 2
    const out = join(dir, 'full-base.raw');
    const conv = await qemuImg('convert', '-f', 'vhdx', '-O', 'raw', base, out);
    expect(conv.code, conv.stderr).toBe(0);
    expect((await readFile(out)).equals(want[1])).toBe(true);
  });

  it('a merge cut off half-way and run again gives the same result', async () => {
    const { base, p2, p3, want } = await makeChain('cut');
    // cut after the first chunk landed in the base (a crash mid-merge)
    let chunks = 0;
    const cut = { throwIfAborted: () => { if (chunks++ >= 1) throw new Error('cut'); } } as unknown as AbortSignal;
    await expect(mergeIntoParent(p2, cut)).rejects.toThrow('cut');
    expect(chunks).toBe(2);
    expect((await readAll(p2)).equals(want[1])).toBe(true);
    expect((await readAll(p3)).equals(want[2])).toBe(true);
    await mergeIntoParent(p2);
    await mergeIntoParent(p2); // idempotent
    await reparentVhdx(p3, base);
    await rm(p2);
    expect((await readAll(p3)).equals(want[2])).toBe(true);
    expect((await readAll(base)).equals(want[1])).toBe(true);
    await expectValid(p3, 'cut.vhdx');
    await expectValid(base, null);
  });

  it('refuses a disk that is not differencing', async () => {
    const { base } = await makeChain('refuse');
    await expect(mergeIntoParent(base)).rejects.toMatchObject({ code: 'E_INVALID_PARAMS' });
    await expect(reparentVhdx(base, base)).rejects.toMatchObject({ code: 'E_INVALID_PARAMS' });
  });
});
