import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/contract/errors';
import type { GcStep } from './gc';
import { Repo } from './repo';
import { backupDisk, backupPoint, listFilesRecursive, makeDisk, makeLockStale, tempDir } from './test-support';

const BS = 16 * 1024;
let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function packBytes(): Promise<number> {
  let total = 0;
  for (const f of await listFilesRecursive(path.join(dir, 'packs'))) total += (await fs.stat(f)).size;
  return total;
}

async function expectRestores(repo: Repo, pointId: string, disks: Record<string, Buffer>): Promise<void> {
  expect((await repo.verify(pointId)).ok).toBe(true);
  for (const [key, image] of Object.entries(disks)) {
    const out = path.join(dir, 'restore.raw');
    await repo.restoreRaw(pointId, key, out);
    expect((await fs.readFile(out)).equals(image)).toBe(true);
  }
}

describe('forget + gc', () => {
  it('forget keeps the newest points; gc frees what only forgotten points used; the rest restores', async () => {
    const repo = await Repo.create(dir, { packTargetBytes: 3 * BS });
    const shared = makeDisk(BS, 'rrrr');
    const images = [makeDisk(BS, 'rrrrrr'), makeDisk(BS, 'rr0r'), makeDisk(BS, 'rrr')];
    const pts = [];
    for (const img of images) pts.push(await backupPoint(repo, { 'vm/0': img, 'vm/1': shared }, BS));
    const before = await packBytes();

    const result = await repo.forget({ keepLast: 1 });
    expect(result.removed.map((p) => p.id)).toEqual([pts[0].id, pts[1].id]);
    expect(result.kept.map((p) => p.id)).toEqual([pts[2].id]);
    expect((await repo.listPoints()).map((p) => p.id)).toEqual([pts[2].id]);
    await expect(fs.access(path.join(dir, 'manifests', pts[0].id))).rejects.toThrow();

    const report = await repo.gc({ repackThreshold: 0 });
    expect(report).toMatchObject({ generation: 1, pointsScanned: 1, liveChunks: 7, chunksRemoved: 9 });
    expect(report.packsDeleted + report.packsRewritten).toBeGreaterThan(0);
    expect(await packBytes()).toBeLessThan(before);
    await expectRestores(repo, pts[2].id, { 'vm/0': images[2], 'vm/1': shared });
    await repo.close();

    // and from a fresh open (indexes on disk are consistent)
    const reopened = await Repo.open(dir);
    await expectRestores(reopened, pts[2].id, { 'vm/0': images[2], 'vm/1': shared });
    expect(JSON.parse(await fs.readFile(path.join(dir, 'gc.json'), 'utf8'))).toMatchObject({ generation: 1, phase: 'done' });
    await reopened.close();
  });

  it('gc with nothing to forget changes nothing', async () => {
    const repo = await Repo.create(dir);
    const img = makeDisk(BS, 'rr0r');
    const p = await backupPoint(repo, { 'vm/0': img }, BS);
    await repo.close();
    const r = await Repo.open(dir);
    const before = await packBytes();
    const report = await r.gc({ repackThreshold: 0 });
    expect(report).toMatchObject({ chunksRemoved: 0, packsDeleted: 0, packsRewritten: 0 });
    expect(await packBytes()).toBe(before);
    await expectRestores(r, p.id, { 'vm/0': img });
    await r.close();
  });

  it('forget/gc are refused while a point is being written, and block new backups while running', async () => {
    const repo = await Repo.create(dir);
    const w = repo.beginPoint({});
    await w.addDisk(await backupDisk(repo, 'vm/0', makeDisk(BS, 'r'), BS));
    await expect(repo.gc()).rejects.toMatchObject({ code: ErrorCode.RepoLocked });
    await expect(repo.forget({ keepLast: 1 })).rejects.toMatchObject({ code: ErrorCode.RepoLocked });
    await w.commit();
    const running = repo.gc();
    expect(() => repo.beginPoint({})).toThrow(expect.objectContaining({ code: ErrorCode.RepoLocked }));
    await running;
    repo.beginPoint({});
    await repo.close();
  });

  it('a chunk deduped before gc removed it is caught at addDisk, never committed dangling', async () => {
    const repo = await Repo.create(dir);
    const img = makeDisk(BS, 'r');
    await backupPoint(repo, { 'vm/0': img }, BS);
    const manifest = await backupDisk(repo, 'vm/0', img, BS); // dedupes against the first point
    await repo.forget({ keepLast: 0 });
    await repo.gc({ repackThreshold: 0 });
    const w = repo.beginPoint({});
    await expect(w.addDisk(manifest)).rejects.toMatchObject({ code: ErrorCode.RepoWrite });
    await w.abort();
    await repo.close();
  });

  const steps: GcStep[] = ['marked', 'pack-rewritten', 'pack-deleted', 'swept'];
  for (const step of steps) {
    it(`a crash at gc step '${step}' loses no live data; the next gc finishes the job`, async () => {
      let armed = true;
      const opts = { packTargetBytes: 3 * BS };
      const repo = await Repo.create(dir, {
        ...opts,
        faults: {
          gcStep: (s) => {
            if (armed && s === step) throw new Error(`crash at ${s}`);
          },
        },
      });
      const keep = { a: makeDisk(BS, 'rrrrr'), b: makeDisk(BS, 'rr0rr') };
      const old = await backupPoint(repo, { 'vm/0': makeDisk(BS, 'rrrr'), 'vm/1': keep.a }, BS); // packs mix dead and live
      const mid = await backupPoint(repo, { 'vm/0': keep.b, 'vm/1': keep.a }, BS);
      await repo.forget({ keepLast: 1 });
      await expect(repo.gc({ repackThreshold: 0 })).rejects.toThrow(`crash at ${step}`);
      armed = false;
      await repo.simulateCrash();
      await makeLockStale(dir);

      const reader = await Repo.open(dir);
      expect((await reader.listPoints()).map((p) => p.id)).toEqual([mid.id]);
      await expectRestores(reader, mid.id, { 'vm/0': keep.b, 'vm/1': keep.a });
      await reader.close();

      const next = await Repo.open(dir, opts);
      await next.gc({ repackThreshold: 0 });
      await expectRestores(next, mid.id, { 'vm/0': keep.b, 'vm/1': keep.a });
      // after a clean gc nothing references the forgotten point's data any more
      const again = await next.gc({ repackThreshold: 0 });
      expect(again.chunksRemoved).toBe(0);
      expect(old.id).not.toBe(mid.id);
      await next.close();
    });
  }

  it('a crash in the middle of forget leaves each point either fully there or fully gone', async () => {
    let count = 0;
    const repo = await Repo.create(dir, {
      faults: {
        afterForgetPoint: () => {
          if (++count === 1) throw new Error('crash in forget');
        },
      },
    });
    const imgs = [makeDisk(BS, 'r'), makeDisk(BS, 'rr'), makeDisk(BS, 'rrr')];
    const pts = [];
    for (const img of imgs) pts.push(await backupPoint(repo, { 'vm/0': img }, BS));
    await expect(repo.forget({ keepLast: 1 })).rejects.toThrow('crash in forget');
    await repo.simulateCrash();
    await makeLockStale(dir);
    const r = await Repo.open(dir);
    const left = (await r.listPoints()).map((p) => p.id);
    expect(left).toEqual([pts[1].id, pts[2].id]);
    await expectRestores(r, pts[1].id, { 'vm/0': imgs[1] });
    await r.gc({ repackThreshold: 0 });
    await expectRestores(r, pts[1].id, { 'vm/0': imgs[1] });
    await expectRestores(r, pts[2].id, { 'vm/0': imgs[2] });
    await r.close();
  });
});
