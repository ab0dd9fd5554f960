// Runs scripts on another Windows server through WinRM (Invoke-Command) from a local powershell.exe.
// Credentials come from the injected CredentialProvider and reach PowerShell only through two environment
// variables of the child process, which the wrapper deletes at once: they are never part of a script, a log
// line or an error message, and any echo of the secret in the output is masked. A local request with
// `credentialFor` (a script that opens its own session, e.g. the agent deployment) gets the same treatment.
import { FerryError } from '../../../../../src-shared/contract/errors';
import { WinCode } from '../error-codes';
import type { CredentialProvider, ExecRequest, ExecResult, Executor, RemoteCredential } from './executor';
import { describeTarget } from './executor';
import { LocalExecutor, POWERSHELL_ARGS, powershellBootstrap, toCrlf } from './local-executor';
import { NodeProcessRunner, type ProcessRunner } from './process-runner';
import { psScript, psq } from './script-text';

export const CRED_USER_ENV = 'FERRY_CRED_USER';
export const CRED_SECRET_ENV = 'FERRY_CRED_SECRET';
export const EXIT_MARKER = 'FERRY_EXIT_CODE=';

export interface WinRmOptions {
  authentication?: 'Default' | 'Kerberos' | 'Negotiate' | 'CredSSP';
  useSsl?: boolean;
  port?: number;
}

export interface RemoteWrapperParams extends WinRmOptions {
  server: string;
  program: ExecRequest['program'];
  script: string;
  withCredential: boolean;
}

export interface SessionParams extends WinRmOptions {
  server: string;
  /**
   * 'env': the executor supplies a credential (FERRY_CRED_USER / FERRY_CRED_SECRET); 'none': integrated Windows
   * authentication; 'env-if-set': decided when the script runs (for scripts whose author cannot know, e.g. a
   * deploy script run with `credentialFor`).
   */
  credential: 'env' | 'none' | 'env-if-set';
}

/**
 * The lines that build `$ferryParams` for Invoke-Command / New-PSSession: the server, the WinRM options and the
 * credential read from the two environment variables, which are deleted at once. Shared by the remote wrapper
 * and every script that opens its own session, so both connect the same way.
 */
export function sessionParamsLines(p: SessionParams): string[] {
  const lines = [`$ferryParams = @{ ComputerName = ${psq(p.server)}; ErrorAction = 'Stop' }`];
  if (p.authentication) lines.push(`$ferryParams.Authentication = ${psq(p.authentication)}`);
  if (p.useSsl) lines.push('$ferryParams.UseSSL = $true');
  if (p.port) lines.push(`$ferryParams.Port = ${Math.trunc(p.port)}`);
  const secure = `$ferrySecure = ConvertTo-SecureString -String $env:${CRED_SECRET_ENV} -AsPlainText -Force`;
  const credential = `$ferryParams.Credential = New-Object System.Management.Automation.PSCredential($env:${CRED_USER_ENV}, $ferrySecure)`;
  const forget = `Remove-Item -LiteralPath Env:${CRED_SECRET_ENV}, Env:${CRED_USER_ENV} -ErrorAction SilentlyContinue`;
  if (p.credential === 'env') lines.push(secure, credential, forget);
  if (p.credential === 'env-if-set') lines.push(`if ($env:${CRED_SECRET_ENV}) {`, `  ${secure}`, `  ${credential}`, '}', forget);
  return lines;
}

/** The local script that runs `script` on `server`. Pure, so tests can assert it. */
export function remoteWrapperScript(p: RemoteWrapperParams): string {
  const payload = Buffer.from(p.program === 'diskshadow' ? toCrlf(p.script) : p.script, 'utf8').toString('base64');
  const lines = [
    `$ferryPayload = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${payload}'))`,
    ...sessionParamsLines({ server: p.server, authentication: p.authentication, useSsl: p.useSsl, port: p.port, credential: p.withCredential ? 'env' : 'none' }),
  ];
  if (p.program === 'powershell') {
    lines.push('Invoke-Command @ferryParams -ArgumentList $ferryPayload -ScriptBlock { param($ferryScript) & ([scriptblock]::Create($ferryScript)) }');
  } else {
    lines.push(
      'Invoke-Command @ferryParams -ArgumentList $ferryPayload -ScriptBlock {',
      '  param($ferryDsh)',
      "  $ErrorActionPreference = 'Continue'",
      "  $file = Join-Path $env:TEMP ('ferry-' + [guid]::NewGuid().ToString('N') + '.dsh')",
      '  try {',
      '    [IO.File]::WriteAllText($file, $ferryDsh, [Text.Encoding]::ASCII)',
      "    & (Join-Path $env:SystemRoot 'System32\\diskshadow.exe') /s $file 2>&1 | ForEach-Object { [string]$_ }",
      `    '${EXIT_MARKER}' + $LASTEXITCODE`,
      '  } finally { Remove-Item -LiteralPath $file -Force -ErrorAction SilentlyContinue }',
      '}',
    );
  }
  return psScript(lines);
}

