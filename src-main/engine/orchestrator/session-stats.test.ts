import { describe, expect, it } from 'vitest';
import { emptyStats, type MoverStats } from '../datamover/task';
import { bottleneckOf, sessionStats, sumStats } from './session-stats';

const disk = (elapsedMs: number, busyMs: Partial<MoverStats['busyMs']>): MoverStats => ({ ...emptyStats(), elapsedMs, busyMs: { ...emptyStats().busyMs, ...busyMs } });

describe('where a session spent its time', () => {
  it('waiting on the traffic rule is a stage of its own: the bottleneck under a tight cap', () => {
    const t = sumStats([disk(10_000, { source: 100, proxy: 50, target: 30, throttle: 9_500 }), disk(10_000, { source: 120, throttle: 9_400 })]);
    expect(bottleneckOf(t)).toEqual({ busy: { source: 1, proxy: 0, network: 0, target: 0, throttle: 95 }, bottleneck: 'Throttling' });
  });

  it('without a cap the busiest component is the bottleneck; an agent that measures no throttle counts 0', () => {
    const old = disk(1_000, { source: 800, proxy: 300 });
    delete (old.busyMs as { throttle?: number }).throttle;
    expect(bottleneckOf(sumStats([old]))).toEqual({ busy: { source: 80, proxy: 30, network: 0, target: 0, throttle: 0 }, bottleneck: 'Source' });
  });

  it('nothing measured yet: no bottleneck', () => {
    expect(sessionStats(sumStats([]), 1)).toMatchObject({ bottleneck: null, busy: { source: 0, proxy: 0, network: 0, target: 0, throttle: 0 } });
  });
});
