// Repository write lock: one writer process at a time.
//
// Taking a lock over requires its owner to be gone, never merely old (an old lock is what clock skew
// between two proxies, or a `touch`, looks like):
//   - same host: its pid is not running; on Linux also when the pid now belongs to another process (start
//     time) or the host rebooted (boot id). Where the OS cannot tell a reused pid (Windows, macOS), a running
//     pid keeps the lock for as long as its heartbeat is fresh;
//   - another host (or an unreadable lock): its heartbeat is older than FOREIGN_STALE_MS (30 min), measured
//     on the file system's clock.
// A holder proves it still holds the lock: every heartbeat checks that the lock file is still its own (same
// file, same token), and any failure marks the lock lost; a holder that could not refresh it for half the
// stale bound stops on its own (another host may soon judge it gone); a point commit and every deletion by
// maintenance re-check it first. A lost lock stops the writer with E_REPO_LOCK_LOST.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import { z } from 'zod';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import { errnoCode, isNotFound, messageOf, readIfExists } from './fs-util';
import { fsyncDir, tempName } from '../util/atomic';
import type { RepoLayout } from './layout';
import { localLiveness, ownProcessToken } from './process-identity';
import { ageOnFsClock, FOREIGN_STALE_MS } from './temp-files';

/** The holder refreshes the lock's mtime this often (and checks it is still its own). */
export const HEARTBEAT_MS = 60_000;
/** A holder that could not confirm its lock for this long stops writing: others may take it over at FOREIGN_STALE_MS. */
export const SELF_STOP_MS = FOREIGN_STALE_MS / 2;
export { FOREIGN_STALE_MS };

const LockOwner = z.object({
  pid: z.number().int(),
  hostname: z.string(),
  token: z.string(),
  acquiredAt: z.string(),
  bootId: z.string().optional(),
  startTicks: z.string().optional(),
});
type LockOwner = z.infer<typeof LockOwner>;

export interface LockTiming {
  /** default HEARTBEAT_MS; tests shorten it */
  heartbeatMs?: number;
}

type Verdict = { held: true; why?: string } | { held: false; why: string };

function describe(owner: LockOwner): string {
  return `pid ${owner.pid} on ${owner.hostname} since ${owner.acquiredAt}`;
}

const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;

export class RepoLock {
  private readonly heartbeat: NodeJS.Timeout;
  private lostError: FerryError | undefined;
  /** monotonic: a suspended machine does not count it (the heartbeat right after waking re-checks the file) */
  private lastConfirmed = performance.now();
  private beating: Promise<void> | undefined;
  private released = false;

  private constructor(
    private readonly layout: RepoLayout,
    readonly owner: LockOwner,
    /** our lock file, held open: the heartbeat writes through it, so it can never touch a lock someone else made */
    private readonly fh: fs.FileHandle,
    private readonly content: Buffer,
    heartbeatMs: number,
  ) {
    this.heartbeat = setInterval(() => void this.beat(), heartbeatMs);
    this.heartbeat.unref();
  }

  static async acquire(layout: RepoLayout, timing: LockTiming = {}): Promise<RepoLock> {
    const owner: LockOwner = {
      pid: process.pid,
      hostname: os.hostname(),
      token: randomBytes(8).toString('hex'),
      acquiredAt: new Date().toISOString(),
      ...ownProcessToken(),
    };
    const content = Buffer.from(JSON.stringify(owner));
    let transient = 0;
    // Bounded: each round wins, fails with RepoLocked, removes one abandoned lock, or retries a vanished file.
    for (let round = 0; round < 8; round++) {
      let created: boolean;
      try {
        created = await tryCreate(layout, content);
      } catch (e) {
        // Our temp file vanished before it was linked (an old Ferry's recovery empties tmp/): just try again.
        if (isNotFound(e) && transient++ < 5) continue;
        const errno = errnoCode(e);
        throw new FerryError(ErrorCode.RepoWrite, `Cannot create lock file ${layout.lock}: ${messageOf(e)}`, errno ? { errno } : undefined);
      }
      if (created) return RepoLock.holding(layout, owner, content, timing.heartbeatMs ?? HEARTBEAT_MS);
      const holder = await readOwner(layout);
      if (holder === 'gone') continue;
      const verdict = await judge(layout, holder);
      if (verdict.held) throw lockedBy(layout, holder, verdict.why);
      await takeOverAbandoned(layout, holder === 'unreadable' ? undefined : holder);
    }
    throw new FerryError(ErrorCode.RepoLocked, `Repository ${layout.root}: could not take the lock (contended)`);
  }

