// Damaged or hostile VHDX structures must fail with a clear E_DISK_CORRUPT / E_DISK_UNSUPPORTED.
import { copyFile, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { isAllZero } from '../util/zero';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32c } from './crc32c';
import { writeGuid } from './guid';
import { openDisk } from './reader';
import { makeTempDir, patchFile, pseudoRandom, readFileRange, openError } from './test-helpers';
import { HEADER_OFFSETS, REGION_TABLE_OFFSETS } from './vhdx-format';
import { headerChecksum } from './vhdx-header';
import { createDynamicVhdx, VhdxWriter } from './writer';

const MiB = 1024 * 1024;
const BAT = 2 * MiB; // Ferry's writer layout: log 1 MiB, BAT 2 MiB, metadata after the BAT
const METADATA = 3 * MiB;
let dir: string;
let cleanup: () => Promise<void>;
let template: string;
let n = 0;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  template = join(dir, 'template.vhdx');
  await createDynamicVhdx(template, { virtualSize: 16 * MiB });
  const w = await VhdxWriter.open(template);
  await w.write(0, pseudoRandom(MiB, 1));
  await w.write(5 * MiB, pseudoRandom(4096, 2));
  await w.close();
});
afterAll(() => cleanup());

async function copy(): Promise<string> {
  const p = join(dir, `c${n++}.vhdx`);
  await copyFile(template, p);
  return p;
}

async function editHeader(path: string, slot: 0 | 1, edit: (h: Buffer) => void, fixCrc = true): Promise<void> {
  const h = await readFileRange(path, HEADER_OFFSETS[slot], 4096);
  edit(h);
  if (fixCrc) h.writeUInt32LE(headerChecksum(h), 4);
  await patchFile(path, HEADER_OFFSETS[slot], h);
}

async function editRegionTable(path: string, slot: 0 | 1, edit: (t: Buffer) => void): Promise<void> {
  const t = await readFileRange(path, REGION_TABLE_OFFSETS[slot], 64 * 1024);
  edit(t);
  t.writeUInt32LE(0, 4);
  t.writeUInt32LE(crc32c(t), 4);
  await patchFile(path, REGION_TABLE_OFFSETS[slot], t);
}

async function setBatEntry(path: string, index: number, lo: number, hi: number): Promise<void> {
  const e = Buffer.alloc(8);
  e.writeUInt32LE(lo >>> 0, 0);
  e.writeUInt32LE(hi >>> 0, 4);
  await patchFile(path, BAT + index * 8, e);
}

async function readsFine(path: string): Promise<void> {
  const r = await openDisk(path);
  expect((await r.read(0, MiB)).equals(pseudoRandom(MiB, 1))).toBe(true);
  await r.close();
}

describe('VHDX headers', () => {
  it('uses the other header when one has a bad checksum', async () => {
    for (const slot of [0, 1] as const) {
      const p = await copy();
      await patchFile(p, HEADER_OFFSETS[slot] + 100, Buffer.from([0xee]));
      await readsFine(p);
    }
  });

  it('refuses when both headers are damaged', async () => {
    const p = await copy();
    await patchFile(p, HEADER_OFFSETS[0] + 100, Buffer.from([0xee]));
    await patchFile(p, HEADER_OFFSETS[1], Buffer.from('xxxx'));
    const e = await openError(p);
    expect(e.code).toBe('E_DISK_CORRUPT');
    expect(e.message).toContain(p);
    expect(e.message).toMatch(/no valid VHDX header.*checksum.*signature/);
  });

  it('equal sequence numbers: identical headers accepted, different ones refused', async () => {
    const same = await copy();
    const h = await readFileRange(same, HEADER_OFFSETS[1], 4096);
    await patchFile(same, HEADER_OFFSETS[0], h);
    await readsFine(same);

    const diff = await copy();
    const seq = (await readFileRange(diff, HEADER_OFFSETS[1] + 8, 8)).readBigUInt64LE(0);
    await editHeader(diff, 0, (b) => {
      b.writeBigUInt64LE(seq, 8);
      writeGuid('99999999-2222-3333-4444-555555555555', b, 16); // FileWriteGuid differs
    });
    const e = await openError(diff);
    expect(e.code).toBe('E_DISK_CORRUPT');
    expect(e.message).toMatch(/both VHDX headers have sequence number \d+ but differ/);
  });

  it('rejects a header version other than 1 (the other copy is used)', async () => {
    const p = await copy();
    const seqs = await Promise.all([0, 1].map(async (s) => (await readFileRange(p, HEADER_OFFSETS[s] + 8, 8)).readBigUInt64LE(0)));
    const current = seqs[0] > seqs[1] ? 0 : 1;
    await editHeader(p, current, (b) => b.writeUInt16LE(2, 66));
    await readsFine(p);
  });

  it('refuses a file with an active log but an impossible log region', async () => {
    const p = await copy();
    for (const slot of [0, 1] as const) {
      await editHeader(p, slot, (b) => {
        writeGuid('11111111-2222-3333-4444-555555555555', b, 48);
        b.writeUInt32LE(MiB + 5, 68);
      });
    }
    const e = await openError(p);
    expect(e.code).toBe('E_DISK_CORRUPT');
    expect(e.message).toMatch(/log/);
  });

  it('reports a missing file and a directory clearly', async () => {
    expect(await openError(join(dir, 'nope.vhdx'))).toMatchObject({ code: 'E_NOT_FOUND' });
    expect(await openError(dir)).toMatchObject({ code: 'E_DISK_UNSUPPORTED', message: expect.stringMatching(/not a regular file/) });
  });

  it('refuses a file too small to hold the headers', async () => {
    const p = await copy();
    await truncate(p, 200 * 1024);
    expect((await openError(p)).code).toBe('E_DISK_CORRUPT');
  });
});

