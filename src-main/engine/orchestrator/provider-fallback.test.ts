// Guest processing and VSS provider rules on the real service over a fresh lab: hardware → software provider
// fallback (on-host, ≤ 4 VMs per snapshot), failover off, Hyper-V writer failures (require successful processing
// or crash-consistent), disabled proxies and the traffic-rule window. Every session leaves no snapshot behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionView } from '../../../src-shared/domain';
import { ensureLab } from '../platform/lab/create-lab';
import type { LabPlatform } from '../platform/lab/lab-platform';
import { addProxy, removeDir, startLabService, waitSession, waitTask, type LabHarness } from '../../testing/lab-service';
import { logText } from '../../testing/session-log';

let h: LabHarness;
let proxyId: string;
const dir = mkdtempSync(join(tmpdir(), 'ferry-provider-'));
const offHost = { mode: 'off-host' as const, proxySelection: 'automatic' as const, pinnedProxyIds: [], failoverToOnHost: false };
/** with 9 extra lab VMs, LOAD001, LOAD005 and LOAD009 join DC01 and SQL01 on HV01's D:\ */
const FIVE_ON_D = ['vm-dc01', 'vm-sql01', 'vm-load001', 'vm-load005', 'vm-load009'];

beforeAll(async () => {
  await ensureLab(dir, { extraVms: 9 });
  h = await startLabService(dir);
  proxyId = await addProxy(h.client, 'proxy01', 2);
});
afterAll(async () => {
  await h.close();
  removeDir(dir);
});

const lab = (): LabPlatform => h.service.engine.lab as LabPlatform;
let jobs = 0;
async function run(vmIds: string[], extra: object = {}): Promise<{ s: SessionView; jobId: string; log: string[] }> {
  const job = await h.client.call('jobs.create', { name: `J${++jobs}`, vmIds, repositoryId: 'repo-default', processing: offHost, retries: { count: 0, intervalSec: 0 }, ...extra });
  const s = await waitSession(h.client, (await h.client.call('jobs.start', { id: job.id })).sessionId);
  const log = logText((await h.client.call('sessions.get', { id: s.id })).log, s.vms);
  return { s, jobId: job.id, log };
}

/** Nothing left on the SAN or open in the ledger; every restore point of the job verifies. */
async function expectClean(jobId: string) {
  expect(lab().snapshotsOnSan()).toEqual([]);
  expect(h.service.engine.store.ledgerOpen()).toEqual([]);
  for (const p of await h.client.call('restorePoints.list', { jobId })) {
    const t = await waitTask(h.client, (await h.client.call('restorePoints.verify', { id: p.id })).taskId);
    expect(t.result?.ok, `restore point ${p.id} must verify`).toBe(true);
  }
}

/** The host's VSS settings as an admin sets them on the managed server (HV01 is a standalone host). */
function setHv01Failover(failoverToSoftwareProvider: boolean) {
  const store = h.service.engine.store;
  const now = new Date().toISOString();
  const current = store.getManagedServer('hv01') ?? { id: 'hv01', name: 'HV01', kind: 'hyperv-host' as const, description: '', credentialId: null, memberIds: [], addedAt: now, lastCheckAt: null, status: 'ok' as const, statusReason: '', vss: { failoverToSoftwareProvider: true, maxSnapshotsPerVolume: 4 } };
  store.putManagedServer({ ...current, vss: { ...current.vss, failoverToSoftwareProvider } });
}

const stages = (s: SessionView['snapshots'][number]) => s.history.map((x) => x.stage);
/** disks in VM and index order (the point lists them as they finished) */
const byDisk = <T extends { vmId: string; diskIndex: number }>(disks: T[]) => [...disks].sort((a, b) => a.vmId.localeCompare(b.vmId) || a.diskIndex - b.diskIndex);

