// `ferry mount` as a real process: serves a restore point over NBD until SIGTERM (by repository and point id, and
// by job/VM/disk of a data folder), qemu-img reads exactly what `ferry disk restore` writes; bad arguments exit 2.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingTools } from '../engine/nbd/testing/tools';
import { Repo } from '../engine/repository';
import { backupPoint, makeDisk, tempDir } from '../engine/repository/test-support';
import { startLabService, waitSession } from '../testing/lab-service';
import { runCli } from './cli';
import { buildCliBundle, startCli, waitForOutput, type CliBundle } from './testing/cli-bundle';

const run = promisify(execFile);
const BS = 64 * 1024;
let bundle: CliBundle;
let dir: string;
let repoDir: string;
let pointId: string;
let image: Buffer;

async function ferryInProcess(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Starts `ferry mount ARGS --port 0`, waits for its URL, reads it with qemu-img, stops it with SIGTERM. */
async function mountAndCopy(args: string[], copy: string) {
  const m = startCli(bundle, ['mount', ...args, '--port', '0']);
  const [url] = await waitForOutput(m, 'stdout', /nbd:\/\/127\.0\.0\.1:\d+\/\S*/);
  await waitForOutput(m, 'stdout', /Ctrl-C or SIGTERM/);
  await run('qemu-img', ['convert', '-f', 'raw', '-O', 'raw', url, copy]);
  m.child.kill('SIGTERM');
  const done = await m.done;
  return { url, done, copied: await readFile(copy) };
}

const toolsMissing = missingTools(['qemu-img']);

beforeAll(async () => {
  bundle = await buildCliBundle('test-mount-');
  dir = await tempDir('ferry-mount-cli-');
  repoDir = join(dir, 'repo');
  const repo = await Repo.create(repoDir);
  image = makeDisk(BS, 'rr0rd00prr', 0);
  pointId = (await backupPoint(repo, { 'vm-01/0': image, 'vm-01/1': makeDisk(BS, 'r') }, BS)).id;
  await repo.close();
}, 60_000);
afterAll(() => bundle.dispose());

describe.skipIf(toolsMissing !== '')(`ferry mount${toolsMissing ? ` (skipped: ${toolsMissing})` : ''}`, () => {
  it('--repo --point --disk: prints the URL and how to read it, serves the disk, SIGTERM stops it (exit 0)', async () => {
    const { url, done, copied } = await mountAndCopy(['--repo', repoDir, '--point', pointId, '--disk', 'vm-01/0'], join(dir, 'copy.raw'));
    expect(copied.equals(image)).toBe(true);
    expect(done.out).toContain(`qemu-img convert -p -f raw -O raw '${url}'`);
    expect(done.out).toContain('nbdfuse -r');
    expect(done.err).toMatch(/SIGTERM: stopping the mount[\s\S]*Stopped: served/);
    expect(done.code).toBe(0);
    expect(done.ms).toBeLessThan(20_000);
  });

  it('--data --job --vm --disk: the lab job’s latest point, equal to ferry restore', async () => {
    const lab = join(dir, 'lab');
    const h = await startLabService(lab);
    try {
      const job = await h.client.call('jobs.create', { name: 'Nightly', vmIds: ['vm-web01'], repositoryId: 'repo-default', processing: { mode: 'on-host' } });
      const s = await waitSession(h.client, (await h.client.call('jobs.start', { id: job.id })).sessionId);
      expect(s.result, s.reason).toBe('Success');
    } finally {
      await h.close();
    }
    const restored = join(dir, 'web01.raw');
    const r = await ferryInProcess(['restore', '--data', lab, '--job', 'nightly', '--vm', 'web01', '--disk', '0', '--out', restored]);
    expect(r.code, r.err).toBe(0);
    const { done, copied } = await mountAndCopy(['--data', lab, '--job', 'Nightly', '--vm', 'WEB01', '--disk', '0'], join(dir, 'web01-nbd.raw'));
    expect(done.code, done.err).toBe(0);
    expect(done.out).toMatch(/Serving WEB01 disk 0 of restore point \S+/);
    expect(copied.equals(await readFile(restored))).toBe(true);
  }, 120_000);
});

describe('ferry mount refuses bad arguments', () => {
  it('exit 2 for usage errors, exit 1 with a stable code for what does not exist', async () => {
    for (const args of [
      ['mount'],
      ['mount', '--repo', repoDir],
      ['mount', '--repo', repoDir, '--point', pointId], // two disks: pick one
      ['mount', '--repo', repoDir, '--point', pointId, '--disk', 'vm-01/0', '--port', '70000'],
      ['mount', '--repo', repoDir, '--data', dir, '--job', 'x', '--point', pointId],
      ['mount', '--data', dir, '--job', 'x', '--vm', 'v'],
      ['mount', '--data', dir, '--job', 'x', '--vm', 'v', '--disk', 'one'],
    ]) {
      const r = await ferryInProcess(args);
      expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(2);
    }
    const missing = await ferryInProcess(['mount', '--repo', repoDir, '--point', 'nope', '--port', '0']);
    expect(missing).toMatchObject({ code: 1, err: expect.stringContaining('E_NOT_FOUND') });
    const noRepo = await ferryInProcess(['mount', '--repo', join(dir, 'absent'), '--point', pointId, '--port', '0']);
    expect(noRepo).toMatchObject({ code: 1, err: expect.stringContaining('E_REPO_MISSING') });
  });
});
