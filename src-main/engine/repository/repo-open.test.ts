import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/contract/errors';
import { Repo } from './repo';
import { tempDir } from './test-support';

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('Repo open/create', () => {
  it('create then open an empty repository', async () => {
    const repo = await Repo.create(path.join(dir, 'r'));
    expect(repo.dir).toBe(path.join(dir, 'r'));
    expect(await repo.listPoints()).toEqual([]);
    await repo.close();
    const again = await Repo.open(path.join(dir, 'r'));
    expect(await again.listPoints()).toEqual([]);
    await again.close();
  });

  it('open of a missing directory or a non-repository is RepoMissing', async () => {
    await expect(Repo.open(path.join(dir, 'nope'))).rejects.toMatchObject({ code: ErrorCode.RepoMissing });
    await fs.writeFile(path.join(dir, 'x.txt'), 'hello');
    await expect(Repo.open(dir)).rejects.toMatchObject({ code: ErrorCode.RepoMissing });
    await expect(Repo.open(path.join(dir, 'x.txt'))).rejects.toMatchObject({ code: ErrorCode.RepoMissing });
  });

  it('create refuses a non-empty foreign directory and an existing repository', async () => {
    await fs.writeFile(path.join(dir, 'x.txt'), 'hello');
    await expect(Repo.create(dir)).rejects.toMatchObject({ code: ErrorCode.RepoCorrupt });
    const r = await Repo.create(path.join(dir, 'r'));
    await r.close();
    await expect(Repo.create(path.join(dir, 'r'))).rejects.toMatchObject({ code: ErrorCode.RepoCorrupt });
  });

  it('openOrCreate creates once, then opens', async () => {
    const a = await Repo.openOrCreate(path.join(dir, 'r'));
    const config = await fs.readFile(path.join(dir, 'r', 'config.json'), 'utf8');
    await a.close();
    const b = await Repo.openOrCreate(path.join(dir, 'r'));
    await b.close();
    expect(await fs.readFile(path.join(dir, 'r', 'config.json'), 'utf8')).toBe(config);
  });

  it('an unknown format version or a garbled config is RepoCorrupt', async () => {
    const r = await Repo.create(dir);
    await r.close();
    const file = path.join(dir, 'config.json');
    const config = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
    await fs.writeFile(file, JSON.stringify({ ...config, version: 99 }));
    await expect(Repo.open(dir)).rejects.toMatchObject({ code: ErrorCode.RepoCorrupt, message: expect.stringContaining('version 99') });
    await fs.writeFile(file, '{not json');
    await expect(Repo.open(dir)).rejects.toMatchObject({ code: ErrorCode.RepoCorrupt });
  });

  it('getPoint / readManifest of unknown ids are NotFound', async () => {
    const r = await Repo.create(dir);
    await expect(r.getPoint('20250101T000000000Z-00000000')).rejects.toMatchObject({ code: ErrorCode.NotFound });
    await expect(r.getPoint('../../etc/passwd')).rejects.toMatchObject({ code: ErrorCode.NotFound });
    await expect(r.readManifest('20250101T000000000Z-00000000', 'vm/0')).rejects.toMatchObject({ code: ErrorCode.NotFound });
    await expect(r.readChunk('0'.repeat(64))).rejects.toMatchObject({ code: ErrorCode.NotFound });
    await r.close();
  });
});
