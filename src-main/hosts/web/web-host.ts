// The web host: serves the built renderer and the contract over a WebSocket on 127.0.0.1.
// A per-start random token is required on connect (constant-time compare); browser origins must be ours.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { WebSocket } from 'ws';
import { MAX_FRAME_BYTES } from '../../../src-shared/contract/protocol';
import type { Service } from '../../service/service';

export interface WebHostOptions {
  service: Service;
  staticDir: string;
  port?: number;
  /** loopback only unless an admin deliberately says otherwise */
  bindAddress?: string;
  token?: string;
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
  let port = 0;

  const server = createServer((req, res) => {
    // A plain GET on the socket path tells a console why its WebSocket was refused (browsers hide that).
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/rpc') {
      res.writeHead(tokenMatches(token, url.searchParams.get('token')) ? 426 : 401, { 'content-type': 'text/plain' }).end();
      return;
    }
    void serveStatic(opts.staticDir, req, res);
  });
  // loaded here, not at start-up: every CLI command shares this bundle and most never serve
  const { WebSocketServer } = await import('ws');
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin;
    const allowedOrigins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
    const reject = (status: string) => {
      socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
      socket.destroy();
    };
    if (url.pathname !== '/rpc') return reject('404 Not Found');
    if (!tokenMatches(token, url.searchParams.get('token'))) return reject('401 Unauthorized');
    // Non-browser clients send no Origin; a browser page from anywhere else must not drive the engine.
    if (origin !== undefined && !allowedOrigins.includes(origin)) return reject('403 Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
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

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, bind, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    port,
    async close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  const rel = pathname === '/' ? 'index.html' : pathname.slice(1);
  const full = normalize(join(root, rel));
  // Never serve outside the renderer build.
  if (!full.startsWith(normalize(root) + sep) || req.method !== 'GET') {
    res.writeHead(404).end();
    return;
  }
  try {
    const body = await readFile(full);
    res.writeHead(200, {
      'content-type': MIME[extname(full)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    res.end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  }
}
