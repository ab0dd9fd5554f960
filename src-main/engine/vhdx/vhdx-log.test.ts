// Log replay: a file whose header says "replay the log" must read as if the log had been applied,
// without the file being modified; a broken log must be refused.
import { createHash } from 'node:crypto';
import { copyFile, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isAllZero } from '../util/zero';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDisk } from './reader';
import { buildLogEntry, setLogGuid, writeLogEntry, type TestEntry } from './test-log-builder';
import { makeTempDir, patchFile, pseudoRandom, qemuImg, qemuIo, readFileRange, openError } from './test-helpers';
import { headerChecksum } from './vhdx-header';
import { createDynamicVhdx, VhdxWriter } from './writer';

const MiB = 1024 * 1024;
const LOG = MiB; // Ferry and qemu put a 1 MiB log at 1 MiB
const BAT = 2 * MiB;
const GUID = '0badcafe-1234-4321-8765-0123456789ab';
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

const sha = async (p: string): Promise<string> => createHash('sha256').update(await readFile(p)).digest('hex');

describe('qemu dirty-log recipe (reference §4.3)', () => {
  /** The `loge` entries qemu left in the log (one per BAT update, each with its own LogGuid). */
  async function qemuLogEntries(path: string): Promise<Array<{ position: number; guid: Buffer; target: number }>> {
    const log = await readFileRange(path, LOG, MiB);
    const out = [];
    for (let p = 0; p < MiB; p += 4096) {
      if (log.subarray(p, p + 4).toString('latin1') !== 'loge') continue;
      out.push({ position: p, guid: Buffer.from(log.subarray(p + 32, p + 48)), target: Number(log.readBigUInt64LE(p + 64 + 16)) });
    }
    return out;
  }

  // Replaying the newest entry restores the final BAT; replaying the older one (the recipe's "first entry")
  // restores the BAT as it was after the first write, so the 10 MiB write disappears. qemu agrees on both.
  for (const which of ['newest', 'oldest'] as const) {
    it(`replays the ${which} qemu entry in memory, leaves the file untouched, and matches qemu's own replay`, async () => {
      const path = join(dir, `dirty-${which}.vhdx`);
      expect((await qemuImg('create', '-f', 'vhdx', '-o', 'subformat=dynamic,block_size=1M', path, '16M')).code).toBe(0);
      await qemuIo('vhdx', path, 'write -P 0x5a 3M 1M', 'write -P 0x6b 10M 4k');
      const expected = Buffer.alloc(16 * MiB);
      expected.fill(0x5a, 3 * MiB, 4 * MiB);
      if (which === 'newest') expected.fill(0x6b, 10 * MiB, 10 * MiB + 4096);

      const entries = await qemuLogEntries(path);
      expect(entries.length).toBe(2);
      const chosen = which === 'newest' ? entries[entries.length - 1] : entries[0];
      expect(chosen.target).toBe(BAT);
      // Point the headers at that entry's GUID and wreck the sector it rewrites: only a replay can fix it.
      for (const offset of [0x10000, 0x20000]) {
        const h = await readFileRange(path, offset, 4096);
        chosen.guid.copy(h, 48);
        h.writeUInt32LE(headerChecksum(h), 4);
        await patchFile(path, offset, h);
      }
      await patchFile(path, chosen.target, Buffer.alloc(4096, 0xcc));
      expect((await qemuImg('info', path)).stderr).toMatch(/contains a log that needs to be replayed/);

      const before = await sha(path);
      const r = await openDisk(path);
      expect((await r.read(0, 16 * MiB)).equals(expected)).toBe(true);
      await r.close();
      expect(await sha(path)).toBe(before);

      const repaired = join(dir, `repaired-${which}.vhdx`);
      await copyFile(path, repaired);
      expect((await qemuImg('check', '-r', 'all', repaired)).code).toBe(0);
      const back = join(dir, `repaired-${which}.raw`);
      expect((await qemuImg('convert', '-f', 'vhdx', '-O', 'raw', repaired, back)).code).toBe(0);
      expect((await readFile(back)).equals(expected)).toBe(true);

      await expect(VhdxWriter.open(path)).rejects.toMatchObject({ code: 'E_DISK_UNSUPPORTED' });
    });
  }

  it('ignores stale entries when LogGuid is zero', async () => {
    const path = join(dir, 'stale.vhdx');
    expect((await qemuImg('create', '-f', 'vhdx', '-o', 'subformat=dynamic,block_size=1M', path, '8M')).code).toBe(0);
    await qemuIo('vhdx', path, 'write -P 0x11 1M 1M');
    await patchFile(path, BAT + 8, Buffer.alloc(8)); // block 1; disagrees with the stale log entry; the BAT wins
    const r = await openDisk(path);
    expect(isAllZero(await r.read(MiB, MiB))).toBe(true);
    await r.close();
  });
});

