// The repository's tmp/ folder after a crash: what may go, and what must stay.
// Temp files are written by the lock holder (atomic writes), by processes that are about to take the lock
// (their lock file, written before they hold anything), and by readers (verify records damaged chunks).
// So "I hold the lock" does not make tmp/ mine: only files whose owner is provably gone are removed.
import fs from 'node:fs/promises';
import path from 'node:path';
import { isNotFound, listDir } from './fs-util';
import { hostTag, tempName } from '../util/atomic';
import type { RepoLayout } from './layout';
import { isPidAlive } from './process-identity';

/**
 * A file or lock another host owns (or one that names no owner) is judged by how long nobody touched it,
 * measured on the file system's own clock (never this host's: clocks of two proxies can be minutes apart).
 * Generous on purpose: a live writer refreshes its lock every minute and stops itself after half of this.
 */
export const FOREIGN_STALE_MS = 30 * 60_000;

const TEMP_NAME = /^(.+)\.([A-Za-z0-9-]+)\.(\d+)\.[0-9a-f]+\.tmp$/;

export interface TempOwner {
  host: string;
  pid: number;
}

/** The owner encoded in a temp file name (see fs-util tempName), or undefined for other names. */
export function tempOwner(name: string): TempOwner | undefined {
  const m = TEMP_NAME.exec(name);
  return m ? { host: m[2], pid: Number(m[3]) } : undefined;
}

/**
 * How long ago `file` was last modified, on the clock of the file system that holds it: the mtime of a
 * probe file created right now in `probeDir` (same file system) minus the file's mtime. An empty probe needs
 * no data block, so this works on a full volume. Falls back to this host's clock if no probe can be made.
 * undefined: the file does not exist.
 */
export async function ageOnFsClock(file: string, probeDir: string): Promise<number | undefined> {
  let mtimeMs: number;
  try {
    mtimeMs = (await fs.stat(file)).mtimeMs;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
  const probe = tempName(probeDir, 'probe');
  try {
    const fh = await fs.open(probe, 'wx');
    try {
      return (await fh.stat()).mtimeMs - mtimeMs;
    } finally {
      await fh.close();
      await fs.rm(probe, { force: true });
    }
  } catch {
    return Date.now() - mtimeMs;
  }
}

/** Is the owner of this temp file provably gone? Unknown owners and other hosts' files: only when long untouched. */
async function isAbandoned(dir: string, name: string): Promise<boolean> {
  const owner = tempOwner(name);
  if (owner && owner.host === hostTag()) return owner.pid !== process.pid && !isPidAlive(owner.pid);
  const age = await ageOnFsClock(path.join(dir, name), dir);
  return age !== undefined && age > FOREIGN_STALE_MS;
}

/** Remove the temp files of dead owners; returns how many stayed because their owner may be alive. */
export async function removeAbandonedTempFiles(layout: RepoLayout): Promise<{ removed: number; kept: number }> {
  await fs.mkdir(layout.tmpDir, { recursive: true });
  let removed = 0;
  let kept = 0;
  for (const name of await listDir(layout.tmpDir)) {
    if (await isAbandoned(layout.tmpDir, name)) {
      await fs.rm(path.join(layout.tmpDir, name), { recursive: true, force: true });
      removed++;
    } else {
      kept++;
    }
  }
  return { removed, kept };
}
