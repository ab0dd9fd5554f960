import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '../../../src-shared/contract/errors';
import { compressChunk } from './codec';
import { sha256Hex } from './hash';
import { FOREIGN_STALE_MS } from './lock';
import { bootId, ownProcessToken, startTicksOf } from './process-identity';
import { Repo } from './repo';
import { backupDisk, backupPoint, deadPid, makeDisk, tempDir } from './test-support';

const BS = 16 * 1024;
let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function putRandom(repo: Repo): Promise<number> {
  const raw = randomBytes(BS);
  return repo.putChunk(sha256Hex(raw), await compressChunk(raw, 'none'), 'none', BS);
}

describe('repository lock', () => {
  it('a second writer gets RepoLocked; readers are not blocked; the lock frees on close', async () => {
    const a = await Repo.create(dir);
    const info = await backupPoint(a, { 'vm/0': makeDisk(BS, 'rr') }, BS);
    const lock = JSON.parse(await fs.readFile(path.join(dir, 'lock'), 'utf8')) as { pid: number };
    expect(lock.pid).toBe(process.pid);

    const b = await Repo.open(dir);
    await expect(putRandom(b)).rejects.toMatchObject({ code: ErrorCode.RepoLocked, message: expect.stringContaining(`pid ${process.pid}`) });
    const w = b.beginPoint({});
    await expect(w.addDisk({ diskKey: 'vm/0', virtualSize: 0, blockSize: BS, sourcePath: '', blocks: [] })).rejects.toMatchObject({
      code: ErrorCode.RepoLocked,
    });
    expect((await b.listPoints()).length).toBe(1);
    expect((await b.verify(info.id)).ok).toBe(true);
    await b.restoreRaw(info.id, 'vm/0', path.join(dir, 'out.raw'));

    await a.close();
    await expect(fs.access(path.join(dir, 'lock'))).rejects.toThrow();
    expect(await putRandom(b)).toBeGreaterThan(0);
    await b.close();
  });

  it('a stale lock of a dead process on this host is taken over', async () => {
    const r = await Repo.create(dir);
    await r.close();
    const stale = { pid: deadPid(), hostname: os.hostname(), token: 'deadbeef', acquiredAt: '2020-01-01T00:00:00.000Z' };
    await fs.writeFile(path.join(dir, 'lock'), JSON.stringify(stale));
    const repo = await Repo.open(dir);
    expect(await putRandom(repo)).toBeGreaterThan(0);
    const lock = JSON.parse(await fs.readFile(path.join(dir, 'lock'), 'utf8')) as { pid: number };
    expect(lock.pid).toBe(process.pid);
    await repo.close();
  });

  it('a lock held from another host, or an unreadable one, is never taken over', async () => {
    const r = await Repo.create(dir);
    await r.close();
    const lockFile = path.join(dir, 'lock');
    await fs.writeFile(lockFile, JSON.stringify({ pid: deadPid(), hostname: 'other-host', token: 't', acquiredAt: 'x' }));
    const repo = await Repo.open(dir);
    await expect(putRandom(repo)).rejects.toMatchObject({ code: ErrorCode.RepoLocked, message: expect.stringContaining('other-host') });
    await fs.writeFile(lockFile, 'garbage');
    await expect(putRandom(repo)).rejects.toMatchObject({ code: ErrorCode.RepoLocked });
    await fs.rm(lockFile);
    expect(await putRandom(repo)).toBeGreaterThan(0);
    await repo.close();
  });

  it('a lock untouched for longer than the stale limit is taken over, whoever held it', async () => {
    const r = await Repo.create(dir);
    await r.close();
    const lockFile = path.join(dir, 'lock');
    const old = new Date(Date.now() - FOREIGN_STALE_MS - 60_000);
    // a crashed proxy agent (other host), then a reused pid on this host (alive, but no heartbeat), then garbage
    for (const content of [
      JSON.stringify({ pid: 1, hostname: 'proxy-7', token: 't1', acquiredAt: 'x' }),
      JSON.stringify({ pid: process.pid, hostname: os.hostname(), token: 't2', acquiredAt: 'x' }),
      'garbage',
    ]) {
      await fs.writeFile(lockFile, content);
      await fs.utimes(lockFile, old, old);
      const repo = await Repo.open(dir);
      expect(await putRandom(repo)).toBeGreaterThan(0);
      await repo.close();
      await expect(fs.access(lockFile)).rejects.toThrow();
    }
  });

  it('only one of many racing takeovers of a stale lock wins', async () => {
    const r = await Repo.create(dir);
    await r.close();
    await fs.writeFile(path.join(dir, 'lock'), JSON.stringify({ pid: deadPid(), hostname: os.hostname(), token: 'old', acquiredAt: 'x' }));
    const repos = await Promise.all(Array.from({ length: 6 }, () => Repo.open(dir)));
    const results = await Promise.allSettled(repos.map(putRandom));
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    for (const x of results) if (x.status === 'rejected') expect(x.reason).toMatchObject({ code: ErrorCode.RepoLocked });
    await Promise.all(repos.map((x) => x.close()));
  });
});

