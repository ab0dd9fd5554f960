import { describe, expect, it } from 'vitest';
import { JobSpec, type Inventory, type Proxy } from '../../../src-shared/domain';
import { planSnapshots, type ProxyCandidate } from './plan';

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
const proxy = (id: string, maxTasks: number): Proxy => ({ id, serverId: id, name: id.toUpperCase(), description: '', maxTasks, throttleMBps: 0, connectedVolumes: { mode: 'automatic' }, tasksInUse: 0, eligibleVolumeIds: [], status: 'ready', lastCheckAt: '', createdAt: '' });
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
    const h = planSnapshots(job({ ...auto, failoverToOnHost: false }, { vmIds: ['vm9'] }), inv, []);
    expect(h[0]).toMatchObject({ mode: 'none', failReason: expect.stringMatching(/no off-host proxy is configured/) });
  });
  it('only uses pinned proxies when pinned', () => {
    const g = planSnapshots(job({ ...auto, proxySelection: 'pinned', pinnedProxyIds: ['p2'] }, { vmIds: ['vm0'] }), inv, [cand('p1', ['v1']), cand('p2', [], 0)]);
    expect(g[0].mode).toBe('on-host');
    expect(g[0].warning).toMatch(/P2: cannot serve/);
  });
});
