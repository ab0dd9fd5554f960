// Adapts the Electron preload surface (request + subscribe) to the contract's frame Transport.
import type { ClientFrame, EvtFrame, ReqFrame, ResFrame, ServerFrame, Transport } from '../../../src-shared/contract';
import { ErrorCode } from '../../../src-shared/contract';

/** Exactly what the preload exposes as `window.ferryBridge`. */
export interface FerryBridge {
  request(frame: ReqFrame): Promise<ResFrame>;
  subscribe(topic: string, key: string, cb: (frame: EvtFrame) => void): () => void;
}

export function createIpcTransport(bridge: FerryBridge): Transport {
  const listeners = new Set<(frame: ServerFrame) => void>();
  const unsubscribers = new Map<string, () => void>();
  const emit = (frame: ServerFrame) => listeners.forEach((l) => l(frame));
  const subKey = (topic: string, key: string) => `${topic}\u0000${key}`;

  return {
    send(frame: ClientFrame) {
      switch (frame.t) {
        case 'req':
          bridge.request(frame).then(emit, (e: unknown) =>
            // The preload should never reject, but if it does the caller still gets an answer.
            emit({ t: 'res', id: frame.id, ok: false, error: { code: ErrorCode.Internal, message: String(e) } }),
          );
          break;
        case 'sub': {
          const k = subKey(frame.topic, frame.key);
          if (!unsubscribers.has(k)) unsubscribers.set(k, bridge.subscribe(frame.topic, frame.key, emit));
          break;
        }
        case 'unsub': {
          const k = subKey(frame.topic, frame.key);
          unsubscribers.get(k)?.();
          unsubscribers.delete(k);
          break;
        }
      }
    },
    onFrame(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      unsubscribers.forEach((off) => off());
      unsubscribers.clear();
      listeners.clear();
    },
  };
}
