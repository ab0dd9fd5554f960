// The fault matrix: every step × {error, cancel, kill + restart}. Afterwards there is never a snapshot left
// on the (lab) SAN or open in the ledger, no restore point that does not verify, the session says what
// happened — and the next run succeeds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionView } from '../../../src-shared/domain';
import type { LabFaultStep } from '../platform/lab/faults';
import type { LabPlatform } from '../platform/lab/lab-platform';
import { addProxy, agentCommand, removeDir, startLabService, waitSession, waitTask, type LabHarness } from '../../testing/lab-service';

type Step = 'create' | 'import' | 'expose' | 'move' | 'unexpose' | 'delete';
const STEPS: Step[] = ['create', 'import', 'expose', 'move', 'unexpose', 'delete'];
const ERROR_FAULT: Record<Step, LabFaultStep> = { create: 'create', import: 'import', expose: 'expose', move: 'read', unexpose: 'unexpose', delete: 'delete' };
const LAB_METHOD = { create: 'createSnapshot', import: 'importSnapshot', expose: 'exposeSnapshot', unexpose: 'unexposeSnapshot', delete: 'deleteSnapshot' } as const;

const dir = mkdtempSync(join(tmpdir(), 'ferry-matrix-'));
let h: LabHarness;
let jobId: string;
let proxyId: string;

beforeAll(async () => {
  h = await startLabService(dir);
  proxyId = await addProxy(h.client, 'proxy01', 1);
  const job = await h.client.call('jobs.create', {
    name: 'Matrix',
    vmIds: ['vm-dc01'],
    repositoryId: 'repo-default',
    processing: { mode: 'off-host', proxySelection: 'automatic', pinnedProxyIds: [], failoverToOnHost: false },
    retries: { count: 0, intervalSec: 0 },
  });
  jobId = job.id;
});
afterAll(async () => {
  await h.close();
  removeDir(dir);
});

const lab = (): LabPlatform => h.service.engine.lab as LabPlatform;
const start = async () => (await h.client.call('jobs.start', { id: jobId })).sessionId;

/** The invariants after any fault. A failed release stays open in the ledger (retried later; here a restart cleans it). */
async function expectClean(s: SessionView, opts: { releaseFailed?: boolean } = {}) {
  expect(s.result).not.toBe('Running');
  expect(s.result).not.toBe('Success');
  if (opts.releaseFailed) {
    expect(h.service.engine.store.ledgerOpen()).toHaveLength(1);
    await h.close();
    h = await startLabService(dir); // restart: recovery cleans it
  }
  expect(lab().snapshotsOnSan()).toEqual([]);
  expect(h.service.engine.store.ledgerOpen()).toEqual([]);
  for (const p of await h.client.call('restorePoints.list', { jobId })) {
    const t = await waitTask(h.client, (await h.client.call('restorePoints.verify', { id: p.id })).taskId);
    expect(t.result?.ok, `restore point ${p.id} of session ${p.sessionId} must verify`).toBe(true);
  }
}

describe('fault matrix: error at each step', () => {
  for (const step of STEPS) {
    it(`${step}: the session fails with the reason, the snapshot is released`, async () => {
      lab().faults.inject(ERROR_FAULT[step]);
      const s = await waitSession(h.client, await start());
      // A failed release leaves the data safe (Warning); any other failing step fails the VM.
      expect(s.result).toBe(step === 'unexpose' || step === 'delete' ? 'Warning' : 'Failed');
      const log = (await h.client.call('sessions.get', { id: s.id })).log.map((l) => l.text).join('\n');
      expect(log, log).toContain(`injected ${ERROR_FAULT[step]} fault`);
      await expectClean(s, { releaseFailed: step === 'unexpose' || step === 'delete' });
    });
  }
});

describe('fault matrix: cancel at each step', () => {
  for (const step of STEPS) {
    it(`${step}: stopping releases the snapshot`, async () => {
      const sessionId = await start();
      if (step === 'move') {
        await h.client.call('proxies.update', { id: proxyId, throttleMBps: 4 });
        const off = h.client.subscribe('session.state', sessionId, (v) => {
          if (v.stats.bytesRead > 0) void h.client.call('sessions.stop', { id: sessionId, mode: 'immediate' }).catch(() => undefined);
        });
        const s = await waitSession(h.client, sessionId);
        off();
        await h.client.call('proxies.update', { id: proxyId, throttleMBps: 0 });
        expect(s.result).toBe('Stopped');
        return expectClean(s);
      }
      const l = lab();
      const method = LAB_METHOD[step];
      const original = l[method].bind(l) as (...a: unknown[]) => Promise<unknown>;
      (l as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
        await h.client.call('sessions.stop', { id: sessionId, mode: 'immediate' }).catch(() => undefined);
        return original(...args);
      };
      const s = await waitSession(h.client, sessionId);
      (l as unknown as Record<string, unknown>)[method] = original;
      expect(s.result).toBe('Stopped');
      await expectClean(s);
    });
  }
});

describe('fault matrix: the console is killed (SIGKILL) at each step, then restarted', () => {
  beforeAll(async () => {
    await h.close(); // the killed process owns the data folder while it runs
  });
  afterAll(async () => {
    h = await startLabService(dir);
  });

  for (const step of STEPS) {
    it(`${step}: after the restart nothing is left and the session is marked interrupted`, async () => {
      const [node, cli] = agentCommand() as string[];
      const faults = join(dir, 'lab', 'faults.json');
      const marker = join(dir, 'lab', `hanging-${step}`);
      rmSync(marker, { force: true });
      if (step !== 'move') {
        const { LabFaults } = await import('../platform/lab/faults');
        new LabFaults(faults).inject(step, { mode: 'hang' });
      } else {
        // Slow the proxy down so the kill lands in the middle of the data move.
        const hh = await startLabService(dir);
        await hh.client.call('proxies.update', { id: proxyId, throttleMBps: 2 });
        await hh.close();
      }
      const child = spawn(node, [cli, 'job', 'run', 'Matrix', '--data', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const deadline = Date.now() + 30_000;
      const reached = () => (step === 'move' ? /Data mover: agent on/.test(out) : existsSync(marker));
      while (!reached()) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`never reached ${step}: ${out}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      if (step === 'move') await new Promise((r) => setTimeout(r, 300));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      rmSync(marker, { force: true });

      h = await startLabService(dir); // restart: recovery runs before anything else
      try {
        if (step === 'move') await h.client.call('proxies.update', { id: proxyId, throttleMBps: 0 });
        const [last] = await h.client.call('sessions.list', { jobId });
        expect(last).toMatchObject({ result: 'Failed', reason: expect.stringMatching(/Interrupted/), interrupted: true, startedBy: 'cli' });
        // the session tells the truth: no VM left running, every snapshot it took released and deleted
        expect(last.vms.filter((v) => v.status !== 'Failed')).toEqual([]);
        expect(last.snapshots.filter((x) => x.stage !== 'deleted')).toEqual([]);
        await expectClean(last);
      } finally {
        await h.close();
      }
    });
  }
});

describe('after the whole matrix', () => {
  it('the next run succeeds', async () => {
    const s = await waitSession(h.client, await start());
    expect(s.result, s.reason).toBe('Success');
    expect(lab().snapshotsOnSan()).toEqual([]);
  });
});
