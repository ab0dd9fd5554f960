// A snapshot whose release failed does not wait for the next start: its ledger row records the failure, the
// clean-up is retried on a schedule with backoff (driven here with an injected "now"), before the next snapshot
// of the same volume, and on request — and a success is written into the session that took it.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionView } from '../../../src-shared/domain';
import { FerryError } from '../../../src-shared/contract/errors';
import type { LabPlatform } from '../platform/lab/lab-platform';
import { addProxy, removeDir, startLabService, waitSession, type LabHarness } from '../../testing/lab-service';
import { CLEANUP_RETRY_MINUTES, nextCleanupRetry } from './leftover-cleanup';

let h: LabHarness;
let jobId: string;
beforeAll(async () => {
  h = await startLabService();
  await addProxy(h.client);
  const job = await h.client.call('jobs.create', {
    name: 'Leftovers',
    vmIds: ['vm-dc01'],
    repositoryId: 'repo-default',
    processing: { mode: 'off-host', proxySelection: 'automatic', pinnedProxyIds: [], failoverToOnHost: false },
    retries: { count: 0, intervalSec: 0 },
  });
  jobId = job.id;
});
afterAll(async () => {
  await h.close();
  removeDir(h.dir);
});

const lab = () => h.service.engine.lab as LabPlatform;
const leftovers = () => h.service.engine.orchestrator.leftovers;
const minutesFrom = (iso: string, later: string) => (Date.parse(later) - Date.parse(iso)) / 60_000;
const run = async () => waitSession(h.client, (await h.client.call('jobs.start', { id: jobId })).sessionId);
const logOf = async (id: string) => (await h.client.call('sessions.get', { id })).log.map((l) => `${l.level}: ${l.text}`);
const sessionOf = async (id: string) => (await h.client.call('sessions.get', { id })).session;
const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e as FerryError).code);

/** A session whose delete fails once: the snapshot stays on the SAN, open in the ledger. */
async function sessionWithFailedDelete(): Promise<SessionView> {
  lab().faults.inject('delete');
  const s = await run();
  expect(s.result, s.reason).toBe('Warning');
  expect(s.reason).toMatch(/could not be released: .*injected delete fault.*retries the clean-up/);
  expect(lab().snapshotsOnSan()).toEqual([s.snapshots[0].id]);
  return s;
}

