import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientFrame, ServerFrame } from '../../../src-shared/contract';
import { createWsTransport } from './ws';

/** Just enough of a WebSocket for the transport: the test opens, answers and drops it. */
class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: ClientFrame[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((ev: { data: string }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data) as ClientFrame);
  }
  close() {
    this.drop(1000);
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(frame: ServerFrame) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(code = 1006, reason = '') {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

const latest = () => FakeSocket.all[FakeSocket.all.length - 1]!;
/** Lets queued microtasks (failed requests, the token probe) run; timers are fake here. */
const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('WebSocket transport', () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => vi.useRealTimers());

  function make(probe?: () => Promise<boolean>) {
    const frames: ServerFrame[] = [];
    const t = createWsTransport({
      url: 'ws://127.0.0.1:1/rpc?token=t',
      createSocket: (url) => new FakeSocket(url) as unknown as WebSocket,
      probeUnauthorized: probe,
      initialDelayMs: 100,
    });
    t.onFrame((f) => frames.push(f));
    return { t, frames };
  }

  it('queues requests until the first connection opens', () => {
    const { t } = make();
    t.send({ t: 'req', id: 1, method: 'jobs.list', params: {} });
    expect(latest().sent).toEqual([]);
    latest().open();
    expect(latest().sent).toEqual([{ t: 'req', id: 1, method: 'jobs.list', params: {} }]);
    expect(t.status.get()).toEqual({ kind: 'connected' });
  });

  it('fails in-flight requests on a drop, reconnects with backoff and re-subscribes', async () => {
    const { t, frames } = make(async () => false);
    latest().open();
    t.send({ t: 'sub', topic: 'app.changed', key: '*' });
    t.send({ t: 'req', id: 7, method: 'jobs.list', params: {} });
    latest().drop();
    await flush();
    expect(frames).toEqual([{ t: 'res', id: 7, ok: false, error: { code: 'E_DISCONNECTED', message: expect.any(String) } }]);
    expect(t.status.get().kind).toBe('reconnecting');

    // While down, a new request fails fast instead of waiting to be replayed later.
    t.send({ t: 'req', id: 8, method: 'jobs.delete', params: { id: 'j1' } });
    await flush();
    expect(frames.at(-1)).toMatchObject({ id: 8, ok: false });

    vi.advanceTimersByTime(200);
    expect(FakeSocket.all).toHaveLength(2);
    latest().open();
    expect(latest().sent).toEqual([{ t: 'sub', topic: 'app.changed', key: '*' }]);
    expect(t.status.get()).toEqual({ kind: 'connected' });
  });

  it('stops retrying when the host refuses the token', async () => {
    const { t } = make(async () => true);
    latest().drop(); // never opened: the probe decides
    await flush();
    expect(t.status.get()).toMatchObject({ kind: 'unauthorized' });
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('treats policy-violation close codes as unauthorized', () => {
    const { t } = make();
    latest().open();
    latest().drop(4401, 'bad token');
    expect(t.status.get()).toEqual({ kind: 'unauthorized', reason: 'bad token' });
  });
});
