import fs from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/contract/errors';
import { sha256Hex } from './hash';
import { MAX_READ_BYTES, openPointReader, PointReader } from './point-reader';
import { Repo } from './repo';
import { backupPoint, listFilesRecursive, makeDisk, tempDir } from './test-support';
import type { DiskManifestInput } from './types';

const BS = 64 * 1024;
const KEY = 'vm-01/0';
let dir: string;
let image: Buffer;
let restored: Buffer;
let pointId: string;

beforeAll(async () => {
  dir = await tempDir();
  const repo = await Repo.create(dir, { packTargetBytes: 512 * 1024 }); // several packs
  // random blocks, zero gaps, a repeated block, a half-zero block and an odd tail
  image = makeDisk(BS, 'rr0rd00prrr0d0r', 4321);
  pointId = (await backupPoint(repo, { [KEY]: image }, BS, {}, 'zstd')).id;
  const out = path.join(dir, 'restored.raw');
  await repo.restoreRaw(pointId, KEY, out);
  restored = await fs.readFile(out);
  await repo.close();
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** A huge sparse disk whose every block is a distinct fake chunk: counts what is fetched, touches no disk. */
function fakeBigDisk(blockSize: number, blocks: number, everyNth = 1) {
  const fetched: string[] = [];
  const content = new Map<string, number>();
  const m: DiskManifestInput = { diskKey: 'big/0', virtualSize: blockSize * blocks, blockSize, sourcePath: 'big.vhdx', blocks: [] };
  for (let i = 0; i < blocks; i += everyNth) {
    const hash = sha256Hex(Buffer.from(`block ${i}`));
    content.set(hash, i);
    m.blocks.push({ offset: i * blockSize, length: blockSize, hash });
  }
  const fetch = async (hash: string) => {
    fetched.push(hash);
    await new Promise((r) => setTimeout(r, 5));
    return Buffer.alloc(blockSize, content.get(hash)! & 0xff);
  };
  return { m, fetch, fetched };
}

describe('PointReader over a real repository', () => {
  it('random reads equal the raw restore byte for byte (property, concurrent, small cache)', async () => {
    expect(restored.equals(image)).toBe(true);
    const reader = await openPointReader(dir, pointId, KEY, { cacheBytes: 3 * BS });
    try {
      expect(reader.size).toBe(image.byteLength);
      const range = fc.record({ offset: fc.integer({ min: 0, max: image.byteLength }), length: fc.integer({ min: 0, max: 5 * BS }) });
      await fc.assert(
        fc.asyncProperty(fc.array(range, { minLength: 1, maxLength: 6 }), async (ranges) => {
          const got = await Promise.all(ranges.map((r) => reader.read(r.offset, r.length)));
          ranges.forEach((r, i) => expect(got[i].equals(restored.subarray(r.offset, r.offset + r.length))).toBe(true));
          expect(reader.stats.cachedBytes).toBeLessThanOrEqual(3 * BS);
        }),
        { numRuns: 150 },
      );
    } finally {
      await reader.close();
    }
  });

  it('reads only the chunks a range overlaps; zero ranges never reach the repository', async () => {
    const reader = await openPointReader(dir, pointId, KEY);
    try {
      expect((await reader.read(2 * BS + 100, 10 * 1024)).equals(Buffer.alloc(10 * 1024))).toBe(true); // block 2 is a zero gap
      expect(reader.stats.chunksRead).toBe(0);
      expect((await reader.read(BS - 5000, 10 * 1024)).equals(image.subarray(BS - 5000, BS - 5000 + 10 * 1024))).toBe(true); // spans blocks 0 and 1
      expect(reader.stats.chunksRead).toBe(2);
      await reader.read(100, 10); // block 0 again: from the cache
      expect(reader.stats).toMatchObject({ chunksRead: 2, cacheHits: 1 });
      // the tail: a read running past the end is short, a read starting past the end is refused
      const tail = await reader.read(image.byteLength - 10, 100);
      expect(tail.equals(image.subarray(image.byteLength - 10))).toBe(true);
      expect((await reader.read(image.byteLength, 10)).byteLength).toBe(0);
    } finally {
      await reader.close();
    }
  });

  it('a damaged chunk fails the reads that need it with E_REPO_CORRUPT naming the range; other ranges still read', async () => {
    const damagedDir = await tempDir();
    try {
      const repo = await Repo.create(damagedDir);
      const disk = makeDisk(BS, 'rr');
      const id = (await backupPoint(repo, { [KEY]: disk }, BS, {}, 'none')).id;
      await repo.close();
      const pack = (await listFilesRecursive(path.join(damagedDir, 'packs'))).find((f) => f.endsWith('.pack'))!;
      const bytes = await fs.readFile(pack);
      bytes[bytes.indexOf(disk.subarray(BS, 2 * BS)) + 77] ^= 0xff;
      await fs.writeFile(pack, bytes);

      const reader = await openPointReader(damagedDir, id, KEY);
      await expect(reader.read(BS + 10, 10)).rejects.toMatchObject({ code: ErrorCode.RepoCorrupt, details: { offset: BS, length: BS, diskKey: KEY } });
      expect((await reader.read(0, 1000)).equals(disk.subarray(0, 1000))).toBe(true);
      // a failed fetch is not cached: the next read tries (and fails) again
      await expect(reader.read(BS, 1)).rejects.toMatchObject({ code: ErrorCode.RepoCorrupt });
      expect(reader.stats.chunksRead).toBe(3);
      await reader.close();
    } finally {
      await fs.rm(damagedDir, { recursive: true, force: true });
    }
  });

  it('a missing point or disk is E_NOT_FOUND; a missing repository E_REPO_MISSING', async () => {
    await expect(openPointReader(dir, 'nope', KEY)).rejects.toMatchObject({ code: ErrorCode.NotFound });
    await expect(openPointReader(dir, pointId, 'vm-01/9')).rejects.toMatchObject({ code: ErrorCode.NotFound });
    await expect(openPointReader(path.join(dir, 'absent'), pointId, KEY)).rejects.toMatchObject({ code: ErrorCode.RepoMissing });
  });
});

describe('PointReader over a 40 GiB disk', () => {
  it('a 10 KB read reads only the one chunk under it, found by binary search', async () => {
    const { m, fetch, fetched } = fakeBigDisk(1024 * 1024, 40 * 1024);
    const reader = new PointReader(m, fetch, 'p1');
    const offset = 31_337 * 1024 * 1024 + 4096;
    const got = await reader.read(offset, 10 * 1024);
    expect(got.equals(Buffer.alloc(10 * 1024, 31_337 & 0xff))).toBe(true);
    expect(fetched).toEqual([m.blocks[31_337].hash]);
    expect(reader.stats).toMatchObject({ chunksRead: 1, bytesFetched: 1024 * 1024, bytesServed: 10 * 1024 });
  });

  it('concurrent reads of one chunk share one fetch', async () => {
    const { m, fetch, fetched } = fakeBigDisk(1024 * 1024, 64);
    const reader = new PointReader(m, fetch, 'p1');
    await Promise.all(Array.from({ length: 10 }, (_, i) => reader.read(5 * 1024 * 1024 + i * 1000, 500)));
    expect(fetched).toHaveLength(1);
    expect(reader.stats).toMatchObject({ chunksRead: 1, cacheHits: 9 });
  });

  it('keeps its cache within the bound (LRU) however much is read', async () => {
    const { m, fetch, fetched } = fakeBigDisk(1024 * 1024, 64);
    const reader = new PointReader(m, fetch, 'p1', { cacheBytes: 4 * 1024 * 1024 });
    for (let i = 0; i < 64; i++) await reader.read(i * 1024 * 1024, 1);
    expect(reader.stats.cachedBytes).toBe(4 * 1024 * 1024);
    await reader.read(63 * 1024 * 1024, 1); // most recent: cached
    expect(fetched).toHaveLength(64);
    await reader.read(0, 1); // long evicted: fetched again
    expect(fetched).toHaveLength(65);
    const wide = await reader.read(10 * 1024 * 1024 - 10, 3 * 1024 * 1024 + 20); // spans 5 blocks
    expect(wide.subarray(0, 10).equals(Buffer.alloc(10, 9))).toBe(true);
    expect(wide.subarray(10, 10 + 1024 * 1024).equals(Buffer.alloc(1024 * 1024, 10))).toBe(true);
    expect(wide.subarray(wide.byteLength - 10).equals(Buffer.alloc(10, 13))).toBe(true);
  });

  it('unallocated blocks read as zeros without a fetch', async () => {
    const { m, fetch, fetched } = fakeBigDisk(1024 * 1024, 1024, 100); // blocks 0, 100, 200, …
    const reader = new PointReader(m, fetch, 'p1');
    expect((await reader.read(1024 * 1024, 50 * 1024 * 1024)).equals(Buffer.alloc(50 * 1024 * 1024))).toBe(true);
    expect(fetched).toHaveLength(0);
    const across = await reader.read(99 * 1024 * 1024, 2 * 1024 * 1024); // block 99 (hole) then block 100
    expect(across.subarray(0, 1024 * 1024).equals(Buffer.alloc(1024 * 1024))).toBe(true);
    expect(across.subarray(1024 * 1024).equals(Buffer.alloc(1024 * 1024, 100))).toBe(true);
    expect(fetched).toHaveLength(1);
  });

  it('refuses bad requests with stable codes and reads nothing', async () => {
    const { m, fetch, fetched } = fakeBigDisk(1024 * 1024, 8);
    const reader = new PointReader(m, fetch, 'p1');
    await expect(reader.read(8 * 1024 * 1024 + 1, 1)).rejects.toMatchObject({ code: ErrorCode.OutOfRange });
    await expect(reader.read(-1, 1)).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
    await expect(reader.read(0.5, 1)).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
    await expect(reader.read(0, MAX_READ_BYTES + 1)).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
    await reader.close();
    await expect(reader.read(0, 1)).rejects.toMatchObject({ code: ErrorCode.Cancelled });
    expect(fetched).toHaveLength(0);
  });

  it('a manifest whose blocks overlap or run past the end is E_REPO_CORRUPT', () => {
    const { m, fetch } = fakeBigDisk(1024, 4);
    expect(() => new PointReader({ ...m, blocks: [m.blocks[1], m.blocks[0]] }, fetch, 'p1')).toThrow(expect.objectContaining({ code: ErrorCode.RepoCorrupt }));
    expect(() => new PointReader({ ...m, virtualSize: 3000 }, fetch, 'p1')).toThrow(expect.objectContaining({ code: ErrorCode.RepoCorrupt }));
  });

  it('a chunk of the wrong length is E_REPO_CORRUPT, never a wrong read', async () => {
    const { m } = fakeBigDisk(1024, 4);
    const reader = new PointReader(m, async () => Buffer.alloc(1000), 'p1');
    await expect(reader.read(0, 10)).rejects.toMatchObject({ code: ErrorCode.RepoCorrupt });
  });
});
