// Replication end to end on the lab, through the real engine (proxy and target agents are their own processes):
// N runs → N points; point k read through its chain equals the source disk as snapshot k held it; beyond the
// limit the oldest is merged and the oldest kept point still equals its snapshot; failover / undo / failback /
// commit move the state and never touch a point.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Replica } from '../../../src-shared/contract/replication';
import { openDisk } from '../vhdx';
import type { LabPlatform } from '../platform/lab/lab-platform';
import { addProxy, removeDir, startLabService, waitSession, waitTask, type LabHarness } from '../../testing/lab-service';

const dir = mkdtempSync(join(tmpdir(), 'ferry-repl-'));
const copies = mkdtempSync(join(tmpdir(), 'ferry-repl-copies-'));
let h: LabHarness;
let jobId: string;
const lab = (): LabPlatform => h.service.engine.lab as LabPlatform;

beforeAll(async () => {
  h = await startLabService(dir);
  lab().keepSnapshotCopiesIn = copies;
  await addProxy(h.client, 'proxy01', 2);
  const job = await h.client.call('jobs.create', {
    kind: 'replication',
    replication: { targetHostId: 'hv02', path: 'C:\\Replicas', pointsToKeep: 3 },
    name: 'DR',
    vmIds: ['vm-sql01'],
    repositoryId: 'repo-default',
    processing: { mode: 'off-host', proxySelection: 'automatic', pinnedProxyIds: [], failoverToOnHost: false },
    retries: { count: 0, intervalSec: 0 },
  });
  jobId = job.id;
});
afterAll(async () => {
  await h.close();
  removeDir(dir);
  removeDir(copies);
});

async function run() {
  const s = await waitSession(h.client, (await h.client.call('jobs.start', { id: jobId })).sessionId);
  expect(s.result, s.reason).toBe('Success');
  return s;
}

async function readAll(path: string): Promise<Buffer> {
  const r = await openDisk(path);
  try {
    return await r.read(0, r.virtualSize);
  } finally {
    await r.close();
  }
}

/** every point of the replica reads as the snapshot its session took */
async function expectPointsMatchSnapshots(r: Replica) {
  for (const p of r.points) {
    const session = await h.client.call('sessions.get', { id: p.sessionId });
    const snap = session.session.snapshots.find((s) => s.vmIds.includes(r.sourceVmId));
    expect(snap).toBeDefined();
    for (const d of p.disks) {
      const want = await readAll(join(copies, snap?.id ?? '', r.sourceVmId, `${d.diskIndex}.vhdx`));
      expect((await readAll(d.path)).equals(want), `point ${p.id} disk ${d.diskIndex}`).toBe(true);
    }
  }
}

const replica = async () => (await h.client.call('replicas.list', { jobId }))[0];

describe('replication', () => {
  it('first run: a dynamic VHDX per disk; next runs: differencing points over the previous; every point equals its snapshot', async () => {
    const first = await run();
    expect(first.backupKind).toBe('full');
    let r = await replica();
    expect(r).toMatchObject({ name: 'SQL01_replica', state: 'Ready', targetHostName: 'HV02', path: 'C:\\Replicas' });
    expect(r.points).toHaveLength(1);
    expect(r.points[0].disks.map((d) => d.path.endsWith('.vhdx'))).toEqual([true, true]);
    await lab().guestWrite('vm-sql01', 0, 5);
    const second = await run();
    expect(second.backupKind).toBe('incremental');
    expect(second.stats.bottleneck).toBeDefined();
    r = await replica();
    expect(r.points).toHaveLength(2);
    expect(r.points[1].disks.every((d) => d.path.endsWith('.avhdx'))).toBe(true);
    await expectPointsMatchSnapshots(r);
    // no temp file is left next to the points
    const folder = join(r.points[0].disks[0].path, '..');
    expect(readdirSync(folder).filter((f) => f.includes('.partial'))).toEqual([]);
  });

  it('beyond restore points to keep, the oldest is merged away; the oldest kept point still equals its snapshot', async () => {
    const firstId = (await replica()).points[0].id;
    for (let i = 0; i < 2; i++) {
      await lab().guestWrite('vm-sql01', 1, 3);
      await run();
    }
    const r = await replica();
    expect(r.points).toHaveLength(3);
    expect(r.points[0].id).not.toBe(firstId);
    // the oldest kept point now lives in the base files; the files of the merged point are gone
    expect(r.points[0].disks.every((d) => d.path.endsWith('.vhdx'))).toBe(true);
    expect(readdirSync(join(r.points[0].disks[0].path, '..')).filter((f) => f.endsWith('.avhdx'))).toHaveLength(4);
    await expectPointsMatchSnapshots(r);
  });

  it('a target write fault fails the run with no new point, no snapshot left, every point intact; the next run succeeds', async () => {
    const before = await replica();
    lab().faults.inject('target-write');
    const s = await waitSession(h.client, (await h.client.call('jobs.start', { id: jobId })).sessionId);
    expect(s.result).toBe('Failed');
    expect(lab().snapshotsOnSan()).toEqual([]);
    const after = await replica();
    expect(after.points.map((p) => p.id)).toEqual(before.points.map((p) => p.id));
    await expectPointsMatchSnapshots(after);
    await run();
    expect((await replica()).points).toHaveLength(3);
  });

  it('failover, undo, failover again, failback, commit: states move, points untouched, replication pauses meanwhile', async () => {
    let r = await replica();
    const task = async (p: Promise<{ taskId: string }>) => {
      const t = await waitTask(h.client, (await p).taskId);
      expect(t.state, JSON.stringify(t.log)).toBe('succeeded');
      return t;
    };
    await task(h.client.call('replicas.failover', { id: r.id, reason: 'DR test' }));
    r = await replica();
    expect(r.state).toBe('Failover');
    expect(r.failover).toMatchObject({ pointId: r.points[2].id, reason: 'DR test', planned: false });
    const paused = await waitSession(h.client, (await h.client.call('jobs.start', { id: jobId })).sessionId);
    expect(paused.result).toBe('Warning');
    expect(paused.vms[0].message).toContain('paused');
    await task(h.client.call('replicas.undoFailover', { id: r.id }));
    expect((await replica()).state).toBe('Ready');
    await task(h.client.call('replicas.failover', { id: r.id, pointId: r.points[1].id }));
    await task(h.client.call('replicas.failback', { id: r.id }));
    r = await replica();
    expect(r.state).toBe('Failback');
    expect(r.failback?.bytesSent).toBeGreaterThan(0);
    await task(h.client.call('replicas.commitFailback', { id: r.id }));
    r = await replica();
    expect(r.state).toBe('Ready');
    await expectPointsMatchSnapshots(r);
    // the next run sends what failback wrote, and the new point equals its snapshot again
    await run();
    await expectPointsMatchSnapshots(await replica());
    expect(existsSync(r.points[0].disks[0].path)).toBe(true);
  });

  it('refuses an operation the state does not allow, with a stable code, changing nothing', async () => {
    const r = await replica();
    await expect(h.client.call('replicas.undoFailover', { id: r.id })).rejects.toMatchObject({ code: 'E_REPLICA_OPERATION' });
    await expect(h.client.call('replicas.failback', { id: r.id })).rejects.toMatchObject({ code: 'E_REPLICA_OPERATION' });
    expect((await replica()).state).toBe('Ready');
  });
});
