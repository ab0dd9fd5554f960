// The web host: serves the built renderer and the contract over a WebSocket on 127.0.0.1.
// A per-start random token is required on connect (constant-time compare); browser origins must be ours.
// Every request path is total: anything malformed is answered 4xx (or the socket closed), never thrown, because
// a throw here ends the process and every backup it runs — and any page in the user's browser can send one.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer as WsServer } from 'ws';
import { MAX_FRAME_BYTES } from '../../../src-shared/contract/protocol';
import type { Service } from '../../service/service';
import { serveGuestDownload } from './guest-download';
import { parseRequestTarget } from './request-target';

export interface WebHostOptions {
  service: Service;
  staticDir: string;
  port?: number;
  /** loopback only unless an admin deliberately says otherwise */
  bindAddress?: string;
  token?: string;
  /** errors the host survived (a failed accept, a handler bug answered 500); default: dropped */
  onError?: (e: unknown) => void;
}

export interface WebHost {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; frame-ancestors 'none'";

export function tokenMatches(expected: string, given: string | null): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(24).toString('hex');
  const bind = opts.bindAddress ?? '127.0.0.1';
  const onError = opts.onError ?? (() => undefined);
  let port = 0;

  const server = createServer((req, res) => {
    try {
      handleRequest(req, res);
    } catch (e) {
      failResponse(res, e, onError);
    }
  });
  const handleRequest = (req: IncomingMessage, res: ServerResponse) => {
    const target = parseRequestTarget(req.url);
    if (!target.ok) return void res.writeHead(400, { 'content-type': 'text/plain' }).end(`Bad request: ${target.reason}`);
    // A plain GET on the socket path tells a console why its WebSocket was refused (browsers hide that).
    if (target.pathname === '/rpc') {
      res.writeHead(tokenMatches(token, target.query.get('token')) ? 426 : 401, { 'content-type': 'text/plain' }).end();
      return;
    }
    if (target.segments[0] === 'download' && target.segments.length === 2 && req.method === 'GET') {
      if (!tokenMatches(token, target.query.get('token'))) return void res.writeHead(401, { 'content-type': 'text/plain' }).end();
      const guestFiles = opts.service.engine.guestFiles;
      serveGuestDownload((link) => guestFiles.takeDownload(link), target.segments[1], res).catch((e: unknown) => failResponse(res, e, onError));
      return;
    }
    serveStatic(opts.staticDir, target.segments, req, res).catch((e: unknown) => failResponse(res, e, onError));
  };
  // loaded here, not at start-up: every CLI command shares this bundle and most never serve
  const { WebSocketServer } = await import('ws');
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const upgradeGate = { token, allowedOrigins: () => [`http://127.0.0.1:${port}`, `http://localhost:${port}`] };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // The HTTP server no longer watches an upgraded socket: a reset with no listener would be an uncaught error.
    socket.on('error', () => socket.destroy());
    try {
      const refusal = upgradeRefusal(req, upgradeGate);
      if (refusal) return refuseUpgrade(socket, refusal);
      wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
    } catch (e) {
      onError(e);
      refuseUpgrade(socket, '500 Internal Server Error');
    }
  });

  const attach = (ws: WebSocket) => {
    const conn = opts.service.connect((frame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    });
    // Always hand over text: the connection parses, size-checks and rejects what is not a frame.
    ws.on('message', (data) => conn.receive(data.toString()));
    ws.on('close', () => conn.close());
    ws.on('error', () => conn.close());
  };

  await listen(server, opts.port ?? 0, bind);
  // After listening, a server error (EMFILE on accept) is survived: the server keeps listening.
  server.on('error', onError);
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    port,
    close: () => closeHost(server, wss),
  };
}

/** Why an upgrade to the contract socket is refused (an HTTP status line), or null when it may proceed. */
function upgradeRefusal(req: IncomingMessage, gate: { token: string; allowedOrigins(): string[] }): string | null {
  const target = parseRequestTarget(req.url);
  if (!target.ok) return '400 Bad Request';
  if (target.pathname !== '/rpc') return '404 Not Found';
  if (!tokenMatches(gate.token, target.query.get('token'))) return '401 Unauthorized';
  // Non-browser clients send no Origin; a browser page from anywhere else must not drive the engine.
  const origin = req.headers.origin;
  if (origin !== undefined && !gate.allowedOrigins().includes(origin)) return '403 Forbidden';
  return null;
}

function refuseUpgrade(socket: Duplex, status: string): void {
  if (!socket.writable) return void socket.destroy();
  // Close once the refusal is flushed (the socket half-closes only, so it is destroyed then).
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** A handler bug becomes a 500 for this request (or a dropped connection), never the end of the process. */
function failResponse(res: ServerResponse, e: unknown, onError: (e: unknown) => void): void {
  onError(e);
  if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal error');
  else res.destroy();
}

function listen(server: ReturnType<typeof createServer>, port: number, bind: string): Promise<void> {
  return new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(port, bind, () => {
      server.off('error', rej);
      res();
    });
  });
}

async function closeHost(server: ReturnType<typeof createServer>, wss: WsServer): Promise<void> {
  for (const c of wss.clients) c.terminate();
  wss.close();
  await new Promise<void>((r) => server.close(() => r()));
}

async function serveStatic(root: string, segments: string[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end();
    return;
  }
  const base = resolve(root);
  const full = join(base, ...(segments.length === 0 ? ['index.html'] : segments));
  // The segments cannot leave the folder (request-target.ts refuses them); checked again so it never can.
  if (!full.startsWith(base + sep)) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    return;
  }
  let body: Buffer;
  try {
    body = await readFile(full);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    return;
  }
  res.writeHead(200, {
    'content-type': MIME[extname(full)] ?? 'application/octet-stream',
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  res.end(body);
}