describe('hardware → software VSS provider fallback', () => {
  it('the hardware provider fails on the volume: software snapshot, processed on-host, a Warning with the reason', async () => {
    lab().faults.inject('hw-provider', { target: 'vol-hv01-d' });
    const { s, jobId, log } = await run(['vm-dc01', 'vm-sql01']);

    expect(s.result, s.reason).toBe('Warning');
    expect(s.reason).toMatch(/^hardware VSS provider failed on D:\\: .*injected hw-provider fault.*; fell back to the Microsoft Software Shadow Copy provider — processed on-host$/);
    expect(s.vms.map((v) => [v.vmId, v.status, v.processingMode, v.proxyServerId, v.consistency])).toEqual([
      ['vm-dc01', 'Warning', 'on-host', null, 'application'],
      ['vm-sql01', 'Warning', 'on-host', null, 'application'],
    ]);
    expect(s.vms[0].message).toBe(s.reason);

    const [hw, sw] = s.snapshots;
    expect(s.snapshots).toHaveLength(2);
    expect(hw).toMatchObject({ provider: 'hardware', proxyServerId: 'proxy01', vmIds: ['vm-dc01', 'vm-sql01'], stage: 'deleted' });
    expect(stages(hw)).toEqual(['planned', 'failed', 'released', 'deleted']);
    expect(sw).toMatchObject({ provider: 'software', proxyServerId: null, hostId: 'hv01', vmIds: ['vm-dc01', 'vm-sql01'], stage: 'deleted' });
    // on-host: never imported on a proxy
    expect(stages(sw)).toEqual(['planned', 'created', 'exposed', 'released', 'deleted']);
    expect(sw.history[0].note).toBe(s.reason);

    expect(log).toContain(`warning: ${s.reason}`);
    expect(log).toContain(`warning: [DC01] ${s.reason}`);
    expect(log.some((l) => l.startsWith('info: D:\\: 2 VM(s) in one on-host snapshot on HV01 (Microsoft Software Shadow Copy provider)'))).toBe(true);

    const [point] = await h.client.call('restorePoints.list', { jobId });
    expect(byDisk(point.disks).map((d) => [d.vmId, d.diskIndex, d.consistency])).toEqual([
      ['vm-dc01', 0, 'application'],
      ['vm-sql01', 0, 'application'],
      ['vm-sql01', 1, 'application'],
    ]);
    await expectClean(jobId);
  });

  it('with failover to the software provider off for the host, the VMs fail with the reason', async () => {
    setHv01Failover(false);
    try {
      lab().faults.inject('hw-provider', { target: 'vol-hv01-d' });
      const { s, jobId } = await run(['vm-dc01', 'vm-sql01']);
      expect(s.result).toBe('Failed');
      for (const v of s.vms) {
        expect(v.status).toBe('Failed');
        expect(v.message).toMatch(/^hardware VSS provider failed on D:\\: .*; failover to the software provider is off for HV01$/);
      }
      expect(s.snapshots.map((x) => [x.provider, x.stage])).toEqual([['hardware', 'deleted']]);
      expect(await h.client.call('restorePoints.list', { jobId })).toEqual([]);
      await expectClean(jobId);
    } finally {
      setHv01Failover(true);
    }
  });

  it('five VMs of one volume fall back in software snapshots of at most 4', async () => {
    lab().faults.inject('hw-provider', { target: 'vol-hv01-d' });
    const { s, jobId } = await run(FIVE_ON_D);
    expect(s.result, s.reason).toBe('Warning');
    expect(s.snapshots.map((x) => [x.provider, x.vmIds.length, x.stage])).toEqual([
      ['hardware', 5, 'deleted'],
      ['software', 4, 'deleted'],
      ['software', 1, 'deleted'],
    ]);
    expect(s.vms.every((v) => v.status === 'Warning' && v.processingMode === 'on-host')).toBe(true);
    await expectClean(jobId);
  });

  it('a software snapshot cannot be imported on a proxy (lab platform refuses it with the reason)', async () => {
    const created = await lab().createSnapshot({ snapshotId: 'snap-sw-probe', hostId: 'hv01', volumeId: 'vol-hv01-d', vmIds: ['vm-dc01'], applicationConsistent: false, provider: 'software' }, () => undefined);
    try {
      expect(created.providerKind).toBe('software');
      await expect(lab().importSnapshot(created, 'proxy01', () => undefined)).rejects.toMatchObject({ code: 'E_IMPORT_FAILED', message: expect.stringMatching(/not transportable: it cannot be imported on PROXY01/) });
      await expect(lab().exposeSnapshot(created, 'proxy01', () => undefined)).rejects.toMatchObject({ message: expect.stringMatching(/cannot be exposed on PROXY01/) });
      expect((await lab().exposeSnapshot(created, 'hv01', () => undefined)).disks).toHaveLength(1);
    } finally {
      await lab().unexposeSnapshot('snap-sw-probe', 'hv01', () => undefined);
      await lab().deleteSnapshot('snap-sw-probe', () => undefined);
    }
    expect(lab().snapshotsOnSan()).toEqual([]);
  });
});

