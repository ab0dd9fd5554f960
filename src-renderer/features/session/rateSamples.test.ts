import { describe, expect, it } from 'vitest';
import type { SessionStats } from '../../../src-shared/domain';
import { RateSampler } from './rateSamples';

const stats = (read: number, transferred: number): SessionStats => ({
  bytesRead: read, bytesProcessed: read, bytesTransferred: transferred, ratePerSec: 0, dedupeRatio: 0, compressionRatio: 0,
  busy: { source: 0, proxy: 0, network: 0, target: 0 }, bottleneck: null,
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
