// Ferry's executors with PowerShell for real: the LocalExecutor's bootstrap through a pwsh process's stdin
// (`-Command -`, exit codes, UTF-8 output), and the RemoteExecutor's WinRM wrapper — credential through the two
// environment variables and nowhere else, DiskShadow's exit code marker, remoting failures → Ferry's codes —
// against stub Invoke-Command / a stub diskshadow.exe. Two pwsh processes for the local part, one for the rest.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './testing/fixtures';
import { HOSTILE_NAME, SIDE_EFFECT_ENV } from './testing/hostile';
import { PwshSession } from './testing/pwsh-session';
import { SessionRunner } from './testing/session-runner';
import { toolForTests } from './testing/tools';
import { LocalExecutor, parseDiskShadow, RemoteExecutor, ScriptRunner, TRANSCRIPTS_DIR, type RemoteCredential, type Target } from './windows-scripts';

const pwsh = toolForTests('pwsh');
const HOST = 'hv01.contoso.local';
const TARGET: Target = { id: 'hv01', server: HOST, name: HOST };
const SECRET = `p'w"\u2019$(ni $env:${SIDE_EFFECT_ENV})\`;ü`;

interface Call {
  call: string;
  details: Record<string, unknown>;
}

describe.skipIf(!pwsh.path)(`executors through pwsh${pwsh.path ? '' : ` (skipped: ${pwsh.skipReason})`}`, () => {
  let dir: string;
  let pwned: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ferry-exec-'));
    pwned = join(dir, 'PWNED');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('LocalExecutor: a real pwsh process fed the bootstrap on stdin', () => {
    const local = () => new ScriptRunner(new LocalExecutor({ powershellExe: pwsh.path! }));
    const here: Target = { id: 'mgmt01', server: undefined, name: 'mgmt01' };

    it('runs the script, exits 0, the result line arrives in UTF-8; a throw exits 1 with the message as E_WIN_POWERSHELL_FAILED', async () => {
      const [value, failure] = await Promise.all([
        local().ps(here, 'Echo', `$ErrorActionPreference = 'Stop'\nWrite-Output 'noise first'\n'FERRY_JSON:' + (ConvertTo-Json -Compress -InputObject @{ name = ${"'" + HOSTILE_NAME.replace(/['\u2018\u2019\u201a\u201b]/g, '$&$&') + "'"} })\n`, 60_000),
        local().ps(here, 'Prepare snapshot', "$ErrorActionPreference = 'Stop'\nGet-Item -LiteralPath '/nonexistent/ferry'\n'FERRY_JSON:{}'\n", 60_000).catch((e: unknown) => e),
      ]);
      expect(value).toEqual({ name: HOSTILE_NAME });
      expect(failure).toMatchObject({ code: 'E_WIN_POWERSHELL_FAILED', message: expect.stringMatching(/^Prepare snapshot on mgmt01 failed: Cannot find path '\/nonexistent\/ferry' because it does not exist\.$/), details: { exitCode: 1 } });
    });
  });

  describe('RemoteExecutor: the WinRM wrapper against stub remoting commands', () => {
    let session: PwshSession;
    let callLog: string;
    let systemRoot: string;
    beforeAll(() => {
      session = new PwshSession(pwsh.path!);
      callLog = join(dir, 'calls.jsonl');
      systemRoot = join(dir, 'Windows');
      mkdirSync(join(systemRoot, 'System32'), { recursive: true });
      mkdirSync(join(dir, 'temp'));
    });
    afterAll(() => session?.close());

    function remote(opts: { deniedCode?: number; credential?: RemoteCredential | null } = {}) {
      const runner = new SessionRunner(session, {
        vars: { FerryRemote: { callLog, deniedCode: opts.deniedCode ?? null } },
        files: ['remoting'],
        extra: `$env:${SIDE_EFFECT_ENV} = '${pwned}'; $env:SystemRoot = '${systemRoot}'; $env:TEMP = '${join(dir, 'temp')}'`,
      });
      const credential = opts.credential === undefined ? { user: 'LAB\\backup-admin', secret: SECRET } : opts.credential;
      const executor = new RemoteExecutor({ credentials: { get: async () => credential }, runner, authentication: 'Kerberos', useSsl: true, port: 5986 });
      return { executor, runner, calls: (): Call[] => readFileSync(callLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Call) };
    }

    it('PowerShell on a host: the credential reaches Invoke-Command intact, only through the environment, and is masked in output', async () => {
      rmSync(callLog, { force: true });
      const { executor, runner, calls } = remote();
      const script = `'FERRY_JSON:' + (ConvertTo-Json -Compress -InputObject @{ user = [Environment]::UserName.Length -ge 0; echoed = $env:FERRY_CRED_SECRET })\nWrite-Output ${"'" + SECRET.replace(/['\u2018\u2019\u201a\u201b]/g, '$&$&') + "'"}\n`;
      const result = await executor.run({ program: 'powershell', script, server: HOST, timeoutMs: 30_000 });
      expect(result.exitCode).toBe(0);
      // the remote side sees no credential variable (deleted before connecting); the echoed secret is masked
      expect(result.stdout).toContain('FERRY_JSON:');
      expect(result.stdout).not.toContain(SECRET);
      expect(result.stdout).toContain('***');
      const [invoke] = calls();
      expect(invoke).toMatchObject({ call: 'Invoke-Command', details: { ComputerName: HOST, Authentication: 'Kerberos', UseSSL: 'True', Port: '5986', ErrorAction: 'Stop', User: 'LAB\\backup-admin', Password: SECRET, CredentialEnvLeft: false } });
      // the secret was never part of the script
      expect(runner.specs[0].stdin).not.toContain(SECRET);
      expect(runner.specs[0].env).toEqual({ FERRY_CRED_USER: 'LAB\\backup-admin', FERRY_CRED_SECRET: SECRET });
      expect(existsSync(pwned)).toBe(false);
    });

    it('DiskShadow on a host: the script reaches diskshadow.exe as CRLF, its exit code comes back through the marker, the temp file goes', async () => {
      rmSync(callLog, { force: true });
      const seen = join(dir, 'dsh-seen.txt');
      const transcript = readFileSync(join(REPO_ROOT, TRANSCRIPTS_DIR, 'delete-set.success.txt'), 'utf8');
      writeFileSync(join(dir, 'transcript.txt'), transcript);
      const fake = join(systemRoot, 'System32', 'diskshadow.exe');
      writeFileSync(fake, `#!/bin/sh\n[ "$1" = "/s" ] || exit 9\ncat "$2" > '${seen}'\ncat '${join(dir, 'transcript.txt')}'\necho 'a line on stderr' >&2\nexit 3\n`);
      chmodSync(fake, 0o755);
      const { executor } = remote({ credential: null });
      const script = `set context persistent\ndelete shadows set {4c1f2d7a-9b3e-4e8a-a6d1-2f5c7b9e0a13}\nexit\n`;
      const result = await executor.run({ program: 'diskshadow', script, server: HOST, timeoutMs: 30_000 });
      expect(result.exitCode).toBe(3);
      expect(readFileSync(seen, 'utf8')).toBe(script.replace(/\n/g, '\r\n'));
      expect(result.stdout).not.toMatch(/FERRY_EXIT_CODE/);
      expect(result.stdout).toContain('a line on stderr');
      expect(parseDiskShadow(result.stdout).deletedCount).toBe(1);
      expect(readdirSync(join(dir, 'temp'))).toEqual([]);
    });

    it.each([
      [5, 'E_WIN_ACCESS_DENIED'],
      [-2144108250, 'E_WIN_UNREACHABLE'],
    ])('a remoting failure with transport code %i → %s', async (deniedCode, code) => {
      rmSync(callLog, { force: true });
      const { executor } = remote({ deniedCode });
      await expect(new ScriptRunner(executor).ps(TARGET, 'Server facts', "'FERRY_JSON:{}'\n", 30_000)).rejects.toMatchObject({ code, details: { server: HOST, step: 'Server facts' } });
    });

    it('nothing in the secret ever ran (its $(ni ...) would have created the side-effect file)', () => {
      expect(existsSync(pwned)).toBe(false);
    });
  });
});
