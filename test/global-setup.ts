// Vitest global setup: the lab starts each proxy's agent as `node out/main/cli.js agent …`, so the main
// bundle must exist and be current before the engine tests run (esbuild: about a second).
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', '--main'], { stdio: 'inherit' });
}
