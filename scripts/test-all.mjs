// `npm test`: typecheck, lint (with the import rules; size warnings reported, not failing), import cycles, build,
// then Vitest and the Playwright e2e suite side by side.
// Ends with one plain line "N passed, N failed" summing every suite (CI's counter reads it).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

// not under test-results/: Playwright empties its output folder when it starts, while Vitest is still running
const reports = join('test-counts');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const node = process.execPath;
let passed = 0;
let failed = 0;
let skipped = 0;

function run(name, cmd, args, env = {}) {
  console.log(`\n=== ${name}: ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}
function check(name, ok) {
  if (ok) passed++;
  else failed++;
  console.log(`=== ${name}: ${ok ? 'ok' : 'FAILED'}`);
}

check('typecheck', run('typecheck', node, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.main.json']) && run('typecheck', node, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.renderer.json']));
check('electron-builder.yml schema', run('builder config', node, ['scripts/validate-builder.cjs']));
check('electronegativity', run('electron security', node, ['scripts/electronegativity.mjs']));
check('lint + import direction', run('lint', node, ['scripts/lint.mjs']));
check('import cycles', run('import cycles', node, ['scripts/check-cycles.mjs']));

// Vitest and the e2e suite run side by side: the e2e walks mostly wait on the lab and the browser (about a third
// of a core), Vitest keeps the cores busy; one after the other they would not fit CI's time budget. The build comes
// first because both use out/ (e2e's console, some CLI/agent process tests), and nothing rebuilds it meanwhile.
const built = run('build', node, ['scripts/build.mjs']);
check('build', built);

/** Runs a suite without blocking; its output goes to a file (printed when it ends) or, for one suite, the terminal. */
function start(name, cmd, args, env, logFile) {
  console.log(`\n=== ${name}: ${[cmd, ...args].join(' ')}${logFile ? ` (output: ${logFile}, printed when it ends)` : ''}`);
  const out = logFile ? openSync(logFile, 'w') : 'inherit';
  const child = spawn(cmd, args, { stdio: ['ignore', out, out], env: { ...process.env, ...env } });
  return new Promise((resolve) => child.on('close', (code) => resolve(code === 0)));
}

const vitestJson = join(reports, 'vitest.json');
const pwJson = join(reports, 'playwright.json');
const e2eLog = join(reports, 'e2e.log');
const vitestDone = start('unit', node, ['node_modules/vitest/vitest.mjs', 'run', '--maxWorkers=2', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`], {});
const e2eDone = built
  ? start('e2e', node, ['node_modules/@playwright/test/cli.js', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson, FERRY_E2E_SKIP_BUILD: '1' /* built just above */ }, e2eLog)
  : Promise.resolve(false);
const [vitestOk, pwOk] = await Promise.all([vitestDone, e2eDone]);

if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests + (vitestOk || v.numFailedTests > 0 ? 0 : 1);
  skipped += v.numPendingTests + v.numTodoTests;
} else check('unit (no report)', false);

if (built) {
  console.log(`\n=== e2e output (${e2eLog}):`);
  if (existsSync(e2eLog)) process.stdout.write(readFileSync(e2eLog, 'utf8'));
  if (existsSync(pwJson)) {
    const s = JSON.parse(readFileSync(pwJson, 'utf8')).stats;
    passed += s.expected + s.flaky;
    failed += s.unexpected + (pwOk || s.unexpected > 0 ? 0 : 1);
    skipped += s.skipped;
  } else check('e2e (no report)', false);
}

console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 ? 1 : 0;
