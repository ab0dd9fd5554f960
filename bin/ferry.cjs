#!/usr/bin/env node
// Launcher for the `ferry` CLI: needs Node >= 22.5 (node:sqlite). When started by an older system Node,
// re-run under the Node 24 that the project installs as a dev dependency. Commands that move disk data
// run in a child with a tuned allocator (see data-mover-env.cjs); everything else runs in this process.
'use strict';
const { join } = require('node:path');
const { existsSync } = require('node:fs');
const { spawn } = require('node:child_process');
const { constants } = require('node:os');
const { dataMoverEnv } = require('./data-mover-env.cjs');
const root = join(__dirname, '..');
const cli = join(root, 'out', 'main', 'cli.js');
if (!existsSync(cli)) {
  console.error("ferry: not built yet: run 'npm run build' first");
  process.exit(2);
}
const args = process.argv.slice(2);
const [major, minor] = process.versions.node.split('.').map(Number);
const modern = major > 22 || (major === 22 && minor >= 5);
const tunedEnv = dataMoverEnv(args[0]);
if (modern && !tunedEnv) {
  import(require('node:url').pathToFileURL(cli).href);
} else {
  const bundled = join(root, 'node_modules', 'node', 'bin', 'node');
  if (!modern && !existsSync(bundled)) {
    console.error(`ferry: needs Node >= 22.5 (found ${process.versions.node}); run 'npm install' to get the bundled Node 24`);
    process.exit(2);
  }
  // The IPC channel is the child's lifeline: when this launcher dies (even SIGKILL), the CLI stops as on SIGTERM.
  const child = spawn(modern ? process.execPath : bundled, [cli, ...args], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env: tunedEnv ?? process.env });
  // Ctrl-C reaches the child from the terminal (it stops cleanly); a TERM sent to this launcher is passed on.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
}
