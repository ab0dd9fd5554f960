// The console follows the OS: light, dark (prefers-color-scheme) and Windows high contrast (forced colors),
// switching live. Each is checked on what is drawn (the shell's computed background, the theme's tokens) and
// with axe; dark and high-contrast screenshots of the main views.
import type { Page } from '@playwright/test';
import { expectNoSeriousA11yViolations, expectToastAccessible } from './fixtures/a11y';
import { attachHostOutputOnFailure, expect, skipWithoutRunner, test } from './fixtures/test';
import type { InfrastructurePage } from './pages/InfrastructurePage';
import type { View } from './pages/ShellPage';

test.describe.configure({ mode: 'serial' });
skipWithoutRunner();
attachHostOutputOnFailure();

/** The e2e tsconfig has no DOM lib: the few page globals read here. */
declare const document: { querySelector(s: string): unknown };
declare function getComputedStyle(e: unknown): { backgroundColor: string; getPropertyValue(name: string): string };
declare const location: { hash: string };

/** Relative luminance (0 black … 1 white) of the main view's computed background. */
async function mainBackgroundLuminance(page: Page): Promise<number> {
  const color = await page.evaluate(() => getComputedStyle(document.querySelector('main')).backgroundColor);
  const [r, g, b] = (color.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  expect(r, `parsed ${color}`).toBeDefined();
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** The Fluent theme in force: its neutral background token, as the provider sets it. */
async function themeBackgroundToken(page: Page): Promise<string> {
  return page.evaluate(() => getComputedStyle(document.querySelector('.fui-FluentProvider')).getPropertyValue('--colorNeutralBackground1').trim().toLowerCase());
}

/** Rescanning HV01 raises a toast; it is checked once fully drawn (page scans leave transient toasts out). */
async function expectRescanToastAccessible(infrastructure: InfrastructurePage, theme: string): Promise<void> {
  await infrastructure.selectServer('HV01');
  await infrastructure.command('Rescan').click();
  await expectToastAccessible(infrastructure.page, 'HV01', `a toast in ${theme} mode`);
}

const VIEWS: { view: View; shot: string }[] = [
  { view: 'Home', shot: 'home' },
  { view: 'Inventory', shot: 'inventory' },
  { view: 'Backup Infrastructure', shot: 'infrastructure' },
];

test.describe('themes follow the OS', () => {
  test.afterAll(async ({ consoleApp }) => {
    await consoleApp.page.emulateMedia({ colorScheme: 'light', forcedColors: 'none' });
  });

  test('light by default; dark when the OS is dark, switching live; no serious axe violation in dark', async ({ shell, infrastructure, consoleApp, shot }) => {
    const page = shell.page;
    await page.emulateMedia({ colorScheme: 'light', forcedColors: 'none' });
    await shell.open('Backup Infrastructure');
    await expectRescanToastAccessible(infrastructure, 'light');
    await shell.open('Home');
    expect(await mainBackgroundLuminance(page)).toBeGreaterThan(0.8);
    const light = await themeBackgroundToken(page);

    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => mainBackgroundLuminance(page)).toBeLessThan(0.05);
    expect(await themeBackgroundToken(page)).not.toBe(light);
    for (const { view, shot: name } of VIEWS) {
      await shell.open(view);
      await expectNoSeriousA11yViolations(page, `${view} in dark mode`);
      await shot(`dark-01-${name}`);
      if (view === 'Backup Infrastructure') await expectRescanToastAccessible(infrastructure, 'dark');
    }

    // A wizard and a session (when this lab has one) in dark too: dialogs and portals get the theme.
    await shell.open('Home');
    await page.getByRole('toolbar', { name: 'Jobs commands' }).getByRole('button', { name: 'New job', exact: true }).click();
    await page.getByRole('menuitem', { name: /^Backup job/ }).click();
    const wizard = page.getByRole('dialog', { name: 'New backup job' });
    await expect(wizard).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'Job wizard in dark mode');
    await shot('dark-02-job-wizard');
    await wizard.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect(wizard).toBeHidden();

    // The off-host story leaves sessions in this lab when it ran first; one with warnings shows its banners.
    const sessions = await consoleApp.call('sessions.list', {});
    const session = sessions.find((x) => x.result === 'Warning') ?? sessions.find((x) => x.result !== 'Running');
    if (session) {
      await page.evaluate((hash) => (location.hash = hash), `#/sessions/${session.id}`);
      await expect(page.getByRole('region', { name: /session of /i })).toBeVisible();
      await expectNoSeriousA11yViolations(page, 'Session view in dark mode');
      await shot('dark-03-session');
    }

    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => mainBackgroundLuminance(page)).toBeGreaterThan(0.8);
  });

  test('Windows high contrast (forced colors) switches to the high-contrast theme; no serious axe violation', async ({ shell, shot }) => {
    const page = shell.page;
    const before = await themeBackgroundToken(page);
    await page.emulateMedia({ forcedColors: 'active', colorScheme: 'dark' });
    await shell.open('Home');
    await expect.poll(() => themeBackgroundToken(page)).not.toBe(before);
    // teamsHighContrastTheme paints on black; forced colors draw the system colours over it.
    expect(await themeBackgroundToken(page)).toBe('#000000');
    for (const { view, shot: name } of VIEWS) {
      await shell.open(view);
      await expectNoSeriousA11yViolations(page, `${view} in high contrast`);
      await shot(`contrast-01-${name}`);
    }
  });
});
