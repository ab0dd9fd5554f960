// No request can crash the web host or read outside the renderer build: a bounded corpus and a fast-check fuzz of
// raw request lines, paths, headers, bodies and WebSocket upgrades go over plain TCP sockets (so malformed HTTP
// really reaches the server); then the same host still serves the console and runs a lab job over its WebSocket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHost, type WebHost } from './web-host';
import { rawRequest, sendRaw, type RawReply } from './testing/raw-http';
import { connectWsClient } from './testing/ws-client';
import { fuzzBytes, fuzzRequest, fuzzUpgrade, HOSTILE_PATHS, hostileCorpus } from './testing/hostile-requests';
import { removeDir, startLabService, waitSession, type LabHarness } from '../../testing/lab-service';

const TOKEN = 'a1'.repeat(24);
const CORPUS = hostileCorpus(TOKEN);
/** fuzz runs per generator; the seeds are fixed so a run is repeatable (FERRY_FUZZ_SEED picks another) */
const RUNS = { requests: 1000, upgrades: 500, bytes: 300 };
const SEED = Number(process.env.FERRY_FUZZ_SEED ?? 11);
const FUZZ_TOTAL = RUNS.requests + RUNS.upgrades + RUNS.bytes;
const SECRET = 'FERRY-SECRET-OUTSIDE-THE-RENDERER';

let h: LabHarness;
let host: WebHost;
const top = mkdtempSync(join(tmpdir(), 'ferry-hostile-'));
const staticDir = join(top, 'www');
/** what escaped the test's control: any of these means a request crashed (or would crash) the process */
const escaped: unknown[] = [];
const record = (e: unknown) => escaped.push(e);

beforeAll(async () => {
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Ferry</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  // Files a traversal would reach: next to the renderer build and one level further up.
  writeFileSync(join(top, 'package.json'), SECRET);
  writeFileSync(join(top, 'secret.txt'), SECRET);
  process.on('uncaughtException', record);
  process.on('unhandledRejection', record);
  h = await startLabService(join(top, 'data'));
  host = await startWebHost({ service: h.service, staticDir, token: TOKEN });
});
afterAll(async () => {
  process.off('uncaughtException', record);
  process.off('unhandledRejection', record);
  await host?.close();
  await h?.close();
  removeDir(top);
});

/** A reply is acceptable when nothing leaked and no response says the server failed. */
function expectSafe(reply: RawReply, what: string): void {
  expect(reply.text, what).not.toContain(SECRET);
  expect(reply.statuses.filter((s) => s >= 500), what).toEqual([]);
}

describe('the web host under hostile requests', () => {
  it(`answers each of the ${CORPUS.length} corpus requests with a refusal, never a throw (GET /% and GET //[ included)`, async () => {
    const answers: string[] = [];
    for (const c of CORPUS) {
      const reply = await sendRaw(host.port, c.request);
      expectSafe(reply, c.name);
      const first = reply.statuses[0];
      if (c.status.length > 0 && !c.status.includes(first)) answers.push(`${c.name}: ${first ?? 'closed'} (want ${c.status.join('/')})`);
    }
    expect(answers).toEqual([]);
    expect(escaped).toEqual([]);
  });

  it('refuses every hostile path with 400 or 404 and serves the files that are there', async () => {
    for (const p of HOSTILE_PATHS) {
      const reply = await sendRaw(host.port, rawRequest(`GET ${p} HTTP/1.1`));
      expect([400, 404], p).toContain(reply.statuses[0]);
    }
    expect((await sendRaw(host.port, rawRequest('GET /%2e%2e%2fsecret.txt HTTP/1.1'))).statuses).toEqual([400]);
    expect((await sendRaw(host.port, rawRequest('GET /assets/app.js HTTP/1.1'))).statuses).toEqual([200]);
    expect((await sendRaw(host.port, rawRequest('GET /assets%2fapp.js HTTP/1.1'))).statuses).toEqual([400]);
    expect((await sendRaw(host.port, rawRequest('HEAD /index.html HTTP/1.1'))).statuses).toEqual([200]);
  });

  it(`survives ${FUZZ_TOTAL} fuzzed requests (${RUNS.requests} request lines and headers, ${RUNS.upgrades} upgrades, ${RUNS.bytes} byte strings)`, async () => {
    const safe = async (raw: string | Uint8Array) => {
      const reply = await sendRaw(host.port, raw);
      return !reply.text.includes(SECRET) && reply.statuses.every((s) => s < 500);
    };
    await fc.assert(fc.asyncProperty(fuzzRequest, safe), { numRuns: RUNS.requests, seed: SEED });
    await fc.assert(fc.asyncProperty(fuzzUpgrade(TOKEN), safe), { numRuns: RUNS.upgrades, seed: SEED + 1 });
    await fc.assert(fc.asyncProperty(fuzzBytes, safe), { numRuns: RUNS.bytes, seed: SEED + 2 });
    expect(escaped).toEqual([]);
  });

  it('afterwards the same host still serves the console and runs a lab job over its WebSocket', async () => {
    const index = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<title>Ferry</title>');
    const c = await connectWsClient(host.port, TOKEN);
    try {
      const job = await c.call('jobs.create', { name: 'After the fuzz', vmIds: ['vm-web01'], repositoryId: 'repo-default', processing: { mode: 'on-host' } });
      const s = await waitSession(c, (await c.call('jobs.start', { id: job.id })).sessionId);
      expect(s.result, s.reason).toBe('Success');
      expect(await c.call('restorePoints.list', { jobId: job.id })).toHaveLength(1);
    } finally {
      c.close();
    }
    expect(escaped).toEqual([]);
  });
});
