// Repository write lock: one writer process at a time. A lock left by a dead process on this host is taken over.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import { errnoCode, isNotFound, messageOf, readIfExists } from './fs-util';
import { fsyncDir, tempName } from '../util/atomic';
import type { RepoLayout } from './layout';

/** The holder touches the lock this often, so a lock nobody touches is recognisably abandoned. */
const HEARTBEAT_MS = 60_000;
/**
 * A lock untouched for this long is stale even when its owner cannot be checked (another host: a proxy's
 * agent that crashed) or its pid now belongs to an unrelated process (reboot).
 */
export const LOCK_STALE_MS = 10 * 60_000;

const LockOwner = z.object({ pid: z.number().int(), hostname: z.string(), token: z.string(), acquiredAt: z.string() });
type LockOwner = z.infer<typeof LockOwner>;

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, we just may not signal it.
    return errnoCode(e) !== 'ESRCH';
  }
}

function describe(owner: LockOwner): string {
  return `pid ${owner.pid} on ${owner.hostname} since ${owner.acquiredAt}`;
}

export class RepoLock {
  private readonly heartbeat: NodeJS.Timeout;

  private constructor(
    private readonly layout: RepoLayout,
    readonly owner: LockOwner,
  ) {
    this.heartbeat = setInterval(() => {
      const now = new Date();
      fs.utimes(layout.lock, now, now).catch(() => undefined);
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  static async acquire(layout: RepoLayout): Promise<RepoLock> {
    const owner: LockOwner = {
      pid: process.pid,
      hostname: os.hostname(),
      token: randomBytes(8).toString('hex'),
      acquiredAt: new Date().toISOString(),
    };
    // Bounded: each round either wins, fails with RepoLocked, or removes one stale lock.
    for (let round = 0; round < 5; round++) {
      if (await tryCreate(layout, owner)) return new RepoLock(layout, owner);
      const holder = await readOwner(layout);
      if (holder === 'gone') continue;
      const abandoned = (await lockAgeMs(layout)) > LOCK_STALE_MS;
      if (holder === 'unreadable') {
        if (!abandoned) {
          throw new FerryError(ErrorCode.RepoLocked, `Repository ${layout.root} has an unreadable lock file; remove ${layout.lock} if no backup is running`);
        }
        await takeOverStale(layout, undefined);
        continue;
      }
      const ownerDead = holder.hostname === owner.hostname && !isPidAlive(holder.pid);
      if (!ownerDead && !abandoned) {
        throw new FerryError(ErrorCode.RepoLocked, `Repository ${layout.root} is locked by ${describe(holder)}`, {
          pid: holder.pid,
          hostname: holder.hostname,
        });
      }
      await takeOverStale(layout, holder);
    }
    throw new FerryError(ErrorCode.RepoLocked, `Repository ${layout.root}: could not take the lock (contended)`);
  }

  /** Stop the heartbeat but leave the file: what a crashed process leaves behind (tests). */
  abandon(): void {
    clearInterval(this.heartbeat);
  }

  /** Remove the lock if it is still ours. */
  async release(): Promise<void> {
    clearInterval(this.heartbeat);
    const holder = await readOwner(this.layout);
    if (holder !== 'gone' && holder !== 'unreadable' && holder.token === this.owner.token) {
      await fs.rm(this.layout.lock, { force: true });
    }
  }
}

/** Creates the lock complete or not at all: write a temp file, then hard-link it into place (fails if taken). */
async function tryCreate(layout: RepoLayout, owner: LockOwner): Promise<boolean> {
  const tmp = tempName(layout.tmpDir, 'lock');
  try {
    await fs.writeFile(tmp, JSON.stringify(owner), { flag: 'wx' });
    try {
      await fs.link(tmp, layout.lock);
    } catch (e) {
      const code = errnoCode(e);
      if (code === 'EEXIST') return false;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw e;
      // File systems without hard links: exclusive create (a crash mid-write can leave an unreadable lock).
      try {
        await fs.writeFile(layout.lock, JSON.stringify(owner), { flag: 'wx' });
      } catch (e2) {
        if (errnoCode(e2) === 'EEXIST') return false;
        throw e2;
      }
    }
    await fsyncDir(layout.root);
    return true;
  } catch (e) {
    throw new FerryError(ErrorCode.RepoWrite, `Cannot create lock file ${layout.lock}: ${messageOf(e)}`);
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

async function lockAgeMs(layout: RepoLayout): Promise<number> {
  try {
    return Date.now() - (await fs.stat(layout.lock)).mtimeMs;
  } catch {
    return 0; // gone meanwhile: the next round retries the create
  }
}

async function readOwner(layout: RepoLayout): Promise<LockOwner | 'gone' | 'unreadable'> {
  const buf = await readIfExists(layout.lock);
  if (!buf) return 'gone';
  try {
    const parsed = LockOwner.safeParse(JSON.parse(buf.toString('utf8')));
    return parsed.success ? parsed.data : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/**
 * Move the stale lock aside (rename is atomic: of two racing processes only one moves it), then check that
 * what we moved is the stale lock we judged; if another process had just replaced it with a live lock, put it back.
 */
async function takeOverStale(layout: RepoLayout, stale: LockOwner | undefined): Promise<void> {
  const aside = path.join(layout.tmpDir, `stale-lock.${process.pid}.${randomBytes(4).toString('hex')}`);
  try {
    await fs.rename(layout.lock, aside);
  } catch (e) {
    if (isNotFound(e)) return; // someone else moved it; retry
    throw new FerryError(ErrorCode.RepoWrite, `Cannot remove stale lock ${layout.lock}: ${messageOf(e)}`);
  }
  const moved = await readIfExists(aside);
  let movedToken: string | undefined;
  try {
    movedToken = moved ? LockOwner.parse(JSON.parse(moved.toString('utf8'))).token : undefined;
  } catch {
    movedToken = undefined;
  }
  if (movedToken !== stale?.token) {
    await fs.link(aside, layout.lock).catch(() => undefined);
    await fs.rm(aside, { force: true });
    throw new FerryError(ErrorCode.RepoLocked, `Repository ${layout.root} was locked by another writer while taking over a stale lock`);
  }
  await fs.rm(aside, { force: true });
}
