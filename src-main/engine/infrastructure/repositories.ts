// Backup repositories the console writes to: registered folders, with their size and restore point count.
import { statfs } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { Repository } from '../../../src-shared/domain';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { RepoPool } from '../repository/repo-pool';
import type { Store } from '../store/store';
import type { ChangeListener } from '../util/changes';
import { dirSize } from '../util/dir-size';
import { newId } from '../util/ids';

export interface RepositoriesDeps {
  store: Store;
  repos: RepoPool;
  /** the capacity shown is the data folder's file system */
  dataDir: string;
  changed: ChangeListener;
}

export class Repositories {
  constructor(private readonly d: RepositoriesDeps) {}

  async list(): Promise<Repository[]> {
    const { store } = this.d;
    const out: Repository[] = [];
    for (const r of store.listRepositories()) {
      const fs = await statfs(this.d.dataDir).catch(() => null);
      out.push({
        ...r,
        capacityBytes: fs ? fs.blocks * fs.bsize : 0,
        usedBytes: await dirSize(r.path),
        restorePoints: store.listRestorePoints().filter((p) => p.repositoryId === r.id).length,
      });
    }
    return out;
  }

  /** Registers a folder: created when empty, adopted when it is a Ferry repository, refused otherwise (nothing stored). */
  async create(name: string, path: string): Promise<Repository> {
    const { store } = this.d;
    if (!isAbsolute(path)) throw new FerryError(ErrorCode.InvalidParams, 'path: give an absolute folder path');
    if (store.listRepositories().some((r) => r.name.toLowerCase() === name.toLowerCase() || resolve(r.path) === resolve(path))) {
      throw new FerryError(ErrorCode.Conflict, `A repository named ${name} or at ${path} is already registered`);
    }
    // Create (or adopt) before registering: a folder that is neither empty nor a repository is refused, nothing stored.
    await this.d.repos.use(path, async () => undefined);
    const repo: Repository = { id: newId('repo'), name, path: resolve(path), capacityBytes: 0, usedBytes: 0, restorePoints: 0 };
    store.putRepository(repo);
    this.d.changed('repositories');
    return repo;
  }
}
