// The one place that knows which host we run in: Electron (preload bridge) or a browser (WebSocket).
import type { Transport } from '../../src-shared/contract';
import { createStatusCell, type ConnectionStatusSource } from './status';
import { createIpcTransport, type FerryBridge } from './transports/ipc';
import { takeToken } from './token';
import { createWsTransport } from './transports/ws';

declare global {
  interface Window {
    ferryBridge?: FerryBridge;
  }
}

export interface BackendConnection {
  host: 'electron' | 'web';
  transport: Transport;
  status: ConnectionStatusSource;
  reconnectNow(): void;
}

export function connectBackend(): BackendConnection {
  if (window.ferryBridge) {
    // IPC cannot drop or be refused: the preload is always there while the window lives.
    return {
      host: 'electron',
      transport: createIpcTransport(window.ferryBridge),
      status: createStatusCell({ kind: 'connected' }),
      reconnectNow: () => undefined,
    };
  }

  const token = takeToken({ location: window.location, history: window.history, storage: window.sessionStorage });
  if (!token) {
    const status = createStatusCell({
      kind: 'unauthorized',
      reason: 'No access token. Open the link that `ferry serve` printed (it ends in ?token=…).',
    });
    return { host: 'web', transport: refusingTransport(), status, reconnectNow: () => undefined };
  }

  const rpcPath = `/rpc?token=${encodeURIComponent(token)}`;
  const transport = createWsTransport({
    url: `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}${rpcPath}`,
    // A browser hides the HTTP status of a refused upgrade. If the host still answers plain HTTP, it is up
    // and refused the socket (wrong or expired token, e.g. after a restart); if fetch throws, it is down.
    // 426 Upgrade Required would mean "token fine, retry the socket".
    probeUnauthorized: async () => {
      const res = await fetch(rpcPath, { method: 'GET', cache: 'no-store' });
      return res.status !== 426;
    },
  });
  return { host: 'web', transport, status: transport.status, reconnectNow: () => transport.reconnectNow() };
}

/** Without a token there is nothing to talk to; requests fail at once with a clear message. */
function refusingTransport(): Transport {
  const listeners = new Set<Parameters<Transport['onFrame']>[0]>();
  return {
    send(frame) {
      if (frame.t !== 'req') return;
      const error = { code: 'E_UNAUTHORIZED', message: 'No access token' };
      queueMicrotask(() => listeners.forEach((l) => l({ t: 'res', id: frame.id, ok: false, error })));
    },
    onFrame(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    close: () => listeners.clear(),
  };
}
