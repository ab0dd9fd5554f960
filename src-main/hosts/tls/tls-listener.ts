// The Ferry service beyond loopback: the same contract over WebSocket on TLS (the service's pinned certificate).
// Every connection here is remote: it can only log in (auth.login/auth.resume) until it has, then its account's
// role decides what it may call.
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { MAX_FRAME_BYTES } from '../../../src-shared/contract/protocol';
import type { Service } from '../../service/service';
import type { ServiceCert } from './service-cert';

export interface TlsListener {
  host: string;
  port: number;
  fingerprint256: string;
  close(): Promise<void>;
}

export async function startTlsListener(service: Service, cert: ServiceCert, host: string, port: number): Promise<TlsListener> {
  const server = createServer({ cert: cert.certPem, key: cert.keyPem, minVersion: 'TLSv1.2' }, (_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' }).end('Ferry service: connect with WebSocket on /rpc\n');
  });
  // loaded here, not at start-up: every CLI command shares this bundle and most never listen
  const { WebSocketServer } = await import('ws');
  const wss = new WebSocketServer({ server, path: '/rpc', maxPayload: MAX_FRAME_BYTES });
  wss.on('connection', (ws) => {
    const conn = service.connectRemote((frame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    });
    // text always: the connection parses, size-checks and rejects what is not a frame
    ws.on('message', (data) => conn.receive(data.toString()));
    ws.on('close', () => conn.close());
    ws.on('error', () => conn.close());
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    host,
    port: (server.address() as AddressInfo).port,
    fingerprint256: cert.fingerprint256,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
