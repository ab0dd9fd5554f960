// `npm test`: typecheck, lint (with the import rules; size warnings reported, not failing), import cycles, vitest,
// build, Playwright e2e.
// Ends with one plain line "N passed, N failed" summing every suite (CI's counter reads it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const reports = join('test-results', 'counts');
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

const vitestJson = join(reports, 'vitest.json');
const vitestOk = run('unit', node, ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests + (vitestOk || v.numFailedTests > 0 ? 0 : 1);
  skipped += v.numPendingTests + v.numTodoTests;
} else check('unit (no report)', false);

const built = run('build', node, ['scripts/build.mjs']);
check('build', built);
if (built) {
  const pwJson = join(reports, 'playwright.json');
  const pwOk = run('e2e', node, ['node_modules/@playwright/test/cli.js', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson, FERRY_E2E_SKIP_BUILD: '1' /* built just above */ });
  if (existsSync(pwJson)) {
    const s = JSON.parse(readFileSync(pwJson, 'utf8')).stats;
    passed += s.expected + s.flaky;
    failed += s.unexpected + (pwOk || s.unexpected > 0 ? 0 : 1);
    skipped += s.skipped;
  } else check('e2e (no report)', false);
}

console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 ? 1 : 0;
