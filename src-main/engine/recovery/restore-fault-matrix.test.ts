// The restore fault matrix: every restore step × {error, stop, SIGKILL + restart}. Afterwards: no half-registered
// VM, no temp (or orphaned final) files on the target, the original VM's state stated, the repository untouched
// (its points verify), the session ends with a clear code — and a re-run completes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionView } from '../../../src-shared/domain';
import type { RestoreVmRequestInput } from '../../../src-shared/contract/restore';
import { LabFaults, type RestoreFaultStep } from '../platform/lab/faults';
import type { LabPlatform } from '../platform/lab/lab-platform';
import { LabRestore } from '../platform/lab/lab-restore';
import { agentCommand, removeDir, startLabService, waitSession, waitTask, type LabHarness } from '../../testing/lab-service';

const dir = mkdtempSync(join(tmpdir(), 'ferry-restore-matrix-'));
let h: LabHarness;
let jobId = '';

/** new location on the cluster (every step exists there), and original location with quick rollback */
const NEW: RestoreVmRequestInput = { vms: [{ vmId: 'vm-web02', newName: 'WEB02-M' }], mode: 'new', target: { serverId: 'clu01', registerClusterRole: true }, powerOn: true };
const ORIGINAL: RestoreVmRequestInput = { vms: [{ vmId: 'vm-web01' }], mode: 'original', powerOn: false };
type Case = { step: RestoreFaultStep; req: RestoreVmRequestInput };
const CASES: Case[] = [
  ...(['restore-prepare', 'restore-write', 'restore-register', 'restore-cluster-role', 'restore-power-on'] as const).map((step) => ({ step, req: NEW })),
  ...(['restore-power-off', 'restore-write'] as const).map((step) => ({ step, req: ORIGINAL })),
];
const label = (c: Case) => `${c.req.mode} ${c.step.replace('restore-', '')}`;

beforeAll(async () => {
  h = await startLabService(dir);
  const job = await h.client.call('jobs.create', { name: 'M', vmIds: ['vm-web01', 'vm-web02'], repositoryId: 'repo-default', processing: { mode: 'on-host' } });
  jobId = job.id;
  expect((await waitSession(h.client, (await h.client.call('jobs.start', { id: job.id })).sessionId)).result).toBe('Success');
}, 60_000);
afterAll(async () => {
  await h.close();
  removeDir(dir);
});

const lab = (): LabPlatform => h.service.engine.lab as LabPlatform;
const files = (p: string): string[] => (existsSync(p) ? readdirSync(p, { recursive: true }).map(String).filter((f) => statSync(join(p, f)).isFile()) : []);
/** where the new-location restore puts WEB02-M (the cluster's CSV with most free space) */
const newFolder = async () => new LabRestore(lab()).moverPath('clu01', (await h.client.call('restore.planVm', NEW)).items[0].targetPath);
const lastRestore = async (): Promise<SessionView> => (await h.client.call('sessions.list', {})).filter((s) => s.kind === 'restore')[0];

/** Nothing half-done: no WEB02-M unless it was complete, no temp files anywhere, every point verifies. */
async function expectConsistent(c: Case, s: SessionView, registeredOk = false) {
  expect(s.result).not.toBe('Running');
  const inv = await h.client.call('inventory.get', {});
  const restored = inv.vms.filter((v) => v.name === 'WEB02-M');
  if (registeredOk) expect(restored).toHaveLength(1);
  else expect(restored).toEqual([]);
  if (!registeredOk && c.req.mode === 'new') expect(files(await newFolder())).toEqual([]);
  expect(files(join(dir, 'lab', 'san')).filter((f) => f.includes('ferry-partial'))).toEqual([]);
  expect(h.service.engine.store.openRestoreLedgers()).toEqual([]);
  const facts = await h.client.call('restore.session', { id: s.id });
  if (c.req.mode === 'original') expect(facts.items[0].targetState).toMatch(/^WEB01 is off; its disks/);
  for (const p of await h.client.call('restorePoints.list', { jobId })) {
    const t = await waitTask(h.client, (await h.client.call('restorePoints.verify', { id: p.id })).taskId);
    expect(t.result?.ok).toBe(true);
  }
  return facts;
}

/** A registered WEB02-M (the power-on cases) goes before the next case, as an admin would delete it. */
async function removeRestored() {
  const vm = (await h.client.call('inventory.get', {})).vms.find((v) => v.name === 'WEB02-M');
  if (!vm) return;
  await new LabRestore(lab()).unregisterVm(vm.id, () => undefined);
  rmSync(await newFolder(), { recursive: true, force: true });
}

