// Test helper: a contract client over a real WebSocket to the web host, as the console connects.
import WebSocket from 'ws';
import { createClient, type FerryClient } from '../../../../src-shared/contract/client';
import type { ServerFrame } from '../../../../src-shared/contract/protocol';

export async function connectWsClient(port: number, token: string): Promise<FerryClient> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/rpc?token=${token}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const listeners = new Set<(f: ServerFrame) => void>();
  ws.on('message', (m) => {
    const frame = JSON.parse(String(m)) as ServerFrame;
    listeners.forEach((l) => l(frame));
  });
  return createClient({
    send: (frame) => ws.send(JSON.stringify(frame)),
    onFrame(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    close: () => ws.close(),
  });
}
