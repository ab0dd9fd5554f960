// Typed client over any Transport: request/response with ids, ref-counted subscriptions.
import { FerryError, ErrorCode } from './errors';
import type { MethodName, ParamsOf, ResultOf } from './methods';
import type { PayloadOf, TopicName } from './events';
import type { ServerFrame } from './protocol';
import type { Transport } from './transport';

export type EventHandler<T extends TopicName> = (payload: PayloadOf<T>, seq: number) => void;

export interface FerryClient {
  call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  subscribe<T extends TopicName>(topic: T, key: string, handler: EventHandler<T>): () => void;
  close(): void;
}

export function createClient(transport: Transport, opts: { timeoutMs?: number } = {}): FerryClient {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void; timer: ReturnType<typeof setTimeout> }>();
  const handlers = new Map<string, Set<(payload: unknown, seq: number) => void>>();
  const subKey = (topic: string, key: string) => `${topic}\u0000${key}`;

  const off = transport.onFrame((frame: ServerFrame) => {
    if (frame.t === 'res') {
      const p = pending.get(frame.id);
      if (!p) return;
      pending.delete(frame.id);
      clearTimeout(p.timer);
      if (frame.ok) p.resolve(frame.result);
      else p.reject(new FerryError(frame.error.code, frame.error.message, frame.error.details));
    } else if (frame.t === 'evt') {
      const set = handlers.get(subKey(frame.topic, frame.key));
      if (set) for (const h of [...set]) h(frame.payload, frame.seq);
    }
  });

  return {
    call(method, params) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new FerryError(ErrorCode.Internal, `${method}: no answer within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
        transport.send({ t: 'req', id, method, params });
      });
    },
    subscribe(topic, key, handler) {
      const k = subKey(topic, key);
      let set = handlers.get(k);
      if (!set) {
        set = new Set();
        handlers.set(k, set);
        transport.send({ t: 'sub', topic, key });
      }
      const h = handler as (payload: unknown, seq: number) => void;
      set.add(h);
      return () => {
        const s = handlers.get(k);
        if (!s) return;
        s.delete(h);
        if (s.size === 0) {
          handlers.delete(k);
          transport.send({ t: 'unsub', topic, key });
        }
      };
    },
    close() {
      off();
      for (const p of pending.values()) {
        clearTimeout(p.timer);
        p.reject(new FerryError(ErrorCode.Cancelled, 'connection closed'));
      }
      pending.clear();
      transport.close();
    },
  };
}
