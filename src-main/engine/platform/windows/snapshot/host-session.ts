// The host-side DiskShadow session of one snapshot, kept running from `create` until the proxy is done.
// It is started and deliberately not awaited; Ferry learns that `create` finished from the gate's created.txt
// (see gate-script.ts) and ends the session by writing release.flag (→ end backup) or abort.flag (→ quit).
import { within, type Clock } from '../exec/clock';
import { powerShellFailureError } from '../errors';
import type { ExecResult, Executor } from '../exec/executor';
import { extractPsJson, parseGateMarker } from '../exec/parse';
import type { SnapshotPaths } from './snapshot-paths';
import { readGateStatePs, signalGatePs } from './ps-scripts';

export type SessionEnd = { kind: 'exited'; result: ExecResult } | { kind: 'failed'; error: unknown };

export type CreatedOutcome =
  | { kind: 'created'; vars: Record<string, string> }
  | { kind: 'ended'; end: SessionEnd }
  | { kind: 'timeout' };

export interface HostSessionParams {
  executor: Executor;
  clock: Clock;
  /** executor target; undefined = this machine */
  server: string | undefined;
  /** for messages */
  serverName: string;
  paths: SnapshotPaths;
  /** the DiskShadow host-create script */
  script: string;
  holdTimeoutMs: number;
  commandTimeoutMs: number;
  pollIntervalMs: number;
}

const MAX_POLL_FAILURES = 3;

export class HostSession {
  /** resolves when DiskShadow exits (or the executor gives up); never rejects */
  readonly ended: Promise<SessionEnd>;
  private endValue: SessionEnd | null = null;
  private readonly kill = new AbortController();

  private constructor(private readonly p: HostSessionParams) {
    let run: Promise<ExecResult>;
    try {
      run = p.executor.run({ program: 'diskshadow', script: p.script, server: p.server, timeoutMs: p.holdTimeoutMs, signal: this.kill.signal });
    } catch (e) {
      run = Promise.reject(e);
    }
    this.ended = run
      .then(
        (result): SessionEnd => ({ kind: 'exited', result }),
        (error: unknown): SessionEnd => ({ kind: 'failed', error }),
      )
      .then((end) => (this.endValue = end));
  }

  static start(params: HostSessionParams): HostSession {
    return new HostSession(params);
  }

  get end(): SessionEnd | null {
    return this.endValue;
  }

  /** Polls created.txt until the gate wrote it, DiskShadow exited, or the deadline (clock time) passed. */
  async waitForCreated(deadline: number): Promise<CreatedOutcome> {
    let failures = 0;
    for (;;) {
      if (this.endValue) return { kind: 'ended', end: this.endValue };
      try {
        const created = await this.readCreated();
        failures = 0;
        if (created !== null) return { kind: 'created', vars: parseGateMarker(created) };
      } catch (e) {
        // a poll can fail on a WinRM hiccup; several in a row means the host is gone
        if (++failures >= MAX_POLL_FAILURES) throw e;
      }
      if (this.endValue) return { kind: 'ended', end: this.endValue };
      if (this.p.clock.now() >= deadline) return { kind: 'timeout' };
      await Promise.race([this.p.clock.sleep(this.p.pollIntervalMs), this.ended]);
    }
  }

  /** Lets the gate exit 0 so DiskShadow sends BackupComplete (`end backup`); waits up to `timeoutMs` for it to exit. */
  async release(timeoutMs: number): Promise<SessionEnd | null> {
    return this.finish('release', timeoutMs);
  }

  /** Makes the gate exit 1 so DiskShadow quits without BackupComplete; kills the process if that does not work. */
  async abort(timeoutMs: number): Promise<SessionEnd> {
    const end = await this.finish('abort', timeoutMs);
    if (end) return end;
    this.kill.abort();
    return this.ended;
  }

  private async finish(flag: 'release' | 'abort', timeoutMs: number): Promise<SessionEnd | null> {
    if (this.endValue) return this.endValue;
    try {
      await this.signal(flag);
    } catch {
      // the flag could not be written (host unreachable): the bounded gate, or the kill in abort(), ends it
    }
    return within(this.ended, timeoutMs, null);
  }

  private async readCreated(): Promise<string | null> {
    const result = await this.p.executor.run({
      program: 'powershell',
      script: readGateStatePs({ createdPath: this.p.paths.created }),
      server: this.p.server,
      timeoutMs: this.p.commandTimeoutMs,
    });
    if (result.exitCode !== 0) throw powerShellFailureError('Snapshot status', this.p.serverName, result);
    const value = extractPsJson(result.stdout) as { created?: string | null };
    return typeof value.created === 'string' && value.created.trim() !== '' ? value.created : null;
  }

  private async signal(flag: 'release' | 'abort'): Promise<void> {
    const result = await this.p.executor.run({
      program: 'powershell',
      script: signalGatePs({ dir: this.p.paths.dir, flagPath: flag === 'release' ? this.p.paths.releaseFlag : this.p.paths.abortFlag, flag }),
      server: this.p.server,
      timeoutMs: this.p.commandTimeoutMs,
    });
    if (result.exitCode !== 0) throw powerShellFailureError('Snapshot gate', this.p.serverName, result);
  }
}
