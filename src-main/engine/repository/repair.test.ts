import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Repo } from './repo';
import { backupPoint, listFilesRecursive, makeDisk, tempDir } from './test-support';

const BS = 32 * 1024;
let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** Flip one byte inside the stored copy of `needle` (codec 'none' stores chunks verbatim); returns the pack. */
async function flipByteOf(repoDir: string, needle: Buffer): Promise<string> {
  for (const file of await listFilesRecursive(path.join(repoDir, 'packs'))) {
    if (!file.endsWith('.pack')) continue;
    const bytes = await fs.readFile(file);
    const at = bytes.indexOf(needle.subarray(0, 256));
    if (at < 0) continue;
    bytes[at + 100] ^= 0xff;
    await fs.writeFile(file, bytes);
    return file;
  }
  throw new Error('chunk bytes not found in any pack');
}

const block = (image: Buffer, i: number) => image.subarray(i * BS, (i + 1) * BS);

async function restoreBytes(repo: Repo, pointId: string, diskKey: string): Promise<Buffer> {
  const out = path.join(dir, `out-${pointId}.raw`);
  await repo.restoreRaw(pointId, diskKey, out);
  return fs.readFile(out);
}

describe('damaged chunks are never reused', () => {
  it('once verify has found a damaged chunk, the next backup stores a fresh copy, and the old point verifies OK again', async () => {
    const image = makeDisk(BS, 'rrr');
    const repo = await Repo.create(dir);
    const first = await backupPoint(repo, { 'vm/0': image }, BS, {}, 'none');
    await repo.close();
    await flipByteOf(dir, block(image, 1));

    const verifier = await Repo.open(dir);
    const report = await verifier.verify(first.id);
    expect(report.ok).toBe(false);
    expect(report.recorded).toEqual({ copies: 1 });
    await verifier.close();
    expect(await fs.readdir(path.join(dir, 'damaged'))).toHaveLength(1);

    // A later backup of the same data: dedupe must not point it at the damaged copy.
    const writer = await Repo.open(dir);
    expect(await writer.hasChunk((await writer.readManifest(first.id, 'vm/0')).blocks[1].hash)).toBe(false);
    const second = await backupPoint(writer, { 'vm/0': image }, BS, {}, 'none');
    expect((await writer.verify(second.id)).ok).toBe(true);
    expect((await writer.verify(first.id)).ok).toBe(true); // same hash, fresh copy
    await writer.close();

    const reopened = await Repo.open(dir);
    for (const p of [first, second]) {
      expect((await reopened.verify(p.id)).ok).toBe(true);
      expect((await restoreBytes(reopened, p.id, 'vm/0')).equals(image)).toBe(true);
    }
    await reopened.close();

    // gc drops the damaged copy (nothing points at it any more), and with it the record.
    const gc = await Repo.open(dir);
    await gc.gc({ repackThreshold: 0 });
    await gc.close();
    expect(await fs.readdir(path.join(dir, 'damaged'))).toEqual([]);
    const after = await Repo.open(dir);
    expect((await after.verify(first.id)).ok).toBe(true);
    await after.close();
  });

  it('a point cannot be committed on a chunk whose only copy is recorded as damaged', async () => {
    const image = makeDisk(BS, 'rr');
    const repo = await Repo.create(dir);
    const first = await backupPoint(repo, { 'vm/0': image }, BS, {}, 'none');
    const manifest = await repo.readManifest(first.id, 'vm/0');
    await repo.close();
    await flipByteOf(dir, block(image, 0));
    const verifier = await Repo.open(dir);
    await verifier.verify(first.id);
    await verifier.close();

    const writer = await Repo.open(dir);
    const w = writer.beginPoint({});
    await expect(w.addDisk(manifest)).rejects.toMatchObject({ code: 'E_REPO_CORRUPT', message: expect.stringContaining('damaged') });
    await w.abort();
    await writer.close();
  });
});

