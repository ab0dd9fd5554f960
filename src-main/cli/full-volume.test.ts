// A repository on a volume that runs full (a small tmpfs; mounting needs root, so elsewhere this is skipped):
// the backup that fills it fails and removes what it wrote, and gc can start on a volume that is 100 % full.
import { spawnSync } from 'node:child_process';
import { mkdtemp, open, readdir, rename, rm, statfs, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keystream } from '../engine/datamover/test-disks';
import { runCli } from './cli';

const MiB = 1024 * 1024;
const isRoot = process.getuid?.() === 0;
let mnt: string;
let work: string;
let mounted = false;

async function ferry(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function freeBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
}

/** Write a filler file until the volume refuses more: afterwards it is 100 % full. */
async function fillUp(file: string): Promise<void> {
  const fh = await open(file, 'w');
  const block = Buffer.alloc(256 * 1024, 1);
  try {
    for (;;) await fh.write(block);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    await fh.close().catch(() => undefined);
  }
  const small = await open(`${file}.tail`, 'w');
  try {
    for (;;) await small.write(Buffer.alloc(4096, 1));
  } catch {
    // full to the last page
  } finally {
    await small.close().catch(() => undefined);
  }
}

beforeAll(async () => {
  if (!isRoot) return;
  work = await mkdtemp(join(tmpdir(), 'ferry-full-'));
  mnt = join(work, 'vol');
  spawnSync('mkdir', [mnt]);
  mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', mnt]).status === 0;
});
afterAll(async () => {
  if (mounted && spawnSync('umount', [mnt]).status !== 0) spawnSync('umount', ['-l', mnt]);
  if (work) await rm(work, { recursive: true, force: true });
});

describe.runIf(isRoot)('a repository on a volume that runs full', () => {
  it('the failed backup removes what it wrote; forget + gc run on a 100 % full volume and free the space', async () => {
    if (!mounted) return void console.warn('tmpfs could not be mounted here');
    const repo = join(mnt, 'repo');
    const small = join(work, 'small.raw');
    const big = join(work, 'big.raw');
    await writeFile(small, keystream(12 * MiB, 'small'));
    await writeFile(big, keystream(64 * MiB, 'big')); // incompressible, larger than the volume
    const first = await ferry(['disk', 'backup', small, '--repo', repo, '--compression', 'none']);
    expect(first.code, first.err).toBe(0);
    const freeBefore = await freeBytes(mnt);

    const failed = await ferry(['disk', 'backup', big, '--repo', repo, '--compression', 'none']);
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/E_REPO_WRITE: .*(ENOSPC|no space)/i);
    expect(failed.err).toMatch(/The backup failed; the .* it had written were removed/);
    expect(await freeBytes(mnt)).toBeGreaterThanOrEqual(freeBefore - 64 * 1024); // as full as before, not more
    expect((await ferry(['repo', 'verify', '--repo', repo])).code).toBe(0);

    // Now something else fills the volume to the last page, and the admin frees space the Ferry way.
    await fillUp(join(mnt, 'filler'));
    expect(await freeBytes(mnt)).toBeLessThan(8192);
    // Without the reserve Ferry could not even take the lock (shown by hiding it: a rename frees nothing)…
    await rename(join(repo, 'reserve'), join(repo, 'reserve.hidden'));
    const stuck = await ferry(['repo', 'forget', '--repo', repo, '--keep-last', '0']);
    expect(stuck.code).toBe(1);
    expect(stuck.err).toMatch(/ENOSPC|no space/i);
    await rename(join(repo, 'reserve.hidden'), join(repo, 'reserve'));
    // …with it, forget and gc give it back to the volume, do their work, and take it again when there is room.
    const forget = await ferry(['repo', 'forget', '--repo', repo, '--keep-last', '0']);
    expect(forget.code, forget.err).toBe(0);
    const gc = await ferry(['repo', 'gc', '--repo', repo]);
    expect(gc.code, gc.err).toBe(0);
    expect(gc.out).toMatch(/freed 1[12]\.\d MiB/);
    expect(await freeBytes(mnt)).toBeGreaterThan(6 * MiB); // 12 MiB back, minus the reserve recreated
    expect(await readdir(repo)).toContain('reserve');

    await rm(join(mnt, 'filler'));
    await rm(join(mnt, 'filler.tail'));
    const again = await ferry(['disk', 'backup', small, '--repo', repo, '--compression', 'none']);
    expect(again.code, again.err).toBe(0);
    expect((await ferry(['repo', 'verify', '--repo', repo])).code).toBe(0);
  });
});
