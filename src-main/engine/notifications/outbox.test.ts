// The outbox without a network: which channels a session end queues (the job's notify options, the defaults),
// retry alerts and "suppress until the last retry", backoff and giving up, once per session and channel, and
// history retention (sessions with their logs, finished tasks, old delivery rows).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { Job, SessionView } from '../../../src-shared/domain';
import { FileSecretStore } from '../secrets/secret-store';
import { SettingsService } from '../settings/settings';
import { Store } from '../store/store';
import { TaskManager } from '../tasks/task-manager';
import type { ChannelSenders } from './channels/senders';
import { Housekeeping } from './housekeeping';
import { MAX_ATTEMPTS, nextAttemptAt, Notifier } from './notifier';

let dir: string;
let store: Store;
let settings: SettingsService;
let now: Date;
let sent: Array<{ channel: string; subject: string }>;
let failWith: FerryError | null;

const senders: ChannelSenders = {
  email: async (_a, m) => (failWith ? Promise.reject(failWith) : (sent.push({ channel: 'email', subject: m.subject }), 'ok')),
  syslog: async (_s, m) => (sent.push({ channel: 'syslog', subject: m.subject }), 'ok'),
  webhook: async (_s, m) => (sent.push({ channel: 'webhook', subject: m.subject }), 'ok'),
  eventLog: async () => Promise.reject(new FerryError(ErrorCode.NotifyFailed, 'not here')),
};

function view(id: string, result: SessionView['result'], jobId = 'job-1', endedAt = now.toISOString()): SessionView {
  return {
    id, jobId, jobName: 'Nightly', result, reason: 'r', startedBy: 'schedule', retryOf: null, activeFull: false, backupKind: null, interrupted: false, startedAt: endedAt, endedAt, progress: 1,
    stats: { bytesRead: 0, bytesProcessed: 0, bytesTransferred: 0, ratePerSec: 0, dedupeRatio: 0, compressionRatio: 0, busy: { source: 0, proxy: 0, network: 0, target: 0, throttle: 0 }, bottleneck: null },
    vms: [], snapshots: [], restorePointId: null, stopping: null,
  };
}

const putJob = (id: string, notify?: Job['spec']['notify']) =>
  store.putJob({ id, spec: { name: id, vmIds: ['vm-1'], repositoryId: 'r', processing: { mode: 'on-host' }, notify } as Job['spec'], createdAt: '', lastResult: null, lastRunAt: null, nextRunAt: null });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ferry-outbox-'));
  store = new Store(join(dir, 'ferry.db'));
  settings = new SettingsService(store, new FileSecretStore(join(dir, 'secrets')));
  now = new Date('2026-12-07T22:00:00Z');
  sent = [];
  failWith = null;
  await settings.set({ notifications: { email: { enabled: true, host: 'mail', port: 25, security: 'none', from: 'f@x.y', recipients: ['a@x.y'] }, syslog: { enabled: true, host: 'log', port: 514, transport: 'udp' } } });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const notifier = () => new Notifier({ store, settings, senders, clock: () => now });

describe('what a session end queues', () => {
  it('e-mail by the job notify options (default: warning and failure), syslog for every end; once per session', async () => {
    putJob('job-1');
    const n = notifier();
    n.sessionEnded(view('s-ok', 'Success'));
    n.sessionEnded(view('s-bad', 'Failed'));
    n.sessionEnded(view('s-bad', 'Failed'));
    await n.deliverDue();
    expect(sent).toEqual([
      { channel: 'syslog', subject: '[Ferry] Success: Nightly (0 VMs)' },
      { channel: 'email', subject: '[Ferry] Failed: Nightly (0 VMs)' },
      { channel: 'syslog', subject: '[Ferry] Failed: Nightly (0 VMs)' },
    ]);
    putJob('job-2', { onSuccess: true, onWarning: false, onFailure: false, suppressUntilLastRetry: true });
    n.sessionEnded(view('s-2', 'Success', 'job-2'));
    n.sessionEnded(view('s-3', 'Warning', 'job-2'));
    await n.deliverDue();
    expect(sent.slice(3).map((s) => `${s.channel} ${s.subject}`)).toEqual(['email [Ferry] Success: Nightly (0 VMs)', 'syslog [Ferry] Success: Nightly (0 VMs)', 'syslog [Ferry] Warning: Nightly (0 VMs)']);
  });

  it('a failed attempt mails an alert only when the job does not wait for the last retry', async () => {
    putJob('job-1', { onSuccess: false, onWarning: true, onFailure: true, suppressUntilLastRetry: true });
    putJob('job-2', { onSuccess: false, onWarning: true, onFailure: true, suppressUntilLastRetry: false });
    const n = notifier();
    n.attemptFailed(view('s-1', 'Running', 'job-1'), 1, 2);
    n.attemptFailed(view('s-2', 'Running', 'job-2'), 1, 2);
    n.attemptFailed(view('s-2', 'Running', 'job-2'), 2, 2);
    await n.deliverDue();
    expect(sent.map((s) => s.subject)).toEqual(['[Ferry] Nightly: VM(s) failed, attempt 1 failed, retry 1 of 2 follows', '[Ferry] Nightly: VM(s) failed, attempt 2 failed, retry 2 of 2 follows']);
  });
});

