// Secret files on Windows outside Electron (`ferry serve`, the CLI): encrypted with DPAPI for the current user,
// so a copied or roamed data folder holds no readable password. POSIX file modes mean nothing on NTFS, which is
// why owner-only files are not enough there. PowerShell does the DPAPI call (no native module to build); the
// secret travels only through the child's stdin, never on a command line.
import { spawnSync } from 'node:child_process';

export interface SecretCodec {
  encode(v: string): Buffer;
  decode(b: Buffer): string;
}

/** Runs a PowerShell script with `input` on stdin and returns stdout; throws on failure. */
export type PowerShellRun = (script: string, input: string) => string;

/** Marks an encrypted file; files without it are from before encryption and are read as they are. */
export const DPAPI_HEADER = Buffer.from('FERRY-DPAPI1\n', 'ascii');

const protectScript = (op: 'Protect' | 'Unprotect'): string =>
  [
    "$ErrorActionPreference = 'Stop'",
    'Add-Type -AssemblyName System.Security',
    '$data = [Convert]::FromBase64String([Console]::In.ReadToEnd().Trim())',
    `$out = [Security.Cryptography.ProtectedData]::${op}($data, $null, [Security.Cryptography.DataProtectionScope]::CurrentUser)`,
    '[Console]::Out.Write([Convert]::ToBase64String($out))',
  ].join('\n');

export function dpapiCodec(run: PowerShellRun = runPowerShell): SecretCodec {
  // Decrypting costs a PowerShell start; the executor asks for the same credential on every command.
  const plain = new Map<string, string>();
  return {
    encode(v) {
      const sealed = Buffer.from(run(protectScript('Protect'), Buffer.from(v, 'utf8').toString('base64')), 'base64');
      return Buffer.concat([DPAPI_HEADER, sealed]);
    },
    decode(b) {
      if (!b.subarray(0, DPAPI_HEADER.length).equals(DPAPI_HEADER)) return b.toString('utf8');
      const key = b.toString('base64');
      const hit = plain.get(key);
      if (hit !== undefined) return hit;
      const v = Buffer.from(run(protectScript('Unprotect'), b.subarray(DPAPI_HEADER.length).toString('base64')), 'base64').toString('utf8');
      plain.set(key, v);
      return v;
    },
  };
}

function runPowerShell(script: string, input: string): string {
  const encoded = Buffer.from(script, 'utf16le').toString('base64');
  const r = spawnSync('powershell.exe', ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', encoded], { input, encoding: 'utf8', windowsHide: true, timeout: 30_000 });
  // never r.stderr verbatim in the message: keep it short and free of the input
  if (r.status !== 0 || r.error) throw new Error(`DPAPI through PowerShell failed (exit ${r.status ?? r.error?.message})`);
  return r.stdout.trim();
}
