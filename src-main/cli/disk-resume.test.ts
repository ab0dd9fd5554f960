// Resume after a crash: a real `ferry disk backup` process is killed (SIGKILL) mid-disk, then the backup is
// run again. The chunks the dead process had written are found (its pack is recovered on the next open), so
// the re-run transfers only the rest. Counted in bytes, not assumed.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { keystream } from '../engine/datamover/test-disks';
import { Repo } from '../engine/repository';
import { runCli } from './cli';

const MiB = 1024 * 1024;
const SIZE = 48 * MiB;
const root = resolve(import.meta.dirname, '../..');
let bundleDir: string;
let dir: string;

beforeAll(async () => {
  // Its own bundle (next to node_modules, so packages resolve): never one another run is rebuilding.
  bundleDir = await mkdtemp(join(root, 'out', 'test-resume-'));
  await build({
    entryPoints: { cli: join(root, 'src-main/cli/main.ts'), 'block-worker': join(root, 'src-main/engine/datamover/block-worker.ts') },
    outdir: bundleDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  dir = await mkdtemp(join(bundleDir, 'data-'));
});
afterAll(() => rm(bundleDir, { recursive: true, force: true }));

/** Runs the bundled CLI and SIGKILLs it once its progress passes `killAtPct`. */
function backupUntilKilled(args: string[], killAtPct: number): Promise<{ killedAt: number }> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [join(bundleDir, 'cli.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let killedAt = -1;
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
      for (const m of chunk.matchAll(/^backup: (\d+)%/gm)) {
        if (killedAt < 0 && Number(m[1]) >= killAtPct) {
          killedAt = Number(m[1]);
          child.kill('SIGKILL');
        }
      }
    });
    // Only after 'exit' is the process reaped, so the next writer sees its lock as stale.
    child.on('exit', (code, sig) => (sig === 'SIGKILL' ? res({ killedAt }) : rej(new Error(`not killed (exit ${code}): ${err}`))));
  });
}

it('a backup killed mid-disk resumes without re-sending the chunks already stored', async () => {
  const disk = join(dir, 'big.raw');
  await writeFile(disk, keystream(SIZE, 'resume')); // incompressible and distinct: stored bytes = raw bytes
  const repo = join(dir, 'repo');
  // Throttled so the kill lands mid-disk on any machine, well after the first writes (they trail the reads
  // by up to the pipeline's in-flight window).
  const { killedAt } = await backupUntilKilled(['disk', 'backup', disk, '--repo', repo, '--compression', 'none', '--throttle', '24'], 60);
  expect(killedAt).toBeGreaterThanOrEqual(60);
  expect(killedAt).toBeLessThan(100);

  const out: string[] = [];
  const code = await runCli(['disk', 'backup', disk, '--repo', repo, '--compression', 'none', '--json'], { out: (l) => out.push(l), err: () => undefined });
  expect(code).toBe(0);
  const { id, stats } = JSON.parse(out.join('')) as { id: string; stats: { bytesRead: number; bytesTransferred: number; dedupedBytes: number; newRawBytes: number } };
  expect(stats.bytesRead).toBe(SIZE);
  // What the killed run stored is found again...
  expect(stats.dedupedBytes).toBeGreaterThanOrEqual(SIZE * 0.25);
  // ...and only the rest travels: every byte exactly once across both runs.
  expect(stats.dedupedBytes + stats.newRawBytes).toBe(SIZE);
  expect(stats.bytesTransferred).toBeLessThan(SIZE - stats.dedupedBytes + 64 * 1024);

  const r = await Repo.open(repo);
  try {
    expect((await r.listPoints()).map((p) => p.id)).toEqual([id]); // the killed run committed nothing
    expect((await r.verify(id)).ok).toBe(true);
    const restored = join(dir, 'restored.raw');
    await r.restoreRaw(id, 'big.raw', restored);
    expect((await readFile(restored)).equals(await readFile(disk))).toBe(true);
  } finally {
    await r.close();
  }
});
