// The session screen tells the truth, as an admin reads it all day: a job made in the wizard from the keyboard,
// a run whose log — scrolled while it streams — is one ordered record without a line twice or a row over
// another, a VM's own log after the end, snapshot cards in the stage the snapshot is in, a VM list that shows
// every VM with its average rate and duration, the log exported to a file; a graceful stop that says
// "Stopping…" at once, a Stop dialog left open until the end, a warning in orange; restore points in one
// order; and a console with a wrong token that says so instead of spinning.
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import type { LogLine } from '../src-shared/domain';
import { cellsRunningOver } from './fixtures/layout';
import { attachHostOutputOnFailure, expect, skipWithoutRunner, test } from './fixtures/test';
import type { DrawnLogRow, SessionPage } from './pages/SessionPage';

/** The page's global this spec reads (the e2e tsconfig has no DOM lib). */
declare const getComputedStyle: (el: unknown) => { outlineStyle: string; backgroundColor: string };

const JOB = 'Daily, all VMs';
const VMS = ['APP01', 'APP02', 'DC01', 'FILE01', 'SQL01', 'WEB01', 'WEB02'];

test.describe.configure({ mode: 'serial' });
// A lab of its own (a worker of its own: no other spec uses this step delay).
test.use({ lab: { stepDelayMs: 150 } });
skipWithoutRunner();
attachHostOutputOnFailure();

/** What is wrong with the drawn rows of a log: a line twice, out of order, rows over rows, text not the host's. */
function logProblems(rows: DrawnLogRow[], host: Map<number, LogLine>): string[] {
  const problems: string[] = [];
  const seqs = rows.map((r) => r.seq);
  if (new Set(seqs).size !== seqs.length) problems.push(`a line drawn twice: ${seqs.join(',')}`);
  rows.forEach((r, i) => {
    const prev = rows[i - 1];
    if (prev && r.seq <= prev.seq) problems.push(`line ${r.seq} drawn below line ${prev.seq}`);
    if (prev && r.top < prev.bottom - 1) problems.push(`line ${r.seq} (top ${r.top}) over line ${prev.seq} (bottom ${prev.bottom})`);
    const line = host.get(r.seq);
    if (!line) problems.push(`line ${r.seq} is not in the host's log`);
    else if (line.text !== r.text) problems.push(`line ${r.seq} reads "${r.text}", the host wrote "${line.text}"`);
  });
  return problems;
}

interface ScreenState {
  vms: { name: string; status: string; message: string }[];
  cards: { vms: string[]; stages: Record<string, string> }[];
}
interface PageElement {
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
  lastElementChild: { textContent: string | null } | null;
}

/** The VM list and the snapshot cards read at one instant (one store state). */
function screenState(session: SessionPage): Promise<ScreenState> {
  return session.region.evaluate((root: PageElement) => ({
    vms: [...root.querySelectorAll('[role="row"][data-vm]')].map((r) => ({ name: r.getAttribute('data-vm') ?? '', status: r.getAttribute('data-status') ?? '', message: r.lastElementChild?.textContent ?? '' })),
    cards: [...root.querySelectorAll('article[data-vm-names]')].map((c) => ({
      vms: (c.getAttribute('data-vm-names') ?? '').split(', '),
      stages: Object.fromEntries([...c.querySelectorAll('li[data-stage]')].map((li) => [li.getAttribute('data-stage') ?? '', li.getAttribute('data-state') ?? ''])),
    })),
  }));
}

/** A card must show the stage its snapshot is in: exposed while its VMs are read, released only after. */
function lifecycleProblems(state: ScreenState): { problems: string[]; reading: number } {
  const problems: string[] = [];
  let reading = 0;
  for (const card of state.cards) {
    const vms = state.vms.filter((v) => card.vms.includes(v.name));
    if (vms.some((v) => v.message.startsWith('Reading disk'))) {
      reading++;
      if (card.stages.exposed !== 'active' || card.stages.released !== 'pending') problems.push(`${card.vms.join('+')} read while the card says ${JSON.stringify(card.stages)}`);
    }
    if (card.stages.exposed === 'active' && vms.some((v) => v.message === 'Creating snapshot')) problems.push(`${card.vms.join('+')}: exposed while a VM says Creating snapshot`);
  }
  return { problems, reading };
}

