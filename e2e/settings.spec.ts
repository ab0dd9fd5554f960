// Settings → Notifications against a real SMTP server (aiosmtpd on 127.0.0.1, its received messages as files):
// configure SMTP in the console, send the test e-mail, then a job fails and its report — with the per-VM table —
// arrives; the deliveries table says it was sent. Without python3-aiosmtpd the spec is skipped (failed in CI).
import { expectNoSeriousA11yViolations } from './fixtures/a11y';
import { attachHostOutputOnFailure, expect, skipWithoutRunner, test } from './fixtures/test';
import { SettingsPage } from './pages/SettingsPage';
import { smtpAvailable, TestSmtpServer } from '../src-main/engine/notifications/testing/smtp-server';

test.describe.configure({ mode: 'serial' });
skipWithoutRunner();
attachHostOutputOnFailure();

let smtp: TestSmtpServer;
test.skip(() => !smtpAvailable(), 'python3-aiosmtpd is not installed: no SMTP server to send to');
test.beforeAll(async () => {
  smtp = await TestSmtpServer.start();
});
test.afterAll(async () => {
  await smtp?.close();
});

test('SMTP set up in the console: the test e-mail and a failing job’s report arrive at the SMTP server', async ({ consoleApp, shell, shot }) => {
  test.setTimeout(60_000);
  const settings = new SettingsPage(consoleApp.page);
  await shell.open('Settings');
  await settings.configureEmail({ host: '127.0.0.1', port: smtp.port, from: 'ferry@lab.local', recipients: ['backup-admins@lab.local'] });
  await shot('settings-01-email-form');
  await expectNoSeriousA11yViolations(consoleApp.page, 'Settings page');
  await settings.save();

  const result = await settings.sendTestEmail();
  await expect(result).toContainText('Sent to backup-admins@lab.local');
  const [testMail] = await smtp.waitFor(1);
  expect(testMail).toMatchObject({ mail_from: 'ferry@lab.local', rcpt_tos: ['backup-admins@lab.local'] });
  expect(testMail.headers.Subject).toBe('[Ferry] Test message');

  // a job whose second VM fails to read: its session report goes out
  const [repo] = await consoleApp.call('repositories.list', {});
  const job = await consoleApp.call('jobs.create', { name: 'Mail e2e', vmIds: ['vm-web01', 'vm-web02'], repositoryId: repo!.id, processing: { mode: 'on-host' }, retries: { count: 0, intervalSec: 0 } });
  await consoleApp.call('lab.injectFault', { step: 'read', target: 'vm-web02', times: 50 });
  const { sessionId } = await consoleApp.call('jobs.start', { id: job.id });
  await expect.poll(async () => (await consoleApp.call('sessions.get', { id: sessionId })).session.result, { timeout: 40_000 }).toBe('Failed');
  await consoleApp.call('lab.clearFaults', {});
  const report = (await smtp.waitFor(2)).find((m) => m.headers['X-Ferry-Session'] === sessionId)!;
  expect(report.headers.Subject).toBe('[Ferry] Failed: Mail e2e (2 VMs)');
  expect(report.html).toMatch(/<td[^>]*>WEB01<\/td><td[^>]*>Success<\/td>/);
  expect(report.html).toMatch(/<td[^>]*>WEB02<\/td><td[^>]*>Failed<\/td>/);
  expect(report.text).toMatch(/WEB02\s+Failed/);

  await expect(settings.deliveries().getByRole('row').filter({ hasText: 'Mail e2e' }).first()).toContainText('Sent');
  await settings.deliveries().scrollIntoViewIfNeeded();
  await shot('settings-02-deliveries');
});
