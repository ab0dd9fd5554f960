// Legacy VHD: qemu-made fixed/dynamic files, synthesized differencing chains, damaged structures.
import { copyFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isAllZero } from '../util/zero';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDisk } from './reader';
import { footerBytes, writeDifferencingVhd } from './test-vhd-builder';
import { checkExtentsAgainst, collectExtents, makeTempDir, patchFile, pseudoRandom, qemuImg, readFileRange, readWithVhdimount, vhdiInfo, writePatternedRaw, openError } from './test-helpers';
import { vhdChecksum } from './vhd-format';

const MiB = 1024 * 1024;
const SIZE = 10 * MiB + 3 * 512;
let dir: string;
let cleanup: () => Promise<void>;
let rawPath: string;
let raw: Buffer;
/** qemu's dynamic VHD of `raw`, shared read-only by the tests (copies are made before patching). */
let shared: string;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  rawPath = join(dir, 'input.raw');
  raw = await writePatternedRaw(rawPath, SIZE, 7);
  shared = await convert('shared.vhd', 'subformat=dynamic,force_size=on');
});
afterAll(() => cleanup());

async function convert(name: string, options: string): Promise<string> {
  const out = join(dir, name);
  const r = await qemuImg('convert', '-f', 'raw', '-O', 'vpc', '-o', options, rawPath, out);
  expect(r.code, r.stderr).toBe(0);
  return out;
}

async function expectReads(path: string, expected: Buffer): Promise<void> {
  const r = await openDisk(path);
  try {
    expect(r.format).toBe('vhd');
    expect(r.logicalSectorSize).toBe(512);
    expect(r.virtualSize).toBe(expected.length);
    expect((await r.read(0, expected.length)).equals(expected)).toBe(true);
    for (const [o, l] of [[2 * MiB - 100, 300], [5 * MiB + 1, 4000], [expected.length - 1000, 1000]]) {
      expect((await r.read(o, l)).equals(expected.subarray(o, o + l))).toBe(true);
    }
    await checkExtentsAgainst(r, expected);
  } finally {
    await r.close();
  }
}

describe('qemu-img VHD fixtures', () => {
  it('fixed, force_size=on', async () => {
    const p = await convert('fixed.vhd', 'subformat=fixed,force_size=on');
    expect((await stat(p)).size).toBe(SIZE + 512);
    await expectReads(p, raw);
  });

  it('dynamic, force_size=on (zero blocks left unallocated)', async () => {
    const p = shared;
    await expectReads(p, raw);
    const r = await openDisk(p);
    expect((await collectExtents(r)).some((e) => e.kind === 'zero')).toBe(true);
    await r.close();
  });

  it('dynamic without force_size: the CHS-rounded current size, zeros past the input', async () => {
    const p = await convert('chs.vhd', 'subformat=dynamic');
    const info = JSON.parse((await qemuImg('info', '--output=json', p)).stdout) as { 'virtual-size': number };
    const r = await openDisk(p);
    expect(r.virtualSize).toBe(info['virtual-size']);
    expect(r.virtualSize).toBeGreaterThanOrEqual(SIZE);
    const all = await r.read(0, r.virtualSize);
    expect(all.subarray(0, SIZE).equals(raw)).toBe(true);
    expect(isAllZero(all.subarray(SIZE))).toBe(true);
    await r.close();
  });

  it('uses the footer copy at offset 0 when the trailing footer of a dynamic VHD is damaged', async () => {
    const p = join(dir, 'dyn-bad-footer.vhd');
    await copyFile(shared, p);
    const size = (await stat(p)).size;
    await patchFile(p, size - 512 + 100, Buffer.from([0x42]));
    await expectReads(p, raw);
    await patchFile(p, 100, Buffer.from([0x42]));
    expect(await openError(p)).toMatchObject({ code: 'E_DISK_CORRUPT', message: expect.stringMatching(/no valid VHD footer/) });
  });

  it('refuses a damaged dynamic header, a BAT entry past EOF and a block on top of the BAT', async () => {
    const src = shared;
    const footer = await readFileRange(src, 0, 512);
    const headerAt = Number(footer.readBigUInt64BE(16));
    const header = await readFileRange(src, headerAt, 1024);
    const batAt = Number(header.readBigUInt64BE(16));

    const badHeader = join(dir, 'bad-header.vhd');
    await copyFile(src, badHeader);
    await patchFile(badHeader, headerAt + 200, Buffer.from([1]));
    expect(await openError(badHeader)).toMatchObject({ code: 'E_DISK_CORRUPT', message: expect.stringMatching(/dynamic header checksum/) });

    const pastEof = join(dir, 'past-eof.vhd');
    await copyFile(src, pastEof);
    const e = Buffer.alloc(4);
    e.writeUInt32BE(0x00ffffff, 0);
    await patchFile(pastEof, batAt + 4, e);
    expect(await openError(pastEof)).toMatchObject({ code: 'E_DISK_CORRUPT', message: expect.stringMatching(/block 1.*beyond the end of the file/) });

    const onBat = join(dir, 'on-bat.vhd');
    await copyFile(src, onBat);
    e.writeUInt32BE(batAt / 512, 0);
    await patchFile(onBat, batAt + 8, e);
    expect(await openError(onBat)).toMatchObject({ code: 'E_DISK_CORRUPT', message: expect.stringMatching(/overlaps the BAT/) });

    const badBlockSize = join(dir, 'bad-bs.vhd');
    await copyFile(src, badBlockSize);
    const h = Buffer.from(header);
    h.writeUInt32BE(3 * MiB, 32);
    h.writeUInt32BE(vhdChecksum(h, 36), 36);
    await patchFile(badBlockSize, headerAt, h);
    expect(await openError(badBlockSize)).toMatchObject({ code: 'E_DISK_CORRUPT', message: expect.stringMatching(/block size/) });
  });

  it('refuses a fixed VHD shorter than its declared size, and an unknown disk type', async () => {
    const p = join(dir, 'short.vhd');
    const f = footerBytes(8 * MiB, 2, 0xffffffffffffffffn);
    await writeFile(p, Buffer.concat([Buffer.alloc(MiB), f]));
    expect(await openError(p)).toMatchObject({ code: 'E_DISK_CORRUPT', message: expect.stringMatching(/fixed VHD claims/) });

    const t = join(dir, 'type.vhd');
    const g = footerBytes(MiB, 2, 0xffffffffffffffffn);
    g.writeUInt32BE(5, 60);
    g.writeUInt32BE(vhdChecksum(g, 64), 64);
    await writeFile(t, Buffer.concat([Buffer.alloc(MiB), g]));
    expect(await openError(t)).toMatchObject({ code: 'E_DISK_UNSUPPORTED', message: expect.stringMatching(/disk type 5/) });
  });
});

