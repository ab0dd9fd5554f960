// Process level: a real `ferry serve --listen` prints the fingerprint of the certificate it generated; a console
// connecting over TLS pins exactly that certificate, must log in, and gets its account's role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCliBundle, startCli, waitForOutput, type CliBundle } from './testing/cli-bundle';
import { connectPinned } from './pinned-client';
import { runCli } from './cli';
import { removeDir } from '../testing/lab-service';
import type { FerryError } from '../../src-shared/contract/errors';

let bundle: CliBundle;
const dataDir = mkdtempSync(join(tmpdir(), 'ferry-serve-listen-'));
beforeAll(async () => {
  bundle = await buildCliBundle('serve-listen-');
  const quiet = { out: () => undefined, err: () => undefined };
  expect(await runCli(['lab', 'init', '--data', dataDir], quiet)).toBe(0);
  expect(await runCli(['user', 'add', 'vera', '--role', 'Viewer', '--data', dataDir], { ...quiet, readSecret: async () => 'vera-viewer-pw-1' })).toBe(0);
});
afterAll(async () => {
  await bundle?.dispose();
  removeDir(dataDir);
});

describe('ferry serve --listen', () => {
  it('refuses a bad address before starting', async () => {
    const err: string[] = [];
    expect(await runCli(['serve', '--data', dataDir, '--listen', 'nowhere'], { out: () => undefined, err: (l) => err.push(l) })).toBe(2);
    expect(err.join('\n')).toMatch(/--listen must be ADDR:PORT/);
  });

  it('serves the contract over TLS with the printed fingerprint, accounts required', async () => {
    const run = startCli(bundle, ['serve', '--data', dataDir, '--port', '0', '--step-delay', '0', '--listen', '127.0.0.1:0']);
    try {
      const [, port] = await waitForOutput(run, 'stdout', /listening on 127\.0\.0\.1:(\d+) with a certificate generated now/);
      const [, fingerprint] = await waitForOutput(run, 'stdout', /Certificate SHA-256 fingerprint: (\S+)/);
      const c = await connectPinned('127.0.0.1', Number(port), join(dataDir, 'console-pins.json'));
      expect(c.fingerprint256).toBe(fingerprint);
      expect(await c.client.call('jobs.list', {}).then(() => 'ok', (e: FerryError) => e.code)).toBe('E_UNAUTHORIZED');
      expect((await c.client.call('auth.login', { user: 'vera', password: 'vera-viewer-pw-1' })).role).toBe('Viewer');
      expect((await c.client.call('inventory.get', {})).vms.length).toBeGreaterThan(0);
      expect(await c.client.call('restorePoints.verify', { id: 'rp-x' }).then(() => 'ok', (e: FerryError) => e.code)).toBe('E_FORBIDDEN');
      c.client.close();
    } finally {
      run.child.kill('SIGTERM');
      const killer = setTimeout(() => run.child.kill('SIGKILL'), 15_000);
      await run.done.catch(() => undefined);
      clearTimeout(killer);
    }
  }, 60_000);
});
