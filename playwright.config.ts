// One suite, two projects: `browser` drives the web host in Debian Chromium; `electron` drives the
// desktop app and skips itself (with a message) where no Electron binary is installed.
import { defineConfig } from '@playwright/test';
import type { RunnerOptions } from './e2e/fixtures/test';

const chromiumArgs = [
  '--no-sandbox', // we run as root in CI containers
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig<RunnerOptions>({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './e2e/global-setup.ts',
  // Electron and the lab engine want one app at a time; the suite itself is a serial walk.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  outputDir: 'test-results',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1400, height: 900 },
    actionTimeout: 15_000,
  },
  projects: [
    {
      name: 'browser',
      testIgnore: '**/perf/**',
      use: {
        runnerKind: 'browser',
        browserName: 'chromium',
        launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs },
      },
    },
    { name: 'electron', testIgnore: '**/perf/**', use: { runnerKind: 'electron' } },
    // Long tasks / frame times with the 200-disk lab: `npx playwright test --project perf`.
    {
      name: 'perf',
      testDir: './e2e/perf',
      use: {
        // Tracing snapshots the DOM inside the page: it would be measured as the console's own work.
        trace: 'off',
        runnerKind: 'browser',
        browserName: 'chromium',
        launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs },
      },
    },
  ],
});
