// Differencing VHDX chains (checkpoints): sector bitmaps, parent resolution, linkage and chain errors.
import { copyFile, mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSource } from './file-source';
import { openDisk } from './reader';
import { checkExtentsAgainst, makeTempDir, patchFile, pseudoRandom, readWithVhdimount, vhdiInfo, openError } from './test-helpers';
import { loadVhdxImage } from './vhdx-image';
import { serializeMetadataRegion, type VhdxParameters } from './vhdx-metadata';
import { createDifferencingVhdx, createDynamicVhdx, VhdxWriter } from './writer';

const MiB = 1024 * 1024;
const SIZE = 16 * MiB;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

/** Applies writes to the file and to the in-memory expectation. */
async function write(path: string, expected: Buffer, writes: Array<[number, Buffer]>): Promise<void> {
  const w = await VhdxWriter.open(path);
  for (const [offset, data] of writes) {
    await w.write(offset, data);
    data.copy(expected, offset);
  }
  await w.close();
}

async function imageOf(path: string) {
  const source = await FileSource.open(path);
  try {
    return await loadVhdxImage(source);
  } finally {
    await source.close();
  }
}

/** Rewrites the metadata region of a Ferry-made file (same layout, changed parameters). */
async function rewriteMetadata(path: string, change: (p: VhdxParameters) => VhdxParameters): Promise<void> {
  const img = await imageOf(path);
  await patchFile(path, img.regions.metadata.offset, serializeMetadataRegion(change(img.params), img.regions.metadata.length));
}

async function expectReads(path: string, expected: Buffer): Promise<void> {
  const r = await openDisk(path);
  try {
    expect(r.virtualSize).toBe(expected.length);
    expect((await r.read(0, expected.length)).equals(expected)).toBe(true);
    for (const [o, l] of [[MiB - 700, 1400], [2 * MiB + 3, 5000], [expected.length - 513, 513]]) {
      expect((await r.read(o, l)).equals(expected.subarray(o, o + l))).toBe(true);
    }
    await checkExtentsAgainst(r, expected);
  } finally {
    await r.close();
  }
}

