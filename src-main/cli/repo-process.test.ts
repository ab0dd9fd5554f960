// Real `ferry` processes acting on one repository at the same time: a backup whose lock is removed or made to
// look old while it runs, parallel backups into one repository, and disk files that are not what their name says.
import { mkdir, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keystream } from '../engine/datamover/test-disks';
import { runCli } from './cli';
import { buildCliBundle, startCli, waitForStderr, type CliBundle } from './testing/cli-bundle';

const MiB = 1024 * 1024;
let bundle: CliBundle;
let dir: string;

beforeAll(async () => {
  bundle = await buildCliBundle('test-repo-process-');
  dir = join(bundle.dir, 'data');
  await mkdir(dir);
});
afterAll(() => bundle.dispose());

async function ferry(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function diskFile(name: string, size: number): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, keystream(size, name));
  return file;
}

/** A repository with one committed point (of another file), so "verify is clean" checks real data. */
async function repoWithOnePoint(name: string): Promise<{ repo: string; first: string }> {
  const repo = join(dir, name);
  const b = await ferry(['disk', 'backup', await diskFile(`${name}-first.raw`, 2 * MiB), '--repo', repo]);
  expect(b.code, b.err).toBe(0);
  return { repo, first: b.out.trim() };
}

/** A throttled backup of an incompressible disk, so it is still running while the test acts. */
function slowBackup(repo: string, file: string) {
  return startCli(bundle, ['disk', 'backup', file, '--repo', repo, '--compression', 'none', '--throttle', '12']);
}

describe('a backup and another process acting on its repository', () => {
  it('lock removed while the backup runs, then repo gc: the backup fails with E_REPO_LOCK_LOST, commits nothing, verify is clean', async () => {
    const { repo, first } = await repoWithOnePoint('r-removed');
    const run = slowBackup(repo, await diskFile('big.raw', 36 * MiB));
    await waitForStderr(run, /^backup: [1-9]\d*%/m);
    await rm(join(repo, 'lock'));
    const gc = await ferry(['repo', 'gc', '--repo', repo]);
    expect(gc.code, gc.err).toBe(0);
    const backup = await run.done;
    expect(backup.code, backup.err).toBe(1);
    expect(backup.err).toMatch(/E_REPO_LOCK_LOST/);
    expect(backup.out).toBe(''); // no point id printed

    const points = await ferry(['repo', 'verify', '--repo', repo, '--json']);
    expect(points.code, points.out).toBe(0);
    expect((JSON.parse(points.out) as { points: Array<{ pointId: string }> }).points.map((p) => p.pointId)).toEqual([first]);
    // What the stopped backup left is garbage a later gc can collect; the repository works normally.
    expect((await ferry(['repo', 'gc', '--repo', repo])).code).toBe(0);
    expect((await ferry(['repo', 'verify', '--repo', repo])).code).toBe(0);
  });

  it('lock made to look 11 minutes old (clock skew, touch -d): gc is refused, the backup commits a sound point', async () => {
    const { repo, first } = await repoWithOnePoint('r-old');
    const run = slowBackup(repo, await diskFile('big2.raw', 24 * MiB));
    await waitForStderr(run, /^backup: [1-9]\d*%/m);
    const old = new Date(Date.now() - 11 * 60_000);
    await utimes(join(repo, 'lock'), old, old);
    const gc = await ferry(['repo', 'gc', '--repo', repo]);
    expect(gc.code).toBe(1);
    expect(gc.err).toMatch(/E_REPO_LOCKED: .*locked by pid \d+/);
    const backup = await run.done;
    expect(backup.code, backup.err).toBe(0);
    const verify = await ferry(['repo', 'verify', '--repo', repo, '--json']);
    expect(verify.code, verify.out).toBe(0);
    expect((JSON.parse(verify.out) as { points: Array<{ pointId: string }> }).points.map((p) => p.pointId)).toEqual([first, backup.out.trim()]);
  });

  it('12 parallel disk backups into one repository all succeed (they take turns on the lock)', async () => {
    const repo = join(dir, 'r-parallel');
    const files = await Promise.all(Array.from({ length: 12 }, (_, i) => diskFile(`p${i}.raw`, MiB + i * 4096)));
    const runs = files.map((f) => startCli(bundle, ['disk', 'backup', f, '--repo', repo]));
    const results = await Promise.all(runs.map((r) => r.done));
    for (const r of results) expect(r.code, r.err).toBe(0);
    const ids = results.map((r) => r.out.trim());
    expect(new Set(ids).size).toBe(12);
    const verify = await ferry(['repo', 'verify', '--repo', repo, '--json']);
    expect(verify.code, verify.out).toBe(0);
    expect((JSON.parse(verify.out) as { points: unknown[] }).points).toHaveLength(12);
    expect(await readdir(join(repo, 'tmp'))).toEqual([]);
  });
});