describe('VHDX region tables', () => {
  it('falls back to region table 2 when table 1 is damaged, refuses when both are', async () => {
    const p = await copy();
    await patchFile(p, REGION_TABLE_OFFSETS[0] + 20, Buffer.from([0x55]));
    await readsFine(p);
    await patchFile(p, REGION_TABLE_OFFSETS[1] + 20, Buffer.from([0x55]));
    const e = await openError(p);
    expect(e.code).toBe('E_DISK_CORRUPT');
    expect(e.message).toMatch(/no valid region table/);
  });

  it('refuses an unknown required region and ignores an unknown optional one', async () => {
    const required = await copy();
    await editRegionTable(required, 0, (t) => {
      t.writeUInt32LE(3, 8);
      writeGuid('12345678-1234-1234-1234-123456789abc', t, 16 + 64);
      t.writeUInt32LE(10, 16 + 64 + 16);
      t.writeUInt32LE(MiB, 16 + 64 + 24);
      t.writeUInt32LE(1, 16 + 64 + 28);
    });
    const e = await openError(required);
    expect(e.code).toBe('E_DISK_UNSUPPORTED');
    expect(e.message).toContain('12345678-1234-1234-1234-123456789abc');

    const optional = await copy();
    await editRegionTable(optional, 0, (t) => {
      t.writeUInt32LE(3, 8);
      writeGuid('12345678-1234-1234-1234-123456789abc', t, 16 + 64);
    });
    await readsFine(optional);
  });

  it('refuses overlapping regions, regions past EOF and missing regions', async () => {
    const overlap = await copy();
    await editRegionTable(overlap, 0, (t) => t.writeUInt32LE(BAT, 16 + 32 + 16)); // metadata := BAT offset
    expect(await openError(overlap)).toMatchObject({ code: 'E_DISK_CORRUPT', message: expect.stringMatching(/overlap/) });

    const overLog = await copy();
    await editRegionTable(overLog, 0, (t) => t.writeUInt32LE(MiB, 16 + 16)); // BAT on top of the log
    expect(await openError(overLog)).toMatchObject({ code: 'E_DISK_CORRUPT', message: expect.stringMatching(/overlaps the log/) });

    const past = await copy();
    await editRegionTable(past, 0, (t) => t.writeUInt32LE(1000 * MiB, 16 + 16));
    expect(await openError(past)).toMatchObject({ code: 'E_DISK_CORRUPT', message: expect.stringMatching(/past the end/) });

    const missing = await copy();
    await editRegionTable(missing, 0, (t) => t.writeUInt32LE(1, 8));
    expect(await openError(missing)).toMatchObject({ code: 'E_DISK_CORRUPT', message: expect.stringMatching(/no metadata region/) });

    const unaligned = await copy();
    await editRegionTable(unaligned, 0, (t) => t.writeUInt32LE(BAT + 4096, 16 + 16));
    expect(await openError(unaligned)).toMatchObject({ code: 'E_DISK_CORRUPT', message: expect.stringMatching(/multiple of 1 MiB/) });
  });
});

