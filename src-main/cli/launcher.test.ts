// README: `node out/main/cli.js` is the alternative to `npx ferry`, and must work under whatever `node` the machine
// has. A Node without node:sqlite (the system's Node 20, or any Node started with --no-experimental-sqlite) makes
// the launcher run the CLI again under the bundled Node 24. out/main is built by the global setup.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { appRoot, VERSION } from '../app-paths';

const cli = join(appRoot(), 'out', 'main', 'cli.js');
const bundled = realpathSync(join(appRoot(), 'node_modules', 'node', 'bin', process.platform === 'win32' ? 'node.exe' : 'node'));

/** The first `node` on PATH that is not the project's own Node 24 (npm scripts put that one first). */
function systemNode(): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, process.platform === 'win32' ? 'node.exe' : 'node');
    try {
      accessSync(candidate, constants.X_OK);
      if (realpathSync(candidate) !== bundled) return candidate;
    } catch {
      // not there
    }
  }
  return null;
}

const run = (node: string, args: string[]) => spawnSync(node, args, { encoding: 'utf8', timeout: 60_000 });
const hasSqlite = (node: string, flags: string[] = []) => run(node, [...flags, '-e', "import('node:sqlite').then(() => process.exit(0), () => process.exit(3))"]).status === 0;

describe('node out/main/cli.js', () => {
  it('works under a Node without node:sqlite: it runs again under the bundled Node 24 (exit codes passed on)', () => {
    const flags = ['--no-experimental-sqlite'];
    expect(hasSqlite(bundled, flags)).toBe(false); // the situation of the system's Node 20
    const help = run(bundled, [...flags, cli, '--help']);
    expect(help.stderr).toBe('');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Ferry \S+ — off-host backup for Hyper-V/);
    expect(help.stdout).toMatch(/ferry job run NAME/);
    expect(run(bundled, [...flags, cli, '--version']).stdout.trim()).toBe(VERSION);
    const bad = run(bundled, [...flags, cli, 'frobnicate']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown command 'frobnicate'/);
  });

  it("works as the README shows it, with the machine's own `node`", () => {
    const node = systemNode();
    if (!node) {
      console.warn('no system node on PATH besides the bundled one: only the bundled Node checked');
      return;
    }
    const help = run(node, [cli, '--help']);
    expect(help.stderr).toBe('');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/ferry job run NAME/);
  });
});