describe('guest processing: Hyper-V VSS writer failures', () => {
  it('with "require successful processing": that VM fails, its snapshot-mate is retaken and succeeds', async () => {
    lab().faults.inject('writer', { target: 'vm-sql01' });
    const { s, jobId, log } = await run(['vm-dc01', 'vm-sql01'], { requireSuccessfulProcessing: true });
    expect(s.result).toBe('Failed');
    const [dc, sql] = s.vms;
    expect([dc.status, dc.consistency, dc.processingMode]).toEqual(['Success', 'application', 'off-host']);
    expect(sql.status).toBe('Failed');
    expect(sql.message).toMatch(/^application-consistent processing failed: the Hyper-V VSS writer failed for SQL01 .*; the job requires successful processing$/);
    expect(s.snapshots.map((x) => [x.vmIds, stages(x).at(-1), stages(x).includes('failed')])).toEqual([
      [['vm-dc01', 'vm-sql01'], 'deleted', true],
      [['vm-dc01'], 'deleted', false],
    ]);
    expect(log).toContain(`error: [SQL01] ${sql.message}`);
    const [point] = await h.client.call('restorePoints.list', { jobId });
    expect(point.disks.map((d) => [d.vmId, d.consistency])).toEqual([['vm-dc01', 'application']]);
    await expectClean(jobId);
  });

  it('without it: that VM is backed up crash-consistent with a Warning, the point says so per disk', async () => {
    lab().faults.inject('writer', { target: 'vm-sql01' });
    const { s, jobId } = await run(['vm-dc01', 'vm-sql01']);
    expect(s.result).toBe('Warning');
    const [dc, sql] = s.vms;
    expect([dc.status, dc.consistency]).toEqual(['Success', 'application']);
    expect([sql.status, sql.consistency]).toEqual(['Warning', 'crash']);
    expect(sql.message).toMatch(/^application-consistent processing failed: .*; backed up crash-consistent$/);
    expect(s.snapshots.map((x) => [x.vmIds, x.stage])).toEqual([
      [['vm-dc01', 'vm-sql01'], 'deleted'],
      [['vm-dc01'], 'deleted'],
      [['vm-sql01'], 'deleted'],
    ]);
    expect(s.snapshots[2].history[0].note).toMatch(/^crash-consistent: application-consistent processing failed/);
    const [point] = await h.client.call('restorePoints.list', { jobId });
    expect(byDisk(point.disks).map((d) => [d.vmId, d.diskIndex, d.consistency])).toEqual([
      ['vm-dc01', 0, 'application'],
      ['vm-sql01', 0, 'crash'],
      ['vm-sql01', 1, 'crash'],
    ]);
    await expectClean(jobId);
  });

  it('the writer fails for the shared snapshot without naming a VM (as DiskShadow reports it): each VM is retaken alone, both stay application-consistent', async () => {
    lab().faults.inject('writer'); // no target: the set fails, no VM named
    const { s, jobId, log } = await run(['vm-dc01', 'vm-sql01']);
    expect(s.result).toBe('Success');
    expect(s.vms.map((v) => [v.vmId, v.status, v.consistency])).toEqual([
      ['vm-dc01', 'Success', 'application'],
      ['vm-sql01', 'Success', 'application'],
    ]);
    expect(s.snapshots.map((x) => [x.vmIds, stages(x).includes('failed')])).toEqual([
      [['vm-dc01', 'vm-sql01'], true],
      [['vm-dc01'], false],
      [['vm-sql01'], false],
    ]);
    expect(log).toContainEqual(expect.stringMatching(/the Hyper-V VSS writer failed for the snapshot of 2 VMs on .* without saying for which VM: each VM is retaken on its own to find it$/));
    await expectClean(jobId);
  });

  it('…and when one VM fails again on its own, that one (found by elimination) is backed up crash-consistent', async () => {
    lab().faults.inject('writer', { times: 2 }); // the set, then the first VM retaken alone
    const { s, jobId } = await run(['vm-dc01', 'vm-sql01']);
    expect(s.result).toBe('Warning');
    expect(s.vms.map((v) => [v.vmId, v.status, v.consistency])).toEqual([
      ['vm-dc01', 'Warning', 'crash'],
      ['vm-sql01', 'Success', 'application'],
    ]);
    expect(s.snapshots.map((x) => [x.vmIds, stages(x).includes('failed')])).toEqual([
      [['vm-dc01', 'vm-sql01'], true],
      [['vm-dc01'], true],
      [['vm-sql01'], false],
      [['vm-dc01'], false],
    ]);
    await expectClean(jobId);
  });

  it('a crash-consistent job records crash on its VMs and disks; no writer is involved', async () => {
    lab().faults.inject('writer', { target: 'vm-web01' });
    const { s, jobId } = await run(['vm-web01'], { applicationConsistent: false });
    expect(s.result).toBe('Success');
    expect(s.vms[0].consistency).toBe('crash');
    const [point] = await h.client.call('restorePoints.list', { jobId });
    expect(point.disks.map((d) => d.consistency)).toEqual(['crash']);
    lab().faults.clear();
    await expectClean(jobId);
  });
});

