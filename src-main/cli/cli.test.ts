import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { runCli } from './cli';
import { addProxy, removeDir, startLabService } from '../testing/lab-service';

const dir = mkdtempSync(join(tmpdir(), 'ferry-cli-'));
async function ferry(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  expect((await ferry('lab', 'init', '--data', dir)).out).toMatch(/Created a fresh lab/);
  const h = await startLabService(dir);
  await addProxy(h.client);
  await h.client.call('jobs.create', {
    name: 'CliJob',
    vmIds: ['vm-web02'],
    repositoryId: 'repo-default',
    processing: { mode: 'off-host', proxySelection: 'automatic', pinnedProxyIds: [], failoverToOnHost: true },
  });
  await h.close();
});
afterAll(() => removeDir(dir));

describe('ferry CLI', () => {
  it('prints help for every command', async () => {
    expect((await ferry('--help')).out).toMatch(/ferry job run NAME/);
    for (const c of [['lab', 'init'], ['serve'], ['job', 'list'], ['job', 'run'], ['verify'], ['restore']]) {
      const r = await ferry(...c, '--help');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^Usage: ferry /);
    }
  });

  it('rejects bad arguments with exit code 2 and changes nothing', async () => {
    const before = readdirSync(dir).sort();
    expect((await ferry('frobnicate')).code).toBe(2);
    expect((await ferry('job', 'run', '--data', dir)).code).toBe(2);
    expect((await ferry('restore', '--data', dir, '--job', 'CliJob', '--vm', 'WEB02', '--disk', 'x', '--out', join(dir, 'o.raw'))).code).toBe(2);
    expect((await ferry('job', 'list', '--data', dir, '--bogus')).code).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('runs a job, verifies and restores it', async () => {
    const run = await ferry('job', 'run', 'CliJob', '--data', dir);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/Result: Success/);
    expect(run.out).toMatch(/importing transportable snapshot/);
    expect((await ferry('job', 'list', '--data', dir)).out).toMatch(/CliJob\t1 VM\(s\)\toff-host \(automatic, failover to on-host\)\tSuccess/);

    // a second run is incremental (RCT); --active-full reads every disk again
    expect((await ferry('job', 'run', 'CliJob', '--data', dir)).out).toMatch(/incremental: /);
    const full = await ferry('job', 'run', 'CliJob', '--active-full', '--data', dir);
    expect(full.code).toBe(0);
    expect(full.out).toMatch(/full: .*active full/i);

    const v = await ferry('verify', '--data', dir, '--job', 'CliJob');
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/OK: \d+ chunks/);

    const out = join(dir, 'web02.raw');
    const r = await ferry('restore', '--data', dir, '--job', 'CliJob', '--vm', 'WEB02', '--disk', '0', '--out', out);
    expect(r.code, r.err).toBe(0);
    // WEB02 is powered off: its live disk is what the snapshot held.
    const expected = join(dir, 'web02-expected.raw');
    execFileSync('qemu-img', ['convert', '-f', 'vhdx', '-O', 'raw', join(dir, 'lab/san/LUN-02/Hyper-V/WEB02/Virtual Hard Disks/WEB02.vhdx'), expected]);
    expect(readFileSync(out).length).toBe(48 * 1024 * 1024);
    expect(readFileSync(out).equals(readFileSync(expected))).toBe(true);
  });

  it('fails with a stable code for an unknown job', async () => {
    const r = await ferry('job', 'run', 'Nope', '--data', dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/E_NOT_FOUND: No job named Nope/);
    expect(existsSync(join(dir, 'ferry.db'))).toBe(true);
  });
});
