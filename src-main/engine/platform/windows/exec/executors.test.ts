import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode, FerryError } from '../../../../../src-shared/contract/errors';
import { WinCode } from '../error-codes';
import type { ExecResult } from './executor';
import { LocalExecutor, POWERSHELL_ARGS } from './local-executor';
import { NodeProcessRunner, type ProcessRunner, type ProcessSpec } from './process-runner';
import { CRED_SECRET_ENV, CRED_USER_ENV, RemoteExecutor, takeExitMarker } from './remote-executor';
import { ScriptedExecutor, UnexpectedCallError, ok } from '../testing/scripted-executor';

const posix = process.platform !== 'win32';

function decodeBootstrap(stdin: string): string {
  const b64 = /FromBase64String\('([^']+)'\)/.exec(stdin)?.[1];
  if (!b64) throw new Error('no payload');
  return Buffer.from(b64, 'base64').toString('utf8');
}

class FakeRunner implements ProcessRunner {
  specs: ProcessSpec[] = [];
  constructor(private readonly answer: (spec: ProcessSpec) => ExecResult | Promise<ExecResult> = () => ok('')) {}
  async run(spec: ProcessSpec): Promise<ExecResult> {
    this.specs.push(spec);
    return this.answer(spec);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(cond: () => boolean, ms = 3000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return cond();
}

describe.skipIf(!posix)('NodeProcessRunner (real processes)', () => {
  const runner = new NodeProcessRunner();
  const base = { timeoutMs: 10_000, label: 'test' };

  it('feeds stdin, returns stdout, stderr and the exit code', async () => {
    expect(await runner.run({ ...base, file: 'sh', args: ['-c', 'cat; echo oops >&2; exit 3'], stdin: 'hello\n' })).toEqual({ exitCode: 3, stdout: 'hello\n', stderr: 'oops\n' });
  });

  it('adds env variables for the child only', async () => {
    const r = await runner.run({ ...base, file: 'sh', args: ['-c', 'printf %s "$FERRY_TEST_VAR"'], env: { FERRY_TEST_VAR: 'x1' } });
    expect(r.stdout).toBe('x1');
    expect(process.env.FERRY_TEST_VAR).toBeUndefined();
  });

  it('on timeout kills the whole process tree and rejects with E_WIN_EXEC_TIMEOUT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-runner-'));
    const pidFile = join(dir, 'child.pid');
    const started = Date.now();
    const err = await runner
      .run({ ...base, timeoutMs: 400, file: 'sh', args: ['-c', `sleep 30 & echo $! > ${pidFile}; wait`] })
      .then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(FerryError);
    expect((err as FerryError).code).toBe(WinCode.ExecTimeout);
    expect(Date.now() - started).toBeLessThan(5000);
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    expect(await waitUntil(() => !alive(grandchild))).toBe(true);
  });

  it('on abort kills the process and rejects with E_CANCELLED, keeping the output so far', async () => {
    const ac = new AbortController();
    const pending = runner.run({ ...base, signal: ac.signal, file: 'sh', args: ['-c', 'echo started; sleep 30'] });
    setTimeout(() => ac.abort(), 300);
    const err = (await pending.catch((e: unknown) => e)) as FerryError;
    expect(err.code).toBe(ErrorCode.Cancelled);
    expect(err.details).toMatchObject({ stdoutTail: 'started\n' });
  });

  it('an already aborted signal never starts the process', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(runner.run({ ...base, signal: ac.signal, file: 'sh', args: ['-c', 'exit 0'] })).rejects.toMatchObject({ code: ErrorCode.Cancelled });
  });

  it('a program that cannot start → E_WIN_EXEC_FAILED with a hint', async () => {
    await expect(runner.run({ ...base, file: '/nonexistent/powershell.exe', args: [] })).rejects.toMatchObject({ code: WinCode.ExecFailed });
  });
});

describe('LocalExecutor', () => {
  it('runs PowerShell as "powershell.exe -NoProfile -NonInteractive -Command -" with the script on stdin', async () => {
    const runner = new FakeRunner();
    await new LocalExecutor({ runner }).run({ program: 'powershell', script: "Get-Date\n'x'\n", timeoutMs: 1000 });
    const spec = runner.specs[0];
    expect(spec.file).toBe('powershell.exe');
    expect(spec.args).toEqual(['-NoProfile', '-NonInteractive', '-Command', '-']);
    expect(POWERSHELL_ARGS).toEqual(spec.args);
    expect(decodeBootstrap(spec.stdin!)).toBe("Get-Date\n'x'\n");
  });

  it('runs DiskShadow with /s and a CRLF temp file that is gone afterwards, also after a failure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-dsh-'));
    let seen = '';
    let file = '';
    const runner = new FakeRunner((spec) => {
      file = spec.args[1];
      seen = readFileSync(file, 'latin1');
      return ok('-> list shadows all\r\n');
    });
    const exec = new LocalExecutor({ runner, tempDir: dir });
    await exec.run({ program: 'diskshadow', script: 'list shadows all\nexit\n', timeoutMs: 1000 });
    expect(runner.specs[0].file).toBe('diskshadow.exe');
    expect(runner.specs[0].args[0]).toBe('/s');
    expect(seen).toBe('list shadows all\r\nexit\r\n');
    expect(existsSync(file)).toBe(false);

    const failing = new LocalExecutor({ runner: new FakeRunner(() => Promise.reject(new Error('boom'))), tempDir: dir });
    await expect(failing.run({ program: 'diskshadow', script: 'exit\r\n', timeoutMs: 1000 })).rejects.toThrow('boom');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a remote server', async () => {
    await expect(new LocalExecutor({ runner: new FakeRunner() }).run({ program: 'powershell', script: '', server: 'hv01', timeoutMs: 1 })).rejects.toThrow(/RemoteExecutor/);
  });
});

