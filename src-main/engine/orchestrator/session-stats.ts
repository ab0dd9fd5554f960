// A session's numbers from its disk tasks' mover stats: bytes, ratios, and where the time went (busy % per stage,
// the bottleneck). Pure, so the bottleneck rule is tested on its own.
import type { BottleneckStage, SessionStats } from '../../../src-shared/domain';
import type { MoverStats } from '../datamover/task';

export interface StatTotals {
  bytesRead: number;
  bytesProcessed: number;
  bytesTransferred: number;
  zero: number;
  newRaw: number;
  elapsed: number;
  source: number;
  proxy: number;
  network: number;
  target: number;
  throttle: number;
}

export const EMPTY_SESSION_STATS: SessionStats = {
  bytesRead: 0,
  bytesProcessed: 0,
  bytesTransferred: 0,
  ratePerSec: 0,
  dedupeRatio: 0,
  compressionRatio: 0,
  busy: { source: 0, proxy: 0, network: 0, target: 0, throttle: 0 },
  bottleneck: null,
};

export function sumStats(disks: Iterable<MoverStats>): StatTotals {
  const t: StatTotals = { bytesRead: 0, bytesProcessed: 0, bytesTransferred: 0, zero: 0, newRaw: 0, elapsed: 0, source: 0, proxy: 0, network: 0, target: 0, throttle: 0 };
  for (const s of disks) {
    t.bytesRead += s.bytesRead;
    t.bytesProcessed += s.bytesProcessed;
    t.bytesTransferred += s.bytesTransferred;
    t.zero += s.zeroBytes;
    t.newRaw += s.newRawBytes;
    t.elapsed += s.elapsedMs;
    t.source += s.busyMs.source;
    t.proxy += s.busyMs.proxy;
    t.network += s.busyMs.network;
    t.target += s.busyMs.target;
    // an agent older than the throttle measurement sends none: no wait measured
    t.throttle += s.busyMs.throttle ?? 0;
  }
  return t;
}

/** The session's stats; `elapsedSec`: since the session started (the rate is over the whole session). */
export function sessionStats(t: StatTotals, elapsedSec: number): SessionStats {
  return {
    bytesRead: t.bytesRead,
    bytesProcessed: t.bytesProcessed,
    bytesTransferred: t.bytesTransferred,
    ratePerSec: t.bytesProcessed / Math.max(0.001, elapsedSec),
    // dedupe: non-zero data read vs new data kept; compression: new data kept vs bytes written
    dedupeRatio: t.newRaw > 0 ? (t.bytesRead - t.zero) / t.newRaw : 0,
    compressionRatio: t.bytesTransferred > 0 ? t.newRaw / t.bytesTransferred : 0,
    ...bottleneckOf(t),
  };
}

/**
 * Busy % per stage over the disk tasks' running time; the busiest stage is the bottleneck. Waiting on a traffic rule
 * is pipeline time too ("Throttling"): under a tight cap it is where nearly all the time goes, while every component
 * idles — without it such a session would show no bottleneck at all.
 */
export function bottleneckOf(t: Pick<StatTotals, 'elapsed' | 'source' | 'proxy' | 'network' | 'target' | 'throttle'>): Pick<SessionStats, 'busy' | 'bottleneck'> {
  const pct = (ms: number) => (t.elapsed > 0 ? Math.min(100, Math.round((ms / t.elapsed) * 100)) : 0);
  const busy = { source: pct(t.source), proxy: pct(t.proxy), network: pct(t.network), target: pct(t.target), throttle: pct(t.throttle) };
  const stages: Array<[BottleneckStage, number]> = [
    ['Source', busy.source],
    ['Proxy', busy.proxy],
    ['Network', busy.network],
    ['Target', busy.target],
    ['Throttling', busy.throttle],
  ];
  const top = stages.reduce((a, b) => (b[1] > a[1] ? b : a));
  return { busy, bottleneck: top[1] > 0 ? top[0] : null };
}
