// The FAT and ext4 readers on damaged images: random bytes over their metadata (boot sector and FAT; superblock,
// group descriptors, inode table, directory blocks) give file data, or a FerryError with a stable code — never a
// crash, a hang or an unbounded read. Each case walks the whole tree and reads every file.
import { describe, expect, it } from 'vitest';
import { FerryError } from '../../../src-shared/contract/errors';
import { bufferSource } from './block-source';
import { openExt4 } from './ext4/ext4';
import { openFat } from './fat/fat';
import { readPartitionTable } from './partitions';
import { labGuestImage } from './testing/lab-images';
import type { BlockSource, GuestFileSystem } from './types';

const STABLE = new Set(['E_FS_CORRUPT', 'E_FS_UNSUPPORTED', 'E_OUT_OF_RANGE', 'E_GUEST_PATH_NOT_FOUND', 'E_GUEST_NOT_A_DIRECTORY', 'E_GUEST_NOT_A_FILE', 'E_INVALID_PARAMS']);

async function partition(vm: string, index: number): Promise<Buffer> {
  const disk = labGuestImage(vm);
  const p = (await readPartitionTable(bufferSource(disk))).partitions[index];
  return disk.subarray(p.start, p.start + p.size);
}

/** A source over `base` with `damage` applied, counting the bytes read. */
function damaged(base: Buffer, damage: Map<number, number>): BlockSource & { bytesRead: number } {
  const inner = bufferSource(base);
  const s = {
    size: base.length,
    bytesRead: 0,
    read: async (o: number, l: number) => {
      s.bytesRead += l;
      const out = await inner.read(o, l);
      for (const [at, v] of damage) if (at >= o && at < o + l) out[at - o] = v;
      return out;
    },
  };
  return s;
}

async function walkAll(fs: GuestFileSystem): Promise<void> {
  const queue = [''];
  let seen = 0;
  while (queue.length > 0 && seen < 800) {
    const dir = queue.shift() as string;
    for (const e of await fs.list(dir)) {
      seen++;
      const p = dir ? `${dir}/${e.name}` : e.name;
      if (e.kind === 'directory') queue.push(p);
      else if (e.kind === 'file') {
        const f = await fs.open(p);
        await f.read(0, Math.min(f.size, 256 * 1024));
      }
    }
  }
}

async function fuzz(base: Buffer, open: (s: BlockSource) => Promise<GuestFileSystem>, hot: Array<[number, number]>, rounds: number): Promise<Map<string, number>> {
  let seed = 4242;
  const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
  const outcomes = new Map<string, number>();
  for (let round = 0; round < rounds; round++) {
    const damage = new Map<number, number>();
    for (let k = 0; k < 1 + rnd(16); k++) {
      const [from, to] = hot[rnd(hot.length)];
      damage.set(from + rnd(to - from), rnd(256));
    }
    const src = damaged(base, damage);
    const started = Date.now();
    const outcome = await open(src).then(walkAll).then(
      () => 'ok',
      (e: unknown) => (e instanceof FerryError ? e.code : `crash: ${e instanceof Error ? e.stack : String(e)}`),
    );
    if (outcome !== 'ok') expect(STABLE, outcome).toContain(outcome);
    expect(Date.now() - started).toBeLessThan(15_000); // bounded work: no hang (generous: CI machines are shared)
    expect(src.bytesRead).toBeLessThan(base.length * 4 + 64 * 1024 * 1024);
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }
  return outcomes;
}

describe('readers on hostile images (fuzzed)', () => {
  it('FAT32: boot sector, FATs and directory clusters', async () => {
    const esp = await partition('WEB01', 0);
    const fatStart = esp.readUInt16LE(14) * 512;
    const fatBytes = esp.readUInt32LE(36) * 512 * esp[16];
    const data = fatStart + fatBytes;
    const outcomes = await fuzz(esp, openFat, [[0, 512], [fatStart, fatStart + 512], [data, data + 8 * 512]], 120);
    expect(outcomes.get('E_FS_CORRUPT') ?? 0).toBeGreaterThan(0);
  });

  it('ext4: superblock, group descriptors, inode table and directory blocks', async () => {
    const root = await partition('APP02', 0);
    const blockSize = 1024 << root.readUInt32LE(1024 + 24);
    const gdt = (root.readUInt32LE(1024 + 20) + 1) * blockSize;
    const inodeTable = root.readUInt32LE(gdt + 8) * blockSize;
    const outcomes = await fuzz(root, openExt4, [[1024, 1024 + 256], [gdt, gdt + 64], [inodeTable, inodeTable + 64 * 256]], 30);
    expect(outcomes.get('E_FS_CORRUPT') ?? 0).toBeGreaterThan(0);
  });
});
