// One engine per data folder, and processes that end — as real `ferry` processes on a lab:
//  - `ferry job run` exits by itself once the job is done, with one agent process per proxy and none left over,
//    and on Ctrl-C stops its session (Stopped, snapshots released) and exits;
//  - while `ferry serve` runs a job, other ferry commands go through it: `ferry job list` cleans up nothing, the
//    session ends Success; a second `ferry serve` is refused naming the first one's pid and address;
//  - while a one-shot `ferry job run` owns the folder, reads work read-only and changes are refused (E_ENGINE_BUSY);
//  - SIGTERM mid-job: `ferry serve` exits within the bound, the session ended Stopped, the ledger holds no snapshot;
//  - kill -9 mid-job: the agents end with it, the next `ferry serve` takes the folder over and recovers.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../engine/store/store';
import { addProxy, startLabService } from '../testing/lab-service';
import { buildCliBundle, startCli, waitForOutput, type CliBundle } from './testing/cli-bundle';
import { agentPids, agentsGone, hasExposedSnapshot, sessionWhen, startServe, watchAgents } from './testing/engine-processes';

const linux = process.platform === 'linux';
let bundle: CliBundle;

const offHost = (proxyId?: string) => ({
  mode: 'off-host' as const,
  proxySelection: proxyId ? ('pinned' as const) : ('automatic' as const),
  pinnedProxyIds: proxyId ? [proxyId] : [],
  failoverToOnHost: false,
});

/**
 * A lab with PROXY01 and job J (three VMs, four disks) — PROXY01 throttled when asked, so that J is still reading
 * while the test acts — and, when asked, job Slow on a throttled PROXY02.
 */
async function labFolder(name: string, opts: { slowJob?: boolean; throttleMBps?: number } = {}): Promise<string> {
  const dir = join(bundle.dir, name);
  await mkdir(dir);
  const h = await startLabService(dir);
  try {
    const fast = await addProxy(h.client, 'proxy01');
    if (opts.throttleMBps) await h.client.call('proxies.update', { id: fast, throttleMBps: opts.throttleMBps });
    await h.client.call('jobs.create', { name: 'J', vmIds: ['vm-web01', 'vm-web02', 'vm-sql01'], repositoryId: 'repo-default', processing: offHost(opts.slowJob ? fast : undefined) });
    if (opts.slowJob) {
      const slow = await addProxy(h.client, 'proxy02');
      await h.client.call('proxies.update', { id: slow, throttleMBps: 4 });
      await h.client.call('jobs.create', { name: 'Slow', vmIds: ['vm-web02'], repositoryId: 'repo-default', processing: offHost(slow) });
    }
  } finally {
    await h.close();
  }
  return dir;
}

const ferry = (args: string[]) => startCli(bundle, args).done;

/** What the store says once no engine runs: the job's sessions (newest first) and the ledger's open snapshots. */
function storeFacts(dir: string) {
  const store = new Store(join(dir, 'ferry.db'), 'read-only');
  try {
    return { sessions: store.listSessions(), open: store.ledgerOpen() };
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  bundle = await buildCliBundle('test-engine-lifecycle-');
});
afterAll(() => bundle.dispose());

describe.skipIf(!linux)('ferry job run', () => {
  it('exits by itself with code 0 after the job, with exactly one agent process per proxy and none left', async () => {
    const dir = await labFolder('run-exits');
    const agents = watchAgents(dir);
    const run = startCli(bundle, ['job', 'run', 'J', '--data', dir]);
    await waitForOutput(run, 'stdout', /^Result: /m);
    const resultAt = performance.now();
    const r = await run.done;
    const exitedAfterMs = performance.now() - resultAt;
    const seen = agents.stop();
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Result: Success/);
    expect(exitedAfterMs).toBeLessThan(5_000);
    // one proxy used, one agent at a time: never two for concurrent tasks
    expect(seen.pids.size).toBeGreaterThanOrEqual(1);
    expect(seen.maxAtOnce).toBe(1);
    expect(agentPids(dir)).toEqual([]);
  });

  it('Ctrl-C (SIGINT) mid-job: the session ends Stopped, its snapshot released, exit 1 within the bound, no agent left', async () => {
    const dir = await labFolder('run-sigint', { throttleMBps: 4 });
    const run = startCli(bundle, ['job', 'run', 'J', '--data', dir]);
    await waitForOutput(run, 'stdout', /Reading .* from the exposed snapshot/);
    const signalledAt = performance.now();
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(performance.now() - signalledAt).toBeLessThan(30_000);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/SIGINT: stopping — running sessions stop gracefully/);
    expect(r.out).toMatch(/^Result: Stopped — Ferry is shutting down/m);
    expect(storeFacts(dir).open).toEqual([]);
    expect(agentPids(dir)).toEqual([]);
  });
});