describe('the clean-up of a snapshot whose release failed', () => {
  it('backs off 2, 4, 8, 16, then every 30 minutes', () => {
    const t0 = new Date('2026-12-07T10:00:00Z');
    expect([1, 2, 3, 4, 5, 9].map((n) => (nextCleanupRetry(t0, n).getTime() - t0.getTime()) / 60_000)).toEqual([2, 4, 8, 16, 30, 30]);
    expect(CLEANUP_RETRY_MINUTES[0]).toBe(2);
  });

  it("the scheduler's tick asks for the due retries (every 15 s)", () => {
    const o = h.service.engine.orchestrator;
    o.stopScheduler();
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const due = vi.spyOn(o.leftovers, 'retryDue');
    try {
      o.startScheduler();
      vi.advanceTimersByTime(45_000);
      expect(due).toHaveBeenCalledTimes(3);
    } finally {
      o.stopScheduler();
      due.mockRestore();
      vi.useRealTimers();
      o.startScheduler();
    }
  });

  it('is a typed leftover at once, retried when due (not before), with backoff after a failed retry, then deleted', async () => {
    const s = await sessionWithFailedDelete();
    const snapId = s.snapshots[0].id;
    const [left] = await h.client.call('snapshots.leftovers', {});
    expect(left).toMatchObject({ snapshotId: snapId, sessionId: s.id, jobName: 'Leftovers', volumeId: 'vol-hv01-d', volumePath: 'D:\\', hostId: 'hv01', exposedOn: null, stage: 'released', attempts: 1 });
    expect(left.lastError).toMatch(/injected delete fault/);
    expect(minutesFrom(left.lastAttemptAt, left.nextRetryAt)).toBe(2);
    expect(left.since).toBe(left.lastAttemptAt);

    // not due yet: nothing is tried
    expect(await leftovers().retryDue(new Date(Date.parse(left.nextRetryAt) - 1000))).toEqual({ cleaned: [], failed: [] });
    expect(lab().snapshotsOnSan()).toEqual([snapId]);

    // due, and the storage refuses again: attempt 2, next retry 4 minutes later
    lab().faults.inject('delete', { target: snapId });
    const again = await leftovers().retryDue(new Date(Date.parse(left.nextRetryAt) + 1000));
    expect(again.failed).toMatchObject([{ snapshotId: snapId, error: expect.stringMatching(/injected delete fault/) }]);
    const [second] = await h.client.call('snapshots.leftovers', {});
    expect(second).toMatchObject({ attempts: 2, since: left.since });
    expect(minutesFrom(second.lastAttemptAt, second.nextRetryAt)).toBe(4);

    // due again: deleted, the ledger row closed, the session that took it says so
    expect(await leftovers().retryDue(new Date(Date.parse(second.nextRetryAt) + 1000))).toEqual({ cleaned: [snapId], failed: [] });
    expect(lab().snapshotsOnSan()).toEqual([]);
    expect(h.service.engine.store.ledgerOpen()).toEqual([]);
    expect(await h.client.call('snapshots.leftovers', {})).toEqual([]);
    const card = (await sessionOf(s.id)).snapshots[0];
    expect(card.stage).toBe('deleted');
    expect(card.history.at(-1)).toMatchObject({ stage: 'deleted', note: 'cleaned up by a scheduled retry', cleanupRetry: true });
    expect((await logOf(s.id)).at(-1)).toBe('warning: Snapshot of D:\\ (left released) cleaned up by a scheduled retry: deleted on the storage');
  });

  it('is cleaned up before the next session snapshots the same volume, and that session logs it', async () => {
    const s = await sessionWithFailedDelete();
    const snapId = s.snapshots[0].id;
    const next = await run();
    expect(next.result, next.reason).toBe('Success');
    const log = await logOf(next.id);
    expect(log).toContain(`warning: Snapshot ${snapId} of D:\\ (session ${s.id}, job Leftovers) is still on the storage since ${h.service.engine.store.ledgerGet(snapId)!.cleanup!.failedAt}: its release failed; cleaning it up before a new snapshot of this volume`);
    expect(log).toContain(`info: Snapshot ${snapId} of D:\\ (session ${s.id}, job Leftovers): dismounted and deleted`);
    // before the new snapshot was created
    expect(log.findIndex((l) => l.includes('dismounted and deleted'))).toBeLessThan(log.findIndex((l) => l.includes('Creating') || l.includes('shadow copy')));
    expect(lab().snapshotsOnSan()).toEqual([]);
    expect(h.service.engine.store.ledgerOpen()).toEqual([]);
    expect((await sessionOf(s.id)).snapshots[0].history.at(-1)).toMatchObject({ stage: 'deleted', note: 'cleaned up before the next snapshot of its volume', cleanupRetry: true });
  });

  it('a pre-session clean-up that fails again makes the new session a Warning; "Retry clean-up now" then deletes it', async () => {
    const s = await sessionWithFailedDelete();
    const snapId = s.snapshots[0].id;
    lab().faults.inject('delete', { target: snapId });
    const next = await run();
    expect(next.result).toBe('Warning');
    expect(next.reason).toMatch(new RegExp(`Snapshot ${snapId} of D:.* is still on the storage: its clean-up failed again \\(.*injected delete fault.*\\); Ferry retries it at `));
    expect(lab().snapshotsOnSan()).toEqual([snapId]); // the new session's own snapshot was released
    expect((await h.client.call('snapshots.leftovers', {})).map((l) => [l.snapshotId, l.attempts])).toEqual([[snapId, 2]]);

    expect(await codeOf(h.client.call('snapshots.retryCleanup', { snapshotId: 'snap-nope' }))).toBe('E_NOT_FOUND');
    expect(await h.client.call('snapshots.retryCleanup', { snapshotId: snapId })).toEqual({ cleaned: [snapId], failed: [] });
    expect(lab().snapshotsOnSan()).toEqual([]);
    expect(await h.client.call('snapshots.leftovers', {})).toEqual([]);
    expect((await sessionOf(s.id)).snapshots[0].history.at(-1)).toMatchObject({ note: 'cleaned up by "Retry clean-up now"' });
  });

  it('a failed dismount (unexpose) leaves it exposed on the proxy; the retry dismounts and deletes it', async () => {
    lab().faults.inject('unexpose');
    const s = await run();
    expect(s.result).toBe('Warning');
    const [left] = await h.client.call('snapshots.leftovers', {});
    expect(left).toMatchObject({ snapshotId: s.snapshots[0].id, exposedOn: 'proxy01', stage: 'exposed', attempts: 1 });
    expect(await h.client.call('snapshots.retryCleanup', {})).toEqual({ cleaned: [left.snapshotId], failed: [] });
    expect(lab().snapshotsOnSan()).toEqual([]);
    expect((await logOf(s.id)).at(-1)).toBe('warning: Snapshot of D:\\ (left exposed) cleaned up by "Retry clean-up now": dismounted and deleted on the storage');
  });

  it('a start-up clean-up that fails is recorded too, and the schedule takes it from there', async () => {
    const s = await sessionWithFailedDelete();
    const snapId = s.snapshots[0].id;
    lab().faults.inject('delete', { target: snapId }); // in lab/faults.json: the restarted engine meets it
    await h.close();
    h = await startLabService(h.dir);
    const [left] = await h.client.call('snapshots.leftovers', {});
    expect(left).toMatchObject({ snapshotId: snapId, attempts: 2 });
    expect((await logOf(s.id)).at(-1)).toMatch(/start-up clean-up failed \(.*injected delete fault.*\); Ferry retries it on a schedule/);
    expect(await leftovers().retryDue(new Date(Date.parse(left.nextRetryAt) + 1000))).toEqual({ cleaned: [snapId], failed: [] });
    expect(lab().snapshotsOnSan()).toEqual([]);
    expect(h.service.engine.store.ledgerOpen()).toEqual([]);
  });
});
