import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/contract/errors';
import { compressChunk } from './codec';
import { sha256Hex } from './hash';
import { LOCK_STALE_MS } from './lock';
import { Repo } from './repo';
import { backupPoint, deadPid, makeDisk, tempDir } from './test-support';

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
    const old = new Date(Date.now() - LOCK_STALE_MS - 60_000);
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