const onLinux = os.platform() === 'linux';
const ago = (ms: number) => new Date(Date.now() - ms);

/** A live process of this host that is not us: the owner of a lock in these tests. */
async function withLiveProcess<T>(fn: (child: ChildProcess & { pid: number }) => Promise<T>): Promise<T> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await new Promise((res) => child.once('spawn', res));
  try {
    return await fn(child as ChildProcess & { pid: number });
  } finally {
    child.kill('SIGKILL');
  }
}

async function writeLock(lockFile: string, owner: Record<string, unknown>, mtime?: Date): Promise<void> {
  await fs.writeFile(lockFile, JSON.stringify({ token: randomBytes(4).toString('hex'), acquiredAt: new Date().toISOString(), ...owner }));
  if (mtime) await fs.utimes(lockFile, mtime, mtime);
}

describe('repository lock: takeover needs the owner to be gone, not merely old', () => {
  it('a live owner on this host keeps its lock however old it looks (clock skew, touch -d)', async () => {
    await (await Repo.create(dir)).close();
    const lockFile = path.join(dir, 'lock');
    await withLiveProcess(async (child) => {
      const token = onLinux ? { bootId: bootId(), startTicks: startTicksOf(child.pid) } : {};
      for (const age of [11 * 60_000, FOREIGN_STALE_MS + 60 * 60_000]) {
        if (!onLinux && age > FOREIGN_STALE_MS) continue; // without a start time, a running pid keeps it only while fresh
        await writeLock(lockFile, { pid: child.pid, hostname: os.hostname(), ...token }, ago(age));
        const repo = await Repo.open(dir);
        await expect(putRandom(repo)).rejects.toMatchObject({ code: ErrorCode.RepoLocked, message: expect.stringContaining(`pid ${child.pid}`) });
        await repo.close();
        expect(JSON.parse(await fs.readFile(lockFile, 'utf8'))).toMatchObject({ pid: child.pid });
      }
      // The owner dies: its lock goes at once, however fresh.
      await writeLock(lockFile, { pid: child.pid, hostname: os.hostname(), ...token });
      child.kill('SIGKILL');
      await new Promise((res) => child.once('exit', res));
      const repo = await Repo.open(dir);
      expect(await putRandom(repo)).toBeGreaterThan(0);
      await repo.close();
    });
  });

  it.runIf(onLinux)('a reused pid (other start time) or a lock from before a reboot (other boot id) is taken over at once', async () => {
    await (await Repo.create(dir)).close();
    const lockFile = path.join(dir, 'lock');
    await withLiveProcess(async (child) => {
      for (const token of [
        { bootId: bootId(), startTicks: String(Number(startTicksOf(child.pid)) - 1) },
        { bootId: 'another-boot', startTicks: startTicksOf(child.pid) },
      ]) {
        await writeLock(lockFile, { pid: child.pid, hostname: os.hostname(), ...token });
        const repo = await Repo.open(dir);
        expect(await putRandom(repo)).toBeGreaterThan(0);
        expect(JSON.parse(await fs.readFile(lockFile, 'utf8'))).toMatchObject({ pid: process.pid, ...ownProcessToken() });
        await repo.close();
      }
    });
  });

  it('another host keeps its lock until its heartbeat is older than the documented bound, on the file system clock', async () => {
    await (await Repo.create(dir)).close();
    const lockFile = path.join(dir, 'lock');
    await writeLock(lockFile, { pid: 4242, hostname: 'proxy-7' }, ago(FOREIGN_STALE_MS - 5 * 60_000));
    const repo = await Repo.open(dir);
    await expect(putRandom(repo)).rejects.toMatchObject({ code: ErrorCode.RepoLocked, message: expect.stringContaining('proxy-7') });
    await fs.utimes(lockFile, ago(FOREIGN_STALE_MS + 60_000), ago(FOREIGN_STALE_MS + 60_000));
    expect(await putRandom(repo)).toBeGreaterThan(0);
    await repo.close();
  });
});

