// Partition tables as hostile input: entries past the disk, overlapping, absurd counts, loops in the EBR chain and
// random damage all end in E_PARTITION_TABLE (or a consistent table) — never another error, a hang or a huge read.
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FerryError } from '../../../src-shared/contract/errors';
import { bufferSource } from './block-source';
import { readPartitionTable } from './partitions';
import { labGuestImage } from './testing/lab-images';
import type { BlockSource } from './types';

const MiB = 1024 * 1024;

/** The WEB01 image's GPT with header field edits applied and both CRCs made right again (so the edit is what is judged). */
function gptWith(edit: (header: Buffer, entries: Buffer) => void): Buffer {
  const disk = Buffer.from(labGuestImage('WEB01'));
  const header = disk.subarray(512, 512 + 92);
  const entries = disk.subarray(1024, 1024 + 128 * 128);
  edit(header, entries);
  const entriesBytes = header.readUInt32LE(80) * header.readUInt32LE(84);
  if (1024 + entriesBytes <= disk.length) header.writeUInt32LE(crc32(disk.subarray(1024, 1024 + entriesBytes)), 88);
  header.writeUInt32LE(0, 16);
  header.writeUInt32LE(crc32(header), 16);
  return disk;
}

function mbrWith(parts: Array<[number, number, number]>, size = 16 * MiB): Buffer {
  const disk = Buffer.alloc(size);
  parts.forEach(([type, lba, count], i) => {
    disk[446 + i * 16 + 4] = type;
    disk.writeUInt32LE(lba, 446 + i * 16 + 8);
    disk.writeUInt32LE(count, 446 + i * 16 + 12);
  });
  disk.writeUInt16LE(0xaa55, 510);
  return disk;
}

/**
 * `head` over `base` (the damaged first sectors over the intact disk, without copying 24 MiB per round), counting
 * bytes read: a hostile table must not make Ferry read (or allocate) much.
 */
function counting(base: Buffer, head: Buffer): BlockSource & { bytesRead: number } {
  const inner = bufferSource(base);
  const s = {
    size: inner.size,
    bytesRead: 0,
    read: async (o: number, l: number) => {
      s.bytesRead += l;
      const out = await inner.read(o, l);
      if (o < head.length) head.copy(out, 0, o, Math.min(head.length, o + l));
      return out;
    },
  };
  return s;
}

const code = async (disk: Buffer): Promise<string> => readPartitionTable(bufferSource(disk)).then(() => 'ok', (e: FerryError) => e.code);

