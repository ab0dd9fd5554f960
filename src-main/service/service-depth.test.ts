// The console's deeper commands against a real lab: proxy edit/recheck, repositories, the snapshot plan,
// restore to raw/VHDX, retention, disk exclusions, rate samples, fault injection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { FerryError } from '../../src-shared/contract/errors';
import { addProxy, removeDir, startLabService, waitSession, waitTask, type LabHarness } from '../testing/lab-service';

let h: LabHarness;
let proxyId: string;
beforeAll(async () => {
  h = await startLabService();
  proxyId = await addProxy(h.client, 'proxy02', 2);
});
afterAll(async () => {
  await h.close();
  removeDir(h.dir);
});
const codeOf = async (p: Promise<unknown>) => p.then(() => 'no error', (e: FerryError) => e.code);
const offHost = { mode: 'off-host' as const, proxySelection: 'automatic' as const, pinnedProxyIds: [], failoverToOnHost: true };

describe('proxies', () => {
  it('lists task slots and serves only the volumes it can see', async () => {
    const [p] = await h.client.call('proxies.list', {});
    expect(p).toMatchObject({ name: 'PROXY02', tasksInUse: 0, eligibleVolumeIds: ['vol-hv01-d', 'vol-hv02-e'] });
  });

  it('edits traffic rules and connected volumes; refuses volumes it cannot serve, changing nothing', async () => {
    const p = await h.client.call('proxies.update', { id: proxyId, throttleMBps: 50, connectedVolumes: { mode: 'chosen', volumeIds: ['vol-hv01-d'] } });
    expect(p).toMatchObject({ throttleMBps: 50, eligibleVolumeIds: ['vol-hv01-d'] });
    expect(await codeOf(h.client.call('proxies.update', { id: proxyId, connectedVolumes: { mode: 'chosen', volumeIds: ['csv1'] } }))).toBe('E_PROXY_NOT_READY');
    expect((await h.client.call('proxies.list', {}))[0].eligibleVolumeIds).toEqual(['vol-hv01-d']);
    await h.client.call('proxies.update', { id: proxyId, throttleMBps: 0, connectedVolumes: { mode: 'automatic' } });
  });

  it('recheck marks a proxy unavailable when it stops answering', async () => {
    await h.client.call('lab.injectFault', { step: 'proxy-unreachable', target: 'proxy02', times: 1000 });
    expect(await h.client.call('proxies.recheck', { id: proxyId })).toMatchObject({ status: 'unavailable', eligibleVolumeIds: [] });
    await h.client.call('lab.clearFaults', {});
    expect(await h.client.call('proxies.recheck', { id: proxyId })).toMatchObject({ status: 'ready' });
  });
});

describe('repositories', () => {
  it('creates a repository in an empty folder and refuses a foreign non-empty one', async () => {
    const path = join(h.dir, 'second-repo');
    const r = await h.client.call('repositories.create', { name: 'Second', path });
    expect(r.path).toBe(path);
    expect(existsSync(join(path, 'config.json'))).toBe(true);
    const foreign = join(h.dir, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'important.txt'), 'keep me');
    expect(await codeOf(h.client.call('repositories.create', { name: 'Foreign', path: foreign }))).toBe('E_REPO_CORRUPT');
    expect(await codeOf(h.client.call('repositories.create', { name: 'Rel', path: 'relative/dir' }))).toBe('E_INVALID_PARAMS');
    expect(await codeOf(h.client.call('repositories.create', { name: 'second', path: join(h.dir, 'x') }))).toBe('E_CONFLICT');
    expect((await h.client.call('repositories.list', {})).map((x) => x.name).sort()).toEqual(['Default backup repository', 'Second']);
    expect(readFileSync(join(foreign, 'important.txt'), 'utf8')).toBe('keep me');
  });
});