describe.skipIf(!linux)('one engine per data folder', () => {
  it('ferry serve runs a job: job list and server list go through it and clean up nothing, the session succeeds; a second serve and a concurrent run are refused', async () => {
    const dir = await labFolder('serve-owns', { throttleMBps: 4 });
    const serve = await startServe(bundle, dir, 800);
    try {
      const { sessionId } = await serve.client.call('jobs.start', { id: (await serve.client.call('jobs.list', {}))[0].id, activeFull: false });
      await sessionWhen(serve.client, sessionId, hasExposedSnapshot);

      const list = await ferry(['job', 'list', '--data', dir]);
      expect(list.code, list.err).toBe(0);
      expect(list.out).toMatch(/^J\t3 VM\(s\)\toff-host/m);
      expect(list.err).not.toMatch(/Cleaned up snapshot/);
      expect((await ferry(['server', 'list', '--data', dir])).code).toBe(0);

      // the same engine: the job is already running there (two engines would have run it twice)
      const again = await ferry(['job', 'run', 'J', '--data', dir]);
      expect(again.code).toBe(1);
      expect(again.err).toMatch(/E_JOB_RUNNING: Job J is already running/);

      const second = await ferry(['serve', '--data', dir, '--port', '0']);
      expect(second.code).toBe(1);
      expect(second.err).toContain(`E_ENGINE_BUSY: Data folder ${dir} is in use by ferry serve (pid ${serve.run.child.pid} on `);
      expect(second.err).toContain(`Its console is at ${serve.url}`);
      expect(second.out).not.toMatch(/ready/);

      const ended = await sessionWhen(serve.client, sessionId, (s) => s.result !== 'Running');
      expect(ended.result, ended.reason).toBe('Success');
      expect(ended.snapshots.every((s) => s.stage === 'deleted')).toBe(true);
      // a task through it (verify: events over the WebSocket), and a restore that reads the repository itself
      const verify = await ferry(['verify', '--job', 'J', '--data', dir]);
      expect(verify.code, verify.err).toBe(0);
      expect(verify.out).toMatch(/OK: \d+ chunks/);
      const restore = await ferry(['restore', '--job', 'J', '--vm', 'WEB02', '--disk', '0', '--out', join(dir, 'web02.raw'), '--data', dir]);
      expect(restore.code, restore.err).toBe(0);
      expect(restore.out).toMatch(/Restored WEB02 disk 0/);
    } finally {
      serve.client.close();
      serve.run.child.kill('SIGTERM');
      await serve.run.done;
    }
    expect(storeFacts(dir).open).toEqual([]);
  });

  it('a one-shot ferry job run owns the folder: a read command reads without taking it, a change is refused with E_ENGINE_BUSY naming it', async () => {
    const dir = await labFolder('run-owns', { slowJob: true });
    const run = startCli(bundle, ['job', 'run', 'Slow', '--data', dir]);
    await waitForOutput(run, 'stdout', /exposing snapshot/);
    const list = await ferry(['job', 'list', '--data', dir]);
    expect(list.code, list.err).toBe(0);
    expect(list.out).toMatch(/^Slow\t1 VM\(s\)/m);
    expect(list.err).toBe('');
    const del = await ferry(['job', 'delete', 'J', '--restore-points', 'keep', '--data', dir]);
    expect(del.code).toBe(1);
    expect(del.err).toContain(`E_ENGINE_BUSY: Data folder ${dir} is in use by ferry job run (pid ${run.child.pid} on `);
    expect(del.err).toMatch(/Wait until it has finished, or stop it \(Ctrl-C\)/);
    const r = await run.done;
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Result: Success/);
    // nothing was deleted meanwhile, and the folder is free again
    expect((await ferry(['job', 'list', '--data', dir])).out).toMatch(/^J\t/m);
  });
});

describe.skipIf(!linux)('stopping ferry serve', () => {
  it('SIGTERM mid-job: exits 0 within the bound, the session ended Stopped, the ledger holds no snapshot, no agent is left', async () => {
    const dir = await labFolder('sigterm', { throttleMBps: 4 });
    const serve = await startServe(bundle, dir, 800);
    const { sessionId } = await serve.client.call('jobs.start', { id: (await serve.client.call('jobs.list', {}))[0].id, activeFull: false });
    await sessionWhen(serve.client, sessionId, hasExposedSnapshot);
    serve.client.close();
    const signalledAt = performance.now();
    serve.run.child.kill('SIGTERM');
    const r = await serve.run.done;
    expect(r.code, r.err).toBe(0);
    expect(performance.now() - signalledAt).toBeLessThan(30_000);
    expect(r.out).toMatch(/Ferry console stopped: sessions ended, snapshots released/);
    const { sessions, open } = storeFacts(dir);
    expect(sessions.find((s) => s.id === sessionId)?.result).toBe('Stopped');
    expect(open).toEqual([]);
    await agentsGone(dir, 5_000);
  });

  it('kill -9 mid-job: its agents end with it; the next ferry serve takes the folder over and recovers the session', async () => {
    const dir = await labFolder('kill9', { throttleMBps: 4 });
    const first = await startServe(bundle, dir, 800);
    const { sessionId } = await first.client.call('jobs.start', { id: (await first.client.call('jobs.list', {}))[0].id, activeFull: false });
    await sessionWhen(first.client, sessionId, hasExposedSnapshot);
    first.client.close();
    first.run.child.kill('SIGKILL');
    await first.run.done;
    await agentsGone(dir, 10_000); // the lifeline: no orphan holds the proxy
    expect(storeFacts(dir).open.length).toBeGreaterThan(0);

    const next = await startServe(bundle, dir, 0);
    try {
      expect(next.run.out()).toMatch(/Cleaned up snapshot .* left behind by an interrupted session \(s-.*, was (exposed|imported|created)\)/);
      const { session } = await next.client.call('sessions.get', { id: sessionId });
      expect(session.result).toBe('Failed');
      expect(session.interrupted).toBe(true);
    } finally {
      next.client.close();
      next.run.child.kill('SIGTERM');
      await next.run.done;
    }
    expect(storeFacts(dir).open).toEqual([]);
  });
});