describe('VHDX metadata', () => {
  it('refuses an unknown required item, a bad block size, a bad sector size and a missing item', async () => {
    // Entry 0 is File Parameters (item at +64 KiB), entry 3 Logical Sector Size in Ferry's layout.
    const unknown = await copy();
    const guid = Buffer.alloc(16);
    writeGuid('abcdefab-0000-1111-2222-333333333333', guid, 0);
    await patchFile(unknown, METADATA + 32 + 2 * 32, guid); // replaces Page 83 (flags: required)
    expect(await openError(unknown)).toMatchObject({ code: 'E_DISK_UNSUPPORTED', message: expect.stringMatching(/unknown required metadata item/) });

    const blockSize = await copy();
    const bs = Buffer.alloc(4);
    bs.writeUInt32LE(3 * MiB, 0);
    await patchFile(blockSize, METADATA + 64 * 1024, bs);
    expect(await openError(blockSize)).toMatchObject({ code: 'E_DISK_CORRUPT', message: expect.stringMatching(/block size/) });

    const sector = await copy();
    const entry = await readFileRange(sector, METADATA + 32 + 3 * 32, 32);
    const ss = Buffer.alloc(4);
    ss.writeUInt32LE(1024, 0);
    await patchFile(sector, METADATA + entry.readUInt32LE(16), ss);
    expect(await openError(sector)).toMatchObject({ code: 'E_DISK_CORRUPT', message: expect.stringMatching(/logical sector size 1024/) });

    const missing = await copy();
    const count = Buffer.alloc(2);
    count.writeUInt16LE(2, 0);
    await patchFile(missing, METADATA + 10, count);
    expect(await openError(missing)).toMatchObject({ code: 'E_DISK_CORRUPT', message: expect.stringMatching(/missing/) });

    const outside = await copy();
    const off = Buffer.alloc(4);
    off.writeUInt32LE(MiB - 4, 0);
    await patchFile(outside, METADATA + 32 + 16, off);
    expect(await openError(outside)).toMatchObject({ code: 'E_DISK_CORRUPT', message: expect.stringMatching(/runs past the metadata region/) });

    const signature = await copy();
    await patchFile(signature, METADATA, Buffer.from('metadat!'));
    expect((await openError(signature)).code).toBe('E_DISK_CORRUPT');
  });
});

describe('VHDX BAT', () => {
  const FULLY = 6;
  it('refuses a block beyond EOF, inside a region, PARTIALLY_PRESENT in a dynamic disk, reserved states', async () => {
    const pastEof = await copy();
    await setBatEntry(pastEof, 2, FULLY | (0x10 << 20), 1); // offset (4096 + 16) MiB
    expect(await openError(pastEof)).toMatchObject({ code: 'E_DISK_CORRUPT', message: expect.stringMatching(/block 2.*beyond the end of the file/) });

    const inMetadata = await copy();
    await setBatEntry(inMetadata, 3, FULLY | (3 << 20), 0);
    expect(await openError(inMetadata)).toMatchObject({ code: 'E_DISK_CORRUPT', message: expect.stringMatching(/overlaps the metadata region/) });

    const inHeader = await copy();
    await setBatEntry(inHeader, 3, FULLY, 0);
    expect(await openError(inHeader)).toMatchObject({ code: 'E_DISK_CORRUPT', message: expect.stringMatching(/header area/) });

    const partial = await copy();
    await setBatEntry(partial, 4, 7 | (4 << 20), 0);
    expect(await openError(partial)).toMatchObject({ code: 'E_DISK_CORRUPT', message: expect.stringMatching(/PARTIALLY_PRESENT/) });

    const reserved = await copy();
    await setBatEntry(reserved, 4, 4, 0);
    expect(await openError(reserved)).toMatchObject({ code: 'E_DISK_CORRUPT', message: expect.stringMatching(/reserved payload state 4/) });
  });

  it('reads ZERO / UNDEFINED / UNMAPPED (and draft UNMAPPED 5) blocks as zeros', async () => {
    const p = await copy();
    for (const [block, state] of [[0, 2], [1, 1], [2, 3], [3, 5]]) await setBatEntry(p, block, state | (7 << 20), 0);
    const r = await openDisk(p);
    expect(isAllZero(await r.read(0, 4 * MiB))).toBe(true);
    await r.close();
  });

  it('refuses a BAT region too small for the disk', async () => {
    const p = await copy();
    // Grow the virtual size to 2 TiB: 2 Mi BAT entries no longer fit in the 1 MiB BAT region.
    const entry = await readFileRange(p, METADATA + 32 + 32, 32);
    const size = Buffer.alloc(8);
    size.writeBigUInt64LE(2n * 1024n ** 4n, 0);
    await patchFile(p, METADATA + entry.readUInt32LE(16), size);
    expect(await openError(p)).toMatchObject({ code: 'E_DISK_CORRUPT', message: expect.stringMatching(/BAT region .* too small/) });
  });

  it('reports a truncated file', async () => {
    const p = await copy();
    await truncate(p, 4 * MiB + 100);
    expect(await openError(p)).toMatchObject({ code: 'E_DISK_CORRUPT', message: expect.stringMatching(/beyond the end of the file/) });
  });
});
