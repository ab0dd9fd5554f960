// Managed servers and stored credentials against a real service on a fresh lab: only managed servers are in the
// inventory, adding the workgroup host HV03 with its local Administrator brings its VM (backed up for real),
// PROXY04 becomes a proxy for it, and nothing secret ever reaches SQLite or a task log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FerryError } from '../../src-shared/contract/errors';
import type { TaskView } from '../../src-shared/domain';
import { addProxy, removeDir, startLabService, waitSession, waitTask, type LabHarness } from '../testing/lab-service';
import { LAB_PASSWORD } from '../engine/platform/lab/topology';

let h: LabHarness;
beforeAll(async () => {
  h = await startLabService();
});
afterAll(async () => {
  await h.close();
  removeDir(h.dir);
});

const codeOf = async (p: Promise<unknown>) => p.then(() => 'no error', (e: FerryError) => e.code);
const errorOf = async (p: Promise<unknown>) => p.then(() => null, (e: FerryError) => e);

/** Every byte SQLite wrote for this data folder (main file, WAL, shared memory). */
function dbBytes(): Buffer {
  return Buffer.concat(readdirSync(h.dir).filter((f) => f.startsWith('ferry.db')).map((f) => readFileSync(join(h.dir, f))));
}

async function addServer(params: { name: string; kind: 'hyperv-host' | 'hyperv-cluster' | 'windows-server'; credentialId: string | null }): Promise<TaskView> {
  const { taskId } = await h.client.call('servers.add', params);
  return waitTask(h.client, taskId);
}

let localAdmin: string;
let domainAdmin: string;

describe('seeded managed servers', () => {
  it('a fresh lab manages its preconfigured servers with the console identity; HV03 and PROXY04 are not in the inventory', async () => {
    const servers = await h.client.call('servers.list', {});
    expect(servers.map((s) => `${s.id}:${s.kind}`).sort()).toEqual([
      'backup03:windows-server',
      'clu01:hyperv-cluster',
      'hv01:hyperv-host',
      'hv02:hyperv-host',
      'proxy01:windows-server',
      'proxy02:windows-server',
    ]);
    expect(servers.find((s) => s.id === 'clu01')?.memberIds).toEqual(['hvc01', 'hvc02', 'hvc03']);
    expect(servers.every((s) => s.credentialId === null && s.status === 'ok' && s.lastCheckAt !== null)).toBe(true);
    const inv = await h.client.call('inventory.get', {});
    expect(inv.hosts.map((x) => x.id).sort()).toEqual(['backup03', 'hv01', 'hv02', 'hvc01', 'hvc02', 'hvc03', 'proxy01', 'proxy02']);
    expect(inv.vms).toHaveLength(8);
    expect(inv.volumes.map((v) => v.id)).not.toContain('vol-hv03-f');
  });

  it('an unmanaged server is not a proxy candidate, and a job cannot take VMs of an unmanaged host', async () => {
    expect(await codeOf(h.client.call('proxies.check', { serverId: 'proxy04' }))).toBe('E_NOT_FOUND');
    expect(await codeOf(h.client.call('proxies.create', { serverId: 'proxy04', maxTasks: 2 }))).toBe('E_NOT_FOUND');
    const err = await errorOf(h.client.call('jobs.create', { name: 'Edge', vmIds: ['vm-edge01'], repositoryId: 'repo-default', processing: { mode: 'on-host' } }));
    expect(err?.code).toBe('E_INVALID_PARAMS');
    expect(err?.message).toMatch(/SRV-EDGE01 \(on HV03, not a managed server: add it first\)/);
    expect(await h.client.call('jobs.list', {})).toEqual([]);
  });
});

