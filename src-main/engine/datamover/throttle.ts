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
