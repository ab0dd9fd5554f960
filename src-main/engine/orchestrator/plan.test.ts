import { describe, expect, it } from 'vitest';
import { JobSpec, type Inventory, type Proxy } from '../../../src-shared/domain';
import { planSnapshots, type ProxyCandidate } from './plan';
import type { Host } from '../../../src-shared/domain';

const disk = (volumeId: string) => ({ index: 0, path: 'x', format: 'vhdx' as const, virtualSizeBytes: 1, fileSizeBytes: 1, volumeId });
const inv: Inventory = {
  hosts: [],
  clusters: [],
  volumes: [
    { id: 'v1', path: 'C:\\ClusterStorage\\Volume1', kind: 'csv', clusterId: 'c', ownerHostId: 'n1', sizeBytes: 1, usedBytes: 0, lun: 'L1' },
    { id: 'v2', path: 'D:\\', kind: 'local', clusterId: null, ownerHostId: 'h2', sizeBytes: 1, usedBytes: 0, lun: 'L2' },
  ],
  vms: Array.from({ length: 10 }, (_, i) => ({ id: `vm${i}`, name: `VM${i}`, hostId: 'n1', clusterId: 'c', state: 'Running' as const, disks: [disk(i < 9 ? 'v1' : 'v2')] })),
};
const proxy = (id: string, maxTasks: number): Proxy => ({ id, serverId: id, name: id.toUpperCase(), description: '', maxTasks, throttleMBps: 0, throttleWindow: null, enabled: true, connectedVolumes: { mode: 'automatic' }, tasksInUse: 0, eligibleVolumeIds: [], status: 'ready', lastCheckAt: '', createdAt: '' });
const cand = (id: string, vols: string[], inUse = 0, maxTasks = 2): ProxyCandidate => ({ proxy: proxy(id, maxTasks), eligibleVolumeIds: vols, notReadyReason: null, tasksInUse: inUse });
const job = (processing: unknown, extra: object = {}) =>
  JobSpec.parse({ name: 'j', vmIds: inv.vms.map((v) => v.id), repositoryId: 'r', processing, ...extra });
const auto = { mode: 'off-host', proxySelection: 'automatic', pinnedProxyIds: [], failoverToOnHost: true };

describe('snapshot plan', () => {
  it('shares one snapshot between up to 8 VMs of a volume, snapshot on the owner node', () => {
    const g = planSnapshots(job(auto), inv, [cand('p1', ['v1', 'v2'])]);
    expect(g.map((x) => [x.volumeId, x.vmIds.length, x.hostId])).toEqual([['v1', 8, 'n1'], ['v1', 1, 'n1'], ['v2', 1, 'h2']]);
    expect(planSnapshots(job(auto, { maxVmsPerSnapshot: 4 }), inv, [cand('p1', ['v1', 'v2'])]).map((x) => x.vmIds.length)).toEqual([4, 4, 1, 1]);
  });
  it('picks the least loaded eligible proxy, counting slots in use elsewhere', () => {
    const g = planSnapshots(job(auto, { vmIds: ['vm0'] }), inv, [cand('p1', ['v1'], 2, 2), cand('p2', ['v1'], 0, 2)]);
    expect(g[0].proxy?.id).toBe('p2');
  });
  it('fails over to on-host with the reason, or fails when failover is off', () => {
    const g = planSnapshots(job(auto, { vmIds: ['vm9'] }), inv, [cand('p1', ['v1'])]);
    expect(g[0]).toMatchObject({ mode: 'on-host', warning: expect.stringMatching(/Failed over to on-host.*P1: cannot serve D:/) });
    expect(g[0].departures).toEqual([{ kind: 'failover-on-host', reason: g[0].warning }]);
    expect(planSnapshots(job(auto, { vmIds: ['vm0'] }), inv, [cand('p1', ['v1'])])[0].departures).toEqual([]);
    const h = planSnapshots(job({ ...auto, failoverToOnHost: false }, { vmIds: ['vm9'] }), inv, []);
    expect(h[0]).toMatchObject({ mode: 'none', failReason: expect.stringMatching(/no off-host proxy is configured/) });
  });
  it('only uses pinned proxies when pinned', () => {
    const g = planSnapshots(job({ ...auto, proxySelection: 'pinned', pinnedProxyIds: ['p2'] }, { vmIds: ['vm0'] }), inv, [cand('p1', ['v1']), cand('p2', [], 0)]);
    expect(g[0].mode).toBe('on-host');
    expect(g[0].warning).toMatch(/P2: cannot serve/);
  });

  it('skips disabled proxies, automatic or pinned, and says so when none is left', () => {
    const off = (c: ProxyCandidate): ProxyCandidate => ({ ...c, proxy: { ...c.proxy, enabled: false } });
    const g = planSnapshots(job(auto, { vmIds: ['vm0'] }), inv, [off(cand('p1', ['v1'])), cand('p2', ['v1'], 1)]);
    expect(g[0]).toMatchObject({ mode: 'off-host', proxy: { id: 'p2' } });
    const pinned = { ...auto, proxySelection: 'pinned', pinnedProxyIds: ['p1'] };
    expect(planSnapshots(job(pinned, { vmIds: ['vm0'] }), inv, [off(cand('p1', ['v1'])), cand('p2', ['v1'])])[0]).toMatchObject({
      mode: 'on-host',
      warning: 'Failed over to on-host backup: no eligible off-host proxy (proxy P1 is disabled)',
    });
    expect(planSnapshots(job({ ...pinned, failoverToOnHost: false }, { vmIds: ['vm0'] }), inv, [off(cand('p1', ['v1']))])[0]).toMatchObject({
      mode: 'none',
      failReason: 'No eligible off-host proxy (proxy P1 is disabled) and failover to on-host is off',
    });
  });
});