const sessionIdOf = (page: Page) => decodeURIComponent(new URL(page.url()).hash.replace(/^#\/sessions\//, ''));

async function running(session: SessionPage): Promise<boolean> {
  return (await session.result().getAttribute('data-result')) === 'Running';
}

/** The part of `inner` inside `outer`'s visible box. */
async function fullyInside(inner: Locator, outer: Locator): Promise<boolean> {
  const [a, b] = [await inner.boundingBox(), await outer.boundingBox()];
  return !!a && !!b && a.y >= b.y - 1 && a.y + a.height <= b.y + b.height + 1 && a.x >= b.x - 1 && a.x + a.width <= b.x + b.width + 1;
}

test.describe('the session screen tells the truth', () => {
  test.beforeAll(async ({ consoleApp }) => {
    const { taskId } = await consoleApp.call('proxies.create', { serverId: 'proxy01', maxTasks: 2 });
    await expect.poll(async () => (await consoleApp.call('tasks.get', { id: taskId })).state, { timeout: 60_000 }).toBe('succeeded');
  });

  test('a job from the keyboard: typing goes to Name, Escape asks, the only repository is chosen, the plan leads the summary, Finish returns focus', async ({ shell, home, shot }) => {
    await shell.open('Home');
    // the navigation leaves the content most of a 1400 px window
    expect(Math.round((await shell.nav.boundingBox())!.width)).toBeLessThanOrEqual(222);
    const wizard = await home.newJob(); // focus is in the Name field
    await home.page.keyboard.type(JOB);
    await expect(wizard.dialog.getByRole('textbox', { name: /^Name/ })).toHaveValue(JOB);
    await home.page.keyboard.press('Escape');
    const ask = home.page.getByRole('alertdialog', { name: 'Discard changes?' });
    await expect(ask).toContainText('Discard this new backup job?');
    await shot('session-screen-01-discard-question');
    await ask.getByRole('button', { name: 'Keep editing' }).click();
    await expect(ask).toBeHidden();
    await expect(wizard.dialog.getByRole('textbox', { name: /^Name/ })).toHaveValue(JOB);

    await wizard.next('Virtual machines');
    for (const vm of VMS) await wizard.checkVm(vm);
    await wizard.next('Storage');
    await expect(wizard.dialog.getByRole('combobox', { name: /^Backup repository/ })).toHaveText(/Default/);
    await wizard.next('Guest processing');
    await wizard.next('Processing mode');
    await wizard.next('Schedule');
    await wizard.dialog.getByRole('combobox', { name: 'Unit of the wait between retries' }).click();
    await home.page.getByRole('option', { name: 'minutes' }).click();
    await wizard.setSpin(/^Wait between retries/, 2);
    await wizard.next('Summary');
    // the snapshot plan is the first thing on the summary, not below the fold
    await expect(wizard.planTable).toBeInViewport({ ratio: 1 });
    await expect(wizard.dialog.getByLabel('Job settings')).toContainText('2 min apart');
    await shot('session-screen-02-summary');
    await wizard.button('Finish').click();
    await expect(wizard.dialog).toBeHidden();
    await expect(home.command('New job')).toBeFocused();

    // the jobs grid fits 1400 px: no sideways scroll, no VM name broken over two lines
    const scroller = home.jobs.locator('xpath=..');
    expect(await scroller.evaluate((el: { scrollWidth: number; clientWidth: number }) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    const broken = await home.jobs.locator('[data-vm-names] span span').evaluateAll((els: { getClientRects(): { length: number }; textContent: string | null }[]) =>
      els.filter((e) => e.getClientRects().length > 1).map((e) => e.textContent),
    );
    expect(broken).toEqual([]);
    await shot('session-screen-03-home');
  });

  test('a running session: its log stays one ordered record while it streams and scrolls; a VM\'s log after the end is exactly its lines', async ({ consoleApp, home, session, shot }) => {
    const page = home.page;
    // a traffic rule keeps the session running long enough to scroll its log
    const proxy = (await consoleApp.call('proxies.list', {}))[0]!;
    await consoleApp.call('proxies.update', { id: proxy.id, throttleMBps: 2 });
    await home.selectJob(JOB);
    await home.runNow();
    await expect(session.region).toBeVisible();
    const id = sessionIdOf(page);
    await session.log.scrollIntoViewIfNeeded();

    const problems: string[] = [];
    let samples = 0;
    let sawReading = 0;
    let scrolledToTop = false;
    while (await running(session)) {
      if (samples % 4 === 3) {
        // the admin looks at Home and opens the running session again: a fresh snapshot meets the live stream
        await session.backToHome();
        // from Running sessions, or from Recent sessions if it has just ended
        await home.page.getByRole('button', { name: new RegExp(`^Open session of ${JOB}`) }).first().click();
        await expect(session.region).toBeVisible();
        if (!(await running(session))) break;
        await session.log.scrollIntoViewIfNeeded();
      }
      // the admin reads: up, down, to the top
      await session.log.hover();
      await page.mouse.wheel(0, samples % 3 === 2 ? -20_000 : samples % 2 ? -240 : 240);
      await page.waitForTimeout(150);
      const rows = await session.drawnLogRows();
      const [state, host] = [await screenState(session), (await consoleApp.call('sessions.get', { id })).log];
      problems.push(...logProblems(rows, new Map(host.map((l) => [l.seq, l]))));
      if (samples % 3 === 2 && rows.length > 0) {
        scrolledToTop = true;
        if (rows[0]!.seq !== 1) problems.push(`at the top the first line is ${rows[0]!.seq}`);
      }
      const lifecycle = lifecycleProblems(state);
      problems.push(...lifecycle.problems);
      sawReading += lifecycle.reading;
      if (samples === 4) await shot('session-screen-04-running');
      samples++;
    }
    expect(problems).toEqual([]);
    expect(samples, 'the session ran long enough to be watched').toBeGreaterThanOrEqual(6);
    expect(sawReading, 'a VM was seen reading, its card exposed').toBeGreaterThan(0);
    expect(scrolledToTop).toBe(true);
    await session.waitForResult('Success');
    await consoleApp.call('proxies.update', { id: proxy.id, throttleMBps: 0 });

    // every VM in view, none cut; each says what it averaged and how long it took, no message repeating "Success"
    await session.vms.scrollIntoViewIfNeeded();
    for (const vm of VMS) expect(await fullyInside(session.vmRow(vm), session.vms), `${vm} fully in the list`).toBe(true);
    expect(await session.vms.evaluate((el: { scrollWidth: number; clientWidth: number }) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    expect(await cellsRunningOver(session.vms)).toEqual([]);
    for (const vm of VMS) {
      await expect(await session.vmCell(vm, 'Rate')).toHaveText(/^\d[\d.]* (B|KB|MB|GB)\/s$/);
      await expect(await session.vmCell(vm, 'Duration')).toHaveText(/^0:00:\d\d$/);
      await expect(await session.vmCell(vm, 'Message')).toHaveText('');
    }
    // after the end the chart says the session's average, over its own span
    await expect(session.region.getByText(/^Average: read .+\/s, transferred .+\/s$/)).toBeVisible();
    await expect(session.region.getByRole('radio', { name: 'Whole session' })).toBeChecked();
    // no focus ring on row 1 until the list has keyboard focus
    const outline = (row: Locator) => row.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(await outline(session.vmRow('APP01'))).toBe('none');
    await session.region.getByRole('searchbox', { name: 'Filter the VMs of this session' }).focus();
    await page.keyboard.press('Tab');
    await expect(session.vms).toBeFocused();
    expect(await outline(session.vmRow('APP01'))).toBe('solid');
    await shot('session-screen-05-vms-after-end');

    // the VM's own log: exactly its lines, in order, nothing of the whole job drawn over them
    await session.vmRow('FILE01').click();
    expect(await outline(session.vmRow('APP01'))).toBe('none');
    const host = (await consoleApp.call('sessions.get', { id })).log;
    const file01 = host.filter((l) => l.vmId === 'vm-file01');
    await expect(session.region.getByRole('heading', { name: 'Log of FILE01' })).toBeVisible();
    await expect(session.region.getByText(`${file01.length} lines ·`)).toBeVisible();
    await session.log.scrollIntoViewIfNeeded();
    const rows = await session.drawnLogRows();
    expect(rows.map((r) => r.seq)).toEqual(file01.map((l) => l.seq));
    expect(logProblems(rows, new Map(host.map((l) => [l.seq, l])))).toEqual([]);
    await shot('session-screen-06-vm-log');

    // the whole log to a file, in order
    const [download] = await Promise.all([page.waitForEvent('download'), session.region.getByRole('button', { name: 'Export log' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^Daily, all VMs \d{4}-\d\d-\d\d \d\d-\d\d-\d\d\.log$/);
    const exported = readFileSync((await download.path())!, 'utf8').trimEnd().split('\r\n');
    expect(exported).toHaveLength(host.length);
    exported.forEach((lineText, i) => expect(lineText.endsWith(host[i]!.text), `line ${i + 1}: ${lineText}`).toBe(true));
    expect(exported.filter((l) => l.includes('[FILE01] '))).toHaveLength(file01.length);
  });

  test('stopping: Stopping… at once with a disabled Stop; a Stop dialog left open until the end closes and says so', async ({ consoleApp, home, session, shell, shot }) => {
    const page = home.page;
    const proxy = (await consoleApp.call('proxies.list', {}))[0]!;
    await consoleApp.call('proxies.update', { id: proxy.id, throttleMBps: 2 });
    await shell.open('Home');
    await home.selectJob(JOB);
    // an active full reads every disk again: under the traffic rule it runs long enough to be stopped
    const confirm = await home.openActiveFullByKeyboard();
    await confirm.getByRole('button', { name: 'Run active full' }).click();
    await expect(session.region.getByText(/^Reading disk/).first()).toBeVisible({ timeout: 30_000 });
    await session.stop('graceful');
    // not "Running" with a live Stop button while the VMs in flight finish
    await expect(session.result()).toHaveText('Stopping…', { timeout: 1_500 });
    await expect(session.stopButton()).toBeDisabled();
    await shot('session-screen-07-stopping');
    await session.waitForResult('Stopped', 120_000);
    await consoleApp.call('proxies.update', { id: proxy.id, throttleMBps: 0 });
    await expect(session.vms.locator('[data-status="Failed"]')).toHaveCount(0);

    await shell.open('Home');
    await home.selectJob(JOB);
    await home.runNow();
    await expect(session.region).toBeVisible();
    await session.header.getByRole('button', { name: 'Stop' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Stop session' });
    await expect(dialog).toBeVisible();
    // the admin hesitates; the session ends meanwhile
    await expect(dialog).toBeHidden({ timeout: 60_000 });
    await expect(session.result()).toHaveAttribute('data-result', 'Success');
    const toast = page.getByText(`${JOB} ended before the stop (Success).`, { exact: true });
    await expect(toast).toBeVisible();
    // toasts sit over the foot of the navigation, not over the session's grids and log
    const [box, nav] = [await toast.boundingBox(), await shell.nav.boundingBox()];
    expect(box!.x + box!.width).toBeLessThanOrEqual(nav!.x + nav!.width);
    await shot('session-screen-08-stop-dialog-outlived');
    await expect(toast).toBeHidden({ timeout: 8_000 });
  });

  test('a Warning session has an orange bar; restore points list their VMs in one order', async ({ consoleApp, home, session, shell }) => {
    await consoleApp.call('lab.injectFault', { step: 'writer', target: 'vm-web02' });
    await shell.open('Home');
    await home.selectJob(JOB);
    await home.runNow();
    await session.waitForResult('Warning');
    const fill = session.header.getByRole('progressbar', { name: 'Overall progress' }).locator('div').first();
    expect(await fill.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(247, 99, 12)');

    await shell.open('Home');
    await home.selectJob(JOB);
    await expect.poll(() => home.restorePointRows().count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    const vmCells = await home.restorePointRows().evaluateAll((rows: { querySelectorAll(s: string): { length: number; [i: number]: { textContent: string | null } } }[]) =>
      rows.map((r) => r.querySelectorAll('[role="gridcell"]')[1]?.textContent ?? ''),
    );
    // newest first: the warning run has every VM; each row in name order (the disks finished in another)
    expect(vmCells[0]).toBe(VMS.join(', '));
    for (const text of vmCells) expect(text).toBe([...text.split(', ')].sort().join(', '));
  });

  test('a console with a wrong token says it is not authorised and what to open, with no spinner', async ({ consoleApp }) => {
    const page = await consoleApp.page.context().newPage();
    try {
      await page.goto(`${new URL(consoleApp.page.url()).origin}/?token=wrong`);
      await expect(page.getByRole('heading', { name: 'Not authorized' })).toBeVisible();
      await expect(page.getByText(/Open the address that ferry serve/)).toBeVisible();
      await page.waitForTimeout(1_000);
      await expect(page.getByText(/Loading/)).toHaveCount(0);
      await page.screenshot({ path: 'e2e/screenshots/browser/session-screen-09-wrong-token.png' });
    } finally {
      await page.close();
    }
  });
});
