// Real NTFS images for tests, made by ntfs-3g: mkntfs formats a sparse file, ntfs-3g mounts it through FUSE, a
// populate step writes the case (fragmented, compressed, sparse, Unicode, ADS, links…), and the image is cached
// in the temp folder under a hash of its recipe, so a run builds each image once and later runs reuse it.
// Where the tools (or FUSE) are missing the tests skip with the reason; with CI set they fail instead.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const TOOLS = ['mkntfs', 'ntfs-3g', 'setfattr'];

async function which(tool: string): Promise<boolean> {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin'])) {
    if (dir && existsSync(path.join(dir, tool))) return true;
  }
  return false;
}

/** Why the image tests cannot run here, or undefined when they can (mkntfs, ntfs-3g, setfattr, /dev/fuse, root). */
export async function ntfsToolsMissing(): Promise<string | undefined> {
  const missing: string[] = [];
  for (const t of TOOLS) if (!(await which(t))) missing.push(t);
  if (!existsSync('/dev/fuse')) missing.push('/dev/fuse');
  if (process.getuid?.() !== 0) missing.push('root (to mount through FUSE)');
  if (missing.length === 0) return undefined;
  const why = `NTFS image tests need ${missing.join(', ')} (Debian: apt-get install ntfs-3g attr)`;
  if (process.env.CI) throw new Error(`${why}: required in CI`);
  return why;
}

export interface Mounted {
  /** the mount point: write the case's files under it */
  root: string;
  /** `setfattr` on a path under the mount (ntfs-3g exposes NTFS attributes and reparse data as system.* xattrs) */
  setXattr(file: string, name: string, hexValue: string): Promise<void>;
}

export interface ImageRecipe {
  name: string;
  sizeMiB: number;
  /** extra mkntfs options, e.g. ['-c', '1024'] for 1 KiB clusters */
  mkntfs?: string[];
  populate(m: Mounted): Promise<void>;
}

const cacheDir = path.join(os.tmpdir(), 'ferry-ntfs-images');

export async function mountNtfs(image: string, at: string, options: string): Promise<() => Promise<void>> {
  await fs.mkdir(at, { recursive: true });
  await run('ntfs-3g', ['-o', options, image, at]);
  return async () => {
    await run('umount', [at]).catch(() => run('umount', ['-l', at]));
    await fs.rm(at, { recursive: true, force: true });
  };
}

/** The image file for `recipe`, built on first use (atomically: a temp name renamed when complete). */
export async function ntfsImage(recipe: ImageRecipe): Promise<string> {
  const key = createHash('sha256').update(`${recipe.name}|${recipe.sizeMiB}|${recipe.mkntfs?.join(' ')}|${recipe.populate.toString()}`).digest('hex').slice(0, 12);
  const final = path.join(cacheDir, `${recipe.name}-${key}.img`);
  if (existsSync(final)) return final;
  await fs.mkdir(cacheDir, { recursive: true });
  const temp = `${final}.${process.pid}.tmp`;
  const mnt = `${temp}.mnt`;
  await fs.rm(temp, { force: true });
  await run('truncate', ['-s', `${recipe.sizeMiB}M`, temp]);
  await run('mkntfs', ['-F', '-q', '-f', '-L', recipe.name, ...(recipe.mkntfs ?? []), temp]);
  const unmount = await mountNtfs(temp, mnt, 'streams_interface=windows');
  try {
    await recipe.populate({ root: mnt, setXattr: async (file, name, hex) => void (await run('setfattr', ['-h', '-n', name, '-v', hex, path.join(mnt, file)])) });
  } finally {
    await unmount();
  }
  await fs.rename(temp, final);
  return final;
}

/** A read-only ntfs-3g mount of `image` for the duration of `use` (the reference the reader is compared with). */
export async function withReadOnlyMount<T>(image: string, use: (root: string) => Promise<T>): Promise<T> {
  const at = path.join(cacheDir, `ro-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const unmount = await mountNtfs(image, at, 'ro,streams_interface=windows');
  try {
    return await use(at);
  } finally {
    await unmount();
  }
}
