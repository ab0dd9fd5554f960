// A crash as the data folder holds it afterwards: a session still 'Running' in the store, its ledger rows, a
// snapshot still exposed on the proxy. A new service on the folder must clean the snapshot up and write the truth
// into that session; a retry of the interrupted active full then reads the VMs it did not finish in full.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionView, VmTaskView } from '../../../src-shared/domain';
import type { LabPlatform } from '../platform/lab/lab-platform';
import { Store } from '../store/store';
import { addProxy, removeDir, startLabService, waitSession, type LabHarness } from '../../testing/lab-service';
import { logText } from '../../testing/session-log';

const dir = mkdtempSync(join(tmpdir(), 'ferry-recovery-'));
const CRASHED = 's-crashed';
const EXPOSED = 'snap-crashed-exposed';
const PLANNED = 'snap-crashed-planned';
let h: LabHarness;
let jobId: string;
let crashedAt: string;

const vmRow = (vmId: string, vmName: string, status: VmTaskView['status'], message: string, progress: number): VmTaskView => ({
  vmId,
  vmName,
  status,
  progress,
  processingMode: 'off-host',
  proxyServerId: status === 'Pending' ? null : 'proxy01',
  bytesTotal: 64 * 1024 * 1024,
  bytesRead: 0,
  message,
  consistency: status === 'Pending' ? null : 'application',
  backupKind: status === 'Pending' ? null : 'full',
  departures: [],
  startedAt: null,
  endedAt: null,
});

beforeAll(async () => {
  h = await startLabService(dir);
  await addProxy(h.client);
  const job = await h.client.call('jobs.create', {
    name: 'Nightly',
    vmIds: ['vm-dc01', 'vm-sql01', 'vm-web01'],
    repositoryId: 'repo-default',
    processing: { mode: 'off-host', proxySelection: 'automatic', pinnedProxyIds: [], failoverToOnHost: false },
    retries: { count: 0, intervalSec: 0 },
  });
  jobId = job.id;
  // a first full: without "active full", the next run of these VMs would be an incremental
  const first = await waitSession(h.client, (await h.client.call('jobs.start', { id: jobId })).sessionId);
  expect(first.result).toBe('Success');

  // The crash: an active full was reading DC01 and SQL01 from a snapshot exposed on PROXY01 (real, on the lab SAN),
  // WEB01's snapshot was planned but never created; DC01 was done, no restore point written yet.
  const lab = h.service.engine.lab as LabPlatform;
  const quiet = () => undefined;
  const created = await lab.createSnapshot({ snapshotId: EXPOSED, hostId: 'hv01', volumeId: 'vol-hv01-d', vmIds: ['vm-dc01', 'vm-sql01'], applicationConsistent: true, provider: 'hardware' }, quiet);
  await lab.importSnapshot(created, 'proxy01', quiet);
  await lab.exposeSnapshot(created, 'proxy01', quiet);
  await h.close();

  crashedAt = new Date().toISOString();
  const store = new Store(join(dir, 'ferry.db'));
  const at = crashedAt;
  store.ledgerInsert({ snapshotId: EXPOSED, sessionId: CRASHED, volumeId: 'vol-hv01-d', hostId: 'hv01', exposedOn: 'proxy01', stage: 'exposed', shadowIds: created.shadowIds, createdAt: at, updatedAt: at });
  store.ledgerInsert({ snapshotId: PLANNED, sessionId: CRASHED, volumeId: 'vol-hv02-e', hostId: 'hv02', exposedOn: null, stage: 'planned', shadowIds: [], createdAt: at, updatedAt: at });
  const view: SessionView = {
    id: CRASHED,
    jobId,
    jobName: 'Nightly',
    result: 'Running',
    reason: '',
    startedBy: 'console',
    retryOf: null,
    activeFull: true,
    backupKind: 'full',
    interrupted: false,
    startedAt: at,
    endedAt: null,
    stopping: null,
    progress: 0.4,
    stats: { bytesRead: 0, bytesProcessed: 0, bytesTransferred: 0, ratePerSec: 0, dedupeRatio: 0, compressionRatio: 0, busy: { source: 0, proxy: 0, network: 0, target: 0, throttle: 0 }, bottleneck: null },
    vms: [vmRow('vm-dc01', 'DC01', 'Success', 'Success', 1), vmRow('vm-sql01', 'SQL01', 'Running', 'Reading disk 1', 0.5), vmRow('vm-web01', 'WEB01', 'Pending', 'Waiting for snapshot', 0)],
    snapshots: [
      {
        id: EXPOSED,
        volumeId: 'vol-hv01-d',
        volumePath: 'D:\\',
        hostId: 'hv01',
        proxyServerId: 'proxy01',
        vmIds: ['vm-dc01', 'vm-sql01'],
        provider: 'hardware',
        stage: 'exposed',
        history: (['planned', 'created', 'imported', 'exposed'] as const).map((stage) => ({ stage, at })),
        departures: [],
      },
      { id: PLANNED, volumeId: 'vol-hv02-e', volumePath: 'E:\\', hostId: 'hv02', proxyServerId: 'proxy01', vmIds: ['vm-web01'], provider: 'hardware', stage: 'planned', history: [{ stage: 'planned', at }], departures: [] },
    ],
    restorePointId: null,
  };
  store.putSession(view);
  store.appendLog(CRASHED, { seq: 1, at, level: 'info', vmId: null, text: 'Job Nightly started from the console (active full, off-host processing)' });
  store.appendLog(CRASHED, { seq: 2, at, level: 'info', vmId: 'vm-sql01', text: 'Reading disk 1' });
  store.close();

  h = await startLabService(dir); // start-up recovery runs before anything else
});
afterAll(async () => {
  await h.close();
  removeDir(dir);
});

