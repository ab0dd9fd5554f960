// WebSocket transport for the browser console: reconnects with backoff, re-subscribes, and tells
// "host is down" (retry) apart from "token refused" (stop and ask for a new link).
import type { ClientFrame, ResFrame, ServerFrame, Transport } from '../../../src-shared/contract';
import { ErrorCode } from '../../../src-shared/contract';
import { createStatusCell, DISCONNECTED, type ConnectionStatusSource } from '../status';

export interface WsTransportOptions {
  url: string;
  /** Asked after a socket closed without ever opening: does the host refuse our token? */
  probeUnauthorized?: () => Promise<boolean>;
  createSocket?: (url: string) => WebSocket;
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export interface WsTransport extends Transport {
  status: ConnectionStatusSource;
  /** Skip the backoff wait (the "Retry now" button). */
  reconnectNow(): void;
}

/** WebSocket.OPEN, spelled out so the transport also runs where no global WebSocket exists (tests). */
const OPEN = 1;

/** Close codes a host uses to say "not allowed"; 1008 is the standard policy-violation code. */
const UNAUTHORIZED_CLOSE_CODES = new Set([1008, 4401, 4403]);

export function createWsTransport(opts: WsTransportOptions): WsTransport {
  const initialDelay = opts.initialDelayMs ?? 500;
  const maxDelay = opts.maxDelayMs ?? 10_000;
  const createSocket = opts.createSocket ?? ((url: string) => new WebSocket(url));
  const status = createStatusCell({ kind: 'connecting' });
  const listeners = new Set<(frame: ServerFrame) => void>();
  /** Active subscriptions, re-sent after every reconnect (the client sends `sub` only once). */
  const subscriptions = new Map<string, { topic: string; key: string }>();
  /** Requests sent on the current socket and not answered yet: failed fast when it drops. */
  const inFlight = new Set<number>();
  /** Requests issued before the very first connection opened. */
  const firstConnectQueue: ClientFrame[] = [];

  let socket: WebSocket | null = null;
  let everConnected = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closedByUs = false;

  const emit = (frame: ServerFrame) => listeners.forEach((l) => l(frame));
  const failRequest = (id: number, message: string) => {
    const res: ResFrame = { t: 'res', id, ok: false, error: { code: DISCONNECTED, message } };
    // Async so a caller never sees its promise settle inside `send`.
    queueMicrotask(() => emit(res));
  };
  const write = (frame: ClientFrame) => socket?.send(JSON.stringify(frame));

  function connect() {
    retryTimer = null;
    let opened = false;
    const ws = createSocket(opts.url);
    socket = ws;

    ws.onopen = () => {
      opened = true;
      everConnected = true;
      attempt = 0;
      status.set({ kind: 'connected' });
      for (const s of subscriptions.values()) write({ t: 'sub', topic: s.topic, key: s.key });
      for (const frame of firstConnectQueue.splice(0)) {
        if (frame.t === 'req') inFlight.add(frame.id);
        write(frame);
      }
    };

    ws.onmessage = (ev: MessageEvent) => {
      if (typeof ev.data !== 'string') return;
      let frame: ServerFrame;
      try {
        frame = JSON.parse(ev.data) as ServerFrame;
      } catch {
        return; // a malformed frame from the host is dropped, never thrown into the UI
      }
      if (frame.t === 'res') {
        inFlight.delete(frame.id);
        if (!frame.ok && frame.error.code === ErrorCode.Unauthorized) {
          status.set({ kind: 'unauthorized', reason: frame.error.message });
        }
      }
      emit(frame);
    };

    ws.onclose = (ev: CloseEvent) => {
      if (socket !== ws) return;
      socket = null;
      for (const id of inFlight) failRequest(id, 'Connection to the Ferry host was lost');
      inFlight.clear();
      if (closedByUs) return;
      if (UNAUTHORIZED_CLOSE_CODES.has(ev.code)) {
        status.set({ kind: 'unauthorized', reason: ev.reason || 'The host refused the access token' });
        return;
      }
      if (!opened && opts.probeUnauthorized) {
        opts.probeUnauthorized().then(
          (refused) => (refused ? refuse() : scheduleRetry('Cannot reach the Ferry host')),
          () => scheduleRetry('Cannot reach the Ferry host'),
        );
        return;
      }
      scheduleRetry(opened ? 'Connection to the Ferry host was lost' : 'Cannot reach the Ferry host');
    };
  }

  function refuse() {
    if (!closedByUs) status.set({ kind: 'unauthorized', reason: 'The host refused the access token' });
  }

  function scheduleRetry(reason: string) {
    if (closedByUs) return;
    attempt += 1;
    const base = Math.min(maxDelay, initialDelay * 2 ** (attempt - 1));
    const delay = base * (0.8 + Math.random() * 0.4); // jitter: several tabs do not retry in lockstep
    status.set({ kind: 'reconnecting', attempt, retryAt: Date.now() + delay, reason });
    retryTimer = setTimeout(connect, delay);
  }

  connect();

  return {
    status,
    send(frame) {
      if (frame.t === 'sub') subscriptions.set(`${frame.topic}\u0000${frame.key}`, { topic: frame.topic, key: frame.key });
      if (frame.t === 'unsub') subscriptions.delete(`${frame.topic}\u0000${frame.key}`);
      const open = socket !== null && socket.readyState === OPEN;
      if (open) {
        if (frame.t === 'req') inFlight.add(frame.id);
        write(frame);
        return;
      }
      if (frame.t !== 'req') return; // subscriptions are replayed on open
      if (!everConnected && status.get().kind === 'connecting') firstConnectQueue.push(frame);
      // After a drop we fail fast rather than replay a "Delete job" minutes later.
      else failRequest(frame.id, 'Not connected to the Ferry host');
    },
    onFrame(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reconnectNow() {
      if (socket || closedByUs) return;
      if (retryTimer) clearTimeout(retryTimer);
      status.set({ kind: 'connecting' });
      connect();
    },
    close() {
      closedByUs = true;
      if (retryTimer) clearTimeout(retryTimer);
      socket?.close();
      socket = null;
      listeners.clear();
    },
  };
}
