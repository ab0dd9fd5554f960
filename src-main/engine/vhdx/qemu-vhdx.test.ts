// VHDX files made by qemu-img (an independent writer) must read byte-identical to their raw source.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isAllZero } from '../util/zero';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDisk } from './reader';
import { checkExtentsAgainst, collectExtents, makeTempDir, pseudoRandom, qemuImg, qemuIo, writePatternedRaw } from './test-helpers';

const MiB = 1024 * 1024;
const SIZE = 10 * MiB + 3 * 512; // not a multiple of any block size: exercises the short last block
let dir: string;
let cleanup: () => Promise<void>;
let rawPath: string;
let raw: Buffer;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  rawPath = join(dir, 'input.raw');
  raw = await writePatternedRaw(rawPath, SIZE, 42);
});
afterAll(() => cleanup());

async function convert(name: string, options: string): Promise<string> {
  const out = join(dir, name);
  const r = await qemuImg('convert', '-f', 'raw', '-O', 'vhdx', '-o', options, rawPath, out);
  expect(r.code, r.stderr).toBe(0);
  return out;
}

/** `sparse`: the test pattern leaves whole blocks empty only for block sizes up to 2 MiB. */
async function expectSameAsRaw(path: string, sparse = true): Promise<void> {
  const r = await openDisk(path);
  try {
    expect(r.format).toBe('vhdx');
    expect(r.virtualSize).toBe(SIZE);
    expect(r.logicalSectorSize).toBe(512);
    expect((await r.read(0, SIZE)).equals(raw)).toBe(true);
    // Unaligned reads across block and data/zero boundaries.
    for (const [o, l] of [[3 * MiB + 4000, 200], [8 * MiB - 4097, MiB + 8192], [SIZE - 700, 700], [1, 1]]) {
      expect((await r.read(o, l)).equals(raw.subarray(o, o + l))).toBe(true);
    }
    const extents = await checkExtentsAgainst(r, raw);
    expect(extents.some((e) => e.kind === 'zero')).toBe(sparse);
  } finally {
    await r.close();
  }
}

describe('qemu-img VHDX fixtures', () => {
  for (const bs of ['1M', '2M', '8M', '32M']) {
    it(`dynamic, block_size=${bs}`, async () => {
      await expectSameAsRaw(await convert(`dyn-${bs}.vhdx`, `subformat=dynamic,block_size=${bs}`), parseInt(bs) <= 2);
    });
  }

  for (const bs of ['1M', '8M']) {
    it(`fixed, block_size=${bs} (non-linear layout, ZERO blocks)`, async () => {
      await expectSameAsRaw(await convert(`fixed-${bs}.vhdx`, `subformat=fixed,block_size=${bs}`), parseInt(bs) <= 2);
    });
  }

  it('dynamic without block_state_zero', async () => {
    await expectSameAsRaw(await convert('nozero.vhdx', 'subformat=dynamic,block_size=1M,block_state_zero=off'));
  });

  it('an empty qemu-img create file reads as zeros with one zero extent', async () => {
    const path = join(dir, 'empty.vhdx');
    expect((await qemuImg('create', '-f', 'vhdx', '-o', 'subformat=dynamic,block_size=1M', path, '64M')).code).toBe(0);
    const r = await openDisk(path);
    expect(await collectExtents(r)).toEqual([{ offset: 0, length: 64 * MiB, kind: 'zero' }]);
    expect(isAllZero(await r.read(10 * MiB, MiB))).toBe(true);
    await r.close();
  });

  it('qemu-io patterned writes (BAT updated through the log, log left inactive)', async () => {
    const path = join(dir, 'qio.vhdx');
    expect((await qemuImg('create', '-f', 'vhdx', '-o', 'subformat=dynamic,block_size=1M', path, '16M')).code).toBe(0);
    await qemuIo('vhdx', path, 'write -P 0x5a 3M 1M', 'write -P 0x6b 10M 4k');
    const expected = Buffer.alloc(16 * MiB);
    expected.fill(0x5a, 3 * MiB, 4 * MiB);
    expected.fill(0x6b, 10 * MiB, 10 * MiB + 4096);
    const r = await openDisk(path);
    expect((await r.read(0, 16 * MiB)).equals(expected)).toBe(true);
    await checkExtentsAgainst(r, expected);
    await r.close();
  });

  it('qemu-img convert -O raw of a qemu file equals what the reader returns (sanity of the oracle)', async () => {
    const path = await convert('oracle.vhdx', 'subformat=dynamic,block_size=2M');
    const back = join(dir, 'oracle.raw');
    expect((await qemuImg('convert', '-f', 'vhdx', '-O', 'raw', path, back)).code).toBe(0);
    const r = await openDisk(path);
    expect((await r.read(0, SIZE)).equals(await readFile(back))).toBe(true);
    await r.close();
  });

  it('opens a raw file as raw', async () => {
    const r = await openDisk(rawPath);
    expect(r.format).toBe('raw');
    expect(r.virtualSize).toBe(SIZE);
    expect(await collectExtents(r)).toEqual([{ offset: 0, length: SIZE, kind: 'data' }]);
    expect((await r.read(5 * MiB, 4096)).equals(raw.subarray(5 * MiB, 5 * MiB + 4096))).toBe(true);
    await r.close();
  });

  it('reads random ranges identically (many small reads)', async () => {
    const path = join(dir, 'dyn-1M.vhdx');
    const r = await openDisk(path);
    const rnd = pseudoRandom(4 * 100, 7);
    for (let i = 0; i < 100; i++) {
      const o = rnd.readUInt32LE(i * 4) % SIZE;
      const l = Math.min(SIZE - o, (rnd.readUInt32LE(i * 4) >>> 7) % (MiB + 4096));
      expect((await r.read(o, l)).equals(raw.subarray(o, o + l))).toBe(true);
    }
    await r.close();
  });
});
