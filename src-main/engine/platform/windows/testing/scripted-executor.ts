// Test double: a script of expected calls, each with a canned transcript. Every call is recorded; a call that
// matches no expected step fails loudly (it throws, and is kept in `unexpected` so a test still sees it when
// the platform swallows the error during best-effort cleanup).
import type { ExecProgram, ExecRequest, ExecResult, Executor } from '../exec/executor';

export type ScriptMatcher = string | RegExp | ((script: string) => boolean);
export type Reply = ExecResult | ((call: ExecRequest) => ExecResult | Promise<ExecResult>);

export interface ScriptedStep {
  /** shown in call logs and failure messages */
  label: string;
  program: ExecProgram;
  /** undefined = local */
  server?: string;
  /** string = exact script; RegExp = tested against the script; function = predicate */
  script?: ScriptMatcher;
  reply: Reply;
  /** how many calls this step answers (default 1; Infinity for "any number of times") */
  times?: number;
}

export interface RecordedCall {
  label: string | null;
  program: ExecProgram;
  server: string | undefined;
  script: string;
  timeoutMs: number;
}

export class UnexpectedCallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnexpectedCallError';
  }
}

export function ok(stdout: string, stderr = ''): ExecResult {
  return { exitCode: 0, stdout, stderr };
}

export function psJson(value: unknown): ExecResult {
  return ok(`FERRY_JSON:${JSON.stringify(value)}\r\n`);
}

export class ScriptedExecutor implements Executor {
  readonly calls: RecordedCall[] = [];
  readonly unexpected: RecordedCall[] = [];
  private readonly steps: Array<ScriptedStep & { used: number }> = [];

  /**
   * ordered = true: calls must come in the order the steps were added (a step with times > 1 may repeat
   * before the next one). ordered = false: any remaining step that matches answers.
   */
  constructor(steps: ScriptedStep[] = [], private readonly ordered = true) {
    for (const s of steps) this.expect(s);
  }

  expect(step: ScriptedStep): this {
    this.steps.push({ ...step, used: 0 });
    return this;
  }

  async run(cmd: ExecRequest): Promise<ExecResult> {
    const step = this.findStep(cmd);
    const call: RecordedCall = { label: step?.label ?? null, program: cmd.program, server: cmd.server, script: cmd.script, timeoutMs: cmd.timeoutMs };
    this.calls.push(call);
    if (!step) {
      this.unexpected.push(call);
      const next = this.remaining()[0];
      throw new UnexpectedCallError(
        `ScriptedExecutor: unexpected call #${this.calls.length}: ${cmd.program} on ${cmd.server ?? 'local'}\n` +
          `--- script ---\n${cmd.script}\n--- next expected ---\n${next ? describe(next) : '(none)'}`,
      );
    }
    step.used++;
    return typeof step.reply === 'function' ? step.reply(cmd) : step.reply;
  }

  /** Steps not used up yet (steps with times: Infinity never count). */
  remaining(): ScriptedStep[] {
    return this.steps.filter((s) => s.used < (s.times ?? 1) && (s.times ?? 1) !== Infinity);
  }

  /** Throws unless every step was used and nothing unexpected happened. */
  assertDone(): void {
    const left = this.remaining();
    if (this.unexpected.length > 0 || left.length > 0) {
      throw new Error(
        [
          ...this.unexpected.map((c) => `unexpected: ${c.program} on ${c.server ?? 'local'}: ${c.script.split('\n')[0]}`),
          ...left.map((s) => `not called: ${describe(s)}`),
        ].join('\n'),
      );
    }
  }

  labels(): Array<string | null> {
    return this.calls.map((c) => c.label);
  }

  private findStep(cmd: ExecRequest): (ScriptedStep & { used: number }) | undefined {
    const open = this.steps.filter((s) => s.used < (s.times ?? 1));
    if (!this.ordered) return open.find((s) => matches(s, cmd));
    // ordered: the first open step must match, except that an already-used repeating step may be skipped over
    for (const s of open) {
      if (matches(s, cmd)) return s;
      const repeatingAndUsed = (s.times ?? 1) > 1 && s.used > 0;
      if (!repeatingAndUsed) return undefined;
    }
    return undefined;
  }
}

function matches(step: ScriptedStep, cmd: ExecRequest): boolean {
  if (step.program !== cmd.program || step.server !== cmd.server) return false;
  const m = step.script;
  if (m === undefined) return true;
  if (typeof m === 'string') return m === cmd.script;
  if (m instanceof RegExp) return m.test(cmd.script);
  return m(cmd.script);
}

function describe(step: ScriptedStep): string {
  return `${step.label}: ${step.program} on ${step.server ?? 'local'}`;
}