describe('differencing VHDX chain of three', () => {
  it('reads every sector run from the right layer', async () => {
    const base = join(dir, 'base.vhdx');
    const mid = join(dir, 'mid.avhdx');
    const top = join(dir, 'top.avhdx');
    await createDynamicVhdx(base, { virtualSize: SIZE });
    const expected = Buffer.alloc(SIZE);
    await write(base, expected, [
      [0, pseudoRandom(4 * MiB, 1)],
      [10 * MiB, pseudoRandom(2 * MiB, 2)],
      [SIZE - MiB, pseudoRandom(MiB, 3)],
    ]);
    const afterBase = Buffer.from(expected);

    await createDifferencingVhdx(mid, base);
    await write(mid, expected, [
      [512, pseudoRandom(1024, 4)], // two sectors inside a parent data block → PARTIALLY_PRESENT
      [MiB, pseudoRandom(MiB, 5)], // a whole block → FULLY_PRESENT
      [2 * MiB + 4096, Buffer.alloc(8192)], // zeros over parent data must hide the parent
      [6 * MiB + 512 * 7, pseudoRandom(512, 6)], // over a parent hole
      [10 * MiB + MiB - 512, pseudoRandom(1024, 7)], // straddles two blocks
    ]);
    const afterMid = Buffer.from(expected);

    await createDifferencingVhdx(top, mid);
    await write(top, expected, [
      [0, pseudoRandom(512, 8)],
      [1024, Buffer.alloc(0)], // empty write: no-op
      [1024 * 3, pseudoRandom(4096, 9)],
      [MiB + 512, pseudoRandom(512, 10)], // over the mid's full block
      [13 * MiB, pseudoRandom(MiB + 512, 11)],
    ]);

    await expectReads(base, afterBase);
    await expectReads(mid, afterMid);
    await expectReads(top, expected);

    const r = await openDisk(top);
    expect(r.format).toBe('vhdx');
    await r.close();

    // libvhdi sees a differencing disk whose parent identifier is mid's DataWriteGuid.
    const info = await vhdiInfo(top);
    expect(info).toMatch(/Disk type\s*:\s*Differential/);
    const midImage = await imageOf(mid);
    expect(info).toContain(midImage.current.header.dataWriteGuid);
  });

  it('fills a partially present block completely and promotes it to FULLY_PRESENT', async () => {
    const base = join(dir, 'p-base.vhdx');
    const child = join(dir, 'p-child.avhdx');
    await createDynamicVhdx(base, { virtualSize: 4 * MiB });
    const expected = Buffer.alloc(4 * MiB);
    await write(base, expected, [[0, pseudoRandom(MiB, 1)]]);
    await createDifferencingVhdx(child, base);
    await write(child, expected, [[0, pseudoRandom(MiB / 2, 2)]]);
    expect((await imageOf(child)).bat.payload(0).state).toBe(7);
    await write(child, expected, [[MiB / 2, pseudoRandom(MiB / 2, 3)]]);
    expect((await imageOf(child)).bat.payload(0).state).toBe(6);
    await expectReads(child, expected);
  });

  it('mixes block sizes and supports 4096-byte sectors', async () => {
    const base = join(dir, 'm-base.vhdx');
    const child = join(dir, 'm-child.avhdx');
    const grandchild = join(dir, 'm-gc.avhdx');
    await createDynamicVhdx(base, { virtualSize: 40 * MiB, blockSize: 32 * MiB, logicalSectorSize: 4096 });
    const expected = Buffer.alloc(40 * MiB);
    await write(base, expected, [[0, pseudoRandom(3 * MiB, 1)], [36 * MiB, pseudoRandom(MiB, 2)]]);
    await createDifferencingVhdx(child, base, { blockSize: MiB });
    await write(child, expected, [[4096, pseudoRandom(8192, 3)], [33 * MiB - 4096, pseudoRandom(8192, 4)]]);
    await createDifferencingVhdx(grandchild, child, { blockSize: 2 * MiB });
    await write(grandchild, expected, [[36 * MiB + 4096 * 5, pseudoRandom(4096, 5)]]);
    await expectReads(grandchild, expected);
  });

  it('treats ZERO / UNMAPPED blocks of a child as zeros that hide the parent', async () => {
    const base = join(dir, 'z-base.vhdx');
    const child = join(dir, 'z-child.avhdx');
    await createDynamicVhdx(base, { virtualSize: 4 * MiB });
    const expected = Buffer.alloc(4 * MiB);
    await write(base, expected, [[0, pseudoRandom(4 * MiB, 1)]]);
    await createDifferencingVhdx(child, base);
    const img = await imageOf(child);
    const entries = Buffer.alloc(16);
    entries.writeUInt32LE(2, 0); // block 0: ZERO
    entries.writeUInt32LE(3, 8); // block 1: UNMAPPED
    await patchFile(child, img.regions.bat.offset, entries);
    expected.fill(0, 0, 2 * MiB);
    await expectReads(child, expected);
  });
});

describe('independent check with libvhdi', () => {
  it('vhdimount reads a Ferry-made chain (partial and full blocks) exactly as Ferry does', async (ctx) => {
    const base = join(dir, 'l-base.vhdx');
    const child = join(dir, 'l-child.avhdx');
    await createDynamicVhdx(base, { virtualSize: 8 * MiB });
    const expected = Buffer.alloc(8 * MiB);
    await write(base, expected, [[0, pseudoRandom(5 * MiB, 1)]]);
    await createDifferencingVhdx(child, base);
    await write(child, expected, [
      [512, pseudoRandom(1024, 2)],
      [MiB + 4096 * 3, Buffer.alloc(4096 * 2)],
      [3 * MiB, pseudoRandom(MiB, 3)],
      [6 * MiB + 512 * 5, pseudoRandom(512 * 3, 4)],
    ]);
    const libvhdi = await readWithVhdimount(child, join(dir, 'mnt'));
    if (!libvhdi) return ctx.skip(); // no FUSE here: the reader tests above still stand
    expect(libvhdi.equals(expected)).toBe(true);
    await expectReads(child, expected);
  });
});

