// The session screen after a crash tells what happened, step by step, and each step matches the engine and the
// session log: an active full under a traffic rule (snapshot exposed and being read, VMs reading, the bottleneck
// panel naming Throttling), the host killed with SIGKILL in the middle, started again on the same data folder;
// the interrupted session is Failed and says so, every snapshot released and deleted "cleaned up at start-up",
// no VM still running, its log ending with the clean-up; its retry is a Retry, an active full again, and reads
// every disk in full although a restore point to build on exists.
import type { Locator, Page } from '@playwright/test';
import type { SessionView } from '../src-shared/domain';
import { attachHostOutputOnFailure, expect, test } from './fixtures/test';

const JOB = 'Crash walk';
const VM_IDS = ['vm-dc01', 'vm-web01']; // two hosts, two volumes: two snapshots
const VMS = ['DC01', 'WEB01'];

// A lab of its own (a worker of its own: no other spec uses this step delay), as it is killed mid-run.
test.use({ lab: { stepDelayMs: 80 } });
test.skip(({ runnerKind }) => runnerKind !== 'browser', 'kills the host process with SIGKILL and starts it again: the web host only');
attachHostOutputOnFailure();

const sessionIdOf = (page: Page) => decodeURIComponent(new URL(page.url()).hash.replace(/^#\/sessions\//, ''));

interface PageElement {
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
  textContent: string | null;
  lastElementChild: { textContent: string | null } | null;
}

/** What the screen shows at one instant: VM rows, and each card's stages with their drawn text. */
function screenState(region: Locator) {
  return region.evaluate((root: PageElement) => ({
    vms: [...root.querySelectorAll('[role="row"][data-vm]')].map((r) => ({ name: r.getAttribute('data-vm') ?? '', status: r.getAttribute('data-status') ?? '', message: r.lastElementChild?.textContent ?? '' })),
    cards: [...root.querySelectorAll('article[data-vm-names]')].map((c) => ({
      volume: (c.getAttribute('aria-label') ?? '').replace(/^Snapshot of /, ''),
      stages: Object.fromEntries([...c.querySelectorAll('li[data-stage]')].map((li) => [li.getAttribute('data-stage') ?? '', { state: li.getAttribute('data-state') ?? '', text: li.textContent ?? '' }])),
    })),
  }));
}

test('run → watch under a traffic rule → crash + restart → retry: the session screen matches the engine and the log at every step', async ({ consoleApp, home, session, shell, shot }) => {
  test.setTimeout(150_000);
  const restart = consoleApp.crashAndRestart!;
  const page = consoleApp.page;

  // a proxy and a small job; one ordinary run first, so a run that is not an active full would be incremental
  const { taskId } = await consoleApp.call('proxies.create', { serverId: 'proxy01', maxTasks: 2 });
  await expect.poll(async () => (await consoleApp.call('tasks.get', { id: taskId })).state, { timeout: 60_000 }).toBe('succeeded');
  const [repo] = await consoleApp.call('repositories.list', {});
  const job = await consoleApp.call('jobs.create', {
    name: JOB, vmIds: VM_IDS, repositoryId: repo!.id, processing: { mode: 'off-host', proxySelection: 'automatic', pinnedProxyIds: [], failoverToOnHost: true },
  });
  const first = await consoleApp.call('jobs.start', { id: job.id });
  await expect.poll(async () => (await consoleApp.call('sessions.get', { id: first.sessionId })).session.result, { timeout: 60_000 }).toBe('Success');

  // the traffic rule keeps the active full reading long enough to be watched, and killed
  const [proxy] = await consoleApp.call('proxies.list', {});
  await consoleApp.call('proxies.update', { id: proxy!.id, throttleMBps: 1 });
  await shell.open('Home');
  await home.selectJob(JOB);
  const confirm = await home.openActiveFullByKeyboard();
  await confirm.getByRole('button', { name: 'Run active full' }).click();
  await expect(session.region).toBeVisible();
  const id = sessionIdOf(page);
  await expect(session.header.getByText('Kind: Active full')).toBeVisible();
  await expect(session.header.getByText('Started by: Console')).toBeVisible();

  // watch: a snapshot exposed and being read, its VMs reading, the time going to the traffic rule
  const bottleneck = session.region.getByRole('status').filter({ hasText: /^Primary bottleneck: / });
  await expect(bottleneck).toHaveText('Primary bottleneck: Throttling', { timeout: 30_000 });
  await expect.poll(async () => {
    const state = await screenState(session.region);
    return state.cards.some((c) => c.stages.exposed?.state === 'active') && state.vms.some((v) => v.message.startsWith('Reading disk'));
  }, { timeout: 30_000 }).toBe(true);
  // … and so says the engine at the same time
  const [state, engine] = [await screenState(session.region), await consoleApp.call('sessions.get', { id })];
  expect(engine.session.stats.bottleneck).toBe('Throttling');
  for (const card of state.cards.filter((c) => c.stages.exposed?.state === 'active')) {
    expect(engine.session.snapshots.find((x) => x.volumePath === card.volume)?.stage, `${card.volume} exposed in the engine`).toBe('exposed');
  }
  for (const vm of state.vms.filter((v) => v.message.startsWith('Reading disk'))) {
    expect(engine.session.vms.find((v) => v.vmName === vm.name)?.status, `${vm.name} running in the engine`).toBe('Running');
  }
  expect(engine.log.some((l) => /Throttled by /.test(l.text)), 'the log says the traffic rule applies').toBe(true);
  await shot('session-crash-01-throttled');
  await session.snapshots.first().scrollIntoViewIfNeeded();
  await shot('session-crash-02-throttled-vms-and-snapshots');

  // the crash: SIGKILL, then the same data folder again (its snapshots still exposed on the lab's proxy)
  await restart();
  await consoleApp.call('proxies.update', { id: proxy!.id, throttleMBps: 0 });
  await expect(home.sessions).toBeVisible();
  const interruptedRow = home.sessions.getByRole('row').filter({ hasText: 'Active full' });
  await expect(interruptedRow).toHaveCount(1);
  await expect(interruptedRow.locator('[data-result]')).toHaveAttribute('data-result', 'Failed');
  await expect(interruptedRow).toContainText('Console');
  await interruptedRow.getByRole('button', { name: /^Open session of / }).click();
  expect(sessionIdOf(page)).toBe(id);

  // the interrupted session: what start-up did, as the engine recorded it
  const after = await consoleApp.call('sessions.get', { id });
  expect(after.session.interrupted).toBe(true);
  await expect(session.result()).toHaveAttribute('data-result', 'Failed');
  const notice = session.header.locator('[data-alert="interrupted"]');
  await expect(notice).toHaveText(`Interrupted: Ferry stopped while this session ran; clean-up at start-up released and deleted its ${after.session.snapshots.length} snapshots.`);
  expect(after.session.snapshots).toHaveLength(2);
  await expect(session.snapshots).toHaveCount(2);
  const cleaned = await screenState(session.region);
  for (const card of cleaned.cards) {
    const snap = after.session.snapshots.find((x) => x.volumePath === card.volume)!;
    expect(snap.stage).toBe('deleted');
    for (const stage of ['released', 'deleted'] as const) {
      expect(card.stages[stage]?.state, `${card.volume} ${stage}`).toBe('done');
      expect(card.stages[stage]?.text, `${card.volume} ${stage}`).toContain('cleaned up at start-up');
      expect(snap.history.find((h) => h.stage === stage)?.startupCleanup, `${card.volume} ${stage} by start-up in the engine`).toBe(true);
    }
  }
  expect(cleaned.vms.map((v) => v.name).sort()).toEqual(VMS);
  for (const vm of cleaned.vms) {
    const engineVm = after.session.vms.find((v) => v.vmName === vm.name)!;
    expect(vm.status, vm.name).not.toBe('Running');
    expect(vm.status, vm.name).toBe(engineVm.status);
    expect(vm.message, vm.name).toBe(engineVm.message);
  }
  await expect(session.region.getByText(/^2 VMs · 0 running · /)).toBeVisible();
  await shot('session-crash-03-interrupted');

  // the log ends with the clean-up, on the screen as in the engine
  const tail = after.log.slice(-6).map((l) => l.text);
  expect(after.log.at(-1)!.text).toBe('Session ended: Failed. Interrupted: Ferry stopped while this session was running');
  expect(after.log.filter((l) => l.text.includes('cleaned up at start-up: dismounted and deleted on the storage'))).toHaveLength(2);
  await session.log.scrollIntoViewIfNeeded();
  await expect.poll(async () => (await session.drawnLogRows()).map((r) => r.text).slice(-tail.length)).toEqual(tail);
  await shot('session-crash-04-interrupted-log');

  // the retry: a Retry of that session, an active full again, every disk read in full
  await session.header.getByRole('button', { name: 'Retry failed VMs' }).click();
  await expect.poll(() => sessionIdOf(page)).not.toBe(id);
  const retryId = sessionIdOf(page);
  await expect(session.header.getByText('Kind: Retry · Active full')).toBeVisible();
  await expect(session.header.getByRole('button', { name: /^Retry of the session started / })).toBeVisible();
  await session.waitForResult('Success', 60_000);
  const retry = await consoleApp.call('sessions.get', { id: retryId });
  expect(retry.session).toMatchObject({ retryOf: id, activeFull: true, backupKind: 'full', startedBy: 'console' } satisfies Partial<SessionView>);
  for (const name of VMS) {
    await expect(await session.vmCell(name, 'Backup')).toHaveText('Full');
    expect(retry.session.vms.find((v) => v.vmName === name)?.backupKind).toBe('full');
  }
  const diskPlans = retry.log.filter((l) => /Disk \d+ (full|incremental)/.test(l.text));
  expect(diskPlans.length, 'one plan line per disk').toBeGreaterThanOrEqual(2);
  for (const line of diskPlans) expect(line.text).toMatch(/Disk \d+ full: active full requested/);
  await shot('session-crash-05-retry');

  // the retry links back to the session it retries; Home lists both with their kinds
  await session.header.getByRole('button', { name: /^Retry of the session started / }).click();
  await expect.poll(() => sessionIdOf(page)).toBe(id);
  await expect(session.header.locator('[data-alert="interrupted"]')).toBeVisible();
  await session.backToHome();
  const rows = home.sessions.getByRole('row');
  await expect(rows.filter({ hasText: /Retry \(of .+\) · Active full/ })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'Incremental' })).toHaveCount(0);
  // the grid with its Kind and Started by columns fits 1400 px
  const scroller = home.sessions.locator('xpath=..');
  expect(await scroller.evaluate((el: { scrollWidth: number; clientWidth: number }) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  await home.sessions.scrollIntoViewIfNeeded();
  await shot('session-crash-06-home');
});