describe('repair', () => {
  it('salvages a damaged pack into quarantine/, reports the point that lost data, and a later backup heals it', async () => {
    const image = makeDisk(BS, 'rrrr');
    const other = makeDisk(BS, 'rr');
    const repo = await Repo.create(dir, { packTargetBytes: 1 << 30 });
    const lost = await backupPoint(repo, { 'vm/0': image }, BS, {}, 'none');
    await repo.close();
    const repo2 = await Repo.open(dir);
    const untouched = await backupPoint(repo2, { 'vm/1': other }, BS, {}, 'none'); // in its own pack
    await repo2.close();
    const damagedPack = await flipByteOf(dir, block(image, 2));
    const damagedBytes = await fs.readFile(damagedPack);

    const r = await Repo.open(dir);
    const report = await r.repair();
    expect(report.packsChecked).toBe(2);
    expect(report.chunksChecked).toBe(6);
    expect(report.chunksDropped).toBe(1);
    expect(report.packsSalvaged).toEqual([
      { packId: path.basename(damagedPack, '.pack'), salvaged: 3, dropped: 1, quarantined: path.join(dir, 'quarantine', path.basename(damagedPack)) },
    ]);
    expect(report.pointsLost).toEqual([{ pointId: lost.id, damaged: [{ diskKey: 'vm/0', ranges: [{ offset: 2 * BS, length: BS }], reason: 'chunk missing from repository' }] }]);
    expect((await fs.readFile(report.packsSalvaged[0].quarantined)).equals(damagedBytes)).toBe(true);
    expect((await r.verify(untouched.id)).ok).toBe(true);
    expect((await r.verify(lost.id)).damaged).toEqual(report.pointsLost[0].damaged);
    await r.close();

    // The next backup of the same disk stores the lost block again: the damaged point verifies and restores.
    const next = await Repo.open(dir);
    await backupPoint(next, { 'vm/0': image }, BS, {}, 'none');
    expect((await next.verify(lost.id)).ok).toBe(true);
    expect((await restoreBytes(next, lost.id, 'vm/0')).equals(image)).toBe(true);
    await next.close();
    const again = await Repo.open(dir);
    const clean = await again.repair();
    expect(clean).toMatchObject({ pointsLost: [], packsSalvaged: [], indexesRebuilt: [], chunksDropped: 0 });
    await again.close();
    expect(await fs.readdir(path.join(dir, 'damaged'))).toEqual([]);
  });

  it('rebuilds missing, damaged and wrong pack indexes from the packs (nothing lost), and removes indexes without a pack', async () => {
    const image = makeDisk(BS, 'rrrrrr');
    const repo = await Repo.create(dir, { packTargetBytes: BS }); // one chunk per pack
    const info = await backupPoint(repo, { 'vm/0': image }, BS, {}, 'none');
    await repo.close();
    const idx = (await listFilesRecursive(path.join(dir, 'packs'))).filter((f) => f.endsWith('.idx')).sort();
    expect(idx).toHaveLength(6);
    await fs.rm(idx[0]);
    await fs.writeFile(idx[1], 'garbage');
    await fs.copyFile(idx[3], idx[2]); // another pack's index: valid, but wrong for this pack
    const stray = path.join(path.dirname(idx[2]), 'ffffffffffffffffffffffffffffffff.idx');
    await fs.writeFile(stray, 'an index whose pack is gone');

    const r = await Repo.open(dir);
    const report = await r.repair();
    // The missing and the damaged index make their packs unsealed: crash recovery (at the lock) re-indexes those;
    // the valid-but-wrong one only a full re-check finds.
    expect(report.indexesRebuilt).toEqual([path.basename(idx[2], '.idx')]);
    expect(report).toMatchObject({ strayIndexesRemoved: 1, packsSalvaged: [], chunksDropped: 0, pointsLost: [] });
    await r.close();
    await expect(fs.access(stray)).rejects.toThrow();
    for (const f of idx) await fs.access(f);
    const reopened = await Repo.open(dir);
    expect((await reopened.verify(info.id)).ok).toBe(true);
    expect((await reopened.repair()).indexesRebuilt).toEqual([]);
    await reopened.close();
  });
});