describe('start-up recovery writes into the interrupted session', () => {
  it('the session is Failed and interrupted; its snapshots were released and deleted at start-up', async () => {
    const { session } = await h.client.call('sessions.get', { id: CRASHED });
    expect(session).toMatchObject({ result: 'Failed', interrupted: true, reason: 'Interrupted: Ferry stopped while this session was running' });
    expect(session.endedAt! >= crashedAt).toBe(true);
    for (const snap of session.snapshots) {
      expect(snap.stage).toBe('deleted');
      const cleanup = snap.history.slice(-2);
      expect(cleanup.map((x) => [x.stage, x.note, x.startupCleanup])).toEqual([
        ['released', 'cleaned up at start-up', true],
        ['deleted', 'cleaned up at start-up', true],
      ]);
      expect(cleanup.every((x) => x.at >= crashedAt)).toBe(true);
    }
    // and for real: nothing left on the SAN or open in the ledger
    expect((h.service.engine.lab as LabPlatform).snapshotsOnSan()).toEqual([]);
    expect(h.service.engine.store.ledgerOpen()).toEqual([]);
  });

  it('every VM has a final state: none is left running, and without a restore point none counts as backed up', async () => {
    const { session } = await h.client.call('sessions.get', { id: CRASHED });
    expect(session.vms.map((v) => [v.vmName, v.status, v.message])).toEqual([
      ['DC01', 'Failed', 'Interrupted: Ferry stopped before the restore point was written, so this VM is not backed up'],
      ['SQL01', 'Failed', 'Interrupted: Ferry stopped while this VM was being processed'],
      ['WEB01', 'Failed', 'Interrupted: Ferry stopped before this VM was processed'],
    ]);
  });

  it('the log goes on after the lines it had, saying what was interrupted and what was cleaned', async () => {
    const { session, log } = await h.client.call('sessions.get', { id: CRASHED });
    expect(log.map((l) => l.seq)).toEqual(log.map((_, i) => i + 1));
    expect(logText(log, session.vms).slice(2)).toEqual([
      'warning: Ferry stopped while this session was running: the session was ended at the next start and its snapshots were cleaned up',
      'warning: Snapshot of D:\\ (left exposed) cleaned up at start-up: dismounted and deleted on the storage',
      'warning: Snapshot of E:\\ (left planned) cleaned up at start-up: deleted on the storage',
      'error: [DC01] Interrupted: Ferry stopped before the restore point was written, so this VM is not backed up',
      'error: [SQL01] Interrupted: Ferry stopped while this VM was being processed',
      'error: [WEB01] Interrupted: Ferry stopped before this VM was processed',
      'error: Session ended: Failed. Interrupted: Ferry stopped while this session was running',
    ]);
  });

  it('a retry of the interrupted active full is an active full: every VM it did not finish is read in full', async () => {
    const { sessionId } = await h.client.call('sessions.retry', { id: CRASHED });
    const retry = await waitSession(h.client, sessionId);
    expect(retry).toMatchObject({ result: 'Success', activeFull: true, retryOf: CRASHED, backupKind: 'full', startedBy: 'console' });
    expect(retry.vms.map((v) => [v.vmName, v.backupKind])).toEqual([
      ['DC01', 'full'],
      ['SQL01', 'full'],
      ['WEB01', 'full'],
    ]);
    const { log } = await h.client.call('sessions.get', { id: sessionId });
    expect(logText(log, retry.vms)).toContain('info: [WEB01] Disk 0 full: active full requested');
    expect(log[0].text).toBe(`Job Nightly started from the console (retry of session ${CRASHED}, active full, off-host processing)`);
    // an ordinary run after it builds on it again
    const next = await waitSession(h.client, (await h.client.call('jobs.start', { id: jobId })).sessionId);
    expect(next).toMatchObject({ result: 'Success', activeFull: false, backupKind: 'incremental' });
  });
});