describe('jobs', () => {
  it('shows the snapshot plan before running: proxy per volume, failover warning for CSVs PROXY02 cannot see', async () => {
    const plan = await h.client.call('jobs.plan', { spec: { name: 'p', vmIds: ['vm-dc01', 'vm-sql01', 'vm-app01'], repositoryId: 'repo-default', processing: offHost } });
    expect(plan).toEqual([
      expect.objectContaining({ volumePath: 'D:\\', hostName: 'HV01', vmNames: ['DC01', 'SQL01'], mode: 'off-host', proxyName: 'PROXY02' }),
      expect.objectContaining({ volumePath: 'C:\\ClusterStorage\\Volume1', hostName: 'HVC01', mode: 'on-host', warning: expect.stringMatching(/PROXY02: cannot serve/) }),
    ]);
  });

  it('excludes disks, keeps the last N restore points, records rate samples, restores raw and VHDX', async () => {
    const job = await h.client.call('jobs.create', {
      name: 'Depth',
      vmIds: ['vm-sql01'],
      repositoryId: 'repo-default',
      processing: offHost,
      excludedDisks: ['vm-sql01/1'],
      retention: { keepLast: 1 },
    });
    for (let i = 0; i < 2; i++) {
      const s = await waitSession(h.client, (await h.client.call('jobs.start', { id: job.id })).sessionId);
      expect(s.result, s.reason).toBe('Success');
    }
    const points = await h.client.call('restorePoints.list', { jobId: job.id });
    expect(points).toHaveLength(1);
    expect(points[0].disks.map((d) => d.diskIndex)).toEqual([0]);
    const { samples } = await h.client.call('sessions.get', { id: points[0].sessionId });
    // the session's end always closes the rate history with a sample
    expect(samples.length).toBeGreaterThanOrEqual(1);
    expect(samples.at(-1)!.readPerSec).toBeGreaterThanOrEqual(0);

    const raw = join(h.dir, 'sql01.raw');
    const vhdx = join(h.dir, 'sql01.vhdx');
    for (const [format, out] of [['raw', raw], ['vhdx', vhdx]] as const) {
      const { taskId } = await h.client.call('restorePoints.restore', { id: points[0].id, vmId: 'vm-sql01', diskIndex: 0, format, outPath: out });
      expect((await waitTask(h.client, taskId)).state).toBe('succeeded');
    }
    const fromVhdx = join(h.dir, 'sql01-from-vhdx.raw');
    execFileSync('qemu-img', ['convert', '-f', 'vhdx', '-O', 'raw', vhdx, fromVhdx]);
    expect(readFileSync(fromVhdx).equals(readFileSync(raw))).toBe(true);
    expect(await codeOf(h.client.call('restorePoints.restore', { id: points[0].id, vmId: 'vm-sql01', diskIndex: 0, format: 'raw', outPath: raw }))).toBe('E_CONFLICT');
    expect(await codeOf(h.client.call('restorePoints.restore', { id: points[0].id, vmId: 'vm-sql01', diskIndex: 1, format: 'raw', outPath: join(h.dir, 'd1.raw') }))).toBe('E_NOT_FOUND');
  });

  it('edits and disables a job; a disabled scheduled job has no next run', async () => {
    const job = await h.client.call('jobs.create', { name: 'Sched', vmIds: ['vm-web02'], repositoryId: 'repo-default', processing: offHost, schedule: { kind: 'daily', at: '22:00' } });
    expect(job.nextRunAt).not.toBeNull();
    const off = await h.client.call('jobs.setEnabled', { id: job.id, enabled: false });
    expect(off.nextRunAt).toBeNull();
    expect(await codeOf(h.client.call('jobs.update', { id: job.id, spec: { ...job.spec, name: 'Depth' } }))).toBe('E_CONFLICT');
    const renamed = await h.client.call('jobs.update', { id: job.id, spec: { ...job.spec, name: 'Nightly web' } });
    expect(renamed.spec.name).toBe('Nightly web');
  });
});