describe('restore fault matrix: an error at each step', () => {
  for (const c of CASES) {
    it(`${label(c)}: a clear code, the target consistent`, async () => {
      lab().faults.inject(c.step);
      const s = await waitSession(h.client, (await h.client.call('restore.startVm', c.req)).sessionId);
      const powerOn = c.step === 'restore-power-on';
      expect(s.result).toBe(powerOn ? 'Warning' : 'Failed');
      const facts = await expectConsistent(c, s, powerOn);
      if (!powerOn) expect(facts.items[0].error?.code).toBe('E_RESTORE_STEP_FAILED');
      else expect(facts.items[0].targetState).toMatch(/could not be started/);
      lab().faults.clear();
      await removeRestored();
    }, 60_000);
  }
});

describe('restore fault matrix: stopped at each step', () => {
  for (const c of CASES.filter((x) => x.step !== 'restore-power-on')) {
    it(`${label(c)}: Stopped, what was done is undone`, async () => {
      const faults = lab().faults;
      const original = faults.gate.bind(faults);
      let sessionId = '';
      const stop = async () => {
        // the session runs before restore.startVm has answered with its id
        while (!sessionId) await new Promise((r) => setTimeout(r, 5));
        await h.client.call('sessions.stop', { id: sessionId, mode: 'immediate' });
      };
      if (c.step === 'restore-write') faults.inject('restore-write', { mode: 'hang' }); // in the agent: stop while it writes
      else
        faults.gate = async (step, target) => {
          if (step === c.step) await stop();
          return original(step, target);
        };
      sessionId = (await h.client.call('restore.startVm', c.req)).sessionId;
      if (c.step === 'restore-write') {
        const marker = faults.hangMarker('restore-write');
        while (!existsSync(marker)) await new Promise((r) => setTimeout(r, 25));
        rmSync(marker, { force: true });
        await stop();
      }
      const s = await waitSession(h.client, sessionId);
      faults.gate = original;
      expect(s.result).toBe('Stopped');
      await expectConsistent(c, s);
      lab().faults.clear();
    }, 60_000);
  }
});

describe('restore fault matrix: SIGKILL at each step, then restart', () => {
  beforeAll(async () => {
    await h.close(); // the killed CLI owns the data folder while it runs
  });
  for (const c of CASES) {
    it(`${label(c)}: the next start cleans up and says what is left`, async () => {
      const [node, cli] = agentCommand() as string[];
      const faults = new LabFaults(join(dir, 'lab', 'faults.json'));
      const marker = faults.hangMarker(c.step);
      rmSync(marker, { force: true });
      faults.inject(c.step, { mode: 'hang' });
      const args = c.req.mode === 'new' ? ['--to-host', 'CLU01', '--name', 'WEB02-M', '--cluster-role', '--power-on'] : ['--original'];
      const child = spawn(node, [cli, 'restore', 'vm', '--job', 'M', '--vm', c.req.vms[0].vmId, ...args, '--data', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const deadline = Date.now() + 30_000;
      while (!existsSync(marker)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`never reached ${c.step}: ${out}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      rmSync(marker, { force: true });
      h = await startLabService(dir); // restart: recovery runs first
      try {
        faults.clear();
        const s = await lastRestore();
        expect(s).toMatchObject({ result: 'Failed', interrupted: true, startedBy: 'cli' });
        const powerOn = c.step === 'restore-power-on'; // the VM was complete before it was started: it stays
        const facts = await expectConsistent(c, s, powerOn);
        if (!powerOn) expect(facts.items[0].targetState).toMatch(/cleaned up at start-up/);
        await removeRestored();
      } finally {
        await h.close();
      }
    }, 60_000);
  }
  afterAll(async () => {
    h = await startLabService(dir);
  });
});

describe('after the matrix', () => {
  it('a re-run of each restore completes', async () => {
    for (const req of [NEW, ORIGINAL]) {
      const s = await waitSession(h.client, (await h.client.call('restore.startVm', req)).sessionId);
      expect(s.result, s.reason).toBe('Success');
    }
    expect((await h.client.call('inventory.get', {})).vms.find((v) => v.name === 'WEB02-M')?.state).toBe('Running');
  }, 60_000);
});
