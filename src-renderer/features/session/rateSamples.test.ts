import { describe, expect, it } from 'vitest';
import type { SessionStats } from '../../../src-shared/domain';
import { MIN_SPAN_S, RateSampler, averageRates, timeRange } from './rateSamples';

const stats = (read: number, transferred: number): SessionStats => ({
  bytesRead: read, bytesProcessed: read, bytesTransferred: transferred, ratePerSec: 0, dedupeRatio: 0, compressionRatio: 0,
  busy: { source: 0, proxy: 0, network: 0, target: 0, throttle: 0 }, bottleneck: null,
});
const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 10, 0, s)).toISOString();

describe('rate samples for the chart', () => {
  it('starts from the host samples, then adds a point per second of live counters', () => {
    const sampler = new RateSampler();
    sampler.seed([0, 1, 2].map((s) => ({ at: at(s), readPerSec: 100 * s, transferredPerSec: 10 * s })));
    expect(sampler.series.read).toEqual([0, 100, 200]);
    const t0 = Date.parse(at(3));
    expect(sampler.push(stats(1000, 100), t0)).toBe(false); // baseline only
    expect(sampler.push(stats(1200, 120), t0 + 500)).toBe(false); // too soon
    expect(sampler.push(stats(1400, 140), t0 + 2000)).toBe(true);
    expect(sampler.series.read.at(-1)).toBe(200);
    expect(sampler.series.transferred.at(-1)).toBe(20);
  });

  it('shows the last five minutes or the whole session', () => {
    const sampler = new RateSampler();
    sampler.seed(Array.from({ length: 600 }, (_, s) => ({ at: new Date(Date.UTC(2026, 10, 25, 10, 0, 0) + s * 1000).toISOString(), readPerSec: s, transferredPerSec: s })));
    expect(sampler.window(null).t).toHaveLength(600);
    const last5 = sampler.window(300);
    expect(last5.t).toHaveLength(301);
    expect(last5.read[0]).toBe(299);
  });
});

describe('the chart time axis', () => {
  const NOW = 1_796_600_000;
  it('a single sample is a moment: a few seconds from it, not years', () => {
    expect(timeRange([NOW - 10], null, NOW)).toEqual([NOW - 10, NOW - 10 + MIN_SPAN_S]);
    expect(timeRange([NOW - 10], 300, NOW)).toEqual([NOW - 10, NOW - 10 + MIN_SPAN_S]);
  });
  it('a session shorter than five minutes fills the chart in either range, not a spike at the right edge', () => {
    const short = [NOW - 40, NOW - 20, NOW - 1];
    expect(timeRange(short, 300, NOW)).toEqual([NOW - 40, NOW - 1]);
    expect(timeRange(short, null, NOW)).toEqual([NOW - 40, NOW - 1]);
    expect(timeRange([NOW - 4, NOW - 1], null, NOW)).toEqual([NOW - 4, NOW - 1]); // a 3-second session: its 3 seconds
  });
  it('whole session: first to newest sample; last 5 minutes of a longer one: up to the newest; no samples: up to now', () => {
    expect(timeRange([NOW - 900, NOW - 500, NOW - 5], null, NOW)).toEqual([NOW - 900, NOW - 5]);
    expect(timeRange([NOW - 900, NOW - 500, NOW - 5], 300, NOW)).toEqual([NOW - 305, NOW - 5]);
    expect(timeRange([], 300, NOW)).toEqual([NOW - 300, NOW]);
  });
});

describe('the rate of an ended session', () => {
  it('is its bytes over its duration, not the last sample', () => {
    const s = stats(120 << 20, 30 << 20);
    expect(averageRates(s, '2026-11-25T10:00:00Z', '2026-11-25T10:01:00Z')).toEqual({ read: (120 << 20) / 60, transferred: (30 << 20) / 60 });
    expect(averageRates(s, '2026-11-25T10:00:00Z', '2026-11-25T10:00:00Z')).toBeNull();
  });
});