describe('RemoteExecutor', () => {
  const SECRET = 'S3cr3t!pass';

  it('passes the credential only through the environment and masks it in the output', async () => {
    const runner = new FakeRunner(() => ({ exitCode: 1, stdout: `echo ${SECRET}`, stderr: `FERRY_ERROR: bad password ${SECRET}` }));
    const exec = new RemoteExecutor({ runner, credentials: { get: async () => ({ user: 'CONTOSO\\svc-ferry', secret: SECRET }) } });
    const result = await exec.run({ program: 'powershell', script: "'hello'\n", server: 'hv01.contoso.local', timeoutMs: 1000 });
    const spec = runner.specs[0];
    expect(spec.env).toEqual({ [CRED_USER_ENV]: 'CONTOSO\\svc-ferry', [CRED_SECRET_ENV]: SECRET });
    expect(spec.stdin).not.toContain(SECRET);
    expect(spec.args.join(' ')).not.toContain(SECRET);
    const wrapper = decodeBootstrap(spec.stdin!);
    expect(wrapper).not.toContain(SECRET);
    expect(wrapper).toContain("ComputerName = 'hv01.contoso.local'");
    expect(wrapper).toContain(`$env:${CRED_SECRET_ENV}`);
    expect(decodeBootstrap(wrapper)).toBe("'hello'\n");
    expect(result.stdout).toBe('echo ***');
    expect(result.stderr).toBe('FERRY_ERROR: bad password ***');
  });

  it('null credential = integrated Windows authentication (no -Credential)', async () => {
    const runner = new FakeRunner();
    await new RemoteExecutor({ runner, credentials: { get: async () => null } }).run({ program: 'powershell', script: '1', server: 'hv01', timeoutMs: 1 });
    expect(runner.specs[0].env).toBeUndefined();
    expect(decodeBootstrap(runner.specs[0].stdin!)).not.toContain('Credential');
  });

  it('a failing credential provider never leaks what it said', async () => {
    const exec = new RemoteExecutor({ runner: new FakeRunner(), credentials: { get: async () => Promise.reject(new Error(`vault said ${SECRET}`)) } });
    const err = (await exec.run({ program: 'powershell', script: '1', server: 'hv01', timeoutMs: 1 }).catch((e: unknown) => e)) as FerryError;
    expect(err.code).toBe(WinCode.Credentials);
    expect(JSON.stringify(err.toPayload())).not.toContain(SECRET);
  });

  it('DiskShadow runs remotely from a temp file; its exit code comes back as a marker line', async () => {
    const runner = new FakeRunner(() => ok('-> list shadows all\r\nNumber of shadow copies listed: 0\r\nFERRY_EXIT_CODE=2\r\n'));
    const r = await new RemoteExecutor({ runner, credentials: { get: async () => null } }).run({ program: 'diskshadow', script: 'list shadows all\nexit\n', server: 'proxy01', timeoutMs: 1 });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).not.toContain('FERRY_EXIT_CODE');
    const wrapper = decodeBootstrap(runner.specs[0].stdin!);
    expect(wrapper).toContain("diskshadow.exe') /s $file");
    expect(decodeBootstrap(wrapper)).toBe('list shadows all\r\nexit\r\n');
  });

  it('requests without a server run locally', async () => {
    const local = new ScriptedExecutor([{ label: 'local', program: 'powershell', reply: ok('x') }]);
    const exec = new RemoteExecutor({ runner: new FakeRunner(), credentials: { get: async () => null }, local });
    expect((await exec.run({ program: 'powershell', script: '1', timeoutMs: 1 })).stdout).toBe('x');
    local.assertDone();
  });

  it('a local script that opens its own session (credentialFor) gets that server\'s credential through the env, masked', async () => {
    const runner = new FakeRunner(() => ({ exitCode: 1, stdout: `FERRY_JSON:{"echo":"${SECRET}"}`, stderr: `FERRY_ERROR: ${SECRET}` }));
    const asked: string[] = [];
    const local = new ScriptedExecutor([]);
    const exec = new RemoteExecutor({ runner, local, credentials: { get: async (server) => (asked.push(server), { user: 'PROXY01\\Administrator', secret: SECRET }) } });
    const script = '$s = New-PSSession @ferryParams\n';
    const result = await exec.run({ program: 'powershell', script, server: undefined, credentialFor: 'proxy01.contoso.local', timeoutMs: 1000 });
    expect(asked).toEqual(['proxy01.contoso.local']);
    expect(local.calls).toEqual([]);
    const spec = runner.specs[0];
    expect(spec.file).toBe('powershell.exe');
    expect(spec.args).toEqual(POWERSHELL_ARGS);
    expect(spec.env).toEqual({ [CRED_USER_ENV]: 'PROXY01\\Administrator', [CRED_SECRET_ENV]: SECRET });
    expect(spec.label).toBe('powershell on this machine (session to proxy01.contoso.local)');
    // runs the script itself on this machine (no Invoke-Command wrapper), the secret is nowhere in it
    expect(decodeBootstrap(spec.stdin!)).toBe(script);
    expect(spec.stdin).not.toContain(SECRET);
    expect(result).toEqual({ exitCode: 1, stdout: 'FERRY_JSON:{"echo":"***"}', stderr: 'FERRY_ERROR: ***' });
  });

  it('credentialFor with no stored credential = integrated authentication; a failing provider leaks nothing', async () => {
    const runner = new FakeRunner();
    await new RemoteExecutor({ runner, credentials: { get: async () => null } }).run({ program: 'powershell', script: '1', credentialFor: 'proxy01', timeoutMs: 1 });
    expect(runner.specs[0].env).toBeUndefined();
    const failing = new RemoteExecutor({ runner, credentials: { get: async () => Promise.reject(new Error(`vault said ${SECRET}`)) } });
    const err = (await failing.run({ program: 'powershell', script: '1', credentialFor: 'proxy01', timeoutMs: 1 }).catch((e: unknown) => e)) as FerryError;
    expect(err.code).toBe(WinCode.Credentials);
    expect(JSON.stringify(err.toPayload())).not.toContain(SECRET);
    await expect(failing.run({ program: 'diskshadow', script: 'exit', credentialFor: 'proxy01', timeoutMs: 1 })).rejects.toThrow(/PowerShell/);
  });

  it('takeExitMarker keeps the process exit code when PowerShell itself failed', () => {
    expect(takeExitMarker({ exitCode: 1, stdout: 'a\nFERRY_EXIT_CODE=0\n', stderr: '' })).toEqual({ exitCode: 1, stdout: 'a\n', stderr: '' });
  });
});

