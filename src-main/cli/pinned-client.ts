// A console's connection to a Ferry service over TLS, trusting on first use: the service's certificate
// fingerprint is pinned (in a small JSON file) at the first connect, and a later connect that sees another
// certificate is refused with E_CERT_CHANGED before a single frame (or password) is sent.
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { connect, type PeerCertificate } from 'node:tls';
import type { ClientOptions } from 'ws';
import { ErrorCode, FerryError } from '../../src-shared/contract/errors';
import { createClient, type FerryClient } from '../../src-shared/contract/client';
import type { ServerFrame } from '../../src-shared/contract/protocol';
import type { Transport } from '../../src-shared/contract/transport';

type Pins = Record<string, string>;
const readPins = (path: string): Pins => (existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Pins) : {});
function writePins(path: string, pins: Pins): void {
  writeFileSync(`${path}.tmp`, JSON.stringify(pins, null, 2), { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

/** The certificate the server presents, read without trusting it (only to compare it with the pin). */
function presentedCert(host: string, port: number): Promise<X509Certificate> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, rejectUnauthorized: false, servername: host === '127.0.0.1' || host.includes(':') ? undefined : host });
    socket.once('secureConnect', () => {
      const raw = socket.getPeerCertificate().raw;
      socket.destroy();
      resolve(new X509Certificate(raw));
    });
    socket.once('error', (e) => reject(new FerryError(ErrorCode.ServerUnreachable, `Ferry service ${host}:${port}: ${e.message}`)));
  });
}

export interface PinnedConnection {
  client: FerryClient;
  fingerprint256: string;
  /** true: first connect, the fingerprint was pinned now */
  pinnedNow: boolean;
}

export async function connectPinned(host: string, port: number, pinsPath: string): Promise<PinnedConnection> {
  const key = `${host}:${port}`;
  const pins = readPins(pinsPath);
  const cert = await presentedCert(host, port);
  const pinned = pins[key];
  if (pinned !== undefined && pinned !== cert.fingerprint256) {
    throw new FerryError(ErrorCode.CertChanged, `The Ferry service at ${key} presented certificate ${cert.fingerprint256}, not the pinned ${pinned}: refused (if the service was reinstalled, remove its pin from ${pinsPath})`, { pinned, presented: cert.fingerprint256 });
  }
  const { WebSocket } = await import('ws');
  // the real connection trusts exactly the pinned certificate: a swap between the look and this connect fails here
  const ws = new WebSocket(`wss://${host.includes(':') ? `[${host}]` : host}:${port}/rpc`, {
    ca: [cert.toString()],
    // handed to tls.connect, which wants an Error or undefined (ws's typing says boolean)
    checkServerIdentity: ((_h: string, c: PeerCertificate) =>
      c.fingerprint256 === cert.fingerprint256 ? undefined : new FerryError(ErrorCode.CertChanged, 'certificate changed during connect')) as unknown as ClientOptions['checkServerIdentity'],
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', (e) => reject(e instanceof FerryError ? e : new FerryError(ErrorCode.ServerUnreachable, `Ferry service ${key}: ${e.message}`)));
  });
  if (pinned === undefined) writePins(pinsPath, { ...pins, [key]: cert.fingerprint256 });
  const listeners = new Set<(f: ServerFrame) => void>();
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as ServerFrame;
    for (const l of listeners) l(frame);
  });
  const transport: Transport = {
    send: (frame) => ws.send(JSON.stringify(frame)),
    onFrame(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    close: () => ws.close(),
  };
  return { client: createClient(transport), fingerprint256: cert.fingerprint256, pinnedNow: pinned === undefined };
}
