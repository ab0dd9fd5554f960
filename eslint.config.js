// Lint + the import-direction rules: src-renderer → src-shared ← src-main, one way;
// only src-main/hosts/electron may import 'electron'; shared and renderer never import node: or main.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'net', 'worker_threads', 'zlib'];

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
    files: ['src-shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/src-main/**', '**/src-renderer/**', '../../src-main/*', '../../src-renderer/*'], message: 'src-shared imports nothing from main or renderer' },
        { group: nodeBuiltins, message: 'src-shared is pure TypeScript: no Node built-ins' },
        { group: ['electron', 'react', 'react-dom'], message: 'src-shared is host-neutral' },
      ] }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/src-main/**', '../src-main/*', '../../src-main/*'], message: 'the renderer talks to main only through the typed client' },
        { group: nodeBuiltins, message: 'the renderer runs in a sandbox: no Node built-ins' },
        { group: ['electron'], message: "only src-main/hosts/electron imports 'electron'" },
      ] }],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/hosts/electron/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['electron'], message: "only src-main/hosts/electron imports 'electron'" },
        { group: ['**/src-renderer/**'], message: 'main never imports the renderer' },
      ] }],
    },
  },
  {
    files: ['src-main/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['electron'], message: 'the engine never knows its host' },
        { group: ['**/hosts/**', '**/service/**', '**/cli/**', '**/src-renderer/**'], message: 'the engine never knows its host or service' },
      ] }],
    },
  },
);
