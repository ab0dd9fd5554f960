// Orchestrator rules admins rely on: retries, graceful vs immediate stop, task slots, backup window, schedules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { SessionView } from '../../../src-shared/domain';
import { addProxy, removeDir, startLabService, waitSession, type LabHarness } from '../../testing/lab-service';
import { logText } from '../../testing/session-log';

let h: LabHarness;
const offHost = { mode: 'off-host' as const, proxySelection: 'automatic' as const, pinnedProxyIds: [], failoverToOnHost: false };
beforeAll(async () => {
  h = await startLabService();
  await addProxy(h.client, 'proxy01', 1);
});
afterAll(async () => {
  await h.close();
  removeDir(h.dir);
});

const create = (name: string, vmIds: string[], extra: object = {}) =>
  h.client.call('jobs.create', { name, vmIds, repositoryId: 'repo-default', processing: offHost, ...extra });

describe('orchestrator rules', () => {
  it('retries a failed VM and succeeds on the retry, with the retry in the log', async () => {
    const job = await create('Retry', ['vm-dc01'], { retries: { count: 2, intervalSec: 0 } });
    h.service.engine.lab!.faults.inject('import');
    const s = await waitSession(h.client, (await h.client.call('jobs.start', { id: job.id })).sessionId);
    expect(s.result, s.reason).toBe('Success');
    const log = (await h.client.call('sessions.get', { id: s.id })).log.map((l) => l.text);
    expect(log.some((t) => t.startsWith('Retry 1 of 2 for 1 failed VM(s)'))).toBe(true);
    expect(s.snapshots.map((x) => x.stage)).toEqual(['deleted', 'deleted']);
  });

  it('a retry starts the VM afresh: a failed attempt\'s backup kind and consistency do not stick to it', async () => {
    const job = await create('RetryFresh', ['vm-dc01'], { retries: { count: 1, intervalSec: 0 } });
    const lab = h.service.engine.lab!;
    // Attempt 1 snapshots (application-consistent) and starts a full read that fails; the retry's snapshot fails.
    lab.faults.inject('read');
    const createSnapshot = lab.createSnapshot.bind(lab);
    let creates = 0;
    lab.createSnapshot = async (req, log) => {
      if (++creates === 2) throw new FerryError(ErrorCode.SnapshotFailed, 'lab: the host refused the retry\'s snapshot');
      return createSnapshot(req, log);
    };
    try {
      const s = await waitSession(h.client, (await h.client.call('jobs.start', { id: job.id })).sessionId);
      const log = logText((await h.client.call('sessions.get', { id: s.id })).log, s.vms, false);
      expect(log.some((t) => t.startsWith('Retry 1 of 1 for 1 failed VM(s)'))).toBe(true);
      expect(log).toContainEqual(expect.stringMatching(/^\[DC01\] Disk 0 full: /));
      expect(s.result).toBe('Failed');
      expect(s.vms.map((v) => [v.vmId, v.status, v.backupKind, v.consistency])).toEqual([['vm-dc01', 'Failed', null, null]]);
    } finally {
      lab.createSnapshot = createSnapshot;
    }
  });

  it('sessions.retry starts a new session for only the failed VMs', async () => {
    const job = await create('RetryLater', ['vm-dc01', 'vm-web01'], { retries: { count: 0, intervalSec: 0 } });
    h.service.engine.lab!.faults.inject('create', { target: 'vol-hv02-e' });
    const s = await waitSession(h.client, (await h.client.call('jobs.start', { id: job.id })).sessionId);
    expect(s.result).toBe('Failed');
    expect(s.vms.find((v) => v.vmId === 'vm-web01')?.status).toBe('Failed');
    const again = await waitSession(h.client, (await h.client.call('sessions.retry', { id: s.id })).sessionId);
    expect(again.result).toBe('Success');
    expect(again.vms.map((v) => v.vmId)).toEqual(['vm-web01']);
  });

  it('graceful stop lets in-flight VMs finish into the restore point; the rest is not processed', async () => {
    const job = await create('Graceful', ['vm-dc01', 'vm-web01'], { retries: { count: 0, intervalSec: 0 } });
    const lab = h.service.engine.lab!;
    const expose = lab.exposeSnapshot.bind(lab);
    const { sessionId } = await h.client.call('jobs.start', { id: job.id });
    let stopped = false;
    // while the VMs in flight finish, the session says it is stopping (the console shows "Stopping…")
    let whileStopping: SessionView | null = null;
    lab.exposeSnapshot = async (snap, server, log) => {
      if (!stopped) {
        stopped = true;
        await h.client.call('sessions.stop', { id: sessionId, mode: 'graceful' });
        whileStopping = (await h.client.call('sessions.get', { id: sessionId })).session;
      }
      return expose(snap, server, log);
    };
    const s = await waitSession(h.client, sessionId);
    lab.exposeSnapshot = expose;
    expect(s.result).toBe('Stopped');
    expect(whileStopping).toMatchObject({ result: 'Running', stopping: { mode: 'graceful', reason: 'Stopped by the user' } });
    expect(s.stopping?.mode).toBe('graceful');
    const done = s.vms.filter((v) => v.status === 'Success');
    expect(done.length).toBeGreaterThanOrEqual(1);
    expect(s.vms.filter((v) => v.status !== 'Success').map((v) => v.status)).not.toContain('Failed');
    // every VM that ran has its own processing time
    for (const v of done) expect(Date.parse(v.endedAt!)).toBeGreaterThanOrEqual(Date.parse(v.startedAt!));
    const points = await h.client.call('restorePoints.list', { jobId: job.id });
    expect(points[0].disks.map((d) => d.vmId).sort()).toEqual(done.map((v) => v.vmId).sort());
    expect(lab.snapshotsOnSan()).toEqual([]);
  });

  it('the VMs a graceful stop leaves out are Stopped, not failed, and a retry processes them', async () => {
    const job = await create('GracefulEarly', ['vm-dc01', 'vm-web01'], { retries: { count: 0, intervalSec: 0 } });
    const lab = h.service.engine.lab!;
    const inventory = lab.inventory.bind(lab);
    let sessionId = '';
    // the stop arrives while the session reads the inventory: no snapshot has been planned yet
    lab.inventory = async () => {
      lab.inventory = inventory;
      while (!sessionId) await new Promise((r) => setTimeout(r, 5)); // jobs.start has not answered yet
      await h.client.call('sessions.stop', { id: sessionId, mode: 'graceful' });
      return inventory();
    };
    sessionId = (await h.client.call('jobs.start', { id: job.id })).sessionId;
    const s = await waitSession(h.client, sessionId);
    lab.inventory = inventory;
    expect(s.result).toBe('Stopped');
    expect(s.vms.map((v) => [v.vmId, v.status, v.message])).toEqual([
      ['vm-dc01', 'Stopped', 'Not processed: Stopped by the user'],
      ['vm-web01', 'Stopped', 'Not processed: Stopped by the user'],
    ]);
    const again = await waitSession(h.client, (await h.client.call('sessions.retry', { id: s.id })).sessionId);
    expect(again.vms.map((v) => v.vmId)).toEqual(['vm-dc01', 'vm-web01']);
    expect(again.result).toBe('Success');
  });

  it('an immediate stop marks the VMs in flight Stopped, not Failed', async () => {
    const job = await create('Immediate', ['vm-dc01'], { retries: { count: 0, intervalSec: 0 } });
    const lab = h.service.engine.lab!;
    const expose = lab.exposeSnapshot.bind(lab);
    const { sessionId } = await h.client.call('jobs.start', { id: job.id });
    lab.exposeSnapshot = async (snap, server, log) => {
      const exposed = await expose(snap, server, log);
      await h.client.call('sessions.stop', { id: sessionId, mode: 'immediate' });
      return exposed;
    };
    const s = await waitSession(h.client, sessionId);
    lab.exposeSnapshot = expose;
    expect(s.result).toBe('Stopped');
    expect(s.vms.map((v) => v.status)).toEqual(['Stopped']);
    expect(s.vms[0].message).toMatch(/^Not (finished|processed): Stopped by the user$/);
    expect(s.vms[0].endedAt).not.toBeNull();
    expect(lab.snapshotsOnSan()).toEqual([]);
  });

  it('while its snapshot is imported and exposed, a VM says so (not "Creating snapshot")', async () => {
    const job = await create('Steps', ['vm-web02']);
    const lab = h.service.engine.lab!;
    const importSnapshot = lab.importSnapshot.bind(lab);
    const expose = lab.exposeSnapshot.bind(lab);
    const seen: string[] = [];
    let sessionId = '';
    const vmMessage = () => h.service.engine.orchestrator.liveView(sessionId)?.vms[0]?.message ?? '';
    lab.importSnapshot = async (...a: Parameters<typeof importSnapshot>) => (seen.push(vmMessage()), importSnapshot(...a));
    lab.exposeSnapshot = async (...a: Parameters<typeof expose>) => (seen.push(vmMessage()), expose(...a));
    try {
      sessionId = (await h.client.call('jobs.start', { id: job.id })).sessionId;
      expect((await waitSession(h.client, sessionId)).result).toBe('Success');
    } finally {
      lab.importSnapshot = importSnapshot;
      lab.exposeSnapshot = expose;
    }
    expect(seen).toEqual(['Importing the snapshot on PROXY01', 'Exposing the snapshot on PROXY01']);
  });

  it('never runs more disks at once on a proxy than its task slots (1 here)', async () => {
    const job = await create('Slots', ['vm-sql01', 'vm-file01']);
    const { sessionId } = await h.client.call('jobs.start', { id: job.id });
    let maxSeen = 0;
    const off = h.client.subscribe('session.state', sessionId, () => {
      maxSeen = Math.max(maxSeen, h.service.engine.orchestrator.tasksInUse(h.service.engine.store.listProxies()[0].id));
    });
    const s = await waitSession(h.client, sessionId);
    off();
    expect(s.result).toBe('Success');
    expect(maxSeen).toBe(1);
  });

  it('starts scheduled jobs when due, and skips them outside the backup window', async () => {
    const orch = h.service.engine.orchestrator;
    const job = await create('Scheduled', ['vm-web02'], { schedule: { kind: 'periodic', everyMinutes: 5 } });
    expect(job.nextRunAt).not.toBeNull();
    h.service.engine.store.putJob({ ...job, nextRunAt: new Date(Date.now() - 1000).toISOString() });
    const [sid] = orch.tick();
    expect(sid).toBeDefined();
    expect((await waitSession(h.client, sid)).result).toBe('Success');
    expect((await h.client.call('jobs.get', { id: job.id })).nextRunAt).not.toBeNull();

    const now = new Date();
    const outside = { enabled: true, start: pad(now.getHours() + 2), end: pad(now.getHours() + 3) };
    const w = await h.client.call('jobs.update', { id: job.id, spec: { ...job.spec, window: outside } });
    h.service.engine.store.putJob({ ...w, nextRunAt: new Date(Date.now() - 1000).toISOString() });
    expect(orch.tick()).toEqual([]);
  });
});

const pad = (hour: number) => `${String(hour % 24).padStart(2, '0')}:00`;
