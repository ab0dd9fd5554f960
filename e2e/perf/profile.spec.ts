// TEMP diagnostic: CPU profile of the session view under the 200-disk load.
import { writeFileSync } from 'node:fs';
import { expect, test } from '../fixtures/test';
test.use({ lab: { extraVms: 96 } });
test('profile', async ({ consoleApp, shell, session }) => {
  test.setTimeout(240_000);
  const { page, call } = consoleApp;
  await shell.expectConnected();
  const inventory = await call('inventory.get', {});
  const { taskId } = await call('proxies.create', { serverId: 'proxy01', maxTasks: 16, throttleMBps: 1 });
  await expect.poll(async () => (await call('tasks.get', { id: taskId })).state, { timeout: 60_000 }).toBe('succeeded');
  const repo = (await call('repositories.list', {}))[0]!;
  const job = await call('jobs.create', { name: 'All VMs', vmIds: inventory.vms.map((vm) => vm.id), repositoryId: repo.id,
    processing: { mode: 'off-host', proxySelection: 'automatic', pinnedProxyIds: [], failoverToOnHost: true }, retries: { count: 0, intervalSec: 0 } });
  const { sessionId } = await call('jobs.start', { id: job.id });
  await page.evaluate((id) => ((globalThis as unknown as { location: { hash: string } }).location.hash = `#/sessions/${id}`), sessionId);
  await expect(session.vms.locator('[data-status="Running"]').first()).toBeVisible({ timeout: 60_000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await page.waitForTimeout(5000);
  const { profile } = await cdp.send('Profiler.stop');
  writeFileSync('/tmp/session.cpuprofile', JSON.stringify(profile));
});
