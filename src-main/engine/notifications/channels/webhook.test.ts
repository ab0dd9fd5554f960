// The webhook against a real HTTP server in this process: a JSON POST with the facts; a non-2xx answer and an
// unreachable address fail with their codes (and never echo the URL's path, which often holds a secret).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { FerryError } from '../../../../src-shared/contract/errors';
import { freePort } from '../testing/smtp-server';
import { sendWebhook } from './webhook';
import { testMessage } from '../notifier';

let server: Server;
let port: number;
const received: Array<{ method: string; url: string; type: string; body: unknown }> = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', type: String(req.headers['content-type']), body: JSON.parse(body) as unknown });
      res.statusCode = req.url?.includes('broken') ? 500 : 204;
      res.end(req.url?.includes('broken') ? 'internal trouble' : '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('webhook', () => {
  it('POSTs the message as JSON', async () => {
    expect(await sendWebhook({ enabled: true, url: `http://127.0.0.1:${port}/hooks/secret-token` }, testMessage(new Date('2026-12-07T22:00:00Z')))).toBe(`Posted to http://127.0.0.1:${port} (204)`);
    expect(received.at(-1)).toMatchObject({ method: 'POST', url: '/hooks/secret-token', type: 'application/json', body: { source: 'Ferry', kind: 'test', severity: 'info', subject: '[Ferry] Test message', event: 'test' } });
  });

  it('a 500 is E_NOTIFY_REFUSED with the status; nothing listening is E_NOTIFY_UNREACHABLE; the path is never quoted', async () => {
    const refused = (await sendWebhook({ enabled: true, url: `http://127.0.0.1:${port}/broken/secret-token` }, testMessage(new Date())).catch((e: FerryError) => e)) as FerryError;
    expect(refused).toMatchObject({ code: 'E_NOTIFY_REFUSED', message: expect.stringContaining('answered 500: internal trouble') });
    expect(refused.message).not.toContain('secret-token');
    const closed = await freePort();
    const gone = (await sendWebhook({ enabled: true, url: `http://127.0.0.1:${closed}/x` }, testMessage(new Date())).catch((e: FerryError) => e)) as FerryError;
    expect(gone.code).toBe('E_NOTIFY_UNREACHABLE');
  });
});
