// Space: a failed backup's data can be removed exactly; gc frees before it needs room; the space reserve.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChunkIndex } from './chunk-index';
import { sweepOrder } from './gc';
import { Repo } from './index';
import { RepoLayout } from './layout';
import { RESERVE_BYTES } from './space-reserve';
import { backupDisk, backupPoint, listFilesRecursive, makeDisk, tempDir } from './test-support';

const BS = 32 * 1024;
let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const packFiles = async () => (await listFilesRecursive(path.join(dir, 'packs'))).filter((f) => f.endsWith('.pack') || f.endsWith('.idx')).sort();

describe('repository space', () => {
  it('a new repository keeps a reserve of real (non-sparse) bytes', async () => {
    await (await Repo.create(dir)).close();
    const st = await fs.stat(path.join(dir, 'reserve'));
    expect(st.size).toBe(RESERVE_BYTES);
    expect(st.blocks * 512).toBeGreaterThanOrEqual(RESERVE_BYTES);
  });

  it("discardUnreferencedWrites removes exactly the packs a failed backup wrote, never another's, never after a commit", async () => {
    const first = await Repo.create(dir, { packTargetBytes: 2 * BS });
    const kept = await backupPoint(first, { 'vm/0': makeDisk(BS, 'rrr') }, BS);
    await first.close();
    const before = await packFiles();

    const failed = await Repo.open(dir, { packTargetBytes: 2 * BS });
    await backupDisk(failed, 'vm/1', makeDisk(BS, 'rrrrr'), BS); // chunks stored, point never committed
    expect((await packFiles()).length).toBeGreaterThan(before.length);
    expect(await failed.discardUnreferencedWrites()).toBeGreaterThan(5 * BS);
    expect(await packFiles()).toEqual(before);
    await failed.close();
    expect(await packFiles()).toEqual(before);

    const committed = await Repo.open(dir);
    await backupPoint(committed, { 'vm/2': makeDisk(BS, 'rr') }, BS);
    const withOne = await packFiles();
    expect(await committed.discardUnreferencedWrites()).toBe(0); // a point references them now
    await committed.close();
    expect((await packFiles()).length).toBeGreaterThanOrEqual(withOne.length);
    const reader = await Repo.open(dir);
    expect((await reader.verify(kept.id)).ok).toBe(true);
    await reader.close();
  });

  it('gc deletes packs with nothing live before it rewrites any (deleting needs no room, copying does)', () => {
    const index = new ChunkIndex(new RepoLayout(dir));
    const entry = (n: number) => ({ hash: n.toString(16).padStart(64, '0'), offset: 16 + n * 100, rawLength: 10, storedLength: 10, codec: 'none' as const });
    const pack = (id: string, ...ns: number[]) => index.setPack(id.repeat(32), { entries: ns.map(entry), sealed: true, validBytes: 1000 });
    pack('a', 1, 2); // part live: rewritten
    pack('b', 3); // dead: deleted
    pack('c', 4); // all live: left alone
    pack('d', 5, 6); // dead
    const live = new Set([entry(1).hash, entry(4).hash]);
    expect(sweepOrder({ index }, live)).toEqual(['b', 'd', 'a', 'c'].map((c) => c.repeat(32)));
  });
});
