// Process level: a real `ferry serve` survives the whole hostile corpus (GET /% and GET //[ ended it before) and
// still answers afterwards — what "no request can crash the web host" means for the backups it runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCliBundle, startCli, type CliBundle, type CliRun } from '../../cli/testing/cli-bundle';
import { hostileCorpus } from './testing/hostile-requests';
import { rawRequest, sendRaw } from './testing/raw-http';
import { removeDir } from '../../testing/lab-service';

let bundle: CliBundle;
const dataDir = mkdtempSync(join(tmpdir(), 'ferry-serve-hostile-'));
beforeAll(async () => {
  bundle = await buildCliBundle('serve-hostile-');
});
afterAll(async () => {
  await bundle?.dispose();
  removeDir(dataDir);
});

function readyUrl(run: CliRun): Promise<URL> {
  return new Promise((resolve, reject) => {
    let out = '';
    run.child.stdout!.on('data', (s: string) => {
      out += s;
      const m = /ready: (http:\/\/\S+)/.exec(out);
      if (m) resolve(new URL(m[1]));
    });
    void run.done.then((r) => reject(new Error(`ferry serve ended (exit ${r.code}) before it was ready: ${r.err}`)));
  });
}

describe('ferry serve under hostile requests', () => {
  it('stays up through every corpus request and still serves', async () => {
    const run = startCli(bundle, ['serve', '--data', dataDir, '--port', '0', '--step-delay', '0']);
    try {
      const url = await readyUrl(run);
      const port = Number(url.port);
      const corpus = hostileCorpus(url.searchParams.get('token')!);
      for (const c of corpus) {
        const reply = await sendRaw(port, c.request);
        expect(reply.statuses.filter((s) => s >= 500), c.name).toEqual([]);
        expect(run.child.exitCode, `ferry serve exited after ${c.name}: ${run.err()}`).toBeNull();
      }
      expect((await sendRaw(port, rawRequest('GET /favicon.ico HTTP/1.1'))).statuses).toEqual([200]);
      expect(run.child.exitCode).toBeNull();
    } finally {
      run.child.kill('SIGTERM');
      const killer = setTimeout(() => run.child.kill('SIGKILL'), 15_000);
      await run.done.catch(() => undefined);
      clearTimeout(killer);
    }
  });
});
