// The proxy agent as its own process over TLS: pairing (pinned certificate + token), version check,
// and a lost agent mid-disk that is reconnected and resumed — with the snapshot released either way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import { runOnAgent } from '../../engine/datamover/remote/agent-client';
import type { AgentEndpoint } from '../../engine/platform/types';
import { VERSION } from '../../app-paths';
import { addProxy, removeDir, startLabService, waitSession, type LabHarness } from '../../testing/lab-service';

let h: LabHarness;
let ep: AgentEndpoint;
beforeAll(async () => {
  h = await startLabService();
  await addProxy(h.client);
  const found = await h.service.engine.lab!.agentEndpoint('proxy01');
  if (!found) throw new Error('agent not installed');
  ep = found;
});
afterAll(async () => {
  await h.close();
  removeDir(h.dir);
});

const task = { taskId: 't1', sourcePath: '/nonexistent.vhdx', diskKey: 'vm-x/0', repositoryDir: '/tmp/none', blockSize: 1048576, compression: 'none' as const };
const codeOf = async (p: Promise<unknown>) => p.then(() => 'no error', (e: FerryError) => e.code);

describe('ferry agent', () => {
  it('refuses a console with the wrong token', async () => {
    expect(await codeOf(runOnAgent({ ...ep, token: 'x'.repeat(64) }, VERSION, task, () => undefined, new AbortController().signal))).toBe(ErrorCode.AgentAuth);
  });

  it('refuses to talk to an agent whose certificate is not the pinned one', async () => {
    const other = await h.service.engine.lab!.agentEndpoint('proxy01');
    expect(await codeOf(runOnAgent({ ...other!, fingerprint256: 'AA:' + other!.fingerprint256.slice(3) }, VERSION, task, () => undefined, new AbortController().signal))).toBe(ErrorCode.AgentAuth);
  });

  it('refuses an incompatible version with a clear message', async () => {
    const e = await runOnAgent(ep, '99.0.0', task, () => undefined, new AbortController().signal).catch((x: FerryError) => x);
    expect((e as FerryError).code).toBe(ErrorCode.AgentVersion);
    expect((e as FerryError).message).toMatch(/re-run the proxy wizard/);
  });

  it('refuses a malformed traffic schedule (a span that ends before it starts, a negative cap) with E_INVALID_PARAMS', async () => {
    const run = (over: object) => runOnAgent(ep, VERSION, { ...task, ...over }, () => undefined, new AbortController().signal).catch((x: FerryError) => x);
    for (const bad of [{ throttleSchedule: [{ fromMs: 2000, toMs: 1000, mibPerSec: 5 }] }, { throttleSchedule: [{ fromMs: 0, toMs: 1000, mibPerSec: -1 }] }, { throttleMBps: -3 }]) {
      const e = (await run(bad)) as FerryError;
      expect(e.code).toBe(ErrorCode.InvalidParams);
      expect(e.message).toMatch(/bad task: throttle/);
    }
  });

  it('reports a task error from the proxy with its stable code', async () => {
    expect(await codeOf(runOnAgent(ep, VERSION, task, () => undefined, new AbortController().signal))).toMatch(/^E_/);
  });

  it('when the agent dies mid-disk, reconnects to a restarted agent, resumes, and releases the snapshot', async () => {
    const c = h.client;
    const lab = h.service.engine.lab!;
    const job = await c.call('jobs.create', {
      name: 'AgentLoss',
      vmIds: ['vm-file01'],
      repositoryId: 'repo-default',
      processing: { mode: 'off-host', proxySelection: 'automatic', pinnedProxyIds: [], failoverToOnHost: false },
    });
    const { sessionId } = await c.call('jobs.start', { id: job.id });
    let killed = false;
    const off = c.subscribe('session.state', sessionId, (v) => {
      if (!killed && v.stats.bytesRead > 0) {
        killed = true;
        lab.killAgent('proxy01');
      }
    });
    const s = await waitSession(c, sessionId);
    off();
    expect(killed).toBe(true);
    expect(s.result, s.reason).toBe('Success');
    const log = (await c.call('sessions.get', { id: sessionId })).log.map((l) => l.text).join('\n');
    expect(log).toMatch(/reconnecting \(attempt 2 of 3\)/);
    expect(s.snapshots[0].stage).toBe('deleted');
    expect(lab.snapshotsOnSan()).toEqual([]);
  });
});