describe('synthetic log sequences', () => {
  /** A 16 MiB Ferry disk with blocks 0..3 filled with distinct data; returns the file and block contents. */
  async function base(name: string): Promise<{ path: string; blocks: Buffer[]; batSector: Buffer; size: number }> {
    const path = join(dir, name);
    await createDynamicVhdx(path, { virtualSize: 16 * MiB });
    const w = await VhdxWriter.open(path);
    const blocks = [0, 1, 2, 3].map((i) => pseudoRandom(MiB, 100 + i));
    for (let i = 0; i < 4; i++) await w.write(i * MiB, blocks[i]);
    await w.close();
    return { path, blocks, batSector: await readFileRange(path, BAT, 4096), size: (await stat(path)).size };
  }

  const entry = (over: Partial<TestEntry> & Pick<TestEntry, 'sequenceNumber' | 'descriptors'>, size: number): Buffer =>
    buildLogEntry({ logGuid: GUID, tail: 0, flushedFileOffset: size, lastFileOffset: size, ...over });

  it('replays a multi-entry sequence that wraps around the log end, in order, ignoring foreign and broken entries', async () => {
    const { path, blocks, batSector, size } = await base('seq.vhdx');
    // Entry 1: swap blocks 0 and 1 in the BAT. Entry 2: zero then rewrite the BAT sector with block 2
    // dropped and block 3 moved to a new block past EOF (the log grows the file: reads as zeros).
    const swapped = Buffer.from(batSector);
    batSector.copy(swapped, 0, 8, 16);
    batSector.copy(swapped, 8, 0, 8);
    const second = Buffer.from(swapped);
    second.writeBigUInt64LE(0n, 16);
    const newBlockMB = Math.ceil(size / MiB) + 2;
    second.writeBigUInt64LE((BigInt(newBlockMB) << 20n) | 6n, 24);
    const grown = (newBlockMB + 1) * MiB;

    const e1 = entry({ sequenceNumber: 41n, tail: MiB - 4096, descriptors: [{ kind: 'data', fileOffset: BAT, sector: swapped }] }, size);
    const e2 = entry(
      {
        sequenceNumber: 42n,
        tail: MiB - 4096,
        lastFileOffset: grown,
        descriptors: [
          { kind: 'zero', fileOffset: BAT, length: 4096 },
          { kind: 'data', fileOffset: BAT, sector: second },
        ],
      },
      size,
    );
    expect(e1.length).toBe(8192);
    await writeLogEntry(path, LOG, MiB, MiB - 4096, e1); // wraps: second half at log position 0
    await writeLogEntry(path, LOG, MiB, 4096, e2);
    // A later entry with a bad checksum ends the sequence; an entry of another session is ignored.
    const broken = entry({ sequenceNumber: 43n, descriptors: [{ kind: 'zero', fileOffset: BAT, length: 4096 }] }, size);
    broken[100] ^= 1;
    await writeLogEntry(path, LOG, MiB, 4096 + e2.length, broken);
    const foreign = buildLogEntry({
      logGuid: '11111111-1111-1111-1111-111111111111',
      sequenceNumber: 99n,
      tail: 0,
      flushedFileOffset: size,
      lastFileOffset: size,
      descriptors: [{ kind: 'zero', fileOffset: BAT, length: 4096 }],
    });
    await writeLogEntry(path, LOG, MiB, 256 * 1024, foreign);
    await setLogGuid(path, GUID);

    const before = await sha(path);
    const r = await openDisk(path);
    expect((await r.read(0, MiB)).equals(blocks[1])).toBe(true);
    expect((await r.read(MiB, MiB)).equals(blocks[0])).toBe(true);
    expect(isAllZero(await r.read(2 * MiB, 2 * MiB))).toBe(true);
    const extents = [];
    for await (const e of r.extents()) extents.push(e);
    expect(extents).toEqual([
      { offset: 0, length: 2 * MiB, kind: 'data' },
      { offset: 2 * MiB, length: MiB, kind: 'zero' },
      { offset: 3 * MiB, length: MiB, kind: 'data' },
      { offset: 4 * MiB, length: 12 * MiB, kind: 'zero' },
    ]);
    await r.close();
    expect(await sha(path)).toBe(before);
  });

  it('refuses an active log without a valid sequence', async () => {
    const { path } = await base('empty-log.vhdx');
    await setLogGuid(path, GUID);
    const e = await openError(path);
    expect(e.code).toBe('E_DISK_CORRUPT');
    expect(e.message).toMatch(/no valid entry sequence/);
  });

  it('refuses a log whose FlushedFileOffset is past the end of the file (truncated file)', async () => {
    const { path, batSector, size } = await base('trunc.vhdx');
    const e = entry({ sequenceNumber: 7n, flushedFileOffset: size + MiB, descriptors: [{ kind: 'data', fileOffset: BAT, sector: batSector }] }, size);
    await writeLogEntry(path, LOG, MiB, 0, e);
    await setLogGuid(path, GUID);
    expect(await openError(path)).toMatchObject({ code: 'E_DISK_CORRUPT', message: expect.stringMatching(/truncated/) });
  });

  it('refuses a log entry that rewrites the headers', async () => {
    const { path, size } = await base('hdr.vhdx');
    const e = entry({ sequenceNumber: 7n, descriptors: [{ kind: 'zero', fileOffset: 64 * 1024, length: 4096 }] }, size);
    await writeLogEntry(path, LOG, MiB, 0, e);
    await setLogGuid(path, GUID);
    expect(await openError(path)).toMatchObject({ code: 'E_DISK_CORRUPT', message: expect.stringMatching(/headers/) });
  });

  it('refuses a log entry that writes far past the end of the file', async () => {
    const { path, size } = await base('far.vhdx');
    const e = entry({ sequenceNumber: 7n, descriptors: [{ kind: 'zero', fileOffset: 1024 * MiB, length: 4096 }] }, size);
    await writeLogEntry(path, LOG, MiB, 0, e);
    await setLogGuid(path, GUID);
    expect(await openError(path)).toMatchObject({ code: 'E_DISK_CORRUPT', message: expect.stringMatching(/past the end of the file/) });
  });
});
