// Where the app's pieces are, for every host and the CLI: the built bundles and the renderer (relative to the bundled
// entry, out/main/*.js), the version, the agent package, and the per-user data folder.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Project (or app) root: the first folder upwards that holds package.json. */
export function appRoot(): string {
  let dir = here;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

export const rendererDir = (): string => join(appRoot(), 'out', 'renderer');

export const VERSION: string = (() => {
  try {
    return (JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();

/** How to start `ferry agent` as a child process: this Node with the bundled CLI, when it is built. */
export function agentCommand(): string[] | null {
  const cli = join(appRoot(), 'out', 'main', 'cli.js');
  return existsSync(cli) ? [process.execPath, cli] : null;
}

/** Where `npm run dist:agent` writes the agent package for Windows proxies (release/agent in the project). */
export const defaultAgentPackageDir = (): string => join(appRoot(), 'release', 'agent');

/** Per-user data folder: %APPDATA%\Ferry, ~/Library/Application Support/Ferry, $XDG_DATA_HOME/ferry (FERRY_DATA wins). */
export function defaultDataDir(): string {
  if (process.env.FERRY_DATA) return process.env.FERRY_DATA;
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Ferry');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Ferry');
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'ferry');
}
