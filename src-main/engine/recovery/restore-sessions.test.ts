// Restore sessions on a real lab service with agent processes: the restored disks equal the point (qemu-img
// compare against the same point restored like `ferry disk restore`), a VM restored to a new location has the
// saved configuration with its NICs mapped and starts; quick rollback writes back only what the guest changed;
// disks go to another VM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { removeDir, startLabService, waitSession, type LabHarness } from '../../testing/lab-service';
import { LabRestore } from '../platform/lab/lab-restore';

let h: LabHarness;
let lab: LabRestore;
const MiB = 1024 * 1024;

const repoPath = () => h.service.engine.store.listRepositories()[0].path;
/** The point's disk as `ferry disk restore --format raw` writes it. */
async function reference(pointId: string, diskKey: string): Promise<string> {
  const out = join(h.dir, `ref-${pointId}-${diskKey.replace('/', '-')}.raw`);
  if (!existsSync(out)) await h.service.engine.repos.read(repoPath(), (r) => r.restoreRaw(pointId, diskKey, out));
  return out;
}
const sameContent = (vhdx: string, raw: string) => execFileSync('qemu-img', ['compare', '-f', 'vhdx', '-F', 'raw', vhdx, raw], { encoding: 'utf8' });
const partials = (dir: string) => (existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String).filter((f) => f.includes('ferry-partial')) : []);

beforeAll(async () => {
  h = await startLabService();
  lab = new LabRestore(h.service.engine.lab!);
  const job = await h.client.call('jobs.create', { name: 'Apps', vmIds: ['vm-sql01', 'vm-web02'], repositoryId: 'repo-default', processing: { mode: 'on-host' } });
  expect((await waitSession(h.client, (await h.client.call('jobs.start', { id: job.id })).sessionId)).result).not.toBe('Failed');
}, 120_000);
afterAll(async () => {
  await h.close();
  removeDir(h.dir);
});

