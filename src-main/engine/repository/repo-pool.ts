// Repository handles for this process. A repository has one writer process at a time (its lock), and
// several processes write to it in turn (the console commits points, each proxy's agent stores chunks):
// so a writer holds the repository only while it works — `use` opens it, counts users, and closes it
// (sealing packs, releasing the lock) when the last user is done. A lock held elsewhere is waited for.
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import { Repo } from './repo';
import { sleep } from '../util/time';

const LOCK_WAIT_MS = 120_000;

export class RepoPool {
  private readonly open = new Map<string, { repo: Promise<Repo>; users: number }>();

  /** Runs fn with the repository open for writing; retries while another process holds the lock. */
  async use<T>(dir: string, fn: (repo: Repo) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let wait = 50; ; wait = Math.min(wait * 2, 2000)) {
      try {
        return await this.withHandle(dir, fn);
      } catch (e) {
        if (!(e instanceof FerryError) || e.code !== ErrorCode.RepoLocked || Date.now() > deadline) throw e;
        await sleep(wait, signal);
      }
    }
  }

  /**
   * Runs fn on a fresh read-only view (list, verify, restore): readers never take the lock, and a fresh
   * open sees what other processes (agents) wrote since.
   */
  async read<T>(dir: string, fn: (repo: Repo) => Promise<T>): Promise<T> {
    const repo = await Repo.open(dir);
    try {
      return await fn(repo);
    } finally {
      await repo.close();
    }
  }

  async closeAll(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    for (const r of all) await (await r.repo.catch(() => null))?.close();
  }

  private async withHandle<T>(dir: string, fn: (repo: Repo) => Promise<T>): Promise<T> {
    const entry = this.acquire(dir);
    entry.users++;
    try {
      return await fn(await entry.repo);
    } finally {
      entry.users--;
      if (entry.users === 0 && this.open.get(dir) === entry) {
        this.open.delete(dir);
        await (await entry.repo.catch(() => null))?.close();
      }
    }
  }

  private acquire(dir: string): { repo: Promise<Repo>; users: number } {
    const existing = this.open.get(dir);
    if (existing) return existing;
    // The data mover re-hashes every block it compresses, so the repository need not verify puts again.
    const repo = Repo.openOrCreate(dir, { verifyOnPut: false });
    const entry = { repo, users: 0 };
    // A failed open is not cached: the next caller retries (e.g. after the admin fixed the folder).
    repo.catch(() => {
      if (this.open.get(dir) === entry) this.open.delete(dir);
    });
    this.open.set(dir, entry);
    return entry;
  }
}
