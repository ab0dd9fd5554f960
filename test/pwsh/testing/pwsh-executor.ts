// An Executor whose PowerShell runs in pwsh: each request is Ferry's real bootstrap line (local-executor.ts) around
// the real script, executed in a new scope of the test file's PwshSession after the stub prelude. What the
// script prints comes back as the ExecResult the platform's parsers read.
import type { ExecRequest, ExecResult, Executor } from '../windows-scripts';
import { powershellBootstrap } from '../windows-scripts';
import type { PwshSession, RunResult } from './pwsh-session';

export class PwshExecutor implements Executor {
  readonly calls: ExecRequest[] = [];
  readonly results: RunResult[] = [];

  constructor(
    private readonly session: PwshSession,
    private readonly prelude: string,
  ) {}

  async run(cmd: ExecRequest): Promise<ExecResult> {
    if (cmd.program !== 'powershell') throw new Error(`PwshExecutor runs PowerShell only (got ${cmd.program})`);
    this.calls.push(cmd);
    const r = await this.session.run({ prelude: this.prelude, script: powershellBootstrap(cmd.script), timeoutMs: Math.min(cmd.timeoutMs, 30_000) });
    this.results.push(r);
    if (r.thrown || r.timedOut) throw new Error(`pwsh harness: ${r.thrown ?? 'timed out'}\n${r.stderr}`);
    return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
  }

  /** Every warning the scripts wrote (e.g. ConvertTo-Json truncating at -Depth). */
  warnings(): string[] {
    return this.results.flatMap((r) => r.warnings);
  }
}
