// Builds main + renderer once per run so the suite always tests the current sources.
// FERRY_E2E_SKIP_BUILD=1 reuses out/ (handy while iterating on specs only).
import { execFileSync } from 'node:child_process';
import type { FullConfig } from '@playwright/test';
import { nodeForFerry } from './fixtures/node-binary';
import { electronBinary, NO_ELECTRON_MESSAGE } from './fixtures/runner';

export default function globalSetup(config: FullConfig): void {
  if (process.env.FERRY_E2E_SKIP_BUILD !== '1') {
    execFileSync(nodeForFerry(), ['scripts/build.mjs'], { stdio: 'inherit' });
  }
  // The list reporter does not print skip reasons; say it once, up front.
  const electronSelected = config.projects.some((p) => p.name === 'electron');
  if (electronSelected && electronBinary() === null) console.log(`[electron project] skipped: ${NO_ELECTRON_MESSAGE}`);
}
