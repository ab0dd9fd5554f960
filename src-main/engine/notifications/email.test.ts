// E-mail reports and alerts against a real SMTP server (aiosmtpd on 127.0.0.1): the test mail, the session report
// of a failing job (headers, text and HTML parts, the per-VM table), a wrong password / unreachable server / refused
// recipient (the session unaffected, the delivery failed with the reason and retried), and the report of a session
// a crash interrupted, sent at the next start with its true result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FerryError } from '../../../src-shared/contract/errors';
import type { NotificationSettings } from '../../../src-shared/contract/settings';
import type { SessionView } from '../../../src-shared/domain';
import { removeDir, startLabService, waitSession, type LabHarness } from '../../testing/lab-service';
import { Store } from '../store/store';
import { freePort, smtpAvailable, TestSmtpServer } from './testing/smtp-server';
import { generateAgentPairing } from '../platform/agent-pairing';
import { sendEmail } from './channels/email';
import { testMessage } from './notifier';

const run = smtpAvailable();
const USER = 'ferry-mailer';
const PASSWORD = 'Mail!Pass 2026';
let smtp: TestSmtpServer;
let h: LabHarness;
const errorOf = async (p: Promise<unknown>) => p.then(() => null, (e: FerryError) => ({ code: e.code, message: e.message }));

function mailSettings(over: Partial<NotificationSettings['email']> = {}): NotificationSettings {
  return {
    email: { enabled: true, host: '127.0.0.1', port: smtp.port, security: 'none', user: USER, from: 'ferry@lab.local', recipients: ['admins@lab.local'], ...over },
    dailySummary: { enabled: false, at: '08:00', rpoHours: 24 },
    syslog: { enabled: false, host: '', port: 514, transport: 'udp' },
    webhook: { enabled: false, url: '' },
    eventLog: { enabled: false },
  };
}

async function failingJob(name: string): Promise<SessionView> {
  const job = await h.client.call('jobs.create', { name, vmIds: ['vm-web01', 'vm-web02'], repositoryId: 'repo-default', processing: { mode: 'on-host' }, retries: { count: 0, intervalSec: 0 } });
  await h.client.call('lab.injectFault', { step: 'read', target: 'vm-web02', times: 100 });
  const s = await waitSession(h.client, (await h.client.call('jobs.start', { id: job.id })).sessionId);
  await h.client.call('lab.clearFaults', {});
  return s;
}

