// The agent package for a Windows proxy (`npm run dist:agent`): what is in it and how the service is called.
// Shared by the generated scripts and scripts/dist-agent.mjs, so the names cannot drift apart.
export const AGENT_PACKAGE = {
  serviceName: 'FerryAgent',
  displayName: 'Ferry data mover agent',
  description: 'Reads VM disks from exposed snapshots on this off-host proxy and writes them to the Ferry backup repository.',
  /** `ferry agent`'s default port; the console connects to it (TLS, pinned certificate, pairing token) */
  port: 6170,
  firewallRule: 'FerryAgent-TCP-In',
  /** folders and files at the package root */
  appDir: 'app',
  nodeDir: 'node',
  launcher: 'ferry-agent.cmd',
  installer: 'install-agent.ps1',
  serviceHostSource: 'FerryAgentService.cs',
  serviceHostExe: 'FerryAgentService.exe',
  /** the CLI bundle inside appDir (block-worker.js sits next to it) */
  entry: 'cli.js',
  /** Ferry needs node:sqlite */
  minNodeVersion: '22.5.0',
} as const;

/** app\cli.js: precomputed, because in String.raw templates a backslash right before `${` escapes the interpolation */
export const ENTRY_PATH = `${AGENT_PACKAGE.appDir}\\${AGENT_PACKAGE.entry}`;

/** Windows text files: CRLF, and nothing outside ASCII (Windows PowerShell 5.1 reads a BOM-less .ps1 as ANSI). */
export function windowsText(text: string): string {
  const crlf = text.replace(/\r?\n/g, '\r\n');
  const bad = /[^\x09\x0a\x0d\x20-\x7e]/.exec(crlf);
  if (bad) throw new Error(`non-ASCII character ${JSON.stringify(bad[0])} in a Windows script`);
  return crlf;
}
