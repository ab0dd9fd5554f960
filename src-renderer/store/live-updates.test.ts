import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventHandler, FerryClient, TopicName } from '../../src-shared/contract';
import type { LogLine, SessionView } from '../../src-shared/domain';
import { setClient } from '../backend/client';
import { getFerryState, resetFerryStore, useFerryStore } from './index';
import { SESSION_RENDER_INTERVAL_MS, watchSession } from './live-updates';

const session = (progress: number): SessionView => ({
  id: 's1', jobId: 'j1', jobName: 'Nightly', result: 'Running', reason: '', startedBy: 'console', retryOf: null, activeFull: false, backupKind: null, interrupted: false, startedAt: '2026-11-25T10:00:00Z', endedAt: null,
  progress, stats: { bytesRead: 0, bytesProcessed: 0, bytesTransferred: 0, ratePerSec: 0, dedupeRatio: 0, compressionRatio: 0, busy: { source: 0, proxy: 0, network: 0, target: 0, throttle: 0 }, bottleneck: null },
  vms: [], snapshots: [], restorePointId: null, stopping: null,
});
const line = (seq: number, text: string): LogLine => ({ seq, at: '2026-11-25T10:00:00Z', level: 'info', vmId: null, text });

/** Stream events are applied together, at most every SESSION_RENDER_INTERVAL_MS, on a frame. */
const nextFrame = () => new Promise((r) => setTimeout(r, SESSION_RENDER_INTERVAL_MS + 40));

/** A client whose snapshot answer we release by hand, so events can race it. */
function racingClient() {
  const handlers = new Map<string, (payload: unknown, seq: number) => void>();
  let release: (v: { session: SessionView; log: LogLine[]; seq: number }) => void = () => undefined;
  const order: string[] = [];
  const client: FerryClient = {
    call: ((method: string) => {
      order.push(`call:${method}`);
      return new Promise((resolve) => (release = resolve as typeof release));
    }) as FerryClient['call'],
    subscribe<T extends TopicName>(topic: T, key: string, handler: EventHandler<T>) {
      order.push(`sub:${topic}`);
      handlers.set(`${topic}/${key}`, handler as (payload: unknown, seq: number) => void);
      return () => handlers.delete(`${topic}/${key}`);
    },
    close: () => undefined,
  };
  const emit = (topic: string, payload: unknown, seq: number) => handlers.get(`${topic}/s1`)?.(payload, seq);
  return { client, emit, order, release: (v: Parameters<typeof release>[0]) => release(v), handlers };
}

describe('session stream protocol', () => {
  beforeEach(() => resetFerryStore());
  afterEach(() => setClient(null));

  it('subscribes before fetching, then applies only events newer than the snapshot', async () => {
    const fake = racingClient();
    setClient(fake.client);
    const stop = watchSession('s1');
    expect(fake.order).toEqual(['sub:session.state', 'sub:session.log', 'call:sessions.get']);

    // Events that race the snapshot: seq 4 is already in it, seq 6 is not.
    fake.emit('session.log', { lines: [line(1, 'old')] }, 4);
    fake.emit('session.log', { lines: [line(3, 'new')] }, 6);
    fake.release({ session: session(0.2), log: [line(1, 'old')], seq: 5 });
    await Promise.resolve();
    await Promise.resolve();

    let live = getFerryState().live.s1!;
    expect(live.log.map((l) => l.text)).toEqual(['old', 'new']);
    expect(live.seq).toBe(6);

    fake.emit('session.state', session(0.5), 7);
    fake.emit('session.state', session(0.4), 7); // a duplicate seq changes nothing
    await nextFrame();
    live = getFerryState().live.s1!;
    expect(live.session?.progress).toBe(0.5);

    stop();
    expect(fake.handlers.size).toBe(0);
    expect(getFerryState().live.s1).toBeUndefined();
  });

  it('applies a burst of stream events in one store update, newest state and every log line', async () => {
    const fake = racingClient();
    setClient(fake.client);
    const stop = watchSession('s1');
    fake.release({ session: session(0), log: [], seq: 1 });
    await Promise.resolve();
    await Promise.resolve();
    let updates = 0;
    const off = useFerryStore.subscribe((s) => s.live.s1, () => updates++);
    for (let i = 0; i < 20; i++) {
      fake.emit('session.state', session((i + 1) / 20), 2 + 2 * i);
      fake.emit('session.log', { lines: [line(i, `line ${i}`)] }, 3 + 2 * i);
    }
    expect(updates).toBe(0); // nothing rendered mid-burst
    await nextFrame();
    expect(updates).toBe(1);
    const live = getFerryState().live.s1!;
    expect(live.session?.progress).toBe(1);
    expect(live.log).toHaveLength(20);
    expect(live.seq).toBe(41);
    off();
    stop();
  });

  it('shares one subscription between two watchers of the same session', () => {
    const fake = racingClient();
    setClient(fake.client);
    const a = watchSession('s1');
    const b = watchSession('s1');
    expect(fake.order.filter((o) => o.startsWith('sub:'))).toHaveLength(2);
    a();
    expect(fake.handlers.size).toBe(2);
    b();
    expect(fake.handlers.size).toBe(0);
  });
});
