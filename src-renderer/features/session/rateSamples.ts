// Read / transferred rates over time for the chart: seeded from the host's 1/s samples (whole session,
// also for finished sessions), then extended from the cumulative counters of live progress events.
import type { RateSample } from '../../../src-shared/contract';
import type { SessionStats } from '../../../src-shared/domain';

export interface RateSeries {
  /** seconds (epoch) */
  t: number[];
  read: number[];
  transferred: number[];
}

/** A day at 1/s; older points are dropped first. */
const MAX_SAMPLES = 86_400;
/** The host samples once a second; live points use the same spacing so the line does not jitter. */
const MIN_INTERVAL_S = 1;

export class RateSampler {
  series: RateSeries = { t: [], read: [], transferred: [] };
  private last: { t: number; read: number; transferred: number } | null = null;

  /** Replaces the series with the host's samples (a fresh snapshot after opening or reconnecting). */
  seed(samples: RateSample[]): void {
    const series: RateSeries = { t: [], read: [], transferred: [] };
    for (const s of samples.slice(-MAX_SAMPLES)) {
      const t = Date.parse(s.at) / 1000;
      if (!Number.isFinite(t)) continue;
      series.t.push(t);
      series.read.push(s.readPerSec);
      series.transferred.push(s.transferredPerSec);
    }
    this.series = series;
    this.last = null;
  }

  /** Returns true when a new point was added. */
  push(stats: SessionStats, nowMs: number): boolean {
    const t = nowMs / 1000;
    const prev = this.last;
    if (prev && t - prev.t < MIN_INTERVAL_S) return false;
    this.last = { t, read: stats.bytesRead, transferred: stats.bytesTransferred };
    if (!prev) return false;
    const dt = t - prev.t;
    const lastT = this.series.t.at(-1);
    // Never draw backwards: a live point older than the seeded tail (clock skew) is skipped.
    if (lastT !== undefined && t <= lastT) return false;
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

  /** The last `seconds` of the series (by its newest point), or all of it for null. */
  window(seconds: number | null): RateSeries {
    if (seconds === null || this.series.t.length === 0) return this.series;
    const from = this.series.t[this.series.t.length - 1]! - seconds;
    let i = this.series.t.length - 1;
    while (i > 0 && this.series.t[i - 1]! >= from) i--;
    return { t: this.series.t.slice(i), read: this.series.read.slice(i), transferred: this.series.transferred.slice(i) };
  }
}

/** The shortest span the chart shows, in seconds: a few samples still read as a moment, not a line over years. */
export const MIN_SPAN_S = 10;

/**
 * The chart's time axis for a series, in epoch seconds: the session's own span — from its first sample, or the
 * last `seconds` of a longer one — up to the newest point; a single sample gets MIN_SPAN_S. A 40-second session
 * fills the chart instead of being a spike at the right edge of five empty minutes. Computed from the series
 * itself, not from what uPlot would pick: it auto-ranges a single timestamp over years.
 */
export function timeRange(t: readonly number[], seconds: number | null, nowS: number): [number, number] {
  if (t.length === 0) return [nowS - (seconds ?? MIN_SPAN_S), nowS];
  const newest = t[t.length - 1]!;
  const from = seconds === null ? t[0]! : Math.max(t[0]!, newest - seconds);
  return [from, newest > from ? newest : from + MIN_SPAN_S];
}

/** Bytes per second over a whole (ended) session: what its rate was, rather than its last, idle second. */
export function averageRates(stats: Pick<SessionStats, 'bytesRead' | 'bytesTransferred'>, startedAt: string, endedAt: string): { read: number; transferred: number } | null {
  const seconds = (Date.parse(endedAt) - Date.parse(startedAt)) / 1000;
  if (!Number.isFinite(seconds) || seconds <= 0) return null;
  return { read: stats.bytesRead / seconds, transferred: stats.bytesTransferred / seconds };
}
