// What a session records as typed facts for the console (never log text): where the time went under a proxy's
// traffic rule, how it departed from the job (throttled, failed over), who started it and what kind of run it was,
// and VM log lines that do not repeat the VM's name. Through the real service and the proxy's agent process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionView } from '../../../src-shared/domain';
import { addProxy, removeDir, startLabService, waitSession, type LabHarness } from '../../testing/lab-service';

let h: LabHarness;
let proxyId: string;
const offHost = { mode: 'off-host' as const, proxySelection: 'automatic' as const, pinnedProxyIds: [], failoverToOnHost: true };

beforeAll(async () => {
  h = await startLabService();
  proxyId = await addProxy(h.client);
});
afterAll(async () => {
  await h.close();
  removeDir(h.dir);
});

let jobs = 0;
async function run(vmIds: string[], activeFull = false): Promise<{ s: SessionView; jobId: string }> {
  const job = await h.client.call('jobs.create', { name: `F${++jobs}`, vmIds, repositoryId: 'repo-default', processing: offHost, retries: { count: 0, intervalSec: 0 } });
  const s = await waitSession(h.client, (await h.client.call('jobs.start', { id: job.id, activeFull })).sessionId);
  return { s, jobId: job.id };
}

describe('session facts', () => {
  it('a throttled active full: the wait on the traffic rule is the bottleneck, the VM says it was throttled', async () => {
    await h.client.call('proxies.update', { id: proxyId, throttleMBps: 8 });
    try {
      const { s } = await run(['vm-web01'], true);
      expect(s.result).toBe('Success');
      // ~8 MiB of data at 8 MB/s: nearly all of the disk task's time is the wait, not a component
      expect(s.stats.busy.throttle).toBeGreaterThan(40);
      expect(s.stats.busy.throttle).toBeGreaterThan(Math.max(s.stats.busy.source, s.stats.busy.proxy, s.stats.busy.target));
      expect(s.stats.bottleneck).toBe('Throttling');
      expect(s.vms[0].departures).toEqual([{ kind: 'throttled', reason: "Source reads capped at 8 MB/s by PROXY01's traffic rule (8 MB/s)" }]);
      expect(s.snapshots[0].departures).toEqual([]);
      expect(s).toMatchObject({ activeFull: true, backupKind: 'full', startedBy: 'console', retryOf: null, interrupted: false });
      const { log } = await h.client.call('sessions.get', { id: s.id });
      expect(log).toContainEqual(expect.objectContaining({ vmId: 'vm-web01', text: "Throttled by PROXY01's traffic rule (8 MB/s)" }));
    } finally {
      await h.client.call('proxies.update', { id: proxyId, throttleMBps: 0 });
    }
  });

  it('an unthrottled incremental names no throttling; the second run of a job is incremental', async () => {
    const first = await run(['vm-web02']);
    const second = await waitSession(h.client, (await h.client.call('jobs.start', { id: first.jobId })).sessionId);
    expect(first.s.backupKind).toBe('full');
    expect(second).toMatchObject({ result: 'Success', activeFull: false, backupKind: 'incremental' });
    expect(second.stats.busy.throttle).toBe(0);
    expect(second.stats.bottleneck).not.toBe('Throttling');
    expect(second.vms[0].departures).toEqual([]);
  });

  it('a failover to on-host is a fact on the snapshot and the VM, with the reason', async () => {
    await h.client.call('proxies.update', { id: proxyId, enabled: false });
    try {
      const { s } = await run(['vm-dc01']);
      const reason = 'Failed over to on-host backup: no eligible off-host proxy (proxy PROXY01 is disabled)';
      expect(s.result).toBe('Warning');
      expect(s.snapshots.map((x) => x.departures)).toEqual([[{ kind: 'failover-on-host', reason }]]);
      expect(s.vms[0].departures).toEqual([{ kind: 'failover-on-host', reason }]);
    } finally {
      await h.client.call('proxies.update', { id: proxyId, enabled: true });
    }
  });

  it("a VM's log lines carry its id, do not repeat its name and show no path of the lab's own folders", async () => {
    const { s } = await run(['vm-dc01']);
    const { log } = await h.client.call('sessions.get', { id: s.id });
    const mine = log.filter((l) => l.vmId === 'vm-dc01');
    expect(mine.map((l) => l.text)).toContain('Processed successfully');
    expect(mine.length).toBeGreaterThan(3);
    expect(mine.filter((l) => l.text.startsWith('DC01')).map((l) => l.text)).toEqual([]);
    // the disk as the admin knows it, on its host's volume; the snapshot where a Windows proxy mounts it
    expect(mine.map((l) => l.text)).toContain('Reading D:\\Hyper-V\\DC01\\Virtual Hard Disks\\DC01.vhdx (VHDX, 64 MiB) from the exposed snapshot');
    expect(log.filter((l) => l.text.includes(h.dir)).map((l) => l.text)).toEqual([]);
    expect(s.snapshots[0].history.find((x) => x.stage === 'exposed')?.note).toMatch(/^on PROXY01 at C:\\ProgramData\\Ferry\\mounts\\snap-/);
    expect(log.find((l) => l.seq === 1)?.text).toBe('Job F4 started from the console (off-host processing)');
  });
});
