import { homedir } from 'node:os';
import { join } from 'node:path';

/** Per-user data folder: %APPDATA%\Ferry, ~/Library/Application Support/Ferry, $XDG_DATA_HOME/ferry. */
export function defaultDataDir(): string {
  if (process.env.FERRY_DATA) return process.env.FERRY_DATA;
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Ferry');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Ferry');
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'ferry');
}
