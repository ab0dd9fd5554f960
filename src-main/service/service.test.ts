import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { basename, join } from 'node:path';
import { FerryError } from '../../src-shared/contract/errors';
import { openConnection } from './connection';
import type { ServerFrame } from '../../src-shared/contract/protocol';
import { addProxy, removeDir, startLabService, waitSession, waitTask, type LabHarness } from '../testing/lab-service';
import { eligibleVolumes } from '../engine/infrastructure/proxy-eligibility';

let h: LabHarness;
beforeAll(async () => {
  h = await startLabService();
});
afterAll(async () => {
  await h.close();
  removeDir(h.dir);
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    return (e as FerryError).code;
  }
}

describe('contract validation', () => {
  it('rejects bad frames with stable codes and changes nothing', async () => {
    const got: ServerFrame[] = [];
    const conn = openConnection(h.service.dispatcher, h.service.hub, (f) => got.push(f));
    conn.receive('{not json');
    conn.receive(JSON.stringify({ t: 'req', id: 'x', method: 'jobs.list' }));
    conn.receive({ t: 'nope' });
    conn.receive('x'.repeat(2 * 1024 * 1024));
    conn.receive({ t: 'sub', topic: 'no.such', key: '*' });
    conn.receive({ t: 'req', id: 7, method: 'no.such', params: {} });
    await new Promise((r) => setTimeout(r, 20));
    conn.close();
    const codes = got.map((f) => (f.t === 'res' && !f.ok ? f.error.code : 'ok'));
    expect(codes).toEqual(['E_BAD_FRAME', 'E_BAD_FRAME', 'E_BAD_FRAME', 'E_BAD_FRAME', 'E_UNKNOWN_TOPIC', 'E_UNKNOWN_METHOD']);
    expect(await h.client.call('jobs.list', {})).toEqual([]);
  });

  it('rejects invalid params with E_INVALID_PARAMS and stores nothing', async () => {
    const c = h.client;
    expect(await codeOf(c.call('jobs.create', { name: '', vmIds: [], repositoryId: 'repo-default', processing: { mode: 'on-host' } }))).toBe('E_INVALID_PARAMS');
    expect(await codeOf(c.call('jobs.create', { name: 'x', vmIds: ['vm-nope'], repositoryId: 'repo-default', processing: { mode: 'on-host' } }))).toBe('E_INVALID_PARAMS');
    // @ts-expect-error: an unknown extra field is a bad request, not silently ignored
    expect(await codeOf(c.call('proxies.create', { serverId: 'proxy01', maxTasks: 2, evil: true }))).toBe('E_INVALID_PARAMS');
    expect(await codeOf(c.call('proxies.create', { serverId: 'proxy01', maxTasks: 0 }))).toBe('E_INVALID_PARAMS');
    expect(await codeOf(c.call('jobs.get', { id: 'job-none' }))).toBe('E_NOT_FOUND');
    expect(await c.call('jobs.list', {})).toEqual([]);
    expect(await c.call('proxies.list', {})).toEqual([]);
  });
});