describe('killed backups, each followed by other processes on the same repository', () => {
  it('3 backups SIGKILLed at 25/55/85 %: gc (taking the dead lock over) and verify run alongside, nothing is lost, nothing quarantined', async () => {
    const { repo, first } = await repoWithOnePoint('r-kills');
    const file = await diskFile('killed.raw', 24 * MiB);
    for (const pct of [25, 55, 85]) {
      const run = slowBackup(repo, file);
      await waitForStderr(run, new RegExp(`^backup: (${pct}|[${Math.floor(pct / 10) + 1}-9]\\d)%`, 'm'));
      run.child.kill('SIGKILL');
      expect((await run.done).signal).toBe('SIGKILL');
      const [gc, verify] = await Promise.all([ferry(['repo', 'gc', '--repo', repo]), ferry(['repo', 'verify', '--repo', repo, '--json'])]);
      expect(gc.code, gc.err).toBe(0);
      expect(verify.code, verify.out).toBe(0);
      expect((JSON.parse(verify.out) as { points: Array<{ pointId: string }> }).points.map((p) => p.pointId)).toEqual([first]);
    }
    const done = await ferry(['disk', 'backup', file, '--repo', repo, '--compression', 'none']);
    expect(done.code, done.err).toBe(0);
    const verify = await ferry(['repo', 'verify', '--repo', repo, '--json']);
    expect(verify.code).toBe(0);
    expect((JSON.parse(verify.out) as { points: unknown[] }).points).toHaveLength(2);
    expect(await readdir(join(repo, 'tmp'))).toEqual([]);
    await expect(readdir(join(repo, 'quarantine'))).rejects.toThrow(); // torn writes are provably garbage
  });
});

describe('disk files that are not what their name says', () => {
  it('a 0-byte .vhdx and a text .vhd are refused with E_DISK_FORMAT, promptly, and no repository is made', async () => {
    const empty = join(dir, 'empty.vhdx');
    const text = join(dir, 'notes.vhd');
    await writeFile(empty, '');
    await writeFile(text, 'this is not a virtual disk\n'.repeat(40));
    for (const file of [empty, text]) {
      const repo = join(dir, `r-format-${file.endsWith('x') ? 'x' : 'v'}`);
      const r = await startCli(bundle, ['disk', 'backup', file, '--repo', repo]).done;
      expect(r.code, r.err).toBe(1);
      expect(r.err).toMatch(/E_DISK_FORMAT: .*not a VHDX? file/);
      expect(r.ms).toBeLessThan(8_000);
      await expect(readdir(repo)).rejects.toThrow();
    }
  });

  it('a small backup exits as soon as it is done (idle block workers do not hold the process)', async () => {
    const r = await startCli(bundle, ['disk', 'backup', await diskFile('tiny.raw', 64 * 1024), '--repo', join(dir, 'r-tiny')]).done;
    expect(r.code, r.err).toBe(0);
    expect(r.ms).toBeLessThan(8_000); // it lingered 15 s (the workers' idle shutdown)
  });
});