describe('snapshot plan: hosts without a VSS hardware provider', () => {
  const host = (id: string, provider: string | null): Host => ({ id, name: id.toUpperCase(), clusterId: null, os: '', hyperV: true, vssHardwareProvider: provider, visibleLuns: [], cpuCores: 4, freeDiskBytes: 0, role: 'hyperv-host' });
  const noHw: Inventory = { ...inv, hosts: [host('n1', null), host('h2', 'SAN provider')] };
  const vss = (failoverToSoftwareProvider: boolean) => ({ hostVss: () => ({ failoverToSoftwareProvider, maxSnapshotsPerVolume: 4 }) });

  it('off-host: the software provider on the host, at most 4 VMs per snapshot, with the consequence as a warning', () => {
    const g = planSnapshots(job(auto), noHw, [cand('p1', ['v1', 'v2'])], vss(true));
    expect(g.map((x) => [x.volumeId, x.vmIds.length, x.mode, x.provider])).toEqual([
      ['v1', 4, 'on-host', 'software'],
      ['v1', 4, 'on-host', 'software'],
      ['v1', 1, 'on-host', 'software'],
      ['v2', 1, 'off-host', 'hardware'],
    ]);
    expect(g[0].warning).toBe('N1 has no VSS hardware provider: the Microsoft Software Shadow Copy provider takes the snapshot of C:\\ClusterStorage\\Volume1, which cannot leave the host — processed on-host');
    expect(g[0].departures.map((d) => [d.kind, d.reason])).toEqual([
      ['software-provider', g[0].warning],
      ['failover-on-host', g[0].warning],
    ]);
    expect(g[3].departures).toEqual([]);
    // regardless of the job's failover to on-host: the proxy could not read a software shadow copy anyway
    expect(planSnapshots(job({ ...auto, failoverToOnHost: false }), noHw, [cand('p1', ['v1'])], vss(true))[0].mode).toBe('on-host');
  });

  it('off-host with failover to the software provider off: those VMs cannot be processed', () => {
    const g = planSnapshots(job(auto, { vmIds: ['vm0'] }), noHw, [cand('p1', ['v1'])], vss(false));
    expect(g[0]).toMatchObject({ mode: 'none', failReason: 'N1 has no VSS hardware provider for C:\\ClusterStorage\\Volume1, and failover to the software provider is off for it' });
  });

  it('on-host: the software provider is the ordinary case, no warning', () => {
    const g = planSnapshots(job({ mode: 'on-host', proxySelection: 'automatic', pinnedProxyIds: [], failoverToOnHost: true }, { vmIds: ['vm0', 'vm1', 'vm2', 'vm3', 'vm4'] }), noHw, [], vss(false));
    expect(g.map((x) => [x.vmIds.length, x.mode, x.provider, x.warning])).toEqual([
      [4, 'on-host', 'software', null],
      [1, 'on-host', 'software', null],
    ]);
    expect(g.flatMap((x) => x.departures)).toEqual([]);
  });
});