  private static async holding(layout: RepoLayout, owner: LockOwner, content: Buffer, heartbeatMs: number): Promise<RepoLock> {
    let fh: fs.FileHandle;
    try {
      fh = await fs.open(layout.lock, 'r+');
    } catch (e) {
      throw new FerryError(ErrorCode.RepoLockLost, `Repository ${layout.root}: the lock file vanished right after it was created (${messageOf(e)})`);
    }
    const lock = new RepoLock(layout, owner, fh, content, heartbeatMs);
    try {
      await lock.assertHeld();
    } catch (e) {
      await lock.abandon();
      throw e;
    }
    return lock;
  }

  /** Why this process no longer holds the lock, if it does not. */
  get lost(): FerryError | undefined {
    return this.lostError;
  }

  /** Synchronous (the hot path of every chunk write): throws E_REPO_LOCK_LOST once the lock is known lost. */
  expectHeld(): void {
    if (this.lostError) throw this.lostError;
    if (this.released) throw new FerryError(ErrorCode.Internal, `Repository ${this.layout.root}: the write lock was released`);
    const since = performance.now() - this.lastConfirmed;
    if (since > SELF_STOP_MS) {
      this.markLost(`it could not be refreshed for ${minutes(since)}; another host may take a lock over after ${minutes(FOREIGN_STALE_MS)}`);
      throw this.lostError;
    }
  }

  /** Reads the lock file again now: still ours? Before a point commits and before maintenance deletes anything. */
  async assertHeld(): Promise<void> {
    this.expectHeld();
    const why = await this.checkOwnership();
    if (why) {
      this.markLost(why);
      throw this.lostError;
    }
    this.lastConfirmed = performance.now();
  }

  /** Stop the heartbeat and close our handle, but leave the file: what a crashed process leaves behind (tests). */
  async abandon(): Promise<void> {
    this.released = true;
    clearInterval(this.heartbeat);
    await this.fh.close().catch(() => undefined);
  }

  /** Remove the lock if it is still ours. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    clearInterval(this.heartbeat);
    await this.beating;
    const ours = !this.lostError && (await this.checkOwnership()) === undefined;
    await this.fh.close().catch(() => undefined);
    if (ours) await fs.rm(this.layout.lock, { force: true });
  }

  private markLost(why: string): void {
    if (this.lostError) return;
    clearInterval(this.heartbeat);
    this.lostError = new FerryError(
      ErrorCode.RepoLockLost,
      `Repository ${this.layout.root}: this process lost its write lock (${why}); it stopped writing and commits nothing more. Another process may be using the repository: check it with 'ferry repo verify'`,
      { pid: this.owner.pid, hostname: this.owner.hostname },
    );
  }

  private async checkOwnership(): Promise<string | undefined> {
    try {
      const [onDisk, mine] = await Promise.all([fs.stat(this.layout.lock), this.fh.stat()]);
      // ino 0: a file system that has none (some SMB servers); the token below still decides.
      if (onDisk.ino !== 0 && mine.ino !== 0 && (onDisk.ino !== mine.ino || onDisk.dev !== mine.dev)) return 'the lock file was replaced';
      const holder = await readOwner(this.layout);
      if (holder === 'gone') return 'the lock file was removed';
      if (holder === 'unreadable' || holder.token !== this.owner.token) return 'another process holds the lock now';
      return undefined;
    } catch (e) {
      if (isNotFound(e)) return 'the lock file was removed';
      return `the lock file cannot be checked: ${messageOf(e)}`;
    }
  }

  /** Confirm first, then touch through our handle: a replaced lock is noticed and never written to. */
  private beat(): Promise<void> {
    if (this.lostError || this.released || this.beating) return this.beating ?? Promise.resolve();
    this.beating = (async () => {
      try {
        await this.assertHeld();
        await this.fh.write(this.content, 0, this.content.byteLength, 0);
      } catch (e) {
        this.markLost(`its heartbeat failed: ${messageOf(e)}`);
      } finally {
        this.beating = undefined;
      }
    })();
    return this.beating;
  }
}

