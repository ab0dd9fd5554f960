// Change-tracked incrementals end to end on a real lab: the service, the orchestrator, the lab's RCT journal,
// the proxy's agent (off-host) or the in-process mover (on-host), the repository, restore and verify.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSpec, SessionView } from '../../../src-shared/domain';
import type { ParamsOf } from '../../../src-shared/contract/methods';
import { openDisk } from '../vhdx';
import { liveDiskPath } from '../platform/lab/lab-layout';
import { readLabState } from '../platform/lab/lab-state';
import { rctFile } from '../platform/lab/rct-journal';
import { addProxy, removeDir, startLabService, waitSession, waitTask, type LabHarness } from '../../testing/lab-service';
import { logText } from '../../testing/session-log';

const KiB = 1024;
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const offHost = { mode: 'off-host' as const, proxySelection: 'automatic' as const, pinnedProxyIds: [], failoverToOnHost: false };

let h: LabHarness;
beforeAll(async () => {
  h = await startLabService();
  await addProxy(h.client, 'proxy01', 4);
});
afterAll(async () => {
  await h.close();
  removeDir(h.dir);
});

const lab = () => {
  const l = h.service.engine.lab;
  if (!l) throw new Error('no lab');
  return l;
};

async function createJob(name: string, spec: Partial<ParamsOf<'jobs.create'>>) {
  return h.client.call('jobs.create', { name, repositoryId: 'repo-default', processing: offHost, vmIds: [], ...spec });
}

async function run(jobId: string, activeFull?: boolean): Promise<{ session: SessionView; log: string[]; ms: number }> {
  const t0 = Date.now();
  const { sessionId } = await h.client.call('jobs.start', activeFull === undefined ? { id: jobId } : { id: jobId, activeFull });
  const session = await waitSession(h.client, sessionId);
  const ms = Date.now() - t0;
  const { log } = await h.client.call('sessions.get', { id: sessionId });
  expect(session.result, `${session.reason}\n${logText(log, session.vms).join('\n')}`).toBe('Success');
  return { session, log: logText(log, session.vms), ms };
}

/** The live disk as the guest sees it now: with nothing else writing, exactly what the next snapshot holds. */
async function liveImage(vmId: string, diskIndex: number): Promise<Buffer> {
  const state = readLabState(h.dir);
  const vm = state?.topology.vms.find((v) => v.id === vmId);
  if (!state || !vm) throw new Error(`no lab VM ${vmId}`);
  const disk = await openDisk(liveDiskPath(h.dir, state.topology, vm, diskIndex));
  try {
    return await disk.read(0, disk.virtualSize);
  } finally {
    await disk.close();
  }
}

async function restoreRaw(pointId: string, vmId: string, diskIndex: number): Promise<Buffer> {
  const out = join(h.dir, `restore-${pointId}-${vmId}-${diskIndex}.raw`);
  const { taskId } = await h.client.call('restorePoints.restore', { id: pointId, vmId, diskIndex, format: 'raw', outPath: out });
  const t = await waitTask(h.client, taskId);
  expect(t.state, t.error?.message).toBe('succeeded');
  const bytes = readFileSync(out);
  rmSync(out);
  return bytes;
}

async function verify(pointId: string): Promise<void> {
  const { taskId } = await h.client.call('restorePoints.verify', { id: pointId });
  const t = await waitTask(h.client, taskId);
  expect(t.state, t.error?.message).toBe('succeeded');
  expect(t.result).toMatchObject({ ok: true });
}

/** The ids of a disk's lab RCT journal, oldest first. */
const journalIds = (vmId: string, diskIndex: number): string[] =>
  (JSON.parse(readFileSync(rctFile(h.dir, vmId, diskIndex), 'utf8')) as { refs: Array<{ id: string }> }).refs.map((r) => r.id);
const newestPoint = async (jobId: string) => (await h.client.call('restorePoints.list', { jobId }))[0];
const kinds = (s: SessionView) => Object.fromEntries(s.vms.map((v) => [v.vmId, v.backupKind]));
const vmRead = (s: SessionView, vmId: string) => s.vms.find((v) => v.vmId === vmId)?.bytesRead;

