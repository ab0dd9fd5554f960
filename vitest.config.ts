import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src-main/**/*.test.ts', 'scripts/**/*.test.ts', 'src-shared/**/*.test.ts', 'src-renderer/**/*.test.{ts,tsx}'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
  },
  resolve: {
    // Unit tests never load the real Electron (no binary here); hosts/electron is tested through its pure parts.
    alias: { electron: new URL('./test/electron-stub.ts', import.meta.url).pathname },
  },
});
