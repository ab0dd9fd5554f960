// Source-read throttle (MiB/s): keeps a backup from saturating production storage. A pacing schedule
// rather than a bucket: each read is let through when the bytes before it have been "paid for".
// One instance may be shared by several tasks to cap a whole proxy.
import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';

const MiB = 1024 * 1024;

export class Throttle {
  private readonly bytesPerMs: number;
  private nextAt = 0;

  constructor(mibPerSec: number) {
    if (!(Number.isFinite(mibPerSec) && mibPerSec > 0)) throw new FerryError(ErrorCode.InvalidParams, `Throttle ${mibPerSec} MiB/s must be a positive number`);
    this.bytesPerMs = (mibPerSec * MiB) / 1000;
  }

  /** Waits until `bytes` more may be read; an abort ends the wait with E_CANCELLED. */
  async take(bytes: number, signal?: AbortSignal): Promise<void> {
    const now = performance.now();
    const startAt = Math.max(now, this.nextAt);
    this.nextAt = startAt + bytes / this.bytesPerMs;
    const wait = startAt - now;
    if (wait < 1) return;
    try {
      await sleep(wait, undefined, { signal });
    } catch {
      throw new FerryError(ErrorCode.Cancelled, 'Stopped by the user');
    }
  }
}

/** Capped reads during absolute spans of time (ms since the epoch); unlimited outside them. */
export interface ThrottleSpan {
  fromMs: number;
  toMs: number;
  mibPerSec: number;
}

/**
 * A proxy's traffic rule that applies only inside its window, followed while a disk is read: the cap starts and
 * ends with the spans (the console computes them in its own time zone), and each change is reported once.
 */
export class ScheduledThrottle {
  private readonly spans: Array<ThrottleSpan & { throttle: Throttle }>;
  private current: (ThrottleSpan & { throttle: Throttle }) | null | undefined = undefined;

  constructor(
    spans: readonly ThrottleSpan[],
    private readonly onChange: (text: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.spans = [...spans].sort((a, b) => a.fromMs - b.fromMs).map((s) => ({ ...s, throttle: new Throttle(s.mibPerSec) }));
  }

  async take(bytes: number, signal?: AbortSignal): Promise<void> {
    const t = this.now();
    const span = this.spans.find((s) => s.fromMs <= t && t < s.toMs) ?? null;
    if (span !== this.current) {
      const first = this.current === undefined;
      this.current = span;
      if (span) this.onChange(`Proxy traffic rule ${first ? 'in force' : 'starts'}: source reads capped at ${span.mibPerSec} MB/s until ${new Date(span.toMs).toISOString()}`);
      else if (!first) this.onChange('Proxy traffic rule ends: source reads unlimited');
    }
    if (span) await span.throttle.take(bytes, signal);
  }
}
