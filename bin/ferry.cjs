#!/usr/bin/env node
// Launcher for the `ferry` CLI: needs Node >= 22.5 (node:sqlite). When started by an older system Node,
// re-run under the Node 24 that the project installs as a dev dependency.
'use strict';
const { join } = require('node:path');
const { existsSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const root = join(__dirname, '..');
const cli = join(root, 'out', 'main', 'cli.js');
if (!existsSync(cli)) {
  console.error("ferry: not built yet: run 'npm run build' first");
  process.exit(2);
}
const [major, minor] = process.versions.node.split('.').map(Number);
if (major > 22 || (major === 22 && minor >= 5)) {
  import(require('node:url').pathToFileURL(cli).href);
} else {
  const bundled = join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(bundled)) {
    console.error(`ferry: needs Node >= 22.5 (found ${process.versions.node}); run 'npm install' to get the bundled Node 24`);
    process.exit(2);
  }
  const r = spawnSync(bundled, [cli, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
