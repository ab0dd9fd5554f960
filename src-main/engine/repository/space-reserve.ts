// The repository keeps a little space back for the operations that free space. A backup that fills the volume
// fails before it eats this reserve (writers recreate it when it is missing); forget, gc and repair release it
// when they meet a full volume (they need a few small files: the lock, gc.json, pack indexes), and recreate it
// once they have freed space. Borg keeps a reserve for the same reason.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { isNotFound } from './fs-util';
import { fsyncDir, tempName } from '../util/atomic';
import type { RepoLayout } from './layout';

export const RESERVE_BYTES = 4 * 1024 * 1024;

/** Create the reserve if it is missing. Best effort: false when there is no room for it (then nothing is left behind). */
export async function ensureReserve(layout: RepoLayout): Promise<boolean> {
  const st = await fs.stat(layout.reserve).catch(() => undefined);
  if (st?.size === RESERVE_BYTES) return true;
  const tmp = tempName(layout.tmpDir, 'reserve');
  try {
    const fh = await fs.open(tmp, 'wx');
    try {
      // Random bytes: a compressing or deduplicating file system must really allocate them.
      await fh.writeFile(randomBytes(RESERVE_BYTES));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, layout.reserve);
    await fsyncDir(layout.root);
    return true;
  } catch {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    return false;
  }
}

/** Give the reserve's space back to the volume; false if there was none to give. */
export async function releaseReserve(layout: RepoLayout): Promise<boolean> {
  try {
    await fs.rm(layout.reserve);
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}