describe('delivery failures', () => {
  it('are recorded with the reason and retried with backoff, then given up', async () => {
    putJob('job-1');
    failWith = new FerryError(ErrorCode.NotifyAuth, 'The SMTP server mail:25 refused the account or password: 535 5.7.8');
    const n = notifier();
    n.sessionEnded(view('s-1', 'Failed'));
    await n.deliverDue();
    let [d] = n.deliveries(10).filter((x) => x.channel === 'email');
    expect(d).toMatchObject({ state: 'pending', attempts: 1, lastErrorCode: 'E_NOTIFY_AUTH', lastError: expect.stringContaining('535'), nextAttemptAt: '2026-12-07T22:01:00.000Z' });
    // not due yet: nothing is tried
    await n.deliverDue();
    expect(n.deliveries(10).find((x) => x.channel === 'email')?.attempts).toBe(1);
    for (let i = 2; i <= MAX_ATTEMPTS; i++) {
      now = new Date(now.getTime() + 3600_000);
      await n.deliverDue();
    }
    [d] = n.deliveries(10).filter((x) => x.channel === 'email');
    expect(d).toMatchObject({ state: 'failed', attempts: MAX_ATTEMPTS, nextAttemptAt: null });
    expect(nextAttemptAt(now, 2)?.getTime()).toBe(now.getTime() + 120_000);
    expect(nextAttemptAt(now, 9)?.getTime()).toBe(now.getTime() + 3600_000);
  });

  it('a test on a channel the platform lacks fails with its code', async () => {
    await expect(notifier().test('eventLog')).rejects.toMatchObject({ code: 'E_NOTIFY_FAILED' });
  });
});

describe('history retention', () => {
  it('removes ended sessions with their logs, finished tasks and old delivery rows older than N days; keeps the rest', async () => {
    await settings.set({ history: { retentionDays: 30 } });
    const old = new Date(now.getTime() - 31 * 86400_000).toISOString();
    store.putSession(view('s-old', 'Success', 'job-1', old));
    store.appendLog('s-old', { seq: 1, at: old, level: 'info', vmId: null, text: 'old' });
    store.putSession(view('s-new', 'Success'));
    store.appendLog('s-new', { seq: 1, at: now.toISOString(), level: 'info', vmId: null, text: 'new' });
    store.putSession({ ...view('s-running', 'Running', 'job-1', old), endedAt: null });
    const tasks = new TaskManager(() => undefined);
    await tasks.start('done long ago', async () => ({})).done;
    const hk = new Housekeeping({ store, settings, notifier: notifier(), tasks, vmNames: async () => new Map(), clock: () => new Date(Date.now() + 31 * 86400_000) });
    // the clock says 31 days on: the session of 31 days before "now" and the task are older than 30 days
    now = new Date(Date.now() + 31 * 86400_000);
    store.putSession(view('s-new', 'Success', 'job-1', now.toISOString()));
    const removed = hk.pruneHistory();
    expect(removed).toMatchObject({ sessions: 1, tasks: 1 });
    expect(store.listSessions().map((s) => s.id).sort()).toEqual(['s-new', 's-running']);
    expect(store.getLog('s-old')).toEqual([]);
    expect(store.getLog('s-new')).toHaveLength(1);
    expect(hk.pruneHistory().sessions).toBe(0);
  });
});
