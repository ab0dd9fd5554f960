import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Repo } from './repo';
import { backupDisk, backupPoint, listFilesRecursive, makeDisk, makeLockStale, tempDir } from './test-support';

const BS = 32 * 1024;
let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

class SimulatedCrash extends Error {}

describe('crash safety', () => {
  it('a crash right before the point file rename leaves no point, and the repository opens and works', async () => {
    const kept = makeDisk(BS, 'rr');
    await (await Repo.create(dir)).close();

    const repo = await Repo.open(dir, { packTargetBytes: 1 << 30 });
    const first = await backupPoint(repo, { 'vm/0': kept }, BS);
    await repo.close();

    let armed = true;
    const victim = await Repo.open(dir, {
      packTargetBytes: 1 << 30,
      faults: {
        beforePointRename: () => {
          if (armed) throw new SimulatedCrash('power cut');
        },
      },
    });
    const lost = makeDisk(BS, 'rrr0r');
    const w = victim.beginPoint({});
    await w.addDisk(await backupDisk(victim, 'vm/0', lost, BS));
    await expect(w.commit()).rejects.toThrow('power cut');
    armed = false;
    expect((await victim.listPoints()).map((p) => p.id)).toEqual([first.id]);
    await victim.simulateCrash();
    await makeLockStale(dir);

    // A reader sees only the committed point, and everything the crashed writer left is harmless.
    const reader = await Repo.open(dir);
    expect((await reader.listPoints()).map((p) => p.id)).toEqual([first.id]);
    expect((await reader.verify(first.id)).ok).toBe(true);

    // The next writer takes over the stale lock, tidies up, and reuses the crashed writer's durable chunks.
    const next = await Repo.open(dir);
    const again = await backupPoint(next, { 'vm/0': lost }, BS);
    expect(await fs.readdir(path.join(dir, 'manifests'))).toEqual(expect.arrayContaining([first.id, again.id]));
    expect((await fs.readdir(path.join(dir, 'manifests'))).length).toBe(2);
    expect(await fs.readdir(path.join(dir, 'tmp'))).toEqual([]);
    const out = path.join(dir, 'out.raw');
    await next.restoreRaw(again.id, 'vm/0', out);
    expect((await fs.readFile(out)).equals(lost)).toBe(true);
    expect((await next.verify(again.id)).ok).toBe(true);
    await next.close();
    await reader.close();
  });

  it('a torn record at the end of an unsealed pack is ignored and cut off by the next writer', async () => {
    const repo = await Repo.create(dir, { packTargetBytes: 1 << 30 });
    const image = makeDisk(BS, 'rrr');
    const info = await backupPoint(repo, { 'vm/0': image }, BS);
    await repo.simulateCrash();
    await makeLockStale(dir);
    const [pack] = (await listFilesRecursive(path.join(dir, 'packs'))).filter((f) => f.endsWith('.pack'));
    const goodSize = (await fs.stat(pack)).size;
    // Half a record: a header-sized run of garbage, as if the process died mid-append.
    await fs.appendFile(pack, Buffer.alloc(40, 0x46));

    const next = await Repo.open(dir);
    expect((await next.verify(info.id)).ok).toBe(true);
    await backupPoint(next, { 'vm/1': makeDisk(BS, 'r') }, BS); // first write → recovery
    expect((await fs.stat(pack)).size).toBe(goodSize);
    expect(await fs.access(pack.replace(/\.pack$/, '.idx')).then(() => true)).toBe(true);
    await next.close();
    const out = path.join(dir, 'out.raw');
    const reopened = await Repo.open(dir);
    await reopened.restoreRaw(info.id, 'vm/0', out);
    expect((await fs.readFile(out)).equals(image)).toBe(true);
    await reopened.close();
  });

  it('a damaged pack index is not trusted: the pack is rescanned', async () => {
    const repo = await Repo.create(dir, { packTargetBytes: 64 * 1024 });
    const image = makeDisk(BS, 'rrrr');
    const info = await backupPoint(repo, { 'vm/0': image }, BS);
    await repo.close();
    for (const f of await listFilesRecursive(path.join(dir, 'packs'))) {
      if (f.endsWith('.idx')) await fs.writeFile(f, Buffer.from('garbage'));
    }
    const reopened = await Repo.open(dir);
    expect((await reopened.verify(info.id)).ok).toBe(true);
    await reopened.close();
  });
});
