// Entry of out/main/cli.js: runs the CLI bundle (cli-main.js, next to it) in this process when this Node has
// node:sqlite, else again under the Node 24 the project installs as a dev dependency (node_modules/node), as
// bin/ferry.cjs does — so `node out/main/cli.js` works under an older system Node too. Imports nothing but Node
// built-ins that every supported Node has: the bundle's own imports (node:sqlite) would fail before any check.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const bundle = join(here, 'cli-main.js');

/** node_modules/node/bin/node of the project this bundle is in (first folder upwards that has it). */
function bundledNode(): string | null {
  const exe = process.platform === 'win32' ? 'node.exe' : 'node';
  for (let dir = here, i = 0; i < 6; i++, dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', 'node', 'bin', exe);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

// Feature test, not a version test: Node 22.5–22.12 has node:sqlite only behind a flag.
const hasSqlite = await import('node:sqlite').then(
  () => true,
  () => false,
);

if (hasSqlite) {
  await import(pathToFileURL(bundle).href);
} else {
  const node = bundledNode();
  if (!node) {
    process.stderr.write(`ferry: needs Node >= 22.5 with node:sqlite (this is Node ${process.versions.node}); run 'npm install' to get the bundled Node 24\n`);
    process.exit(2);
  }
  // The IPC channel is the child's lifeline: when this launcher dies (even SIGKILL), the CLI stops as on SIGTERM.
  const child = spawn(node, [bundle, ...process.argv.slice(2)], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
  // Ctrl-C reaches the child from the terminal (it stops cleanly); a TERM sent to this launcher is passed on.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('error', (e) => {
    process.stderr.write(`ferry: could not start ${node}: ${e.message}\n`);
    process.exit(2);
  });
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0)));
}