describe('change-tracked incrementals', () => {
  it('reads every disk in full first, then only the changed blocks; the incremental restores byte for byte', async () => {
    // DC01 and SQL01 run (they keep writing during backups), WEB02 is off; off-host through the proxy's agent.
    const job = await createJob('Incr', { vmIds: ['vm-dc01', 'vm-sql01', 'vm-web02'], blockSize: '256K' });
    const first = await run(job.id);
    expect(kinds(first.session)).toEqual({ 'vm-dc01': 'full', 'vm-sql01': 'full', 'vm-web02': 'full' });
    expect(first.log).toContainEqual(expect.stringMatching(/^info: \[DC01\] Disk 0 full: first run of the job$/));
    const p1 = await newestPoint(job.id);
    expect(p1.disks.map((d) => d.kind)).toEqual(['full', 'full', 'full', 'full']);

    // The guest rewrites ~1 % of DC01's disk in 64 KiB pieces spread over it.
    const written = await lab().guestWrite('vm-dc01', 0, 1);
    expect(written).toBeGreaterThanOrEqual(640 * KiB);
    const expected = { dc01: await liveImage('vm-dc01', 0), web02: await liveImage('vm-web02', 0), sql01: await liveImage('vm-sql01', 1) };

    const second = await run(job.id);
    expect(kinds(second.session)).toEqual({ 'vm-dc01': 'incremental', 'vm-sql01': 'incremental', 'vm-web02': 'incremental' });
    expect(second.log).toContainEqual(expect.stringMatching(/^info: \[DC01\] Disk 0 incremental: \d+ changed range\(s\), [\d.]+ [KM]iB of 64\.0 MiB \(since RCT reference lab-rct-vm-dc01-0-/));
    // Bound: every piece written lands in its own 256 KiB cell, plus the background bursts the two running guests
    // made after the first snapshot's copy (2 × 64 KiB twice per session on disk 0). Their bursts after this
    // session's copy are not in the snapshot and belong to the next increment.
    const pieces = written / (64 * KiB);
    const bound = pieces * 256 * KiB + 2 * 4 * 256 * KiB;
    console.log(`[incremental] full: ${first.session.stats.bytesRead} B read in ${first.ms} ms; incremental: ${second.session.stats.bytesRead} B read in ${second.ms} ms (bound ${bound})`);
    expect(second.session.stats.bytesRead).toBeLessThanOrEqual(bound);
    expect(second.session.stats.bytesRead * 3).toBeLessThan(first.session.stats.bytesRead);
    expect(vmRead(second.session, 'vm-web02')).toBe(0); // off: nothing changed, nothing read

    const p2 = await newestPoint(job.id);
    expect(p2.id).not.toBe(p1.id);
    expect(p2.disks.map((d) => d.kind)).toEqual(['incremental', 'incremental', 'incremental', 'incremental']);
    expect((await restoreRaw(p2.id, 'vm-dc01', 0)).equals(expected.dc01)).toBe(true);
    expect((await restoreRaw(p2.id, 'vm-web02', 0)).equals(expected.web02)).toBe(true);
    expect((await restoreRaw(p2.id, 'vm-sql01', 1)).equals(expected.sql01)).toBe(true);
    await verify(p2.id);
    // The first point is untouched by the second.
    await verify(p1.id);
  });

  it('an active full day reads in full once, with the reason logged; the next run that day is incremental again', async () => {
    const today = DAYS[new Date().getDay()];
    const job = await createJob('ActiveFullDay', { vmIds: ['vm-web02'], processing: { mode: 'on-host' } });
    await run(job.id);
    await h.client.call('jobs.update', { id: job.id, spec: { ...job.spec, activeFull: { kind: 'weekly', days: [today] } } as JobSpec });
    // A full from today already exists (the first run): the schedule does not ask for a second one.
    const sameDay = await run(job.id);
    expect(kinds(sameDay.session)).toEqual({ 'vm-web02': 'incremental' });

    // Backdate the job's points to yesterday: today is then an active full day without its full yet.
    const store = h.service.engine.store;
    for (const p of store.listRestorePoints(job.id)) store.putRestorePoint({ ...p, createdAt: new Date(Date.parse(p.createdAt) - 36 * 3_600_000).toISOString() });
    const activeDay = await run(job.id);
    expect(kinds(activeDay.session)).toEqual({ 'vm-web02': 'full' });
    expect(activeDay.log).toContainEqual(`info: [WEB02] Disk 0 full: active full day (weekly on ${today})`);
    expect(activeDay.session.stats.bytesRead).toBeGreaterThan(0);
    expect((await newestPoint(job.id)).disks[0].kind).toBe('full');
    const after = await run(job.id);
    expect(kinds(after.session)).toEqual({ 'vm-web02': 'incremental' });
  });

  it('"Active full" from the console (jobs.start activeFull) reads in full and starts a new chain', async () => {
    const job = await createJob('ActiveFullNow', { vmIds: ['vm-web02'] });
    await run(job.id);
    const forced = await run(job.id, true);
    expect(kinds(forced.session)).toEqual({ 'vm-web02': 'full' });
    expect(forced.log).toContain('info: Active full: every disk is read in full, a new backup chain starts');
    expect(forced.log).toContain('info: [WEB02] Disk 0 full: active full requested');
    const next = await run(job.id);
    expect(kinds(next.session)).toEqual({ 'vm-web02': 'incremental' });
  });

  it('change tracking off in the job reads in full (a warning line, not a warning session); on again, the chain restarts with a full', async () => {
    const job = await createJob('NoCbt', { vmIds: ['vm-web02'], changeTracking: false });
    await run(job.id);
    const off = await run(job.id);
    expect(kinds(off.session)).toEqual({ 'vm-web02': 'full' });
    expect(off.log).toContain('warning: [WEB02] Disk 0 full: change tracking is off in the job');
    await h.client.call('jobs.update', { id: job.id, spec: { ...job.spec, changeTracking: true } as JobSpec });
    const on = await run(job.id);
    expect(kinds(on.session)).toEqual({ 'vm-web02': 'full' });
    expect(on.log).toContainEqual(expect.stringMatching(/^warning: \[WEB02\] Disk 0 full: the previous restore point .* has no change-tracking reference$/));
    expect(kinds((await run(job.id)).session)).toEqual({ 'vm-web02': 'incremental' });
  });

  it('a broken chain (RCT journal reset, block size changed) reads in full and says why; the other VMs stay incremental', async () => {
    const job = await createJob('Break', { vmIds: ['vm-app01', 'vm-app02'], processing: { mode: 'on-host' } });
    await run(job.id);
    rmSync(rctFile(h.dir, 'vm-app01', 0));
    const reset = await run(job.id);
    expect(kinds(reset.session)).toEqual({ 'vm-app01': 'full', 'vm-app02': 'incremental' });
    expect(reset.log).toContainEqual(expect.stringMatching(/^warning: \[APP01\] Disk 0 full: RCT reference lab-rct-vm-app01-0-\S+ is gone \(change tracking was reset/));
    expect(reset.session.result).toBe('Success');
    const p = await newestPoint(job.id);
    expect(Object.fromEntries(p.disks.map((d) => [d.vmId, d.kind]))).toEqual({ 'vm-app01': 'full', 'vm-app02': 'incremental' });
    expect(kinds((await run(job.id)).session)).toEqual({ 'vm-app01': 'incremental', 'vm-app02': 'incremental' });

    await h.client.call('jobs.update', { id: job.id, spec: { ...job.spec, blockSize: '4M' } as JobSpec });
    const grid = await run(job.id);
    expect(kinds(grid.session)).toEqual({ 'vm-app01': 'full', 'vm-app02': 'full' });
    expect(grid.log).toContain('warning: [APP01] Disk 0 full: the job\'s block size changed (1.0 MiB → 4.0 MiB)');
  });

  it('a session that makes no restore point deletes the references it took; the previous base stays and the next run is incremental', async () => {
    const job = await createJob('NoPoint', { vmIds: ['vm-web01'], retries: { count: 0, intervalSec: 0 } });
    await run(job.id);
    const before = journalIds('vm-web01', 0);
    lab().faults.inject('import');
    const { sessionId } = await h.client.call('jobs.start', { id: job.id });
    const failed = await waitSession(h.client, sessionId);
    expect(failed.result).toBe('Failed');
    // the failed snapshot's references are gone again; the base of the job's point stays
    expect(before).toHaveLength(1);
    expect(journalIds('vm-web01', 0)).toEqual(before);
    expect(kinds((await run(job.id)).session)).toEqual({ 'vm-web01': 'incremental' });
  });

  it('retention keeps the chain usable: full, incremental, incremental with keep-last 1, then verify and restore the newest (crash-consistent)', async () => {
    const job = await createJob('Retain', { vmIds: ['vm-file01'], retention: { keepLast: 1 }, applicationConsistent: false, processing: { mode: 'on-host' } });
    await run(job.id);
    // like Hyper-V after a backup: one reference per disk stays, the base of the job's next incremental
    const [base1] = journalIds('vm-file01', 0);
    expect(journalIds('vm-file01', 0)).toEqual([base1]);
    await lab().guestWrite('vm-file01', 1, 3);
    const second = await run(job.id);
    expect(kinds(second.session)).toEqual({ 'vm-file01': 'incremental' });
    // the first point's base is no one's base any more: deleted (one per disk); the new base stays
    const [base2] = journalIds('vm-file01', 0);
    expect(base2).not.toBe(base1);
    expect(journalIds('vm-file01', 0)).toEqual([base2]);
    expect(second.log).toContain('info: FILE01: deleted 2 old change-tracking reference point(s) that no backup needs any more');
    await lab().guestWrite('vm-file01', 0, 1);
    await lab().guestWrite('vm-file01', 1, 1);
    const expected = [await liveImage('vm-file01', 0), await liveImage('vm-file01', 1)];
    const third = await run(job.id);
    expect(kinds(third.session)).toEqual({ 'vm-file01': 'incremental' });
    expect(third.log).toContainEqual(expect.stringMatching(/^info: Retention \(keep last 1\): removed 1 older restore point/));
    expect(journalIds('vm-file01', 0)).not.toContain(base2);
    expect(journalIds('vm-file01', 0)).toHaveLength(1);
    expect(third.log).toContainEqual(expect.stringMatching(/^info: Repository cleanup: \d+ unreferenced chunk/));
    const points = await h.client.call('restorePoints.list', { jobId: job.id });
    expect(points).toHaveLength(1);
    await verify(points[0].id);
    expect((await restoreRaw(points[0].id, 'vm-file01', 0)).equals(expected[0])).toBe(true);
    expect((await restoreRaw(points[0].id, 'vm-file01', 1)).equals(expected[1])).toBe(true);
    // and the chain goes on from the only point left
    expect(kinds((await run(job.id)).session)).toEqual({ 'vm-file01': 'incremental' });
  });
});