describe.runIf(run)('e-mail through a real SMTP server', () => {
  beforeAll(async () => {
    smtp = await TestSmtpServer.start({ user: USER, password: PASSWORD });
    h = await startLabService();
  });
  afterAll(async () => {
    await h?.close();
    if (h) removeDir(h.dir);
    await smtp?.close();
  });

  it('stores the settings (the password only in the secret store) and sends the test e-mail', async () => {
    const view = await h.client.call('settings.set', { notifications: mailSettings(), smtpPassword: PASSWORD });
    expect(view.smtpPasswordSet).toBe(true);
    expect(JSON.stringify(h.service.engine.store.getSettingsSection('notifications'))).not.toContain(PASSWORD);
    const r = await h.client.call('notifications.test', { channel: 'email' });
    expect(r.detail).toContain('admins@lab.local');
    const [mail] = await smtp.waitFor(1);
    expect(mail).toMatchObject({ mail_from: 'ferry@lab.local', rcpt_tos: ['admins@lab.local'], auth_user: USER, content_type: 'multipart/alternative' });
    expect(mail.headers.Subject).toBe('[Ferry] Test message');
    expect(mail.text).toContain('test message from Ferry');
    expect(mail.html).toContain('<p>This is a test message');
  });

  it('mails the report of a failing job: headers, text and HTML parts, one table row per VM', async () => {
    const before = smtp.messages().length;
    const s = await failingJob('Mail <b>Failing</b>');
    expect(s.result).toBe('Failed');
    const mail = (await smtp.waitFor(before + 1)).at(-1)!;
    expect(mail.headers.Subject).toBe('[Ferry] Failed: Mail <b>Failing</b> (2 VMs)');
    expect(mail.headers['X-Ferry-Result']).toBe('Failed');
    expect(mail.headers['X-Ferry-Session']).toBe(s.id);
    expect(mail.text).toMatch(/Result\s+Failed/);
    expect(mail.text).toMatch(/WEB01\s+Success/);
    expect(mail.text).toMatch(/WEB02\s+Failed/);
    const html = mail.html!;
    // the job's name is text, never markup
    expect(html).toContain('Mail &lt;b&gt;Failing&lt;/b&gt;');
    expect(html).not.toContain('<b>Failing</b>');
    const rows = [...html.matchAll(/<tr><td[^>]*>([^<]*)<\/td><td[^>]*>([^<]*)<\/td>/g)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual([
      ['WEB01', 'Success'],
      ['WEB02', 'Failed'],
    ]);
    for (const head of ['Status', 'Size', 'Read', 'Transferred', 'Duration', 'Details']) expect(html).toContain(`>${head}</th>`);
    const sent = (await h.client.call('notifications.deliveries', {})).find((d) => d.sessionId === s.id);
    expect(sent).toMatchObject({ channel: 'email', state: 'sent', attempts: 1, lastError: null });
  });

  it('a wrong password: the session is unaffected, the delivery fails with the reason and goes out once it is fixed', async () => {
    await h.client.call('settings.set', { smtpPassword: 'wrong' });
    expect(await errorOf(h.client.call('notifications.test', { channel: 'email' }))).toMatchObject({ code: 'E_NOTIFY_AUTH', message: expect.stringContaining('535') });
    const before = smtp.messages().length;
    const s = await failingJob('Mail wrong password');
    expect(s).toMatchObject({ result: 'Failed', reason: expect.stringContaining('1 of 2 VM(s) failed') });
    await h.service.engine.notifications.deliverDue();
    const d = (await h.client.call('notifications.deliveries', {})).find((x) => x.sessionId === s.id)!;
    expect(d).toMatchObject({ state: 'pending', attempts: 1, lastErrorCode: 'E_NOTIFY_AUTH' });
    expect(Date.parse(d.nextAttemptAt!)).toBeGreaterThan(Date.now() + 30_000);
    expect(smtp.messages()).toHaveLength(before);
    await h.client.call('settings.set', { smtpPassword: PASSWORD });
    expect(await h.client.call('notifications.retryNow', {})).toEqual({ sent: 1, failed: 0 });
    expect((await smtp.waitFor(before + 1)).at(-1)!.headers['X-Ferry-Session']).toBe(s.id);
  });

  it('an unreachable server and a refused recipient fail the test with their own codes', async () => {
    const closed = await freePort();
    expect((await errorOf(h.client.call('notifications.test', { channel: 'email', notifications: mailSettings({ port: closed }), smtpPassword: PASSWORD })))?.code).toBe('E_NOTIFY_UNREACHABLE');
    const refused = await errorOf(h.client.call('notifications.test', { channel: 'email', notifications: mailSettings({ recipients: ['refused@lab.local'] }), smtpPassword: PASSWORD }));
    expect(refused).toMatchObject({ code: 'E_NOTIFY_REFUSED', message: expect.stringContaining('550') });
  });

  it('a job that does not wait for its last retry mails an alert after the failed attempt, then the report', async () => {
    // the lab's read fault hits a disk once: attempt 1 fails, the retry succeeds
    const before = smtp.messages().length;
    const job = await h.client.call('jobs.create', {
      name: 'Mail alerts', vmIds: ['vm-web02'], repositoryId: 'repo-default', processing: { mode: 'on-host' }, retries: { count: 1, intervalSec: 0 },
      notify: { onSuccess: true, onWarning: true, onFailure: true, suppressUntilLastRetry: false },
    });
    await h.client.call('lab.injectFault', { step: 'read', target: 'vm-web02', times: 100 });
    const s = await waitSession(h.client, (await h.client.call('jobs.start', { id: job.id })).sessionId);
    await h.client.call('lab.clearFaults', {});
    expect(s.result).toBe('Success');
    const mails = (await smtp.waitFor(before + 2)).slice(before).filter((m) => m.headers['X-Ferry-Session'] === s.id);
    expect(mails.map((m) => [m.headers['X-Ferry-Kind'], m.headers.Subject])).toEqual([
      ['retry-alert', '[Ferry] Mail alerts: VM(s) failed, attempt 1 failed, retry 1 of 1 follows'],
      ['session-report', '[Ferry] Success: Mail alerts (1 VM)'],
    ]);
  });

  it('the daily summary lists the VMs outside the RPO', async () => {
    const before = smtp.messages().length;
    const n = await h.client.call('settings.get', {});
    await h.client.call('settings.set', { notifications: { ...n.notifications, dailySummary: { enabled: true, at: '00:00', rpoHours: 1 } } });
    expect(await h.service.engine.housekeeping.summaryIfDue()).toBe(true);
    // once a day
    expect(await h.service.engine.housekeeping.summaryIfDue()).toBe(false);
    const mail = (await smtp.waitFor(before + 1)).at(-1)!;
    expect(mail.headers['X-Ferry-Kind']).toBe('daily-summary');
    expect(mail.headers.Subject).toMatch(/^\[Ferry\] Daily summary: \d+ job\(s\), \d+ VM\(s\) outside the 1 h RPO$/);
    // WEB02 never got a good point in the job whose run failed it: it is listed; WEB01 has a fresh one
    expect(mail.html).toMatch(/<td[^>]*>WEB02<\/td><td[^>]*>Mail wrong password<\/td><td[^>]*>none<\/td>/);
    expect(mail.html).not.toMatch(/<td[^>]*>WEB01<\/td><td[^>]*>Mail wrong password<\/td>/);
  });

  it('bad settings are refused and change nothing', async () => {
    const before = await h.client.call('settings.get', {});
    expect((await errorOf(h.client.call('settings.set', { notifications: mailSettings({ recipients: ['not an address'] }) })))?.code).toBe('E_INVALID_PARAMS');
    expect((await errorOf(h.client.call('settings.set', { notifications: mailSettings({ recipients: [] }) })))?.code).toBe('E_INVALID_PARAMS');
    expect(await h.client.call('settings.get', {})).toEqual(before);
  });
});

describe.runIf(run)('TLS', () => {
  it('STARTTLS is negotiated and the certificate verified: a self-signed one is refused; a server without it is refused too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-smtp-tls-'));
    const pems = await generateAgentPairing({ commonName: 'localhost', dnsNames: ['localhost'] });
    writeFileSync(join(dir, 'cert.pem'), pems.certPem);
    writeFileSync(join(dir, 'key.pem'), pems.keyPem);
    const tlsServer = await TestSmtpServer.start(undefined, undefined, { certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') });
    const plain = await TestSmtpServer.start();
    const account = (port: number, security: 'starttls' | 'tls' | 'none') => ({
      settings: { enabled: true, host: 'localhost', port, security, user: '', from: 'f@lab.local', recipients: ['r@lab.local'] },
      password: null,
    });
    try {
      const untrusted = await sendEmail(account(tlsServer.port, 'starttls'), testMessage(new Date())).catch((e: FerryError) => e);
      expect(untrusted).toMatchObject({ code: 'E_NOTIFY_FAILED', message: expect.stringMatching(/certificate is not trusted.*self[- ]signed/i) });
      // without TLS the server refuses the mail (it requires STARTTLS): nothing goes out in clear
      const clear = await sendEmail(account(tlsServer.port, 'none'), testMessage(new Date())).catch((e: FerryError) => e);
      expect((clear as FerryError).code).toMatch(/^E_NOTIFY_(REFUSED|FAILED)$/);
      expect(tlsServer.messages()).toEqual([]);
      // asked for STARTTLS, a server that does not offer it is refused before anything is sent
      const noStarttls = await sendEmail(account(plain.port, 'starttls'), testMessage(new Date())).catch((e: FerryError) => e);
      expect((noStarttls as FerryError).code).toBe('E_NOTIFY_FAILED');
      expect(plain.messages()).toEqual([]);
    } finally {
      await tlsServer.close();
      await plain.close();
      removeDir(dir);
    }
  });
});