describe('differencing VHD', () => {
  it('reads a chain of three (MSB-first bitmaps, sector runs, W2ru locators)', async () => {
    const base = shared;
    const mid = join(dir, 'mid.vhd');
    const top = join(dir, 'top.vhd');
    const expected = Buffer.from(raw);
    const midWrites: Array<[number, Buffer]> = [
      [512, pseudoRandom(1536, 1)],
      [2 * MiB - 512, pseudoRandom(1024, 2)], // straddles a 2 MiB block boundary
      [7 * MiB, Buffer.alloc(MiB)], // zeros that hide the parent's data
      [9 * MiB + 4096 * 3, pseudoRandom(4096, 3)],
    ];
    await writeDifferencingVhd(mid, base, { writes: midWrites });
    for (const [o, d] of midWrites) d.copy(expected, o);
    const afterMid = Buffer.from(expected);
    const topWrites: Array<[number, Buffer]> = [
      [1024, pseudoRandom(512, 4)],
      [SIZE - 512, pseudoRandom(512, 5)],
      [7 * MiB + 512 * 9, pseudoRandom(512, 6)],
    ];
    await writeDifferencingVhd(top, mid, { writes: topWrites, blockSize: 512 * 1024 });
    for (const [o, d] of topWrites) d.copy(expected, o);

    await expectReads(mid, afterMid);
    await expectReads(top, expected);
    const info = await vhdiInfo(mid);
    expect(info).toMatch(/Disk type\s*:\s*Differential/);
  });

  it('agrees with libvhdi (vhdimount) on a differencing VHD with 4 KiB-aligned writes', async (ctx) => {
    // libvhdi 20210425 resolves VHD bitmaps per byte (8 sectors), so only 4 KiB-aligned runs compare exactly.
    const base = shared;
    const child = join(dir, 'lchild.vhd');
    const expected = Buffer.from(raw);
    const writes: Array<[number, Buffer]> = [
      [4096, pseudoRandom(8192, 1)],
      [2 * MiB - 4096, pseudoRandom(8192, 2)],
      [3 * MiB, Buffer.alloc(4096 * 4)],
    ];
    await writeDifferencingVhd(child, base, { writes });
    for (const [o, d] of writes) d.copy(expected, o);
    await expectReads(child, expected);
    const libvhdi = await readWithVhdimount(child, join(dir, 'mnt'));
    if (!libvhdi) return ctx.skip();
    expect(libvhdi.equals(expected)).toBe(true);
  });

  it('falls back from a stale relative locator to W2ku / the parent name next to the child', async () => {
    const base = shared;
    const child = join(dir, 'child2.vhd');
    const expected = Buffer.from(raw);
    const writes: Array<[number, Buffer]> = [[MiB, pseudoRandom(512, 9)]];
    await writeDifferencingVhd(child, base, {
      writes,
      locators: [
        { code: 'W2ru', path: '.\\gone\\shared.vhd' },
        { code: 'W2ku', path: 'D:\\Hyper-V\\shared.vhd' },
      ],
    });
    writes[0][1].copy(expected, MiB);
    await expectReads(child, expected);
  });

  it('reports a missing parent and a UniqueId mismatch', async () => {
    const base = shared;
    const orphan = join(dir, 'orphan.vhd');
    await writeDifferencingVhd(orphan, base, { writes: [], locators: [{ code: 'W2ru', path: '.\\nowhere.vhd' }], parentName: 'nowhere.vhd' });
    expect(await openError(orphan)).toMatchObject({ code: 'E_DISK_CORRUPT', message: expect.stringMatching(/parent disk not found; tried .*nowhere\.vhd/) });

    const wrong = join(dir, 'wrong.vhd');
    await writeDifferencingVhd(wrong, base, { writes: [], parentUniqueId: Buffer.alloc(16, 0xab) });
    expect(await openError(wrong)).toMatchObject({ code: 'E_DISK_CORRUPT', message: expect.stringMatching(/parent linkage mismatch: expected UniqueId abababab/) });
  });

  it('reports a parent of a different size', async () => {
    const base = shared;
    const child = join(dir, 'child4.vhd');
    await writeDifferencingVhd(child, base, { writes: [] });
    // Rewrite the child's two footers with a larger size (the BAT still has room: 2 MiB blocks).
    const file = await readFile(child);
    for (const at of [0, file.length - 512]) {
      const f = file.subarray(at, at + 512);
      f.writeBigUInt64BE(BigInt(SIZE - 512), 48);
      f.writeUInt32BE(vhdChecksum(f, 64), 64);
      await patchFile(child, at, f);
    }
    expect(await openError(child)).toMatchObject({ code: 'E_DISK_CORRUPT', message: expect.stringMatching(/differs from its parent/) });
  });
});
