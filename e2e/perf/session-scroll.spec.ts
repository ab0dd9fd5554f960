// Smooth under load: the 200-disk lab (96 extra two-disk VMs) runs one job over every VM while we scroll
// the session's VM list with the mouse wheel in Chromium, and measure long tasks (PerformanceObserver
// 'longtask') and frame intervals (requestAnimationFrame). Target: no long task (> 50 ms) while scrolling.
// Results go to the console, to the report (attachment) and to e2e/perf/results.json.
import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { attachHostOutputOnFailure, expect, skipWithoutRunner, test } from '../fixtures/test';

skipWithoutRunner();
attachHostOutputOnFailure();

const SCROLL_MS = 8_000;
const WHEEL_STEP_PX = 120;
const WHEEL_EVERY_MS = 25;
/** Keeps each disk busy for a while so the job is still running while we scroll. */
const THROTTLE_MBPS = 1;

/** The page's globals this script touches (the e2e tsconfig has no DOM lib). */
declare const requestAnimationFrame: (cb: (t: number) => void) => number;
declare const location: { hash: string };

interface PerfWindow {
  __perf: { collecting: boolean; longTasks: { start: number; duration: number }[]; frames: number[]; renders: number };
}

/** Observers installed in the page before measuring; they only record while `collecting` is on. */
async function installCollectors(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = globalThis as unknown as PerfWindow;
    w.__perf = { collecting: false, longTasks: [], frames: [], renders: 0 };
    new PerformanceObserver((list) => {
      if (!w.__perf.collecting) return;
      for (const e of list.getEntries()) w.__perf.longTasks.push({ start: Math.round(e.startTime), duration: Math.round(e.duration) });
    }).observe({ type: 'longtask' as 'mark', buffered: false }); // 'longtask' is Chromium-only, unknown to Node's types
    let last = performance.now();
    const tick = (t: number) => {
      if (w.__perf.collecting) w.__perf.frames.push(t - last);
      last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

test.use({ lab: { extraVms: 96 } });

test('scrolling the VM list of a 200-disk live session stays smooth', async ({ consoleApp, shell, session, shot }, testInfo) => {
  test.setTimeout(240_000);
  const { page, call } = consoleApp;
  await shell.expectConnected();

  // Setup through the API: the wizards are covered by the main suite.
  const inventory = await call('inventory.get', {});
  const disks = inventory.vms.reduce((n, vm) => n + vm.disks.length, 0);
  expect(disks).toBeGreaterThanOrEqual(200);
  const { taskId } = await call('proxies.create', { serverId: 'proxy01', maxTasks: 16, throttleMBps: THROTTLE_MBPS });
  await expect.poll(async () => (await call('tasks.get', { id: taskId })).state, { timeout: 60_000 }).toBe('succeeded');
  const repo = (await call('repositories.list', {}))[0]!;
  const job = await call('jobs.create', {
    name: 'All VMs',
    vmIds: inventory.vms.map((vm) => vm.id),
    repositoryId: repo.id,
    processing: { mode: 'off-host', proxySelection: 'automatic', pinnedProxyIds: [], failoverToOnHost: true },
    retries: { count: 0, intervalSec: 0 },
  });

  const { sessionId } = await call('jobs.start', { id: job.id });
  await page.evaluate((id) => (location.hash = `#/sessions/${id}`), sessionId);
  await expect(session.vms).toBeVisible();
  await expect(session.vms).toHaveAttribute('aria-rowcount', String(inventory.vms.length + 1));
  await expect(session.vms.locator('[data-status="Running"]').first()).toBeVisible({ timeout: 60_000 });
  await installCollectors(page);
  await session.vms.scrollIntoViewIfNeeded();
  const box = (await session.vms.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const progressBefore = Number(await session.region.getByRole('progressbar', { name: 'Overall progress' }).getAttribute('aria-valuenow'));

  await page.evaluate(() => ((globalThis as unknown as PerfWindow).__perf.collecting = true));
  const started = Date.now();
  let direction = 1;
  let wheels = 0;
  while (Date.now() - started < SCROLL_MS) {
    await page.mouse.wheel(0, direction * WHEEL_STEP_PX);
    wheels++;
    await page.waitForTimeout(WHEEL_EVERY_MS);
    const atEdge = await session.vms.evaluate((el, dir) => (dir > 0 ? el.scrollTop + el.clientHeight >= el.scrollHeight - 2 : el.scrollTop <= 0), direction);
    if (atEdge) direction = -direction;
  }
  const collected = await page.evaluate(() => {
    const p = (globalThis as unknown as PerfWindow).__perf;
    p.collecting = false;
    return p;
  });
  const stillRunning = (await session.result().getAttribute('data-result')) === 'Running';
  const progressAfter = Number(await session.region.getByRole('progressbar', { name: 'Overall progress' }).getAttribute('aria-valuenow'));
  const renderedRows = await session.vms.locator('[role="row"][data-vm]').count();
  await shot('perf-session-200-disks');

  const frames = [...collected.frames].sort((a, b) => a - b);
  const result = {
    measuredAt: new Date().toISOString(),
    lab: { vms: inventory.vms.length, disks },
    scroll: { durationMs: SCROLL_MS, wheelEvents: wheels, wheelStepPx: WHEEL_STEP_PX },
    session: { progressBefore, progressAfter, stillRunningAfterScroll: stillRunning },
    longTasks: {
      count: collected.longTasks.length,
      maxMs: Math.max(0, ...collected.longTasks.map((t) => t.duration)),
      totalMs: collected.longTasks.reduce((n, t) => n + t.duration, 0),
      list: collected.longTasks,
    },
    frames: {
      count: frames.length,
      p50Ms: Math.round(percentile(frames, 50) * 10) / 10,
      p95Ms: Math.round(percentile(frames, 95) * 10) / 10,
      p99Ms: Math.round(percentile(frames, 99) * 10) / 10,
      maxMs: Math.round((frames.at(-1) ?? 0) * 10) / 10,
      over50Ms: frames.filter((f) => f > 50).length,
    },
    domRowsRendered: renderedRows,
  };
  const json = JSON.stringify(result, null, 2);
  console.log(`[perf] session VM list scroll, ${disks} disks:\n${json}`);
  writeFileSync('e2e/perf/results.json', `${json}\n`);
  await testInfo.attach('session-scroll.json', { body: json, contentType: 'application/json' });

  // The measurement only counts if the job really ran while we scrolled.
  expect(progressAfter, 'the session made progress while scrolling').toBeGreaterThan(progressBefore);
  expect(renderedRows, 'the VM list is virtualised').toBeLessThan(40);
  expect(result.longTasks.maxMs, `long tasks while scrolling: ${JSON.stringify(result.longTasks.list)}`).toBeLessThanOrEqual(50);
});