describe.runIf(run)('after a crash', () => {
  it("the interrupted session's report goes out at the next start, Failed (interrupted)", async () => {
    const server = await TestSmtpServer.start();
    const dir = mkdtempSync(join(tmpdir(), 'ferry-mail-crash-'));
    try {
      let first = await startLabService(dir);
      const job = await first.client.call('jobs.create', { name: 'Crashed', vmIds: ['vm-web01'], repositoryId: 'repo-default', processing: { mode: 'on-host' } });
      await first.client.call('settings.set', {
        notifications: { email: { enabled: true, host: '127.0.0.1', port: server.port, security: 'none', from: 'ferry@lab.local', recipients: ['ops@lab.local'] } },
      });
      await first.close();
      // what a killed engine leaves: the session still Running in the store
      const store = new Store(join(dir, 'ferry.db'));
      const at = new Date(Date.now() - 60_000).toISOString();
      store.putSession({
        id: 's-crashed-1', jobId: job.id, jobName: 'Crashed', result: 'Running', reason: '', startedBy: 'schedule', retryOf: null, activeFull: false, backupKind: null, interrupted: false,
        startedAt: at, endedAt: null, progress: 0.4, stats: { bytesRead: 0, bytesProcessed: 0, bytesTransferred: 0, ratePerSec: 0, dedupeRatio: 0, compressionRatio: 0, busy: { source: 0, proxy: 0, network: 0, target: 0, throttle: 0 }, bottleneck: null },
        vms: [{ vmId: 'vm-web01', vmName: 'WEB01', status: 'Running', progress: 0.4, processingMode: 'on-host', proxyServerId: null, bytesTotal: 1 << 30, bytesRead: 1 << 28, message: 'Reading disk 0', consistency: null, backupKind: 'full', departures: [], startedAt: at, endedAt: null }],
        snapshots: [], restorePointId: null, stopping: null,
      });
      store.close();
      first = await startLabService(dir);
      try {
        const [mail] = await server.waitFor(1);
        expect(mail.headers.Subject).toBe('[Ferry] Failed (interrupted): Crashed (1 VM)');
        expect(mail.headers['X-Ferry-Session']).toBe('s-crashed-1');
        expect(mail.text).toContain('Interrupted: Ferry stopped while this session was running');
        expect(mail.text).toMatch(/WEB01\s+Failed/);
      } finally {
        await first.close();
      }
    } finally {
      removeDir(dir);
      await server.close();
    }
  });
});