function lockedBy(layout: RepoLayout, holder: LockOwner | 'unreadable', why: string | undefined): FerryError {
  if (holder === 'unreadable') {
    return new FerryError(ErrorCode.RepoLocked, `Repository ${layout.root} has an unreadable lock file${why ? ` (${why})` : ''}; remove ${layout.lock} if no backup is running`);
  }
  return new FerryError(ErrorCode.RepoLocked, `Repository ${layout.root} is locked by ${describe(holder)}${why ? ` (${why})` : ''}`, {
    pid: holder.pid,
    hostname: holder.hostname,
  });
}

/** Is the lock's owner gone? See the rules at the top of this file. */
async function judge(layout: RepoLayout, holder: LockOwner | 'unreadable'): Promise<Verdict> {
  const age = (await ageOnFsClock(layout.lock, layout.tmpDir)) ?? 0;
  const stale = age > FOREIGN_STALE_MS;
  const untouched = `untouched for ${minutes(age)}`;
  if (holder === 'unreadable') return stale ? { held: false, why: untouched } : { held: true };
  if (holder.hostname === os.hostname()) {
    const live = localLiveness(holder.pid, holder);
    if (live.alive === true) return { held: true };
    if (live.alive === false) return { held: false, why: live.why };
    return stale ? { held: false, why: `${live.why}, and the lock is ${untouched}` } : { held: true, why: live.why };
  }
  return stale
    ? { held: false, why: `${holder.hostname} has not refreshed it for ${minutes(age)}` }
    : { held: true, why: `another host; taken over only after ${minutes(FOREIGN_STALE_MS)} without a heartbeat` };
}

/** Creates the lock complete or not at all: write a temp file, then hard-link it into place (fails if taken). */
async function tryCreate(layout: RepoLayout, content: Buffer): Promise<boolean> {
  await fs.mkdir(layout.tmpDir, { recursive: true }); // tmp/ removed by hand: not a reason to fail
  const tmp = tempName(layout.tmpDir, 'lock');
  try {
    await fs.writeFile(tmp, content, { flag: 'wx' });
    try {
      await fs.link(tmp, layout.lock);
    } catch (e) {
      const code = errnoCode(e);
      if (code === 'EEXIST') return false;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw e;
      // File systems without hard links: exclusive create (a crash mid-write can leave an unreadable lock).
      try {
        await fs.writeFile(layout.lock, content, { flag: 'wx' });
      } catch (e2) {
        if (errnoCode(e2) === 'EEXIST') return false;
        throw e2;
      }
    }
    await fsyncDir(layout.root);
    return true;
  } finally {
    await fs.rm(tmp, { force: true });
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
 * Move the abandoned lock aside (rename is atomic: of two racing processes only one moves it), then check that
 * what we moved is the lock we judged; if another process had just replaced it with a live lock, put it back.
 */
async function takeOverAbandoned(layout: RepoLayout, judged: LockOwner | undefined): Promise<void> {
  const aside = tempName(layout.tmpDir, 'stale-lock');
  try {
    await fs.rename(layout.lock, aside);
  } catch (e) {
    if (isNotFound(e)) return; // someone else moved it; retry
    throw new FerryError(ErrorCode.RepoWrite, `Cannot remove abandoned lock ${layout.lock}: ${messageOf(e)}`);
  }
  const moved = await readIfExists(aside);
  let movedToken: string | undefined;
  try {
    movedToken = moved ? LockOwner.parse(JSON.parse(moved.toString('utf8'))).token : undefined;
  } catch {
    movedToken = undefined;
  }
  if (movedToken !== judged?.token) {
    await fs.link(aside, layout.lock).catch(() => undefined);
    await fs.rm(aside, { force: true });
    throw new FerryError(ErrorCode.RepoLocked, `Repository ${layout.root} was locked by another writer while taking over an abandoned lock`);
  }
  await fs.rm(aside, { force: true });
}