export interface RemoteExecutorOptions extends WinRmOptions {
  credentials: CredentialProvider;
  runner?: ProcessRunner;
  powershellExe?: string;
  /** for requests without a server */
  local?: Executor;
}

export class RemoteExecutor implements Executor {
  private readonly runner: ProcessRunner;
  private readonly local: Executor;

  constructor(private readonly options: RemoteExecutorOptions) {
    this.runner = options.runner ?? new NodeProcessRunner();
    this.local = options.local ?? new LocalExecutor({ runner: this.runner, powershellExe: options.powershellExe });
  }

  async run(cmd: ExecRequest): Promise<ExecResult> {
    if (cmd.server === undefined) return cmd.credentialFor === undefined ? this.local.run(cmd) : this.runLocalWithSession(cmd, cmd.credentialFor);
    const credential = cmd.credential ?? (await this.credentialFor(cmd.server));
    const wrapper = remoteWrapperScript({
      server: cmd.server,
      program: cmd.program,
      script: cmd.script,
      withCredential: credential !== null,
      authentication: this.options.authentication,
      useSsl: this.options.useSsl,
      port: this.options.port,
    });
    const masked = await this.runPowerShell(cmd, wrapper, credential, describeTarget(cmd));
    return cmd.program === 'diskshadow' ? takeExitMarker(masked) : masked;
  }

  /** A local script that opens its own session to `server`: same credential, same env vars, same masking. */
  private async runLocalWithSession(cmd: ExecRequest, server: string): Promise<ExecResult> {
    if (cmd.program !== 'powershell') throw new Error(`credentialFor needs a PowerShell script (got ${cmd.program})`);
    const credential = cmd.credential ?? (await this.credentialFor(server));
    return this.runPowerShell(cmd, cmd.script, credential, `${describeTarget(cmd)} (session to ${server})`);
  }

  /** powershell.exe on this machine running `script`; the credential only in the child's env, masked in the output. */
  private async runPowerShell(cmd: ExecRequest, script: string, credential: RemoteCredential | null, label: string): Promise<ExecResult> {
    const result = await this.runner.run({
      file: this.options.powershellExe ?? 'powershell.exe',
      args: POWERSHELL_ARGS,
      stdin: powershellBootstrap(script),
      env: credential ? { [CRED_USER_ENV]: credential.user, [CRED_SECRET_ENV]: credential.secret } : undefined,
      timeoutMs: cmd.timeoutMs,
      signal: cmd.signal,
      label,
    });
    return mask(result, credential);
  }

  private async credentialFor(server: string): Promise<RemoteCredential | null> {
    try {
      return await this.options.credentials.get(server);
    } catch {
      // the provider's own message may quote what it read; keep only the fact that it failed
      throw new FerryError(WinCode.Credentials, `No usable credentials for ${server}.`, {
        hint: 'Store credentials for this server in the console (an account in its local Administrators group), or run the console as such an account.',
        server,
      });
    }
  }
}

function mask(result: ExecResult, credential: RemoteCredential | null): ExecResult {
  const secret = credential?.secret;
  if (!secret) return result;
  const hide = (s: string) => s.split(secret).join('***');
  return { exitCode: result.exitCode, stdout: hide(result.stdout), stderr: hide(result.stderr) };
}

/** DiskShadow's own exit code travels back as a marker line (Invoke-Command does not carry $LASTEXITCODE). */
export function takeExitMarker(result: ExecResult): ExecResult {
  const lines = result.stdout.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = new RegExp(`^${EXIT_MARKER}(-?\\d+)\\s*$`).exec(lines[i].trim());
    if (m) {
      lines.splice(i, 1);
      return { exitCode: result.exitCode === 0 ? Number(m[1]) : result.exitCode, stdout: lines.join('\n'), stderr: result.stderr };
    }
  }
  return result;
}