describe('ScriptedExecutor', () => {
  it('answers expected calls in order and records them', async () => {
    const exec = new ScriptedExecutor([
      { label: 'a', program: 'powershell', server: 'hv01', script: /Get-Thing/, reply: ok('1') },
      { label: 'b', program: 'diskshadow', server: 'proxy01', script: (s) => s.startsWith('list'), reply: (call) => ok(`echo ${call.server}`) },
    ]);
    expect((await exec.run({ program: 'powershell', server: 'hv01', script: 'Get-Thing', timeoutMs: 5 })).stdout).toBe('1');
    expect((await exec.run({ program: 'diskshadow', server: 'proxy01', script: 'list shadows all', timeoutMs: 5 })).stdout).toBe('echo proxy01');
    expect(exec.labels()).toEqual(['a', 'b']);
    expect(exec.calls[1]).toMatchObject({ program: 'diskshadow', server: 'proxy01', timeoutMs: 5 });
    exec.assertDone();
  });

  it('fails loudly on an unexpected call, and remembers it even if the caller swallows the error', async () => {
    const exec = new ScriptedExecutor([{ label: 'a', program: 'powershell', server: 'hv01', reply: ok('') }]);
    await expect(exec.run({ program: 'diskshadow', server: 'hv01', script: 'create', timeoutMs: 1 })).rejects.toThrow(UnexpectedCallError);
    await expect(exec.run({ program: 'diskshadow', server: 'hv01', script: 'create', timeoutMs: 1 })).rejects.toThrow(/next expected ---\na: powershell on hv01/);
    expect(exec.unexpected).toHaveLength(2);
    expect(() => exec.assertDone()).toThrow(/unexpected: diskshadow on hv01[\s\S]*not called: a/);
  });

  it('a repeating step may answer several calls before the next step', async () => {
    const exec = new ScriptedExecutor([
      { label: 'poll', program: 'powershell', script: /poll/, reply: ok('p'), times: Infinity },
      { label: 'done', program: 'powershell', script: /done/, reply: ok('d') },
    ]);
    for (let i = 0; i < 3; i++) await exec.run({ program: 'powershell', script: 'poll', timeoutMs: 1 });
    await exec.run({ program: 'powershell', script: 'done', timeoutMs: 1 });
    expect(exec.labels()).toEqual(['poll', 'poll', 'poll', 'done']);
    exec.assertDone();
  });

  it('unordered mode answers with any remaining matching step', async () => {
    const exec = new ScriptedExecutor(
      [
        { label: 'x', program: 'powershell', server: 'a', reply: ok('') },
        { label: 'y', program: 'powershell', server: 'b', reply: ok('') },
      ],
      false,
    );
    await exec.run({ program: 'powershell', server: 'b', script: '', timeoutMs: 1 });
    await exec.run({ program: 'powershell', server: 'a', script: '', timeoutMs: 1 });
    expect(exec.labels()).toEqual(['y', 'x']);
  });
});
