// `ferry job list/run` on a replication job and `ferry replica …` on its replica, on a lab data folder: the forms
// the issue fixes, progress lines, the state after each operation, exit codes 0 / 1 / 2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli';
import { addProxy, removeDir, startLabService } from '../testing/lab-service';

const dir = mkdtempSync(join(tmpdir(), 'ferry-cli-replica-'));
afterAll(() => removeDir(dir));

async function ferry(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...args, '--data', dir], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  const h = await startLabService(dir);
  await addProxy(h.client, 'proxy01', 2);
  await h.client.call('jobs.create', {
    kind: 'replication',
    replication: { targetHostId: 'hv01', path: 'D:\\Replicas' },
    name: 'Web DR',
    vmIds: ['vm-web02'],
    repositoryId: 'repo-default',
    processing: { mode: 'off-host', proxySelection: 'automatic', pinnedProxyIds: [], failoverToOnHost: false },
    retries: { count: 0, intervalSec: 0 },
  });
  await h.close();
});

describe('ferry replica', () => {
  it('job list shows the kind; job run replicates (twice: two points); replica list shows them', async () => {
    const list = await ferry(['job', 'list']);
    expect(list.out).toMatch(/^Web DR\t1 VM\(s\)\toff-host \(automatic\)\tnever run\treplication → hv01 D:\\Replicas$/m);
    for (const _ of [1, 2]) {
      const run = await ferry(['job', 'run', 'Web DR']);
      expect(run.code, run.out + run.err).toBe(0);
      expect(run.out).toMatch(/Replica point rp-\S+ of WEB02_replica created/);
    }
    const replicas = await ferry(['replica', 'list']);
    expect(replicas.code).toBe(0);
    expect(replicas.out).toMatch(/WEB02_replica\tReady\tWEB02 → HV01 D:\\Replicas\t2 point\(s\)/);
    expect(replicas.out.match(/^ {2}rp-/gm)).toHaveLength(2);
  });

  it('failover → undo → failover to the older point → failback → commit, each printing the state', async () => {
    const points = [...(await ferry(['replica', 'list'])).out.matchAll(/^ {2}(rp-\S+)/gm)].map((m) => m[1]);
    const step = async (args: string[], state: string) => {
      const r = await ferry(['replica', ...args]);
      expect(r.code, r.out + r.err).toBe(0);
      expect(r.out).toContain(`WEB02_replica: ${state}`);
      return r;
    };
    const first = await step(['failover', 'WEB02_replica', '--reason', 'site down'], 'Failover');
    expect(first.out).toContain('Reason: site down');
    const paused = await ferry(['job', 'run', 'Web DR']);
    expect(paused.out).toMatch(/Replication paused: replica WEB02_replica is in state Failover/);
    await step(['undo', 'WEB02_replica'], 'Ready');
    await step(['failover', 'WEB02_replica', '--point', points[0]], 'Failover');
    expect((await ferry(['replica', 'list'])).out).toMatch(new RegExp(`${points[0]}.*\\(running from it\\)`));
    const back = await step(['failback', 'WEB02_replica'], 'Failback');
    expect(back.out).toMatch(/differing block\(s\) sent back/);
    await step(['commit', 'WEB02_replica'], 'Ready');
  });

  it('bad input: an unknown replica is exit 1 with E_NOT_FOUND; a wrong state E_REPLICA_OPERATION; bad arguments exit 2', async () => {
    const missing = await ferry(['replica', 'failover', 'NOPE_replica']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/E_NOT_FOUND: No replica named NOPE_replica/);
    const wrong = await ferry(['replica', 'commit', 'WEB02_replica']);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/E_REPLICA_OPERATION: Cannot commit the failback of WEB02_replica: it is in state Ready/);
    expect((await ferry(['replica', 'failback', 'WEB02_replica', '--to-host', 'hv02'])).code).toBe(2);
    expect((await ferry(['replica', 'failover'])).code).toBe(2);
  });
});
