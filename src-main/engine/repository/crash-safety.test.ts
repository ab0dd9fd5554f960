import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { hostTag } from '../util/atomic';
import { FOREIGN_STALE_MS } from './lock';
import { Repo } from './repo';
import { backupDisk, backupPoint, deadPid, listFilesRecursive, makeDisk, makeLockStale, tempDir } from './test-support';

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
    await expect(fs.access(path.join(dir, 'quarantine'))).rejects.toThrow(); // a torn write is provably garbage
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

/** The one pack file of a repository whose writer "crashed" (no index written). */
async function onlyPack(repoDir: string): Promise<string> {
  const packs = (await listFilesRecursive(path.join(repoDir, 'packs'))).filter((f) => f.endsWith('.pack'));
  expect(packs).toHaveLength(1);
  return packs[0];
}

async function restored(repo: Repo, pointId: string, diskKey: string): Promise<Buffer> {
  const out = path.join(dir, `restored-${Math.random().toString(16).slice(2)}.raw`);
  await repo.restoreRaw(pointId, diskKey, out);
  return fs.readFile(out);
}

describe('crash recovery never deletes what it cannot prove is garbage', () => {
  it('an unsealed pack with a damaged header (index missing) is salvaged, not truncated; the original goes to quarantine/', async () => {
    const repo = await Repo.create(dir, { packTargetBytes: 1 << 30 });
    const image = makeDisk(BS, 'r'.repeat(19));
    const info = await backupPoint(repo, { 'vm/0': image }, BS, {}, 'none');
    await repo.simulateCrash(); // committed (chunks fsynced), but the pack was never sealed
    await makeLockStale(dir);
    const pack = await onlyPack(dir);
    const bytes = await fs.readFile(pack);
    bytes.write('XXXXXXXX', 0, 'ascii'); // the first 8 bytes: the pack magic
    await fs.writeFile(pack, bytes);

    const next = await Repo.open(dir);
    const recovery = await next.acquireWriteLock();
    expect(recovery.packsSalvaged).toEqual([path.basename(pack, '.pack')]);
    expect((await next.verify(info.id)).ok).toBe(true);
    expect((await restored(next, info.id, 'vm/0')).equals(image)).toBe(true);
    await next.close();
    const quarantined = path.join(dir, 'quarantine', path.basename(pack));
    expect((await fs.readFile(quarantined)).equals(bytes)).toBe(true); // every byte kept
    expect(JSON.parse(await fs.readFile(quarantined.replace(/\.pack$/, '.json'), 'utf8'))).toMatchObject({ salvagedChunks: 19, reason: expect.stringContaining('header') });
    await expect(fs.access(pack)).rejects.toThrow();
    const again = await Repo.open(dir);
    expect((await again.verify(info.id)).ok).toBe(true);
    await again.close();
  });

  it('damage between records: the chunks before and after it are salvaged, only the damaged one is lost', async () => {
    const repo = await Repo.create(dir, { packTargetBytes: 1 << 30 });
    const image = makeDisk(BS, 'rrrrr');
    const info = await backupPoint(repo, { 'vm/0': image }, BS, {}, 'none');
    await repo.simulateCrash();
    await makeLockStale(dir);
    const pack = await onlyPack(dir);
    const bytes = await fs.readFile(pack);
    const at = bytes.indexOf(image.subarray(2 * BS, 2 * BS + 64));
    bytes[at + 1000] ^= 0xff; // inside block 2's stored data
    await fs.writeFile(pack, bytes);

    const next = await Repo.open(dir);
    expect((await next.acquireWriteLock()).packsSalvaged).toHaveLength(1);
    const report = await next.verify(info.id);
    expect(report.damaged).toEqual([{ diskKey: 'vm/0', ranges: [{ offset: 2 * BS, length: BS }], reason: 'chunk missing from repository' }]);
    await next.close();
    expect((await fs.readFile(path.join(dir, 'quarantine', path.basename(pack)))).equals(bytes)).toBe(true);
  });

  it('a tail that is not a torn write (a whole record failing its checksum) is kept in quarantine/ before it is cut', async () => {
    const repo = await Repo.create(dir, { packTargetBytes: 1 << 30 });
    const image = makeDisk(BS, 'rr');
    const info = await backupPoint(repo, { 'vm/0': image }, BS, {}, 'none');
    await repo.simulateCrash();
    await makeLockStale(dir);
    const pack = await onlyPack(dir);
    const good = await fs.readFile(pack);
    const lastRecord = Buffer.from(good.subarray(good.length - (56 + BS)));
    lastRecord[56 + 7] ^= 0xff;
    await fs.appendFile(pack, lastRecord);

    const next = await Repo.open(dir);
    const recovery = await next.acquireWriteLock();
    expect(recovery.tailsQuarantined).toEqual([path.join(dir, 'quarantine', `${path.basename(pack, '.pack')}.tail-${good.length}`)]);
    expect((await fs.readFile(recovery.tailsQuarantined[0])).equals(lastRecord)).toBe(true);
    expect((await fs.stat(pack)).size).toBe(good.length);
    expect((await next.verify(info.id)).ok).toBe(true);
    await next.close();
  });

  it('a salvage interrupted after its copy was sealed (before the move to quarantine/) is finished by the next writer; gc drops the extra copy', async () => {
    const repo = await Repo.create(dir, { packTargetBytes: 1 << 30 });
    const image = makeDisk(BS, 'rrrrrr');
    const info = await backupPoint(repo, { 'vm/0': image }, BS, {}, 'none');
    await repo.simulateCrash();
    await makeLockStale(dir);
    const pack = await onlyPack(dir);
    const bytes = await fs.readFile(pack);
    bytes.write('XXXXXXXX', 0, 'ascii');
    await fs.writeFile(pack, bytes);
    await fs.writeFile(path.join(dir, 'quarantine'), 'in the way'); // the move to quarantine/ fails

    const first = await Repo.open(dir, { packTargetBytes: 1 << 30 });
    await expect(first.acquireWriteLock()).rejects.toMatchObject({ code: 'E_REPO_WRITE' });
    await first.close();
    const packsAfterFailure = (await listFilesRecursive(path.join(dir, 'packs'))).filter((f) => f.endsWith('.pack'));
    expect(packsAfterFailure).toHaveLength(2); // the original and its sealed copy
    const reader = await Repo.open(dir);
    expect((await reader.verify(info.id)).ok).toBe(true);
    await reader.close();

    await fs.rm(path.join(dir, 'quarantine'));
    const second = await Repo.open(dir, { packTargetBytes: 1 << 30 });
    expect((await second.acquireWriteLock()).packsSalvaged).toEqual([path.basename(pack, '.pack')]);
    expect((await second.verify(info.id)).ok).toBe(true);
    await second.gc({ repackThreshold: 0 });
    await second.close();
    expect((await listFilesRecursive(path.join(dir, 'packs'))).filter((f) => f.endsWith('.pack'))).toHaveLength(1);
    const last = await Repo.open(dir);
    expect((await last.verify(info.id)).ok).toBe(true);
    expect((await restored(last, info.id, 'vm/0')).equals(image)).toBe(true);
    await last.close();
  });

  it("recovery removes only temp files of dead owners: a live process's lock temp file survives", async () => {
    await (await Repo.create(dir)).close();
    const tmp = path.join(dir, 'tmp');
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    await new Promise((res) => child.once('spawn', res));
    try {
      const old = new Date(Date.now() - FOREIGN_STALE_MS - 60_000);
      const files = {
        live: `lock.${hostTag()}.${child.pid}.0123456789ab.tmp`,
        dead: `lock.${hostTag()}.${deadPid()}.0123456789ab.tmp`,
        otherHostFresh: 'point.json.proxy-7.4242.0123456789ab.tmp',
        otherHostOld: 'point.json.proxy-8.4242.0123456789ab.tmp',
        unknownFresh: 'lock.4242.0123456789ab.tmp',
        unknownOld: 'stale-lock.4242.89abcdef',
      };
      for (const name of Object.values(files)) await fs.writeFile(path.join(tmp, name), 'x');
      for (const name of [files.otherHostOld, files.unknownOld]) await fs.utimes(path.join(tmp, name), old, old);
      const repo = await Repo.open(dir);
      await repo.acquireWriteLock();
      await repo.close();
      expect((await fs.readdir(tmp)).sort()).toEqual([files.live, files.otherHostFresh, files.unknownFresh].sort());
    } finally {
      child.kill('SIGKILL');
    }
  });
});
