// SIGINT/SIGTERM in a ferry process that owns an engine (`ferry serve`, a one-shot `ferry job run`): the engine stops
// in order — running sessions stop gracefully (VMs in flight finish) for up to GRACE_MS, then immediately (in-flight
// disks cancelled); snapshots are released and the data folder is given back either way. A second signal stops
// immediately. Whatever still runs HARD_EXIT_MS after the immediate stop, the process ends anyway: the next start's
// recovery releases what is left.
import { constants } from 'node:os';
import type { EngineStop } from '../engine/facade/engine';
import type { CliIo } from './command';

export const GRACE_MS = 30_000;
export const HARD_EXIT_MS = 30_000;

export interface StopTiming {
  graceMs: number;
  hardExitMs: number;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type StopSignal = (typeof SIGNALS)[number];

export class StopSignals {
  /** resolves at the first signal, with how to stop the engine */
  readonly requested: Promise<EngineStop>;
  private request!: (stop: EngineStop) => void;
  private readonly now = new AbortController();
  private received = 0;
  private hardTimer: NodeJS.Timeout | undefined;
  private hardDeadline = Infinity;
  private readonly onSignal = (signal: StopSignal) => this.handle(signal);

  constructor(
    private readonly io: CliIo,
    private readonly timing: StopTiming = { graceMs: GRACE_MS, hardExitMs: HARD_EXIT_MS },
  ) {
    this.requested = new Promise((resolve) => (this.request = resolve));
    for (const s of SIGNALS) process.on(s, this.onSignal);
  }

  /** The command is done: signals act as usual again (the hard exit, once armed, stays armed). */
  dispose(): void {
    for (const s of SIGNALS) process.off(s, this.onSignal);
  }

  private handle(signal: StopSignal): void {
    this.received++;
    // the exit code if the command never gets to return its own (a stop that does not finish)
    process.exitCode = 128 + constants.signals[signal];
    if (this.received === 1) {
      const secs = Math.round(this.timing.graceMs / 1000);
      this.io.err(`ferry: ${signal}: stopping — running sessions stop gracefully (VMs in progress finish) for up to ${secs} s, then immediately; snapshots are released. ${signal} again stops immediately.`);
      const onImmediate = () => {
        this.io.err(`ferry: sessions still running after ${secs} s: stopping them immediately`);
        this.armHardExit(this.timing.hardExitMs);
      };
      this.request({ graceMs: this.timing.graceMs, now: this.now.signal, onImmediate });
      // the bound of the whole stop, whatever hangs (an agent, a handle nobody closed)
      this.armHardExit(this.timing.graceMs + this.timing.hardExitMs);
      return;
    }
    this.io.err(`ferry: ${signal} again: stopping immediately`);
    this.now.abort();
    this.armHardExit(this.timing.hardExitMs);
  }

  /** Ends the process in `ms` unless it has ended by then (an earlier deadline stays). */
  private armHardExit(ms: number): void {
    const deadline = performance.now() + ms;
    if (deadline >= this.hardDeadline) return;
    this.hardDeadline = deadline;
    clearTimeout(this.hardTimer);
    this.hardTimer = setTimeout(() => {
      this.io.err('ferry: the stop did not finish in time: exiting now; the next start releases what is left');
      process.exit(process.exitCode ?? 1);
    }, ms);
    this.hardTimer.unref(); // never what keeps the process alive: it only ends one that hangs
  }
}