describe('credentials', () => {
  it('stores the account in SQLite and the password only in the secret store', async () => {
    const c = await h.client.call('credentials.create', { user: '.\\Administrator', password: LAB_PASSWORD, description: 'workgroup servers' });
    localAdmin = c.id;
    expect(c).toMatchObject({ user: '.\\Administrator', description: 'workgroup servers', usedBy: [] });
    expect(JSON.stringify(c)).not.toContain(LAB_PASSWORD);
    const d = await h.client.call('credentials.create', { user: 'LAB\\backup-admin', password: 'Rotate-Me-1', description: '' });
    domainAdmin = d.id;
    expect((await h.client.call('credentials.list', {})).map((x) => x.user)).toEqual(['.\\Administrator', 'LAB\\backup-admin']);
    expect(dbBytes().includes(LAB_PASSWORD)).toBe(false);
    expect(dbBytes().includes('Rotate-Me-1')).toBe(false);
    expect(dbBytes().includes('LAB\\backup-admin')).toBe(true); // the account name is there, so the check above can fail
    expect(JSON.parse(readFileSync(join(h.dir, 'secrets', `credential.${localAdmin}`), 'utf8'))).toEqual({ user: '.\\Administrator', secret: LAB_PASSWORD });
  });

  it('bad params change nothing', async () => {
    const before = await h.client.call('credentials.list', {});
    expect(await codeOf(h.client.call('credentials.create', { user: 'bad user name', password: 'x', description: '' }))).toBe('E_INVALID_PARAMS');
    expect(await codeOf(h.client.call('credentials.create', { user: 'LAB\\x', password: '', description: '' }))).toBe('E_INVALID_PARAMS');
    // @ts-expect-error: unknown fields are refused, not ignored
    expect(await codeOf(h.client.call('credentials.create', { user: 'LAB\\x', password: 'p', description: '', secret: 'p' }))).toBe('E_INVALID_PARAMS');
    expect(await codeOf(h.client.call('credentials.update', { id: 'cred-nope', password: 'x' }))).toBe('E_NOT_FOUND');
    // @ts-expect-error: the kind must be one of the three
    expect(await codeOf(h.client.call('servers.add', { name: 'HV03', kind: 'hypervisor', credentialId: null }))).toBe('E_INVALID_PARAMS');
    expect(await codeOf(h.client.call('servers.add', { name: 'http://hv03:5985', kind: 'hyperv-host', credentialId: null }))).toBe('E_INVALID_PARAMS');
    expect(await codeOf(h.client.call('servers.add', { name: 'HV03', kind: 'hyperv-host', credentialId: 'cred-nope' }))).toBe('E_NOT_FOUND');
    expect(await codeOf(h.client.call('servers.probe', { name: 'HV03', credentialId: 'cred-nope' }))).toBe('E_NOT_FOUND');
    expect(await h.client.call('credentials.list', {})).toEqual(before);
    expect((await h.client.call('servers.list', {})).map((s) => s.id)).not.toContain('hv03');
  });
});

describe('probing', () => {
  it('HV03 with the console identity: E_ACCESS_DENIED with a hint, nothing stored', async () => {
    const servers = await h.client.call('servers.list', {});
    const err = await errorOf(h.client.call('servers.probe', { name: 'HV03', credentialId: null }));
    expect(err?.code).toBe('E_ACCESS_DENIED');
    expect(err?.message).toMatch(/Access is denied/);
    expect(err?.details).toMatchObject({ hint: expect.stringMatching(/not in the LAB domain.*\.\\Administrator/) });
    expect(await h.client.call('servers.list', {})).toEqual(servers);
  });

  it('HV03 with .\\Administrator: a Hyper-V host with 1 VM on F:\\, any spelling of the name', async () => {
    const named = await h.client.call('credentials.create', { user: 'HV03\\Administrator', password: LAB_PASSWORD, description: '' });
    expect((await h.client.call('servers.probe', { name: 'HV03', credentialId: named.id })).id).toBe('hv03');
    await h.client.call('credentials.remove', { id: named.id });
    for (const name of ['HV03', 'hv03', 'hv03.lab.local', 'HV03.LAB.LOCAL']) {
      const p = await h.client.call('servers.probe', { name, credentialId: localAdmin });
      expect(p).toMatchObject({ id: 'hv03', name: 'HV03', detectedKind: 'hyperv-host', hyperV: true, vmCount: 1, clusterName: null, alreadyManaged: false });
      // a SAN LUN of this one host, as the proxy wizard shows it
      expect(p.volumes).toEqual([{ id: 'vol-hv03-f', path: 'F:\\', kind: 'local', sizeBytes: expect.any(Number), lun: 'LUN-03' }]);
      expect(p.checks.every((c) => c.status === 'pass')).toBe(true);
    }
  });

  it('the domain account is refused on a workgroup server, a wrong password anywhere, an unknown name is unreachable', async () => {
    expect(await codeOf(h.client.call('servers.probe', { name: 'HV03', credentialId: domainAdmin }))).toBe('E_ACCESS_DENIED');
    expect(await codeOf(h.client.call('servers.probe', { name: 'PROXY01', credentialId: localAdmin }))).toBe('E_ACCESS_DENIED');
    const err = await errorOf(h.client.call('servers.probe', { name: 'HV09', credentialId: null }));
    expect(err?.code).toBe('E_SERVER_UNREACHABLE');
    expect(err?.message).toMatch(/HV09 could not be resolved/);
    expect(await codeOf(h.client.call('servers.probe', { name: 'hv03.contoso.local', credentialId: localAdmin }))).toBe('E_SERVER_UNREACHABLE');
  });

  it('password rotation: the old password stops working, the new one works, nothing in SQLite', async () => {
    expect(await codeOf(h.client.call('servers.probe', { name: 'HV01', credentialId: domainAdmin }))).toBe('E_ACCESS_DENIED');
    const updated = await h.client.call('credentials.update', { id: domainAdmin, password: LAB_PASSWORD, description: 'LAB domain admin' });
    expect(updated).toMatchObject({ user: 'LAB\\backup-admin', description: 'LAB domain admin' });
    expect((await h.client.call('servers.probe', { name: 'HV01', credentialId: domainAdmin })).alreadyManaged).toBe(true);
    expect(dbBytes().includes('Rotate-Me-1')).toBe(false);
  });

  it('a cluster name and a cluster node', async () => {
    const clu = await h.client.call('servers.probe', { name: 'clu01.lab.local', credentialId: domainAdmin });
    expect(clu).toMatchObject({ id: 'clu01', detectedKind: 'hyperv-cluster', nodeNames: ['HVC01', 'HVC02', 'HVC03'], vmCount: 4, alreadyManaged: true });
    const node = await h.client.call('servers.probe', { name: 'HVC01', credentialId: null });
    expect(node).toMatchObject({ detectedKind: 'hyperv-host', clusterName: 'CLU01', alreadyManaged: true });
    expect(node.checks.find((c) => c.status === 'fail')?.reason).toBe('HVC01 is a node of cluster CLU01 — add the cluster instead');
  });
});