describe('repository lock: a writer that lost its lock stops and commits nothing', () => {
  it('the heartbeat notices a removed lock: the next write fails with E_REPO_LOCK_LOST', async () => {
    const repo = await Repo.create(dir, { lockHeartbeatMs: 20 });
    const w = repo.beginPoint({});
    const disk = await backupDisk(repo, 'vm/0', makeDisk(BS, 'rr'), BS);
    await fs.rm(path.join(dir, 'lock'));
    await new Promise((res) => setTimeout(res, 200));
    await expect(putRandom(repo)).rejects.toMatchObject({ code: ErrorCode.RepoLockLost, message: expect.stringContaining('removed') });
    await expect(w.addDisk(disk)).rejects.toMatchObject({ code: ErrorCode.RepoLockLost });
    await w.abort();
    await repo.close();
    expect(await fs.readdir(path.join(dir, 'points'))).toEqual([]);
  });

  it('a commit re-reads the lock first: a lock taken by someone else since the last heartbeat stops it', async () => {
    const repo = await Repo.create(dir); // default heartbeat: a minute, so only the commit's own check can see it
    const w = repo.beginPoint({});
    await w.addDisk(await backupDisk(repo, 'vm/0', makeDisk(BS, 'rr'), BS));
    // Another writer's lock put in place the way a takeover does it (a new file, renamed in).
    const other = path.join(dir, 'other-lock');
    await writeLock(other, { pid: 4242, hostname: 'proxy-7', token: 'theirs' });
    await fs.rename(other, path.join(dir, 'lock'));
    await expect(w.commit()).rejects.toMatchObject({ code: ErrorCode.RepoLockLost, message: expect.stringContaining('replaced') });
    await w.abort();
    await repo.close();
    expect(await fs.readdir(path.join(dir, 'points'))).toEqual([]);
    // Its release leaves the other writer's lock alone.
    expect(JSON.parse(await fs.readFile(path.join(dir, 'lock'), 'utf8'))).toMatchObject({ token: 'theirs' });
  });

  it('a lock rewritten in place with another token is noticed by the heartbeat and never written over', async () => {
    const repo = await Repo.create(dir, { lockHeartbeatMs: 20 });
    expect(await putRandom(repo)).toBeGreaterThan(0);
    const foreign = JSON.stringify({ pid: 4242, hostname: 'proxy-7', token: 'theirs', acquiredAt: 'x' });
    await fs.writeFile(path.join(dir, 'lock'), foreign);
    await new Promise((res) => setTimeout(res, 200));
    await expect(putRandom(repo)).rejects.toMatchObject({ code: ErrorCode.RepoLockLost, message: expect.stringContaining('another process') });
    expect(await fs.readFile(path.join(dir, 'lock'), 'utf8')).toBe(foreign);
    await repo.close();
    expect(await fs.readFile(path.join(dir, 'lock'), 'utf8')).toBe(foreign);
  });

  it('gc re-checks the lock before it deletes anything', async () => {
    const repo = await Repo.create(dir, { packTargetBytes: 2 * BS });
    await backupPoint(repo, { 'vm/0': makeDisk(BS, 'rrrr') }, BS);
    await repo.forget({ keepLast: 0 });
    const packsBefore = (await fs.readdir(path.join(dir, 'packs'), { recursive: true })).length;
    const rogue = await Repo.open(dir, {
      faults: {
        gcStep: async (step) => {
          if (step === 'marked') await fs.rm(path.join(dir, 'lock')); // someone removes the lock mid-gc
        },
      },
    });
    await repo.close();
    await expect(rogue.gc()).rejects.toMatchObject({ code: ErrorCode.RepoLockLost });
    expect((await fs.readdir(path.join(dir, 'packs'), { recursive: true })).length).toBe(packsBefore);
    await rogue.close();
  });

  it('the heartbeat keeps the lock fresh', async () => {
    const repo = await Repo.create(dir, { lockHeartbeatMs: 20 });
    expect(await putRandom(repo)).toBeGreaterThan(0);
    const lockFile = path.join(dir, 'lock');
    await fs.utimes(lockFile, ago(3_600_000), ago(3_600_000));
    await new Promise((res) => setTimeout(res, 200));
    expect(Date.now() - (await fs.stat(lockFile)).mtimeMs).toBeLessThan(10_000);
    expect(await putRandom(repo)).toBeGreaterThan(0);
    await repo.close();
  });
});

describe('repository lock: taking it is not disturbed by other processes tidying tmp/', () => {
  it('a lock temp file that vanishes before it is linked (another recovery, tmp/ removed) is retried, not an error', async () => {
    await (await Repo.create(dir)).close();
    const vanished = Object.assign(new Error('ENOENT: no such file or directory, link'), { code: 'ENOENT' });
    const link = vi.spyOn(fs, 'link').mockRejectedValueOnce(vanished).mockRejectedValueOnce(vanished);
    try {
      await fs.rm(path.join(dir, 'tmp'), { recursive: true });
      const repo = await Repo.open(dir);
      expect(await putRandom(repo)).toBeGreaterThan(0);
      expect(link).toHaveBeenCalledTimes(3);
      await repo.close();
    } finally {
      link.mockRestore();
    }
  });
});
