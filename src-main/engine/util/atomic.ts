// Durable file primitives, for every write that must survive a crash (repository files, secrets, lab state):
// temp file, fsync, rename, fsync of the folder.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** This host's name as it appears in temp file names: no dots, so the name parses back unambiguously. */
export function hostTag(name = hostname()): string {
  return name.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 63) || 'host';
}

/**
 * `<hint>.<host>.<pid>.<random>.tmp`: the owner is in the name, so crash recovery can tell a temp file of a
 * dead writer (garbage) from one a live process is writing right now (see repository/temp-files.ts).
 */
export function tempName(dir: string, hint: string): string {
  return join(dir, `${hint}.${hostTag()}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** fsync a directory so a rename or create inside it is durable (no-op where unsupported, e.g. Windows). */
export async function fsyncDir(dir: string): Promise<void> {
  let fh: FileHandle | undefined;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw e;
  } finally {
    await fh?.close();
  }
}

/**
 * After return the content is durable; before it, the old file (or none) is visible, never a part. The temp file
 * goes to tmpDir (default: next to the target; it must be on the same file system) and is removed on failure. The
 * target's folder is created when missing.
 */
export async function writeFileAtomic(target: string, data: Uint8Array | string, tmpDir: string = dirname(target)): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const tmp = tempName(tmpDir, basename(target));
  try {
    const fh = await open(tmp, 'wx');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await fsyncDir(dirname(target));
}