describe('adding and removing servers', () => {
  it('a cluster node as a Hyper-V host → E_WRONG_SERVER_KIND; HV03 as a Windows server → E_WRONG_SERVER_KIND (it runs a VM)', async () => {
    const node = await addServer({ name: 'HVC01', kind: 'hyperv-host', credentialId: null });
    expect(node.state).toBe('failed');
    expect(node.error).toMatchObject({ code: 'E_WRONG_SERVER_KIND', message: 'HVC01 is a node of cluster CLU01 — add the cluster instead' });
    const hv03 = await addServer({ name: 'HV03', kind: 'windows-server', credentialId: localAdmin });
    expect(hv03.error).toMatchObject({ code: 'E_WRONG_SERVER_KIND', message: expect.stringMatching(/runs 1 VM/) });
    const denied = await addServer({ name: 'HV03', kind: 'hyperv-host', credentialId: null });
    expect(denied.error?.code).toBe('E_ACCESS_DENIED');
    expect((await h.client.call('servers.list', {})).map((s) => s.id)).not.toContain('hv03');
    expect(await codeOf(h.client.call('servers.add', { name: 'hv01.lab.local', kind: 'hyperv-host', credentialId: null }))).toBe('E_CONFLICT');
  });

  it('adds HV03 with .\\Administrator: task log, its VM in the inventory, the credential in use', async () => {
    const t = await addServer({ name: 'hv03.lab.local', kind: 'hyperv-host', credentialId: localAdmin });
    expect(t.state, t.error?.message).toBe('succeeded');
    expect(t.result).toEqual({ serverId: 'hv03' });
    const lines = t.log.map((l) => l.text);
    expect(lines[0]).toBe('Connecting to hv03.lab.local as .\\Administrator');
    expect(lines).toContain('Found Hyper-V host HV03 with 1 VM(s) on 1 volume(s)');
    expect(lines.at(-1)).toBe('Registered HV03 as a managed Hyper-V host');
    expect(JSON.stringify(t)).not.toContain(LAB_PASSWORD);

    const server = (await h.client.call('servers.list', {})).find((s) => s.id === 'hv03');
    expect(server).toMatchObject({ name: 'HV03', kind: 'hyperv-host', credentialId: localAdmin, status: 'ok', memberIds: [] });
    const inv = await h.client.call('inventory.get', {});
    expect(inv.vms.find((v) => v.id === 'vm-edge01')).toMatchObject({ name: 'SRV-EDGE01', hostId: 'hv03' });
    expect(inv.volumes.map((v) => v.id)).toContain('vol-hv03-f');
    expect((await h.client.call('credentials.list', {})).find((c) => c.id === localAdmin)?.usedBy).toEqual(['hv03']);
    expect(await codeOf(h.client.call('credentials.remove', { id: localAdmin }))).toBe('E_IN_USE');
    expect(dbBytes().includes(LAB_PASSWORD)).toBe(false);
  });

  it('backs up SRV-EDGE01 on-host through the lab VHDX pipeline', async () => {
    const job = await h.client.call('jobs.create', { name: 'Edge', vmIds: ['vm-edge01'], repositoryId: 'repo-default', processing: { mode: 'on-host' } });
    const s = await waitSession(h.client, (await h.client.call('jobs.start', { id: job.id })).sessionId);
    expect(s.result, s.reason).toBe('Success');
    const points = await h.client.call('restorePoints.list', { jobId: job.id });
    expect(points[0].disks).toMatchObject([{ vmId: 'vm-edge01', vmName: 'SRV-EDGE01', diskIndex: 0 }]);
  });

  it('PROXY04 as a Windows server with its local Administrator: readiness includes HV03\'s volume', async () => {
    const t = await addServer({ name: 'PROXY04', kind: 'windows-server', credentialId: localAdmin });
    expect(t.state, t.error?.message).toBe('succeeded');
    const inv = await h.client.call('inventory.get', {});
    expect(inv.hosts.find((x) => x.id === 'proxy04')?.role).toBe('server');
    const checks = await h.client.call('proxies.check', { serverId: 'proxy04' });
    expect(checks.find((c) => c.volumeId === 'vol-hv03-f')).toMatchObject({ status: 'pass' });
    expect(checks.filter((c) => !c.volumeId).every((c) => c.status !== 'fail')).toBe(true);
  });

  it('PROXY04 becomes the off-host proxy of HV03\'s volume: SRV-EDGE01 backed up off-host through it', async () => {
    const proxyId = await addProxy(h.client, 'proxy04', 2);
    expect((await h.client.call('proxies.list', {})).find((p) => p.id === proxyId)).toMatchObject({ name: 'PROXY04', enabled: true, throttleWindow: null });
    const job = await h.client.call('jobs.create', {
      name: 'EdgeOffHost',
      vmIds: ['vm-edge01'],
      repositoryId: 'repo-default',
      processing: { mode: 'off-host', proxySelection: 'pinned', pinnedProxyIds: [proxyId], failoverToOnHost: false },
    });
    const s = await waitSession(h.client, (await h.client.call('jobs.start', { id: job.id })).sessionId);
    expect(s.result, s.reason).toBe('Success');
    expect(s.vms[0]).toMatchObject({ processingMode: 'off-host', proxyServerId: 'proxy04' });
    const err = await errorOf(h.client.call('servers.remove', { id: 'proxy04' }));
    expect(err?.code).toBe('E_IN_USE');
    expect(err?.message).toBe('PROXY04 cannot be removed: off-host proxy PROXY04 runs on it. Change those first');

    // the proxy's new fields persist and come back from proxies.list
    const window = { days: ['Mon' as const, 'Tue' as const], start: '08:00', end: '18:00' };
    expect(await h.client.call('proxies.update', { id: proxyId, enabled: false, throttleMBps: 20, throttleWindow: window })).toMatchObject({ enabled: false, throttleWindow: window });
    expect((await h.client.call('proxies.list', {})).find((p) => p.id === proxyId)).toMatchObject({ enabled: false, throttleMBps: 20, throttleWindow: window });
    await h.client.call('proxies.update', { id: proxyId, enabled: true, throttleMBps: 0, throttleWindow: null });
  });

  it('removal is refused while a job protects the server\'s VMs, naming the jobs', async () => {
    const err = await errorOf(h.client.call('servers.remove', { id: 'hv03' }));
    expect(err?.code).toBe('E_IN_USE');
    expect(err?.message).toMatch(/HV03 cannot be removed: job\(s\) Edge, EdgeOffHost protect its VMs/);
    expect(await codeOf(h.client.call('servers.remove', { id: 'clu01' }))).toBe('no error'); // no job protects the cluster yet
    const without = await h.client.call('inventory.get', {});
    expect(without.clusters).toEqual([]);
    expect(without.hosts.map((x) => x.id)).not.toContain('hvc01');
    expect(without.vms.map((v) => v.id)).not.toContain('vm-app01');
  });

  it('adds the cluster back by its FQDN with the domain account: its nodes, CSVs and VMs come with it', async () => {
    const t = await addServer({ name: 'CLU01.lab.local', kind: 'hyperv-cluster', credentialId: domainAdmin });
    expect(t.state, t.error?.message).toBe('succeeded');
    expect(t.log.map((l) => l.text)).toContain('Found Hyper-V cluster CLU01 with 4 VM(s) on 2 volume(s), nodes HVC01, HVC02, HVC03');
    expect((await h.client.call('servers.list', {})).find((s) => s.id === 'clu01')).toMatchObject({ kind: 'hyperv-cluster', credentialId: domainAdmin, memberIds: ['hvc01', 'hvc02', 'hvc03'] });
    const inv = await h.client.call('inventory.get', {});
    expect(inv.clusters).toMatchObject([{ id: 'clu01', nodeIds: ['hvc01', 'hvc02', 'hvc03'], csvIds: ['csv1', 'csv2'] }]);
    expect(inv.vms.filter((v) => v.clusterId === 'clu01')).toHaveLength(4);
    const node = await addServer({ name: 'HVC02', kind: 'windows-server', credentialId: domainAdmin });
    expect(node.error?.code).toBe('E_WRONG_SERVER_KIND');
  });

  it('rescan shows unreachable and access denied as status, then ok again', async () => {
    await h.client.call('lab.injectFault', { step: 'proxy-unreachable', target: 'hv03', times: 1000 });
    expect(await h.client.call('servers.rescan', { id: 'hv03' })).toMatchObject({ status: 'unreachable', statusReason: expect.stringMatching(/did not answer/) });
    await h.client.call('lab.clearFaults', {});
    await h.client.call('credentials.update', { id: localAdmin, password: 'wrong-now' });
    expect(await h.client.call('servers.rescan', { id: 'hv03' })).toMatchObject({ status: 'access-denied', statusReason: expect.stringMatching(/Access is denied/) });
    await h.client.call('credentials.update', { id: localAdmin, password: LAB_PASSWORD });
    const ok = await h.client.call('servers.rescan', { id: 'hv03' });
    expect(ok).toMatchObject({ status: 'ok', statusReason: '' });
    expect(ok.lastCheckAt).not.toBeNull();
  });

  it('an unreachable server is not removed while jobs name VMs the inventory cannot see (they may be its own)', async () => {
    await h.client.call('lab.injectFault', { step: 'proxy-unreachable', target: 'hv03', times: 1000 });
    try {
      expect(await h.client.call('servers.rescan', { id: 'hv03' })).toMatchObject({ status: 'unreachable' });
      expect((await h.client.call('inventory.get', {})).vms.map((v) => v.id)).not.toContain('vm-edge01');
      const err = await errorOf(h.client.call('servers.remove', { id: 'hv03' }));
      expect(err?.code).toBe('E_IN_USE');
      expect(err?.message).toBe(
        'HV03 cannot be removed while it is unreachable: its VMs cannot be listed, and job(s) Edge, EdgeOffHost protect VMs the inventory does not show. Rescan it once it answers, or change those jobs first',
      );
    } finally {
      await h.client.call('lab.clearFaults', {});
    }
    expect((await h.client.call('servers.rescan', { id: 'hv03' })).status).toBe('ok');
    expect((await h.client.call('servers.list', {})).map((s) => s.id)).toContain('hv03');
  });

  it('update switches the account and VSS settings; an unknown credential changes nothing', async () => {
    expect(await codeOf(h.client.call('servers.update', { id: 'proxy04', credentialId: 'cred-nope' }))).toBe('E_NOT_FOUND');
    const s = await h.client.call('servers.update', { id: 'hv01', credentialId: domainAdmin, vss: { failoverToSoftwareProvider: false, maxSnapshotsPerVolume: 2 } });
    expect(s).toMatchObject({ credentialId: domainAdmin, vss: { failoverToSoftwareProvider: false, maxSnapshotsPerVolume: 2 } });
    expect((await h.client.call('servers.rescan', { id: 'hv01' })).status).toBe('ok');
  });
});

describe('restart', () => {
  it('managed servers survive a restart, and removing servers never brings the preconfigured ones back', async () => {
    expect(await codeOf(h.client.call('servers.remove', { id: 'backup03' }))).toBe('no error');
    const before = (await h.client.call('servers.list', {})).map((s) => s.id).sort();
    expect(before).not.toContain('backup03');
    await h.close();
    h = await startLabService(h.dir);
    expect((await h.client.call('servers.list', {})).map((s) => s.id).sort()).toEqual(before);
    expect((await h.client.call('inventory.get', {})).vms.map((v) => v.id)).toContain('vm-edge01');
  });
});
