// Runs scripts on this machine: PowerShell through stdin, DiskShadow through a temporary .dsh file.
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CRLF } from './script-text';
import type { ExecRequest, ExecResult, Executor } from './executor';
import { describeTarget } from './executor';
import { NodeProcessRunner, type ProcessRunner } from './process-runner';

export const POWERSHELL_ARGS = ['-NoProfile', '-NonInteractive', '-Command', '-'];

/**
 * The single line sent on stdin. `-Command -` runs stdin line by line like an interactive prompt, so a multi-line
 * script (here-strings, blocks) can stall or split; the real script travels base64-encoded inside one line.
 * Failures are printed with markers (FERRY_ERROR / FERRY_REMOTING_ERROR) that ../errors.ts classifies without
 * reading localized text.
 */
export function powershellBootstrap(script: string): string {
  const payload = Buffer.from(script, 'utf8').toString('base64');
  const transport = 'System.Management.Automation.Remoting.PSRemotingTransportException';
  return [
    'try { [Console]::OutputEncoding = [Text.Encoding]::UTF8 } catch {};',
    `try { & ([scriptblock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${payload}')))); exit 0 }`,
    'catch { $ferryE = $_.Exception;',
    `while ($ferryE -and -not ($ferryE -is [${transport}]) -and $ferryE.InnerException) { $ferryE = $ferryE.InnerException };`,
    `if ($ferryE -is [${transport}]) { [Console]::Error.WriteLine('FERRY_REMOTING_ERROR:' + $ferryE.ErrorCode + ':' + ($ferryE.Message -replace '\\s+', ' ')) }`,
    "else { [Console]::Error.WriteLine('FERRY_ERROR: ' + ($_.Exception.Message -replace '\\s+', ' ')) };",
    'exit 1 }',
  ].join(' ') + '\r\n';
}

export interface LocalExecutorOptions {
  runner?: ProcessRunner;
  powershellExe?: string;
  diskshadowExe?: string;
  /** where the temporary .dsh files go */
  tempDir?: string;
}

export class LocalExecutor implements Executor {
  private readonly runner: ProcessRunner;
  private readonly powershellExe: string;
  private readonly diskshadowExe: string;
  private readonly tempDir: string;

  constructor(options: LocalExecutorOptions = {}) {
    this.runner = options.runner ?? new NodeProcessRunner();
    this.powershellExe = options.powershellExe ?? 'powershell.exe';
    this.diskshadowExe = options.diskshadowExe ?? 'diskshadow.exe';
    this.tempDir = options.tempDir ?? tmpdir();
  }

  async run(cmd: ExecRequest): Promise<ExecResult> {
    if (cmd.server !== undefined) throw new Error(`LocalExecutor cannot run on ${cmd.server}; use RemoteExecutor`);
    const label = describeTarget(cmd);
    if (cmd.program === 'powershell') {
      return this.runner.run({
        file: this.powershellExe,
        args: POWERSHELL_ARGS,
        stdin: powershellBootstrap(cmd.script),
        timeoutMs: cmd.timeoutMs,
        signal: cmd.signal,
        label,
      });
    }
    const file = join(this.tempDir, `ferry-${randomBytes(8).toString('hex')}.dsh`);
    try {
      // CRLF and ASCII: DiskShadow has been seen to drop the last character of LF-only lines
      await writeFile(file, toCrlf(cmd.script), { encoding: 'latin1', mode: 0o600 });
      return await this.runner.run({ file: this.diskshadowExe, args: ['/s', file], timeoutMs: cmd.timeoutMs, signal: cmd.signal, label });
    } finally {
      await rm(file, { force: true });
    }
  }
}

export function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, CRLF);
}
