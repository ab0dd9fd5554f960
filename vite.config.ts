import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * The CSP meta in index.html forbids inline scripts, but the dev server's React refresh preamble is one.
 * Strip the meta only while serving; built output (Electron app:// and the web host) keeps it.
 */
function relaxCspInDev(): Plugin {
  return {
    name: 'ferry-relax-csp-in-dev',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/i, ''),
  };
}

export default defineConfig({
  root: here('./src-renderer'),
  base: './',
  plugins: [react(), relaxCspInDev()],
  build: {
    outDir: here('./out/renderer'),
    emptyOutDir: true,
    sourcemap: true,
    // Fluent + icons make one large vendor chunk; that is expected for a desktop console.
    chunkSizeWarningLimit: 2500,
  },
  server: {
    host: '127.0.0.1',
    // `ferry serve --port 7070` in another terminal; the dev server forwards the RPC socket to it.
    proxy: { '/rpc': { target: process.env.FERRY_BACKEND ?? 'ws://127.0.0.1:7070', ws: true } },
  },
});
