// A ferry command on a data folder that `ferry serve` owns: the command's requests go to that engine over its
// WebSocket (the address and access token it recorded in the data folder), the same contract the console uses.
// No reconnect: a command that lost its engine fails at once and says so.
import type WebSocket from 'ws';
import { createClient, type FerryClient } from '../../src-shared/contract/client';
import { ErrorCode, FerryError } from '../../src-shared/contract/errors';
import type { ClientFrame, ServerFrame } from '../../src-shared/contract/protocol';
import type { Transport } from '../../src-shared/contract/transport';
import type { EngineEndpoint, EngineOwner } from '../engine/facade/engine';

const CONNECT_TIMEOUT_MS = 10_000;

const ownerName = (owner: EngineOwner) => `${owner.command} (pid ${owner.pid})`;

/** The WebSocket address of the endpoint's contract, with its token. */
export function rpcUrl(endpoint: EngineEndpoint): string {
  const base = new URL(endpoint.url);
  return `ws://${base.host}/rpc?token=${encodeURIComponent(endpoint.token)}`;
}

export async function connectToEngine(owner: EngineOwner, endpoint: EngineEndpoint): Promise<FerryClient> {
  // loaded here, not at start-up: most commands never talk to another engine
  const { default: Socket } = await import('ws');
  const socket = new Socket(rpcUrl(endpoint), { handshakeTimeout: CONNECT_TIMEOUT_MS });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', (e) =>
      reject(
        new FerryError(ErrorCode.EngineBusy, `The data folder is owned by ${ownerName(owner)}, which cannot be reached at ${endpoint.url} (${e.message}); try again once it has finished starting or stopping`, {
          pid: owner.pid,
          url: endpoint.url,
        }),
      ),
    );
  });
  return createClient(socketTransport(socket, owner));
}

function socketTransport(socket: WebSocket, owner: EngineOwner): Transport {
  const listeners = new Set<(f: ServerFrame) => void>();
  /** requests sent and not answered: failed at once when the engine goes away */
  const inFlight = new Set<number>();
  socket.on('message', (data: WebSocket.RawData) => {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(String(data)) as ServerFrame;
    } catch {
      return;
    }
    if (frame.t === 'res') inFlight.delete(frame.id);
    for (const l of listeners) l(frame);
  });
  socket.on('error', () => undefined); // 'close' follows and says it
  socket.on('close', () => {
    for (const id of inFlight) {
      const lost: ServerFrame = { t: 'res', id, ok: false, error: { code: ErrorCode.EngineBusy, message: `Lost the connection to ${ownerName(owner)}, which owns the data folder (it stopped?)` } };
      for (const l of listeners) l(lost);
    }
    inFlight.clear();
  });
  return {
    send(frame: ClientFrame) {
      if (socket.readyState !== socket.OPEN) {
        if (frame.t === 'req') {
          const lost: ServerFrame = { t: 'res', id: frame.id, ok: false, error: { code: ErrorCode.EngineBusy, message: `Not connected to ${ownerName(owner)}, which owns the data folder` } };
          queueMicrotask(() => listeners.forEach((l) => l(lost)));
        }
        return;
      }
      if (frame.t === 'req') inFlight.add(frame.id);
      socket.send(JSON.stringify(frame));
    },
    onFrame(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
      socket.close();
    },
  };
}
