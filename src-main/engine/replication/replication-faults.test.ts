// The replication fault matrix: an error at every step of a replication run (create, import, expose, read,
// target write, merge, unexpose, delete) and at failover start and failback; SIGKILL of the engine in the middle of
// a merge. Afterwards: no snapshot on the (lab) SAN or open in the ledger (a failed release is cleaned by a restart),
// every replica point listed is intact and equals the snapshot it came from, the replica's state is what it was,
// and the next run succeeds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Replica } from '../../../src-shared/contract/replication';
import { openDisk } from '../vhdx';
import type { LabFaultStep } from '../platform/lab/faults';
import type { LabPlatform } from '../platform/lab/lab-platform';
import { addProxy, agentCommand, removeDir, startLabService, waitSession, waitTask, type LabHarness } from '../../testing/lab-service';

const dir = mkdtempSync(join(tmpdir(), 'ferry-repl-matrix-'));
const copies = join(dir, 'snapshot-copies');
let h: LabHarness;
let jobId: string;
const lab = (): LabPlatform => h.service.engine.lab as LabPlatform;

async function open() {
  h = await startLabService(dir);
  lab().keepSnapshotCopiesIn = copies;
}

beforeAll(async () => {
  await open();
  await addProxy(h.client, 'proxy01', 1);
  // one point kept: every run after the first also merges
  const job = await h.client.call('jobs.create', {
    kind: 'replication',
    replication: { targetHostId: 'hv01', path: 'D:\\Replicas', pointsToKeep: 1 },
    name: 'DR matrix',
    vmIds: ['vm-web02'],
    repositoryId: 'repo-default',
    processing: { mode: 'off-host', proxySelection: 'automatic', pinnedProxyIds: [], failoverToOnHost: false },
    retries: { count: 0, intervalSec: 0 },
  });
  jobId = job.id;
  const first = await waitSession(h.client, (await h.client.call('jobs.start', { id: jobId })).sessionId);
  expect(first.result, first.reason).toBe('Success');
});
afterAll(async () => {
  await h.close().catch(() => undefined);
  removeDir(dir);
});

const replica = async (): Promise<Replica> => (await h.client.call('replicas.list', { jobId }))[0];
const start = async () => waitSession(h.client, (await h.client.call('jobs.start', { id: jobId })).sessionId);

async function readAll(path: string): Promise<Buffer> {
  const r = await openDisk(path);
  try {
    return await r.read(0, r.virtualSize);
  } finally {
    await r.close();
  }
}

/** Every listed point reads through its chain as the snapshot its session took. */
async function expectPointsIntact(r: Replica) {
  expect(r.points.length).toBeGreaterThan(0);
  for (const p of r.points) {
    const snap = (await h.client.call('sessions.get', { id: p.sessionId })).session.snapshots.find((s) => s.stage === 'deleted' || s.stage === 'released');
    for (const d of p.disks) {
      const want = await readAll(join(copies, snap?.id ?? '?', r.sourceVmId, `${d.diskIndex}.vhdx`));
      expect((await readAll(d.path)).equals(want), `point ${p.id} disk ${d.diskIndex}`).toBe(true);
    }
  }
}

async function expectClean(releaseFailed: boolean) {
  if (releaseFailed) {
    expect(h.service.engine.store.ledgerOpen()).toHaveLength(1);
    await h.close();
    await open(); // restart: recovery cleans it
  }
  expect(lab().snapshotsOnSan()).toEqual([]);
  expect(h.service.engine.store.ledgerOpen()).toEqual([]);
}

const RUN_STEPS: LabFaultStep[] = ['create', 'import', 'expose', 'read', 'target-write', 'merge', 'unexpose', 'delete'];

describe('replication fault matrix: error at each step of a run', () => {
  for (const step of RUN_STEPS) {
    it(`${step}: no snapshot left, every point intact, the next run succeeds`, async () => {
      const before = await replica();
      await lab().guestWrite('vm-web02', 0, 5); // something to read and send
      lab().faults.inject(step);
      const s = await start();
      const dataSafe = step === 'unexpose' || step === 'delete' || step === 'merge';
      expect(s.result, s.reason).toBe(dataSafe ? 'Warning' : 'Failed');
      const log = (await h.client.call('sessions.get', { id: s.id })).log.map((l) => l.text).join('\n');
      expect(log).toContain(`injected ${step} fault`);
      await expectClean(step === 'unexpose' || step === 'delete');
      const after = await replica();
      expect(after.state).toBe('Ready');
      if (!dataSafe) expect(after.points.map((p) => p.id)).toEqual(before.points.map((p) => p.id));
      await expectPointsIntact(after);
      const next = await start();
      expect(next.result, next.reason).toBe('Success');
      const healed = await replica();
      expect(healed.points).toHaveLength(1);
      await expectPointsIntact(healed);
    });
  }
});

describe('replication fault matrix: replica operations', () => {
  for (const step of ['failover-start', 'failback'] as const) {
    it(`${step}: the task fails with the reason, the replica's state and points are as they were`, async () => {
      const r = await replica();
      if (step === 'failback') expect((await waitTask(h.client, (await h.client.call('replicas.failover', { id: r.id })).taskId)).state).toBe('succeeded');
      const stateBefore = (await replica()).state;
      lab().faults.inject(step);
      const call = step === 'failback' ? h.client.call('replicas.failback', { id: r.id }) : h.client.call('replicas.failover', { id: r.id });
      const t = await waitTask(h.client, (await call).taskId);
      expect(t.state).toBe('failed');
      expect(t.error?.code).toBe('E_REPLICA_OPERATION');
      expect((await replica()).state).toBe(stateBefore);
      await expectPointsIntact(await replica());
      if (step === 'failback') expect((await waitTask(h.client, (await h.client.call('replicas.undoFailover', { id: r.id })).taskId)).state).toBe('succeeded');
    });
  }
});

describe('replication fault matrix: the engine is killed (SIGKILL) in the middle of a merge', () => {
  it('after the restart every point is intact, and the next run finishes the merge', async () => {
    await h.close();
    const [node, cli] = agentCommand() as string[];
    const { LabFaults } = await import('../platform/lab/faults');
    const marker = join(dir, 'lab', 'hanging-merge');
    rmSync(marker, { force: true });
    new LabFaults(join(dir, 'lab', 'faults.json')).inject('merge', { mode: 'hang' });
    const child = spawn(node, [cli, 'job', 'run', 'DR matrix', '--data', dir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FERRY_LAB_SNAPSHOT_COPIES: copies } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 100_000;
    while (!existsSync(marker)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`never reached the merge: ${out}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    rmSync(marker, { force: true });
    await open();
    await expectClean(false);
    const r = await replica();
    expect(r.state).toBe('Ready');
    await expectPointsIntact(r);
    const sessionId = (await h.client.call('jobs.start', { id: jobId })).sessionId;
    // the killed session's change-tracking references were retired at the restart: this run sends every block
    const next = await waitSession(h.client, sessionId, 150_000).catch(async (e: unknown) => {
      const log = (await h.client.call('sessions.get', { id: sessionId })).log.map((l) => l.text).join('\n');
      throw new Error(`${String(e)}\n${log}`);
    });
    expect(next.result, next.reason).toBe('Success');
    expect((await replica()).points).toHaveLength(1);
    await expectPointsIntact(await replica());
  }, 300_000);
});
