// A ProcessRunner for Ferry's executors whose "powershell.exe" is the test file's PwshSession: the executor's
// real bootstrap line (what it would write to powershell.exe's stdin) runs there, with the environment variables
// the executor would give the child process and the stub commands of the prelude.
import type { PwshSession, RunResult } from './pwsh-session';
import { stubPrelude, type PreludeParams } from './stubs';
import type { ExecResult } from '../windows-scripts';

export interface RunnerSpec {
  file: string;
  args: string[];
  stdin?: string;
  env?: Record<string, string>;
  timeoutMs: number;
  label: string;
}

export class SessionRunner {
  readonly specs: RunnerSpec[] = [];
  readonly results: RunResult[] = [];

  constructor(
    private readonly session: PwshSession,
    private readonly prelude: Omit<PreludeParams, 'env'>,
  ) {}

  async run(spec: RunnerSpec): Promise<ExecResult> {
    this.specs.push(spec);
    if (spec.args.join(' ') !== '-NoProfile -NonInteractive -Command -') throw new Error(`unexpected powershell arguments ${spec.args.join(' ')}`);
    const r = await this.session.run({ prelude: stubPrelude({ ...this.prelude, env: spec.env }), script: spec.stdin ?? '', timeoutMs: Math.min(spec.timeoutMs, 30_000) });
    this.results.push(r);
    if (r.thrown || r.timedOut) throw new Error(`pwsh harness: ${r.thrown ?? 'timed out'}\n${r.stderr}`);
    return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
  }
}