describe('inventory and proxies', () => {
  it('shows the lab: 2 standalone hosts, a 3-node cluster with 2 CSVs, 8 VMs with VHDX disks', async () => {
    const inv = await h.client.call('inventory.get', {});
    expect(inv.hosts.filter((x) => x.role === 'hyperv-host' && !x.clusterId)).toHaveLength(2);
    expect(inv.clusters[0].nodeIds).toHaveLength(3);
    expect(inv.volumes.filter((v) => v.kind === 'csv')).toHaveLength(2);
    expect(inv.vms.length).toBeGreaterThanOrEqual(8);
    expect(inv.vms.every((v) => v.disks.every((d) => d.format === 'vhdx' && d.fileSizeBytes > 0))).toBe(true);
  });

  it('refuses a cluster node for the CSVs of its own cluster', async () => {
    const checks = await h.client.call('proxies.check', { serverId: 'hvc01' });
    const csv = checks.filter((c) => c.volumeId === 'csv1' || c.volumeId === 'csv2');
    expect(csv.map((c) => c.status)).toEqual(['fail', 'fail']);
    expect(csv[0].reason).toMatch(/node of cluster CLU01/);
  });

  it('a LUN not zoned to the server is not applicable, not a failure: the proxy serves the others', async () => {
    const checks = await h.client.call('proxies.check', { serverId: 'proxy02' });
    expect(checks.filter((c) => c.volumeId === 'csv1' || c.volumeId === 'csv2').map((c) => [c.status, c.reason])).toEqual([
      ['not-applicable', 'SAN LUN LUN-10 is not zoned to PROXY02: this proxy does not serve C:\\ClusterStorage\\Volume1'],
      ['not-applicable', 'SAN LUN LUN-11 is not zoned to PROXY02: this proxy does not serve C:\\ClusterStorage\\Volume2'],
    ]);
    expect(checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(eligibleVolumes(checks)).toEqual(['vol-hv01-d', 'vol-hv02-e']);
  });

  it('refuses a server that cannot serve any volume, and creates nothing', async () => {
    expect(await codeOf(h.client.call('proxies.create', { serverId: 'backup03', maxTasks: 2 }))).toBe('E_PROXY_NOT_READY');
    expect(await h.client.call('proxies.list', {})).toEqual([]);
  });
});

describe('an off-host backup end to end', () => {
  it('runs, releases every snapshot, makes a verifiable restore point identical to the snapshot', async () => {
    const c = h.client;
    const proxyId = await addProxy(c);
    expect((await c.call('proxies.list', {}))[0]).toMatchObject({ id: proxyId, name: 'PROXY01', status: 'ready' });

    // Keep a copy of every disk as the proxy saw it in the snapshot, to compare the restore against.
    const seen = join(h.dir, 'seen');
    mkdirSync(seen);
    const lab = h.service.engine.lab!;
    const expose = lab.exposeSnapshot.bind(lab);
    lab.exposeSnapshot = async (snap, server, log) => {
      const e = await expose(snap, server, log);
      for (const d of e.disks) copyFileSync(d.path, join(seen, `${d.vmId}-${d.diskIndex}-${basename(d.path)}`));
      return e;
    };

    const job = await c.call('jobs.create', {
      name: 'Nightly',
      vmIds: ['vm-dc01', 'vm-app01', 'vm-file01'],
      repositoryId: 'repo-default',
      processing: { mode: 'off-host', proxySelection: 'automatic', pinnedProxyIds: [], failoverToOnHost: true },
    });
    const { sessionId } = await c.call('jobs.start', { id: job.id });
    const s = await waitSession(c, sessionId);
    lab.exposeSnapshot = expose;

    expect(s.result, s.reason).toBe('Success');
    expect(s.vms.every((v) => v.processingMode === 'off-host' && v.proxyServerId === 'proxy01')).toBe(true);
    expect(s.snapshots).toHaveLength(3);
    for (const snap of s.snapshots) {
      expect(snap.history.map((x) => x.stage)).toEqual(['planned', 'created', 'imported', 'exposed', 'released', 'deleted']);
    }
    expect(lab.snapshotsOnSan()).toEqual([]);
    expect(h.service.engine.store.ledgerOpen()).toEqual([]);

    const points = await c.call('restorePoints.list', { jobId: job.id });
    expect(points).toHaveLength(1);
    expect(points[0].disks).toHaveLength(4);

    const { taskId } = await c.call('restorePoints.verify', { id: points[0].id });
    const v = await waitTask(c, taskId);
    expect(v.result).toMatchObject({ ok: true });

    // Restore DC01 (a running VM: its live disk changed after the snapshot) and compare with the snapshot copy.
    const out = join(h.dir, 'dc01.raw');
    await h.service.engine.repos.read(join(h.dir, 'repository'), (repo) => repo.restoreRaw(points[0].id, 'vm-dc01/0', out));
    const expected = join(h.dir, 'dc01-expected.raw');
    execFileSync('qemu-img', ['convert', '-f', 'vhdx', '-O', 'raw', join(seen, 'vm-dc01-0-DC01.vhdx'), expected]);
    expect(readFileSync(out).equals(readFileSync(expected))).toBe(true);
    const live = join(h.dir, 'dc01-live.raw');
    execFileSync('qemu-img', ['convert', '-f', 'vhdx', '-O', 'raw', join(h.dir, 'lab/san/LUN-01/Hyper-V/DC01/Virtual Hard Disks/DC01.vhdx'), live]);
    expect(readFileSync(out).equals(readFileSync(live))).toBe(false);
  });

  it('fails over to on-host with a warning when no proxy can serve the volume', async () => {
    const c = h.client;
    const proxies = await c.call('proxies.list', {});
    h.service.engine.lab!.faults.inject('proxy-unreachable', { target: 'proxy01', times: 100 });
    try {
      const job = await c.call('jobs.create', {
        name: 'Failover',
        vmIds: ['vm-web01'],
        repositoryId: 'repo-default',
        processing: { mode: 'off-host', proxySelection: 'pinned', pinnedProxyIds: [proxies[0].id], failoverToOnHost: true },
      });
      const s = await waitSession(c, (await c.call('jobs.start', { id: job.id })).sessionId);
      expect(s.result).toBe('Warning');
      expect(s.reason).toMatch(/Failed over to on-host.*PROXY01/);
      expect(s.vms[0]).toMatchObject({ status: 'Warning', processingMode: 'on-host' });
      expect(s.snapshots[0].history.map((x) => x.stage)).toEqual(['planned', 'created', 'exposed', 'released', 'deleted']);
      expect(await codeOf(c.call('proxies.remove', { id: proxies[0].id }))).toBe('E_PROXY_IN_USE');
    } finally {
      h.service.engine.lab!.faults.clear();
    }
  });
});