describe('proxy rules', () => {
  it('a disabled proxy is skipped by automatic selection and by pinning, with the reason', async () => {
    await h.client.call('proxies.update', { id: proxyId, enabled: false });
    try {
      const auto = await run(['vm-web01'], { processing: { ...offHost, failoverToOnHost: true } });
      expect(auto.s.result).toBe('Warning');
      expect(auto.s.vms[0]).toMatchObject({ processingMode: 'on-host', message: 'Failed over to on-host backup: no eligible off-host proxy (proxy PROXY01 is disabled)' });
      const pinned = await run(['vm-web01'], { processing: { ...offHost, proxySelection: 'pinned', pinnedProxyIds: [proxyId] } });
      expect(pinned.s.result).toBe('Failed');
      expect(pinned.s.vms[0].message).toBe('No eligible off-host proxy (proxy PROXY01 is disabled) and failover to on-host is off');
      expect(pinned.s.snapshots).toEqual([]);
    } finally {
      await h.client.call('proxies.update', { id: proxyId, enabled: true });
    }
    const again = await run(['vm-web01']);
    expect(again.s.vms[0]).toMatchObject({ status: 'Success', processingMode: 'off-host', proxyServerId: 'proxy01' });
  });

  it('the throttle applies inside its window only, followed by the proxy\'s agent while it reads', async () => {
    const now = new Date();
    const hh = (d: number) => `${String((now.getHours() + 24 + d) % 24).padStart(2, '0')}:00`;
    const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
    try {
      await h.client.call('proxies.update', { id: proxyId, throttleMBps: 500, throttleWindow: { days: [...days], start: hh(2), end: hh(3) } });
      const outside = await run(['vm-web02']);
      expect(outside.s.result).toBe('Success');
      expect(outside.log.some((l) => l.startsWith("info: [WEB02] Not throttled now: outside PROXY01's traffic rule (500 MB/s"))).toBe(true);
      expect(outside.log.some((l) => l.includes('Proxy traffic rule'))).toBe(false);
      await h.client.call('proxies.update', { id: proxyId, throttleWindow: { days: [...days], start: hh(-1), end: hh(2) } });
      const inside = await run(['vm-web02']);
      expect(inside.log.some((l) => l.startsWith("info: [WEB02] Throttled by PROXY01's traffic rule (500 MB/s"))).toBe(true);
      // the agent on the proxy got the window's spans and applies the cap itself
      expect(inside.log).toContainEqual(expect.stringMatching(/^info: \[WEB02\] Proxy traffic rule in force: source reads capped at 500 MB\/s until \d{4}-/));
    } finally {
      await h.client.call('proxies.update', { id: proxyId, throttleMBps: 0, throttleWindow: null });
    }
  });
});

describe('a host without a VSS hardware provider (from the inventory)', () => {
  const dir2 = mkdtempSync(join(tmpdir(), 'ferry-no-hw-'));
  let h2: LabHarness;
  beforeAll(async () => {
    await ensureLab(dir2);
    // HVC01 owns CSV1 and has no hardware provider: the lab's inventory says so
    const file = join(dir2, 'lab', 'lab.json');
    const state = JSON.parse(readFileSync(file, 'utf8')) as { topology: { hosts: Array<{ id: string; vssHardwareProvider: string | null }> } };
    for (const host of state.topology.hosts) if (host.id === 'hvc01') host.vssHardwareProvider = null;
    writeFileSync(file, JSON.stringify(state));
    h2 = await startLabService(dir2);
    await addProxy(h2.client, 'proxy01', 2);
  });
  afterAll(async () => {
    await h2.close();
    removeDir(dir2);
  });

  it('the plan shows the software/on-host consequence, and the session takes the software snapshot directly', async () => {
    const spec = { name: 'CSV1', vmIds: ['vm-app01', 'vm-app02'], repositoryId: 'repo-default', processing: offHost, retries: { count: 0, intervalSec: 0 } };
    const plan = await h2.client.call('jobs.plan', { spec });
    expect(plan).toEqual([
      expect.objectContaining({ volumePath: 'C:\\ClusterStorage\\Volume1', hostName: 'HVC01', mode: 'on-host', proxyName: null, warning: expect.stringMatching(/^HVC01 has no VSS hardware provider: the Microsoft Software Shadow Copy provider .* processed on-host$/) }),
    ]);
    const job = await h2.client.call('jobs.create', spec);
    const s = await waitSession(h2.client, (await h2.client.call('jobs.start', { id: job.id })).sessionId);
    expect(s.result).toBe('Warning');
    expect(s.reason).toBe(plan[0].warning);
    expect(s.snapshots.map((x) => [x.provider, x.proxyServerId, x.history.map((y) => y.stage), x.history[0].note])).toEqual([
      ['software', null, ['planned', 'created', 'exposed', 'released', 'deleted'], plan[0].warning],
    ]);
    expect(s.vms.map((v) => [v.status, v.processingMode])).toEqual([
      ['Warning', 'on-host'],
      ['Warning', 'on-host'],
    ]);
    expect((h2.service.engine.lab as LabPlatform).snapshotsOnSan()).toEqual([]);
    expect(h2.service.engine.store.ledgerOpen()).toEqual([]);
  });
});