describe('restore sessions', () => {
  it('entire VM to a new host: disks equal the point, the saved configuration with NICs mapped, registered and started', async () => {
    const [point] = await h.client.call('restore.vmPoints', { vmId: 'vm-sql01' });
    const saved = (await h.client.call('restore.pointVm', { pointId: point.pointId, vmId: 'vm-sql01' })).config;
    const { sessionId } = await h.client.call('restore.startVm', {
      vms: [{ vmId: 'vm-sql01' }],
      mode: 'new',
      target: { serverId: 'hv02', networkMap: [{ sourceSwitch: 'vSwitch-Backup', targetSwitch: 'vSwitch-DMZ' }] },
      powerOn: true,
      reason: 'DR test',
    });
    const s = await waitSession(h.client, sessionId);
    expect(s).toMatchObject({ kind: 'restore', result: 'Success', jobName: 'Apps' });
    const facts = await h.client.call('restore.session', { id: sessionId });
    expect(facts).toMatchObject({ mode: 'new', reason: 'DR test', powerOn: true });
    expect(facts.items[0]).toMatchObject({ step: 'done', targetVmName: 'SQL01_restored', targetHostId: 'hv02', error: null });
    expect(facts.items[0].disks.map((d) => d.state)).toEqual(['Written', 'Written']);
    const inv = await h.client.call('inventory.get', {});
    const vm = inv.vms.find((v) => v.name === 'SQL01_restored');
    expect(vm).toMatchObject({ hostId: 'hv02', state: 'Running', id: facts.items[0].restoredVmId });
    expect(vm?.id).not.toBe('vm-sql01');
    expect(vm?.config).toMatchObject({ generation: saved?.generation, processorCount: saved?.processorCount, memory: saved?.memory, firmware: saved?.firmware });
    expect(vm?.config?.nics.map((n) => [n.switchName, n.macAddress])).toEqual([
      ['vSwitch-Prod', saved?.nics[0].macAddress],
      ['vSwitch-DMZ', saved?.nics[1].macAddress],
    ]);
    for (const d of vm?.disks ?? []) {
      expect(d.path).toMatch(/^E:\\Hyper-V\\SQL01_restored\\Virtual Hard Disks\\SQL01_restored(_disk1)?\.vhdx$/);
      sameContent(lab.moverPath('hv02', d.path), await reference(point.pointId, `vm-sql01/${d.index}`));
    }
    expect(partials(join(h.dir, 'lab'))).toEqual([]);
    // the data mover on the target host wrote it: its agent process (not the console) did the disk writes
    const log = (await h.client.call('sessions.get', { id: sessionId })).log.map((l) => l.text).join('\n');
    expect(log).toMatch(/Data mover: agent on HV02/);
  }, 120_000);

  it('original location with quick rollback: writes back only what changed; the disk equals the point again', async () => {
    const [point] = await h.client.call('restore.vmPoints', { vmId: 'vm-web02' });
    const changed = await h.service.engine.lab!.guestWrite('vm-web02', 0, 5);
    const { sessionId } = await h.client.call('restore.startVm', { vms: [{ vmId: 'vm-web02' }], mode: 'original' });
    expect((await waitSession(h.client, sessionId)).result).toBe('Success');
    const facts = await h.client.call('restore.session', { id: sessionId });
    expect(facts.items[0].quickRollback).toBe(true);
    expect(facts.bytesWritten).toBeGreaterThanOrEqual(changed);
    expect(facts.bytesWritten).toBeLessThan(changed * 1.5);
    expect(facts.bytesWritten).toBeLessThan(0.1 * 48 * MiB);
    const inv = await h.client.call('inventory.get', {});
    const web02 = inv.vms.find((v) => v.id === 'vm-web02');
    expect(web02?.state).toBe('Off');
    sameContent(lab.moverPath('hv02', web02!.disks[0].path), await reference(point.pointId, 'vm-web02/0'));
  }, 120_000);

  it('original location without quick rollback: the whole disk is replaced under a temp name, then swapped in', async () => {
    const [point] = await h.client.call('restore.vmPoints', { vmId: 'vm-web02' });
    await h.service.engine.lab!.guestWrite('vm-web02', 0, 3);
    const { sessionId } = await h.client.call('restore.startVm', { vms: [{ vmId: 'vm-web02' }], mode: 'original', quickRollback: false, powerOn: true });
    expect((await waitSession(h.client, sessionId)).result).toBe('Success');
    const facts = await h.client.call('restore.session', { id: sessionId });
    expect(facts.items[0].quickRollback).toBe(false);
    const web02 = (await h.client.call('inventory.get', {})).vms.find((v) => v.id === 'vm-web02');
    expect(web02?.state).toBe('Running');
    sameContent(lab.moverPath('hv02', web02!.disks[0].path), await reference(point.pointId, 'vm-web02/0'));
  }, 120_000);

  it('virtual disks to another VM (off): attached at a free SCSI location; and to a folder on a server', async () => {
    const [point] = await h.client.call('restore.vmPoints', { vmId: 'vm-sql01' });
    await h.client.call('restore.startVm', { vms: [{ vmId: 'vm-web02' }], mode: 'original' }).then((r) => waitSession(h.client, r.sessionId)); // web02 off again
    const { sessionId } = await h.client.call('restore.startDisks', { pointId: point.pointId, vmId: 'vm-sql01', diskIndexes: [1], target: { kind: 'other-vm', vmId: 'vm-web02' } });
    expect((await waitSession(h.client, sessionId)).result).toBe('Success');
    const web02 = (await h.client.call('inventory.get', {})).vms.find((v) => v.id === 'vm-web02');
    expect(web02?.disks).toHaveLength(2);
    expect(web02?.config?.disks[1]).toMatchObject({ controllerType: 'SCSI', controllerNumber: 0 });
    sameContent(lab.moverPath('hv02', web02!.disks[1].path), await reference(point.pointId, 'vm-sql01/1'));
    const folder = await h.client.call('restore.startDisks', { pointId: point.pointId, vmId: 'vm-sql01', diskIndexes: [0, 1], target: { kind: 'folder', serverId: 'proxy01', path: 'D:\\Restores' } });
    expect((await waitSession(h.client, folder.sessionId)).result).toBe('Success');
    const files = readdirSync(lab.moverPath('proxy01', 'D:\\Restores')).sort();
    expect(files).toEqual(['SQL01.vhdx', 'SQL01_disk1.vhdx']);
    sameContent(lab.moverPath('proxy01', 'D:\\Restores\\SQL01.vhdx'), await reference(point.pointId, 'vm-sql01/0'));
  }, 120_000);
});
