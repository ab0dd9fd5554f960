// restore.* queries over a real lab service: the Backups view (job → VM → points, orphaned), the VM configuration
// every point keeps, restore targets with real free space and switches, and the plans' checks (nothing changes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FerryError } from '../../../src-shared/contract/errors';
import { removeDir, startLabService, waitSession, type LabHarness } from '../../testing/lab-service';

let h: LabHarness;
let jobId = '';
let orphanJobId = '';
const errorOf = async (p: Promise<unknown>) => p.then(() => null, (e: FerryError) => e.code);

beforeAll(async () => {
  h = await startLabService();
  const job = await h.client.call('jobs.create', { name: 'SQL', vmIds: ['vm-sql01', 'vm-web02'], repositoryId: 'repo-default', processing: { mode: 'on-host' } });
  jobId = job.id;
  for (let i = 0; i < 2; i++) expect((await waitSession(h.client, (await h.client.call('jobs.start', { id: job.id })).sessionId)).result).not.toBe('Failed');
  const gone = await h.client.call('jobs.create', { name: 'Old', vmIds: ['vm-dc01'], repositoryId: 'repo-default', processing: { mode: 'on-host' } });
  orphanJobId = gone.id;
  await waitSession(h.client, (await h.client.call('jobs.start', { id: gone.id })).sessionId);
  await h.client.call('jobs.delete', { id: gone.id, restorePoints: 'keep' });
}, 120_000);
afterAll(async () => {
  await h.close();
  removeDir(h.dir);
});

describe('restore queries', () => {
  it('Backups: job → VM → points newest first with kind, consistency, size; deleted jobs under orphaned', async () => {
    const b = await h.client.call('restore.backups', {});
    expect(b.jobs.map((j) => j.jobName)).toEqual(['SQL']);
    const sql = b.jobs[0].vms.find((v) => v.vmName === 'SQL01');
    expect(sql?.points).toHaveLength(2);
    expect(sql?.points.map((p) => p.kind)).toEqual(['incremental', 'full']);
    expect(sql?.points[0]).toMatchObject({ diskCount: 2, sizeBytes: 112 * 1024 * 1024, hasConfig: true, verified: null, consistency: 'application' });
    expect(b.orphaned).toEqual([expect.objectContaining({ jobId: orphanJobId, jobName: 'Old', jobDeleted: true })]);
    expect(b.orphaned[0].vms[0]).toMatchObject({ vmId: 'vm-dc01', inInventory: true });
    expect(jobId).toBe(b.jobs[0].jobId);
  });

  it('every point keeps the VM configuration the inventory shows', async () => {
    const inv = await h.client.call('inventory.get', {});
    const live = inv.vms.find((v) => v.id === 'vm-sql01');
    expect(live?.config).toMatchObject({ generation: expect.any(Number), processorCount: expect.any(Number) });
    expect(live?.config?.nics).toHaveLength(2);
    const [newest] = await h.client.call('restore.vmPoints', { vmId: 'vm-sql01' });
    const pv = await h.client.call('restore.pointVm', { pointId: newest.pointId, vmId: 'vm-sql01' });
    expect(pv.config).toEqual(live?.config);
    expect(pv).toMatchObject({ sourceHostId: 'hv01', sourceHostName: 'HV01', disks: [expect.objectContaining({ diskIndex: 0 }), expect.objectContaining({ diskIndex: 1 })] });
  });

  it('targets: hosts and clusters with paths, free space and switches', async () => {
    const targets = await h.client.call('restore.targets', {});
    const hv02 = targets.find((t) => t.serverId === 'hv02');
    expect(hv02).toMatchObject({ kind: 'hyperv-host', defaultPath: 'E:\\Hyper-V', switches: ['vSwitch-Prod', 'vSwitch-DMZ'], available: true });
    expect(hv02?.volumes[0].freeBytes).toBeGreaterThan(0);
    const clu = targets.find((t) => t.serverId === 'clu01');
    expect(clu?.defaultPath).toMatch(/^C:\\ClusterStorage\\Volume[12]\\Hyper-V$/);
    expect(targets.find((t) => t.serverId === 'proxy01')?.kind).toBe('windows-server');
  });

  it('plans: new location defaults, network mapping, and each blocker with its code', async () => {
    const plan = await h.client.call('restore.planVm', { vms: [{ vmId: 'vm-sql01' }], mode: 'new', target: { serverId: 'hv02', networkMap: [{ sourceSwitch: 'vSwitch-Backup', targetSwitch: null }] } });
    expect(plan.ok).toBe(true);
    expect(plan.items[0]).toMatchObject({ targetVmName: 'SQL01_restored', targetPath: 'E:\\Hyper-V\\SQL01_restored', targetHostId: 'hv02', newVmId: true });
    expect(plan.items[0].network).toEqual([
      { nicName: 'Network Adapter', sourceSwitch: 'vSwitch-Prod', targetSwitch: 'vSwitch-Prod' },
      { nicName: 'Backup Network', sourceSwitch: 'vSwitch-Backup', targetSwitch: null },
    ]);
    expect(plan.space[0]).toMatchObject({ volumePath: 'E:\\', neededBytes: 112 * 1024 * 1024, ok: true });
    const taken = await h.client.call('restore.planVm', { vms: [{ vmId: 'vm-sql01', newName: 'web01' }], mode: 'new', target: { serverId: 'hv02' } });
    expect(taken.blockers.map((b) => b.code)).toEqual(['E_VM_NAME_EXISTS']);
    const noSwitch = await h.client.call('restore.planVm', { vms: [{ vmId: 'vm-sql01' }], mode: 'new', target: { serverId: 'hv02', networkMap: [{ sourceSwitch: 'vSwitch-Prod', targetSwitch: 'Nope' }] } });
    expect(noSwitch.blockers.map((b) => b.code)).toEqual(['E_SWITCH_MISSING']);
    expect(await errorOf(h.client.call('restore.startVm', { vms: [{ vmId: 'vm-sql01', newName: 'WEB01' }], mode: 'new', target: { serverId: 'hv02' } }))).toBe('E_VM_NAME_EXISTS');
    expect(await errorOf(h.client.call('restore.planVm', { vms: [{ vmId: 'vm-sql01' }], mode: 'new' }))).toBe('E_INVALID_PARAMS');
  });

  it('original location: quick rollback writes only what the guest changed since the point', async () => {
    await h.service.engine.lab?.guestWrite('vm-sql01', 1, 5);
    const plan = await h.client.call('restore.planVm', { vms: [{ vmId: 'vm-sql01' }], mode: 'original' });
    expect(plan.ok).toBe(true);
    const [d0, d1] = plan.items[0].disks;
    expect(d1.quickRollback?.used).toBe(true);
    expect(d1.bytesToWrite).toBeGreaterThan(0.04 * 48 * 1024 * 1024);
    expect(d1.bytesToWrite).toBeLessThan(0.1 * 48 * 1024 * 1024);
    expect(d0.quickRollback?.used).toBe(true);
    expect(plan.items[0].originalVmState).toBe('Running');
  });
});
