// Lint + the import rules: src-renderer → src-shared ← src-main, one way; only src-main/hosts/electron may import
// 'electron'; shared and renderer never import node: or main; the engine never knows its host; the service reaches
// the engine only through its facade; product code never imports test doubles (testing/ folders).
// Sizes (files over 400 lines, functions over 100) are warnings: `npm run lint` (scripts/lint.mjs) reports them
// without failing and fails on everything else. Import cycles: scripts/check-cycles.mjs (a suite of npm test).
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'net', 'worker_threads', 'zlib'];

/** Tests and their helpers: they may import test doubles, and their describe blocks may run long. */
const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx', '**/testing/**', '**/test-*.ts', '**/*-test-support.ts', 'e2e/**', 'test/**'];

const noTestDoubles = { group: ['**/testing/**', '**/testing'], message: 'test doubles live in testing/ folders; product code never imports them' };

/**
 * no-restricted-imports for one area. Flat config replaces a rule's options rather than merging them, so each area
 * states its whole list twice: for its product files (plus productOnly and "no test doubles") and for its test
 * files (a nested array in `files` means: matches both).
 */
function importRules(files, patterns, { ignores = [], productOnly = [] } = {}) {
  const rule = (p) => ({ 'no-restricted-imports': ['error', { patterns: p }] });
  return [
    { files, ignores: [...ignores, ...TEST_FILES], rules: rule([...patterns, ...productOnly, noTestDoubles]) },
    { files: files.flatMap((f) => TEST_FILES.map((t) => [f, t])), ignores, rules: rule(patterns) },
  ];
}

const notRenderer = { group: ['**/src-renderer/**'], message: 'main never imports the renderer' };

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'release/**', 'e2e/screenshots/**', 'test-results/**', 'playwright-report/**', 'bench/work/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // CommonJS launchers and tool scripts load modules with require() by design.
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.{ts,tsx}'],
    rules: { 'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['**/*.{ts,tsx}'],
    ignores: TEST_FILES,
    rules: { 'max-lines-per-function': ['warn', { max: 100, skipBlankLines: true, skipComments: true }] },
  },
  ...importRules(['src-shared/**/*.{ts,tsx}'], [
    { group: ['**/src-main/**', '**/src-renderer/**', '../../src-main/*', '../../src-renderer/*'], message: 'src-shared imports nothing from main or renderer' },
    { group: nodeBuiltins, message: 'src-shared is pure TypeScript: no Node built-ins' },
    { group: ['electron', 'react', 'react-dom'], message: 'src-shared is host-neutral' },
  ]),
  ...importRules(['src-renderer/**/*.{ts,tsx}'], [
    { group: ['**/src-main/**', '../src-main/*', '../../src-main/*'], message: 'the renderer talks to main only through the typed client' },
    { group: nodeBuiltins, message: 'the renderer runs in a sandbox: no Node built-ins' },
    { group: ['electron'], message: "only src-main/hosts/electron imports 'electron'" },
  ]),
  ...importRules(['src-main/**/*.ts'], [{ group: ['electron'], message: "only src-main/hosts/electron imports 'electron'" }, notRenderer], {
    ignores: ['src-main/hosts/electron/**', 'src-main/engine/**', 'src-main/service/**'],
  }),
  ...importRules(['src-main/hosts/electron/**/*.ts'], [notRenderer]),
  ...importRules(['src-main/engine/**/*.ts'], [
    { group: ['electron'], message: 'the engine never knows its host' },
    { group: ['**/hosts/**', '**/service/**', '**/cli/**', '**/src-renderer/**', '**/app-paths'], message: 'the engine never knows its host or service' },
  ]),
  ...importRules(['src-main/service/**/*.ts'], [{ group: ['electron'], message: "only src-main/hosts/electron imports 'electron'" }, notRenderer], {
    // tests may look below the facade (lab accounts, stores)
    productOnly: [{ group: ['**/engine/*/**', '!**/engine/facade/**'], message: 'the service calls the engine only through its facade (engine/facade/engine.ts)' }],
  }),
);
