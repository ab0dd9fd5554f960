// Builds main + renderer once per run so the suite always tests the current sources.
// FERRY_E2E_SKIP_BUILD=1 reuses out/ (handy while iterating on specs only).
import { execFileSync } from 'node:child_process';
import { nodeForFerry } from './fixtures/node-binary';

export default function globalSetup(): void {
  if (process.env.FERRY_E2E_SKIP_BUILD === '1') return;
  execFileSync(nodeForFerry(), ['scripts/build.mjs'], { stdio: 'inherit' });
}