describe('parent resolution', () => {
  async function pair(name: string): Promise<{ base: string; child: string; expected: Buffer }> {
    const sub = join(dir, name);
    await mkdir(join(sub, 'snap'), { recursive: true });
    const base = join(sub, 'base.vhdx');
    const child = join(sub, 'snap', 'child.avhdx');
    await createDynamicVhdx(base, { virtualSize: 4 * MiB });
    const expected = Buffer.alloc(4 * MiB);
    await write(base, expected, [[0, pseudoRandom(2 * MiB, 1)]]);
    await createDifferencingVhdx(child, base);
    await write(child, expected, [[512, pseudoRandom(512, 2)]]);
    return { base, child, expected };
  }

  it('follows a relative path written with backslashes (..\\base.vhdx)', async () => {
    const { child, expected } = await pair('rel');
    const img = await imageOf(child);
    expect(img.params.parentLocator?.get('relative_path')).toBe('..\\base.vhdx');
    await expectReads(child, expected);
  });

  it('falls back to the file name of a Windows absolute path next to the child', async () => {
    const { base, child, expected } = await pair('abs');
    await rename(base, join(dir, 'abs', 'snap', 'base.vhdx'));
    await rewriteMetadata(child, (p) => {
      const locator = new Map(p.parentLocator);
      locator.delete('relative_path');
      locator.set('absolute_win32_path', '\\\\?\\D:\\Hyper-V\\Virtual Hard Disks\\base.vhdx');
      return { ...p, parentLocator: locator };
    });
    await expectReads(child, expected);
  });

  it('tries relative_path, then volume_path, then absolute_win32_path, checking linkage on each', async () => {
    const { base, child, expected } = await pair('order');
    // relative_path now names an unrelated VHDX (wrong linkage); volume_path names the real parent.
    const decoy = join(dir, 'order', 'decoy.vhdx');
    await createDynamicVhdx(decoy, { virtualSize: 4 * MiB });
    await rename(base, join(dir, 'order', 'snap', 'real.vhdx'));
    await rewriteMetadata(child, (p) => {
      const locator = new Map(p.parentLocator);
      locator.set('relative_path', '..\\decoy.vhdx');
      locator.set('volume_path', '\\\\?\\Volume{26a21bda-a627-11d7-9931-806e6f6e6963}\\VMs\\real.vhdx');
      locator.delete('absolute_win32_path');
      return { ...p, parentLocator: locator };
    });
    await expectReads(child, expected);
  });

  it('reports a missing parent with the paths it tried', async () => {
    const { base, child } = await pair('missing');
    await rename(base, `${base}.moved`);
    const e = await openError(child);
    expect(e.code).toBe('E_DISK_CORRUPT');
    expect(e.message).toContain(child);
    expect(e.message).toMatch(/parent disk not found; tried .*base\.vhdx/);
  });

  it('reports a linkage mismatch when the parent changed after the child was made', async () => {
    const { base, child } = await pair('mismatch');
    const w = await VhdxWriter.open(base);
    await w.write(3 * MiB, pseudoRandom(512, 9));
    await w.close();
    const e = await openError(child);
    expect(e.code).toBe('E_DISK_CORRUPT');
    expect(e.message).toMatch(/parent linkage mismatch: expected DataWriteGuid \{[0-9a-f-]+\}, but .*base\.vhdx has DataWriteGuid/);
  });

  it('reports a loop in the chain', async () => {
    const { child } = await pair('loop');
    const grandchild = join(dir, 'loop', 'snap', 'gc.avhdx');
    await createDifferencingVhdx(grandchild, child);
    const gcGuid = (await imageOf(grandchild)).current.header.dataWriteGuid;
    // child's parent becomes the grandchild: child → gc → child ...
    await rewriteMetadata(child, (p) => ({
      ...p,
      parentLocator: new Map([
        ['parent_linkage', `{${gcGuid}}`],
        ['relative_path', 'gc.avhdx'],
      ]),
    }));
    const e = await openError(grandchild);
    expect(e.code).toBe('E_DISK_CORRUPT');
    expect(e.message).toMatch(/loops back/);
  });

  it('refuses a parent with a different virtual size', async () => {
    const { child } = await pair('size');
    await rewriteMetadata(child, (p) => ({ ...p, virtualSize: 8 * MiB }));
    // The BAT region still fits (1 MiB holds far more entries).
    const e = await openError(child);
    expect(e.code).toBe('E_DISK_CORRUPT');
    expect(e.message).toMatch(/virtual size .* differs from its parent/);
  });

  it('refuses a differencing disk without a usable locator', async () => {
    const { child } = await pair('nolocator');
    await rewriteMetadata(child, (p) => ({ ...p, parentLocator: new Map([['parent_linkage', '{not-a-guid}']]) }));
    expect((await openError(child)).code).toBe('E_DISK_CORRUPT');
    const copy = join(dir, 'nolocator', 'snap', 'copy.avhdx');
    await copyFile(child, copy);
    await rewriteMetadata(copy, (p) => ({ ...p, parentLocator: undefined }));
    expect(await openError(copy)).toMatchObject({ code: 'E_DISK_CORRUPT', message: expect.stringMatching(/without a Parent Locator/) });
  });
});
