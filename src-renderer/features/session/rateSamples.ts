// Turns cumulative byte counters into read / transferred rates over time for the chart.
import type { SessionStats } from '../../../src-shared/domain';

export interface RateSeries {
  /** seconds (epoch) */
  t: number[];
  read: number[];
  transferred: number[];
}

const MAX_SAMPLES = 3600;
/** Shorter gaps make spiky rates from coalesced progress events. */
const MIN_INTERVAL_S = 0.5;

export class RateSampler {
  readonly series: RateSeries = { t: [], read: [], transferred: [] };
  private last: { t: number; read: number; transferred: number } | null = null;

  /** Returns true when a new point was added. */
  push(stats: SessionStats, nowMs: number): boolean {
    const t = nowMs / 1000;
    const prev = this.last;
    if (prev && t - prev.t < MIN_INTERVAL_S) return false;
    this.last = { t, read: stats.bytesRead, transferred: stats.bytesTransferred };
    if (!prev) return false;
    const dt = t - prev.t;
    this.series.t.push(t);
    this.series.read.push(Math.max(0, (stats.bytesRead - prev.read) / dt));
    this.series.transferred.push(Math.max(0, (stats.bytesTransferred - prev.transferred) / dt));
    if (this.series.t.length > MAX_SAMPLES) {
      this.series.t.shift();
      this.series.read.shift();
      this.series.transferred.shift();
    }
    return true;
  }

  window(seconds: number | null): RateSeries {
    if (seconds === null || this.series.t.length === 0) return this.series;
    const from = this.series.t[this.series.t.length - 1]! - seconds;
    const i = this.series.t.findIndex((t) => t >= from);
    return {
      t: this.series.t.slice(i),
      read: this.series.read.slice(i),
      transferred: this.series.transferred.slice(i),
    };
  }
}