describe('partition tables', () => {
  it('reads the lab GPT and an MBR with a logical partition chain', async () => {
    const gpt = await readPartitionTable(bufferSource(labGuestImage('WEB01')));
    expect(gpt.partitions.map((p) => [p.index, p.start / MiB, p.name, p.typeName])).toEqual([
      [1, 1, 'EFI system partition', 'EFI system'],
      [2, 7, 'Basic data partition', 'Microsoft basic data'],
    ]);
    expect(gpt.partitions[0].size).toBe(6 * MiB);
    expect(gpt.partitions[1].size).toBe(24 * MiB - 7 * MiB - 33 * 512); // to the last usable sector (the backup GPT takes 33)
    const disk = mbrWith([[0x07, 2048, 2048], [0x05, 8192, 16384]]);
    // EBR 1 at 8192: logical at +2048 (4096 sectors), link to EBR 2 at ext+8192
    disk.writeUInt16LE(0xaa55, 8192 * 512 + 510);
    Object.entries({ 4: 0x83, 8: 2048, 12: 4096 }).forEach(([o, v]) => (Number(o) === 4 ? (disk[8192 * 512 + 446 + 4] = v) : disk.writeUInt32LE(v, 8192 * 512 + 446 + Number(o))));
    disk[8192 * 512 + 462 + 4] = 0x05;
    disk.writeUInt32LE(8192, 8192 * 512 + 462 + 8);
    disk.writeUInt32LE(4096, 8192 * 512 + 462 + 12);
    disk.writeUInt16LE(0xaa55, 16384 * 512 + 510);
    disk[16384 * 512 + 446 + 4] = 0x0b;
    disk.writeUInt32LE(2048, 16384 * 512 + 446 + 8);
    disk.writeUInt32LE(2048, 16384 * 512 + 446 + 12);
    const mbr = await readPartitionTable(bufferSource(disk));
    expect(mbr.partitions.map((p) => [p.index, p.start / 512, p.size / 512, p.typeName])).toEqual([
      [1, 2048, 2048, 'NTFS/exFAT'],
      [5, 10240, 4096, 'Linux'],
      [6, 18432, 2048, 'FAT32'],
    ]);
  });

  it('refuses entries past the disk, overlapping entries and absurd counts with E_PARTITION_TABLE', async () => {
    expect(await code(mbrWith([[0x07, 2048, 64 * 2048]]))).toBe('E_PARTITION_TABLE'); // past the end
    expect(await code(mbrWith([[0x07, 2048, 4096], [0x83, 4000, 100]]))).toBe('E_PARTITION_TABLE'); // overlap
    expect(await code(mbrWith([[0x07, 0, 100]]))).toBe('E_PARTITION_TABLE'); // over the MBR itself
    expect(await code(gptWith((h) => h.writeUInt32LE(1_000_000, 80)))).toBe('E_PARTITION_TABLE'); // huge count
    expect(await code(gptWith((h) => h.writeUInt32LE(7, 84)))).toBe('E_PARTITION_TABLE'); // entry size
    expect(await code(gptWith((h) => h.writeBigUInt64LE(1n << 40n, 72)))).toBe('E_PARTITION_TABLE'); // entries past the disk
    expect(await code(gptWith((_h, e) => e.writeBigUInt64LE(1n << 40n, 40)))).toBe('E_PARTITION_TABLE'); // entry past the disk
    expect(await code(gptWith((_h, e) => e.writeBigUInt64LE(e.readBigUInt64LE(128 + 32), 40)))).toBe('E_PARTITION_TABLE'); // p1 runs into p2
    const noCrc = Buffer.from(labGuestImage('WEB01'));
    noCrc[1024 + 60] ^= 1;
    expect(await code(noCrc)).toBe('E_PARTITION_TABLE'); // entries CRC
  });

  it('a looping EBR chain ends at a bound', async () => {
    const disk = mbrWith([[0x05, 2048, 8192]]);
    disk.writeUInt16LE(0xaa55, 2048 * 512 + 510);
    disk[2048 * 512 + 462 + 4] = 0x05; // link to itself
    disk.writeUInt32LE(0, 2048 * 512 + 462 + 8);
    disk.writeUInt32LE(100, 2048 * 512 + 462 + 12);
    expect(await code(disk)).toBe('E_PARTITION_TABLE');
  });

  it('fuzzed: random damage to the MBR and GPT sectors yields a consistent table or E_PARTITION_TABLE, reading little', async () => {
    const base = labGuestImage('WEB01');
    let seed = 12345;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
    const outcomes = new Map<string, number>();
    for (let round = 0; round < 400; round++) {
      const disk = Buffer.from(base.subarray(0, 64 * 1024));
      for (let k = 0; k < 1 + rnd(8); k++) disk[rnd(2) ? 446 + rnd(66) : 512 + rnd(92 + 256)] = rnd(256);
      if (round % 2) {
        // re-seal the header CRC half of the time, so the damage reaches the field checks behind it
        disk.writeUInt32LE(0, 512 + 16);
        disk.writeUInt32LE(crc32(disk.subarray(512, 512 + 92)), 512 + 16);
      }
      const src = counting(base, disk);
      const result = await readPartitionTable(src).then(
        (t) => {
          for (const p of t.partitions) expect(p.start + p.size).toBeLessThanOrEqual(base.length);
          return 'ok';
        },
        (e: unknown) => (e instanceof FerryError ? e.code : `other: ${String(e)}`),
      );
      expect(['ok', 'E_PARTITION_TABLE']).toContain(result);
      expect(src.bytesRead).toBeLessThanOrEqual(4096 * 128 + 8192);
      outcomes.set(result, (outcomes.get(result) ?? 0) + 1);
    }
    expect(outcomes.get('E_PARTITION_TABLE')).toBeGreaterThan(50);
  });
});
