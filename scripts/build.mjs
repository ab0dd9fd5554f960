// Builds everything `npm start`, the CLI and e2e need: main-process bundles (esbuild) and the renderer (vite).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const onlyMain = process.argv.includes('--main');
rmSync('out/main', { recursive: true, force: true });

const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: 'linked', logLevel: 'warning', packages: 'external' };
// ESM entries for Node (CLI, npm start, agent); `import.meta.url` works, dependencies stay in node_modules.
await build({
  ...common,
  format: 'esm',
  // block-worker: the data mover's worker threads load it from next to the bundle that starts them.
  // cli: a launcher that runs cli-main under the bundled Node 24 when the Node it was started with lacks node:sqlite.
  entryPoints: { cli: 'src-main/cli/launcher.ts', 'cli-main': 'src-main/cli/main.ts', start: 'src-main/start.ts', 'block-worker': 'src-main/engine/datamover/block-worker.ts' },
  outdir: 'out/main',
  outExtension: { '.js': '.js' },
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
// Electron main and preload are CommonJS: Electron's preload sandbox cannot load ESM or local modules.
await build({ ...common, format: 'cjs', entryPoints: { electron: 'src-main/hosts/electron/main.ts' }, outdir: 'out/main', outExtension: { '.js': '.cjs' }, define: { 'import.meta.url': '__ferry_import_meta_url' }, banner: { js: "const __ferry_import_meta_url = require('node:url').pathToFileURL(__filename).href;" } });
await build({ ...common, packages: undefined, external: ['electron'], format: 'cjs', entryPoints: { preload: 'src-main/hosts/electron/preload.ts' }, outdir: 'out/main', outExtension: { '.js': '.cjs' } });

if (!onlyMain) execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
console.log('build: out/main and out/renderer ready');
