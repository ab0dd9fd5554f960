// In-memory transport for unit tests: frames go straight to a server-side connection handler.
import type { ClientFrame, ServerFrame } from './protocol';
import type { Transport } from './transport';

/** What a server exposes per connection; service/connection.ts implements it. */
export interface ServerConnection {
  receive(frame: unknown): void;
  close(): void;
}
export type ConnectionFactory = (send: (frame: ServerFrame) => void) => ServerConnection;

export function createMemoryTransport(connect: ConnectionFactory): Transport {
  const listeners = new Set<(f: ServerFrame) => void>();
  // Round-trip through JSON so tests see exactly what a real wire would carry.
  const conn = connect((frame) => {
    const copy = JSON.parse(JSON.stringify(frame)) as ServerFrame;
    queueMicrotask(() => listeners.forEach((l) => l(copy)));
  });
  return {
    send(frame: ClientFrame) {
      conn.receive(JSON.parse(JSON.stringify(frame)));
    },
    onFrame(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    close() {
      conn.close();
    },
  };
}
