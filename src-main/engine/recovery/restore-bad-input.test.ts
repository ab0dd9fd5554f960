// Restores refused up front (no space, a point that failed verify) and faults met while writing (a damaged chunk,
// the target's agent vanishing): a clear code, the target consistent, the repository untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FerryError } from '../../../src-shared/contract/errors';
import type { LabPlatform } from '../platform/lab/lab-platform';
import { removeDir, startLabService, waitSession, type LabHarness } from '../../testing/lab-service';

let h: LabHarness;
const errorOf = async (p: Promise<unknown>) => p.then(() => null, (e: FerryError) => e.code);
const lab = (): LabPlatform => h.service.engine.lab as LabPlatform;
const sanFiles = () => readdirSync(join(h.dir, 'lab', 'san'), { recursive: true }).map(String).filter((f) => statSync(join(h.dir, 'lab', 'san', f)).isFile()).sort();
const NEW = { vms: [{ vmId: 'vm-web02' }], mode: 'new' as const, target: { serverId: 'hv01' } };

beforeAll(async () => {
  h = await startLabService();
  const job = await h.client.call('jobs.create', { name: 'B', vmIds: ['vm-web02'], repositoryId: 'repo-default', processing: { mode: 'on-host' } });
  expect((await waitSession(h.client, (await h.client.call('jobs.start', { id: job.id })).sessionId)).result).toBe('Success');
}, 60_000);
afterAll(async () => {
  await h.close();
  removeDir(h.dir);
});

describe('restores refused up front', () => {
  it('a target without space: the plan gives the numbers, start is refused, nothing is created', async () => {
    const before = sanFiles();
    const vol = lab().topology.volumes.find((v) => v.id === 'vol-hv01-d');
    const size = vol?.sizeBytes ?? 0;
    const used = (await lab().inventory()).volumes.find((v) => v.id === 'vol-hv01-d')?.usedBytes ?? 0;
    await lab().updateTopology((t) => {
      const v = t.volumes.find((x) => x.id === 'vol-hv01-d');
      if (v) v.sizeBytes = used + 10 * 1024 * 1024; // 10 MiB free for a 48 MiB disk
    });
    try {
      const plan = await h.client.call('restore.planVm', NEW);
      expect(plan.ok).toBe(false);
      expect(plan.space[0]).toMatchObject({ volumePath: 'D:\\', neededBytes: 48 * 1024 * 1024, ok: false });
      expect(plan.space[0].freeBytes).toBeLessThan(48 * 1024 * 1024);
      expect(plan.blockers.map((b) => b.code)).toEqual(['E_TARGET_NO_SPACE']);
      expect(await errorOf(h.client.call('restore.startVm', NEW))).toBe('E_TARGET_NO_SPACE');
      expect(sanFiles()).toEqual(before);
    } finally {
      await lab().updateTopology((t) => {
        const v = t.volumes.find((x) => x.id === 'vol-hv01-d');
        if (v) v.sizeBytes = size;
      });
    }
  });

  it('a point that failed its verify is refused', async () => {
    const [p] = await h.client.call('restorePoints.list', {});
    const store = h.service.engine.store;
    store.putRestorePoint({ ...p, lastVerify: { at: p.createdAt, ok: false, summary: 'DAMAGED: vm-web02/0' } });
    try {
      expect(await errorOf(h.client.call('restore.startVm', NEW))).toBe('E_POINT_DAMAGED');
    } finally {
      store.putRestorePoint({ ...p, lastVerify: null });
    }
  });
});

describe('faults met while writing', () => {
  it('the target agent vanishes mid-disk: a new agent writes the disk again and the restore completes', async () => {
    lab().faults.inject('restore-write', { mode: 'hang' });
    const marker = lab().faults.hangMarker('restore-write');
    rmSync(marker, { force: true });
    const { sessionId } = await h.client.call('restore.startVm', { ...NEW, vms: [{ vmId: 'vm-web02', newName: 'WEB02-A' }] });
    while (!existsSync(marker)) await new Promise((r) => setTimeout(r, 25));
    rmSync(marker, { force: true });
    lab().killAgent('hv01');
    const s = await waitSession(h.client, sessionId);
    expect(s.result).toBe('Success');
    const log = (await h.client.call('sessions.get', { id: sessionId })).log.map((l) => l.text).join('\n');
    expect(log).toMatch(/reconnecting \(attempt 2 of 3\), the disk is written again/);
    expect(sanFiles().filter((f) => f.includes('ferry-partial'))).toEqual([]);
  }, 60_000);

  it('a damaged chunk met mid-restore: E_POINT_DAMAGED, no files left, the repository unchanged', async () => {
    const packs = join(h.service.engine.store.listRepositories()[0].path, 'packs');
    const files = readdirSync(packs, { recursive: true }).map(String).filter((f) => f.endsWith('.pack'));
    const biggest = files.map((f) => join(packs, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0];
    const original = readFileSync(biggest);
    const damaged = Buffer.from(original);
    for (let i = 0.3; i < 0.7; i += 0.05) damaged[Math.floor(damaged.length * i)] ^= 0xff;
    writeFileSync(biggest, damaged);
    try {
      const before = sanFiles();
      const { sessionId } = await h.client.call('restore.startVm', { ...NEW, vms: [{ vmId: 'vm-web02', newName: 'WEB02-D' }] });
      const s = await waitSession(h.client, sessionId);
      expect(s.result).toBe('Failed');
      const facts = await h.client.call('restore.session', { id: sessionId });
      expect(facts.items[0].error?.code).toBe('E_POINT_DAMAGED');
      expect(facts.items[0].targetState).toMatch(/nothing is left on the target/);
      expect(sanFiles()).toEqual(before);
      expect(readFileSync(biggest).equals(damaged)).toBe(true); // a restore never writes the repository
      expect((await h.client.call('inventory.get', {})).vms.some((v) => v.name === 'WEB02-D')).toBe(false);
    } finally {
      writeFileSync(biggest, original);
    }
  }, 60_000);
});
