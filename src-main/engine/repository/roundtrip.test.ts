import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/contract/errors';
import { compressChunk } from './codec';
import { sha256Hex } from './hash';
import { Repo } from './repo';
import { backupDisk, backupPoint, listFilesRecursive, makeDisk, tempDir } from './test-support';
import type { Codec } from './types';

const BS = 64 * 1024;
let dir: string;
let out: string;
beforeEach(async () => {
  dir = await tempDir();
  out = await tempDir('ferry-out-');
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
  await fs.rm(out, { recursive: true, force: true });
});

describe('backup → restore round trip', () => {
  for (const codec of ['none', 'lz4', 'zstd'] as Codec[]) {
    it(`restores byte-identical with ${codec} (random data, zero gaps, duplicates, odd tail)`, async () => {
      const repo = await Repo.create(dir, { packTargetBytes: 256 * 1024 }); // several packs
      const d0 = makeDisk(BS, 'rr0d0prr00d', 1234);
      const d1 = makeDisk(BS, '000r');
      const info = await backupPoint(repo, { 'vm-01/0': d0, 'vm-01/1': d1 }, BS, { job: 'j1' }, codec);
      expect(info.labels).toEqual({ job: 'j1' });
      expect(info.disks.map((d) => [d.diskKey, d.virtualSize])).toEqual([['vm-01/0', d0.length], ['vm-01/1', d1.length]]);
      await repo.close();

      // a fresh open must find every chunk through the pack indexes
      const again = await Repo.open(dir);
      for (const [key, image] of [['vm-01/0', d0], ['vm-01/1', d1]] as const) {
        const target = path.join(out, key.replace('/', '_') + '.raw');
        const progress: number[] = [];
        await again.restoreRaw(info.id, key, target, (done) => progress.push(done));
        expect((await fs.readFile(target)).equals(image)).toBe(true);
        expect(progress.at(-1)).toBeGreaterThan(0);
      }
      expect((await again.verify(info.id)).ok).toBe(true);
      await again.close();
    });
  }

  it('restores an all-zero disk (no blocks) and a disk of one block', async () => {
    const repo = await Repo.create(dir);
    const zero = Buffer.alloc(3 * BS);
    const one = randomBytes(1000);
    const info = await backupPoint(repo, { 'z/0': zero, 'o/0': one }, BS);
    await repo.restoreRaw(info.id, 'z/0', path.join(out, 'z.raw'));
    await repo.restoreRaw(info.id, 'o/0', path.join(out, 'o.raw'));
    expect((await fs.readFile(path.join(out, 'z.raw'))).equals(zero)).toBe(true);
    expect((await fs.readFile(path.join(out, 'o.raw'))).equals(one)).toBe(true);
    await repo.close();
  });

  it('readManifest returns what addDisk was given, meta included', async () => {
    const repo = await Repo.create(dir);
    const m = await backupDisk(repo, 'vm-9/2', makeDisk(BS, 'r0d'), BS);
    m.meta = { format: 'vhdx', logicalSector: 512, nested: { a: [1, 2] } };
    const w = repo.beginPoint({});
    await w.addDisk(m);
    const info = await w.commit();
    expect(await repo.readManifest(info.id, 'vm-9/2')).toEqual(m);
    await expect(repo.readManifest(info.id, 'vm-9/3')).rejects.toMatchObject({ code: ErrorCode.NotFound });
    await repo.close();
  });

  it('dedupes: the same chunk stored twice is written once', async () => {
    const repo = await Repo.create(dir);
    const raw = randomBytes(BS);
    const hash = sha256Hex(raw);
    const stored = await compressChunk(raw, 'lz4');
    const [a, b] = await Promise.all([repo.putChunk(hash, stored, 'lz4', BS), repo.putChunk(hash, stored, 'lz4', BS)]);
    expect([a, b].sort()).toEqual([0, a + b]);
    expect(a + b).toBeGreaterThanOrEqual(stored.length);
    expect(await repo.putChunk(hash, stored, 'lz4', BS)).toBe(0);
    expect(await repo.hasChunk(hash)).toBe(true);
    expect((await repo.readChunk(hash)).equals(raw)).toBe(true);
    await repo.close();
    const packs = (await listFilesRecursive(path.join(dir, 'packs'))).filter((f) => f.endsWith('.pack'));
    const sizes = await Promise.all(packs.map(async (f) => (await fs.stat(f)).size));
    expect(sizes.reduce((s, n) => s + n, 0)).toBeLessThan(stored.length + 200);
  });

  it('a second point of the same disk adds no chunk data', async () => {
    const repo = await Repo.create(dir);
    const image = makeDisk(BS, 'rrrr');
    await backupPoint(repo, { 'vm/0': image }, BS);
    let written = 0;
    for (let o = 0; o < image.length; o += BS) {
      const raw = image.subarray(o, o + BS);
      written += await repo.putChunk(sha256Hex(raw), await compressChunk(raw, 'zstd'), 'zstd', raw.length);
    }
    expect(written).toBe(0);
    await repo.close();
  });

  it('putChunk refuses bad input instead of storing it', async () => {
    const repo = await Repo.create(dir);
    const raw = randomBytes(100);
    const hash = sha256Hex(raw);
    await expect(repo.putChunk('ABC', raw, 'none', 100)).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
    await expect(repo.putChunk(hash, randomBytes(100), 'none', 100)).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
    await expect(repo.putChunk(hash, raw, 'none', 99)).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
    await expect(repo.putChunk(hash, raw, 'zstd', 100)).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
    expect(await repo.hasChunk(hash)).toBe(false);
    await repo.close();
  });

  it('addDisk refuses manifests that could not restore', async () => {
    const repo = await Repo.create(dir);
    const good = await backupDisk(repo, 'vm/0', makeDisk(BS, 'rr'), BS);
    const w = repo.beginPoint({});
    await expect(w.addDisk({ ...good, blocks: [{ offset: 0, length: BS, hash: 'f'.repeat(64) }] })).rejects.toMatchObject({ code: ErrorCode.RepoWrite });
    await expect(w.addDisk({ ...good, blocks: [...good.blocks].reverse() })).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
    await expect(w.addDisk({ ...good, virtualSize: BS })).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
    await expect(w.addDisk({ ...good, blocks: [{ ...good.blocks[0], length: BS - 1 }] })).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
    await expect(w.addDisk({ ...good, diskKey: 'bad key!' })).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
    await expect(w.commit()).rejects.toMatchObject({ code: ErrorCode.InvalidParams }); // no disks
    await w.addDisk(good);
    await expect(w.addDisk(good)).rejects.toMatchObject({ code: ErrorCode.InvalidParams }); // duplicate key
    await w.commit();
    await expect(w.addDisk(good)).rejects.toMatchObject({ code: ErrorCode.InvalidParams }); // committed
    await repo.close();
  });

  it('lists committed points oldest first; abort leaves nothing', async () => {
    const repo = await Repo.create(dir);
    const a = await backupPoint(repo, { 'vm/0': makeDisk(BS, 'r') }, BS, { n: '1' });
    const aborted = repo.beginPoint({ n: 'x' });
    await aborted.addDisk(await backupDisk(repo, 'vm/0', makeDisk(BS, 'r'), BS));
    await aborted.abort();
    const b = await backupPoint(repo, { 'vm/0': makeDisk(BS, 'r') }, BS, { n: '2' });
    expect((await repo.listPoints()).map((p) => p.id)).toEqual([a.id, b.id]);
    expect(await repo.getPoint(b.id)).toEqual(b);
    await expect(fs.access(path.join(dir, 'manifests', aborted.id))).rejects.toThrow();
    await repo.close();
  });

  it('abort or close during a commit does not pull the manifests from under it', async () => {
    const repo = await Repo.create(dir);
    const image = makeDisk(BS, 'rr');
    const w = repo.beginPoint({});
    await w.addDisk(await backupDisk(repo, 'vm/0', image, BS));
    const committing = w.commit();
    await w.abort();
    const info = await committing;
    await repo.close();
    const again = await Repo.open(dir);
    expect((await again.verify(info.id)).ok).toBe(true);
    await again.close();
  });

  it('a reader opened earlier sees points and chunks committed later by a writer', async () => {
    const writer = await Repo.create(dir, { packTargetBytes: 1 << 30 }); // pack stays unsealed
    const reader = await Repo.open(dir);
    const image = makeDisk(BS, 'rr0r');
    const info = await backupPoint(writer, { 'vm/0': image }, BS);
    await reader.restoreRaw(info.id, 'vm/0', path.join(out, 'r.raw'));
    expect((await fs.readFile(path.join(out, 'r.raw'))).equals(image)).toBe(true);
    await writer.close();
    await reader.close();
  });
});
