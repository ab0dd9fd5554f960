import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/contract/errors';
import { Repo } from './repo';
import { backupPoint, makeDisk, tempDir } from './test-support';
import { PARENT_POINT_LABEL } from './types';

const BS = 8 * 1024;
let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** Guest writes between backups: a few blocks change, one block is zeroed. */
function mutate(image: Buffer, seed: number): Buffer {
  const next = Buffer.from(image);
  const blocks = image.length / BS;
  for (let i = 0; i < 3; i++) randomBytes(BS).copy(next, ((seed * 7 + i * 5) % blocks) * BS);
  next.fill(0, ((seed * 3) % blocks) * BS, ((seed * 3) % blocks) * BS + BS);
  return next;
}

describe('incremental points (parentPointId)', () => {
  it('each point of a chain restores the full disk, also after forgetting its ancestors and gc', async () => {
    const repo = await Repo.create(dir, { packTargetBytes: 4 * BS });
    const images: Buffer[] = [makeDisk(BS, 'rrrr0rrrrrr0rrrr')];
    for (let i = 1; i < 5; i++) images.push(mutate(images[i - 1], i));
    const ids: string[] = [];
    for (const [i, img] of images.entries()) {
      const labels: Record<string, string> = { job: 'j1' };
      if (i > 0) labels[PARENT_POINT_LABEL] = ids[i - 1];
      const p = await backupPoint(repo, { 'vm/0': img }, BS, labels);
      expect(p.labels[PARENT_POINT_LABEL]).toBe(i > 0 ? ids[i - 1] : undefined);
      ids.push(p.id);
    }
    const restoreAll = async (r: Repo, which: number[]) => {
      for (const i of which) {
        const out = path.join(dir, `p${i}.raw`);
        await r.restoreRaw(ids[i], 'vm/0', out);
        expect((await fs.readFile(out)).equals(images[i])).toBe(true);
      }
    };
    await restoreAll(repo, [0, 1, 2, 3, 4]);

    await repo.forget({ keepLast: 2, match: { job: 'j1' } });
    await repo.gc({ repackThreshold: 0 });
    await restoreAll(repo, [3, 4]);
    expect((await repo.verify(ids[3])).ok).toBe(true);
    await repo.close();
  });

  it('a parent that does not exist is refused at commit', async () => {
    const repo = await Repo.create(dir);
    await expect(backupPoint(repo, { 'vm/0': makeDisk(BS, 'r') }, BS, { [PARENT_POINT_LABEL]: '20200101T000000000Z-deadbeef' })).rejects.toMatchObject({
      code: ErrorCode.NotFound,
    });
    expect(await repo.listPoints()).toEqual([]);
    await repo.close();
  });
});
