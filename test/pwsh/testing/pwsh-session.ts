// One long-lived pwsh process per test file (it takes about a second to start): requests and replies are JSON
// lines (protocol in server.ps1). `run` executes a script in a new scope after a prelude of stub commands;
// `check` parses scripts with PowerShell's own parser and applies the Windows PowerShell 5.1 rules.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const SERVER_SCRIPT = join(HERE, 'server.ps1');
export const CHECKER_SCRIPT = join(HERE, '..', 'ps51-check.ps1');

export interface RunRequest {
  /** stub commands, dot-sourced in the runspace before the script */
  prelude?: string;
  script: string;
  timeoutMs?: number;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** the warning stream (e.g. ConvertTo-Json "truncated as serialization has exceeded the set depth") */
  warnings: string[];
  /** non-terminating error records */
  errors: string[];
  /** an exception that escaped the script (the product's bootstrap catches everything, so this is a harness bug) */
  thrown: string | null;
  timedOut: boolean;
}

export interface ParseError {
  line: number;
  column: number;
  id: string;
  message: string;
}

export interface Ps51Finding {
  rule: string;
  line: number;
  column: number;
  text: string;
  why: string;
}

export interface CheckResult {
  name: string;
  parseErrors: ParseError[];
  findings: Ps51Finding[];
}

export interface NamedScript {
  name: string;
  text: string;
}

/** ConvertTo-Json of a one-element list can arrive as a bare object; null as null. */
function asList<T>(value: unknown): T[] {
  if (value === null || value === undefined) return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}

export class PwshSession {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting = new Map<string, { resolve(v: Record<string, unknown>): void; reject(e: Error): void }>();
  private nextId = 1;
  private stderr = '';
  private exited: Error | null = null;

  constructor(pwshPath: string) {
    this.child = spawn(pwshPath, ['-NoProfile', '-NonInteractive', '-File', SERVER_SCRIPT, '-CheckerPath', CHECKER_SCRIPT], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, POWERSHELL_TELEMETRY_OPTOUT: '1', POWERSHELL_UPDATECHECK: 'Off', NO_COLOR: '1' },
    });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (d: string) => (this.stderr += d));
    createInterface({ input: this.child.stdout }).on('line', (line) => this.onLine(line));
    this.child.on('exit', (code) => {
      this.exited = new Error(`pwsh harness exited (code ${code}): ${this.stderr.trim()}`);
      for (const w of this.waiting.values()) w.reject(this.exited);
      this.waiting.clear();
    });
  }

  private onLine(line: string): void {
    let reply: Record<string, unknown>;
    try {
      reply = JSON.parse(line) as Record<string, unknown>;
    } catch {
      this.stderr += `unexpected harness output: ${line}\n`;
      return;
    }
    const id = String(reply.id);
    const w = this.waiting.get(id);
    if (!w) return;
    this.waiting.delete(id);
    if (typeof reply.harnessError === 'string') w.reject(new Error(`pwsh harness: ${reply.harnessError}`));
    else w.resolve(reply);
  }

  private request(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (this.exited) return Promise.reject(this.exited);
    const id = String(this.nextId++);
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.stdin.write(JSON.stringify({ id, ...body }) + '\n');
    });
  }

  async run(req: RunRequest): Promise<RunResult> {
    const r = await this.request({ kind: 'run', prelude: req.prelude ?? '', script: req.script, timeoutMs: req.timeoutMs ?? 30_000 });
    return {
      stdout: String(r.stdout ?? ''),
      stderr: String(r.stderr ?? ''),
      exitCode: Number(r.exitCode),
      warnings: asList<string>(r.warnings),
      errors: asList<string>(r.errors),
      thrown: typeof r.thrown === 'string' ? r.thrown : null,
      timedOut: r.timedOut === true,
    };
  }

  async check(scripts: NamedScript[]): Promise<CheckResult[]> {
    const r = await this.request({ kind: 'check', scripts });
    return asList<Record<string, unknown>>(r.results).map((x) => ({
      name: String(x.name),
      parseErrors: asList<ParseError>(x.parseErrors),
      findings: asList<Ps51Finding>(x.findings),
    }));
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.end();
    await done;
  }
}
