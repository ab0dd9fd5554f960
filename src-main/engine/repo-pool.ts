// One open Repo per repository folder for the whole engine: the repository lock is per writer process.
import { Repo } from './repository';

export class RepoPool {
  private readonly open = new Map<string, Promise<Repo>>();

  get(dir: string): Promise<Repo> {
    const existing = this.open.get(dir);
    if (existing) return existing;
    const opening = Repo.openOrCreate(dir);
    // A failed open is not cached: the next caller retries (e.g. after the admin fixed the folder).
    opening.catch(() => this.open.delete(dir));
    this.open.set(dir, opening);
    return opening;
  }

  async closeAll(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    for (const r of all) await (await r.catch(() => null))?.close();
  }
}
