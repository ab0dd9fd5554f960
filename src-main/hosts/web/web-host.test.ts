// The web host refuses connections without the token or from a foreign origin, and bad frames change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from './web-host';
import { appRoot, rendererDir } from '../../app-paths';
import { removeDir, startLabService, type LabHarness } from '../../testing/lab-service';

let h: LabHarness;
let host: WebHost;
const staticDir = mkdtempSync(join(tmpdir(), 'ferry-static-'));
beforeAll(async () => {
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Ferry</title>');
  h = await startLabService();
  host = await startWebHost({ service: h.service, staticDir });
});
afterAll(async () => {
  await host.close();
  await h.close();
  removeDir(h.dir);
  removeDir(staticDir);
});

const connect = (query: string, origin?: string) =>
  new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/rpc${query}`, origin ? { origin } : {});
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });

const next = (ws: WebSocket) => new Promise<Record<string, unknown>>((r) => ws.once('message', (m) => r(JSON.parse(String(m)))));

describe('web host', () => {
  it('binds to loopback and prints a URL with the token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
  });

  it('refuses a connection without the token, with a wrong token, or from a foreign origin', async () => {
    await expect(connect('')).rejects.toThrow(/401/);
    await expect(connect('?token=' + 'f'.repeat(48))).rejects.toThrow(/401/);
    await expect(connect(`?token=${host.token}`, 'http://evil.example')).rejects.toThrow(/403/);
    const ok = await connect(`?token=${host.token}`, `http://127.0.0.1:${host.port}`);
    ok.close();
  });

  it('answers malformed frames with E_BAD_FRAME, closes oversized ones, and changes nothing', async () => {
    const ws = await connect(`?token=${host.token}`);
    let reply = next(ws);
    ws.send('{"t":"req","id":1,"method":"jobs.create","params":');
    expect(await reply).toMatchObject({ ok: false, error: { code: 'E_BAD_FRAME' } });
    reply = next(ws);
    ws.send(JSON.stringify({ t: 'req', id: 2, method: 'jobs.create', params: { name: 'x' } }));
    expect(await reply).toMatchObject({ id: 2, ok: false, error: { code: 'E_INVALID_PARAMS' } });
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send('x'.repeat(2 * 1024 * 1024));
    expect(await closed).toBe(1009); // message too big
    expect(await h.client.call('jobs.list', {})).toEqual([]);
  });

  it('serves the renderer but nothing outside it', async () => {
    const base = `http://127.0.0.1:${host.port}`;
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect((await fetch(`${base}/..%2f..%2fetc%2fpasswd`)).status).toBe(400);
    expect((await fetch(`${base}/%2e%2e/package.json`)).status).toBe(404);
    // Why a socket would be refused, for the console's reconnect banner.
    expect((await fetch(`${base}/rpc?token=nope`)).status).toBe(401);
    expect((await fetch(`${base}/rpc?token=${host.token}`)).status).toBe(426);
  });

  it("serves the built console's icons: /favicon.ico (the committed assets/icon.ico) and the page's SVG icon", async () => {
    // out/renderer as scripts/build.mjs leaves it (vitest's global setup builds; icons are copied on every build)
    const built = await startWebHost({ service: h.service, staticDir: rendererDir() });
    try {
      const base = `http://127.0.0.1:${built.port}`;
      const ico = await fetch(`${base}/favicon.ico`);
      expect(ico.status).toBe(200);
      expect(ico.headers.get('content-type')).toBe('image/x-icon');
      expect(Buffer.from(await ico.arrayBuffer()).equals(readFileSync(join(appRoot(), 'assets', 'icon.ico')))).toBe(true);
      const svg = await fetch(`${base}/icon.svg`);
      expect(svg.status).toBe(200);
      expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    } finally {
      await built.close();
    }
  });
});
