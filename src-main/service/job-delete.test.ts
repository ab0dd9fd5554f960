// jobs.delete: the admin must say what happens to the job's restore points. Kept, they stay listed under the
// deleted job's name, verifiable and restorable (console and CLI); deleted, they leave the repository too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FerryError } from '../../src-shared/contract/errors';
import { runCli } from '../cli/cli';
import { removeDir, startLabService, waitSession, waitTask, type LabHarness } from '../testing/lab-service';

let h: LabHarness;
const ids: Record<string, string> = {};
const errorOf = async (p: Promise<unknown>) => p.then(() => null, (e: FerryError) => ({ code: e.code, message: e.message }));

async function runJob(name: string, vmId: string, times: number): Promise<string> {
  const job = await h.client.call('jobs.create', { name, vmIds: [vmId], repositoryId: 'repo-default', processing: { mode: 'on-host' } });
  for (let i = 0; i < times; i++) expect((await waitSession(h.client, (await h.client.call('jobs.start', { id: job.id })).sessionId)).result).toBe('Success');
  return job.id;
}

const repoPoints = async () => {
  const repo = h.service.engine.store.listRepositories()[0];
  return h.service.engine.repos.read(repo.path, (r) => r.listPoints());
};

beforeAll(async () => {
  h = await startLabService();
  ids.kept = await runJob('Kept', 'vm-web02', 1);
  ids.gone = await runJob('Gone', 'vm-web01', 2);
});
afterAll(async () => {
  await h.close();
  removeDir(h.dir);
});

describe('jobs.delete', () => {
  it('refuses a delete that does not say what happens to the restore points, and changes nothing', async () => {
    // @ts-expect-error: the choice is required
    const missing = await errorOf(h.client.call('jobs.delete', { id: ids.kept }));
    expect(missing).toEqual({ code: 'E_INVALID_PARAMS', message: expect.stringContaining("restorePoints: choose 'keep' or 'delete'") });
    // @ts-expect-error: only keep or delete
    expect((await errorOf(h.client.call('jobs.delete', { id: ids.kept, restorePoints: 'maybe' })))?.code).toBe('E_INVALID_PARAMS');
    expect((await errorOf(h.client.call('jobs.delete', { id: 'job-nope', restorePoints: 'keep' })))?.code).toBe('E_NOT_FOUND');
    expect((await h.client.call('jobs.list', {})).map((j) => j.spec.name)).toEqual(['Gone', 'Kept']);
    expect(await h.client.call('restorePoints.list', {})).toHaveLength(3);
  });

  it('keep: the job goes, its restore points stay listed under its name and still verify', async () => {
    const [point] = await h.client.call('restorePoints.list', { jobId: ids.kept });
    expect(await h.client.call('jobs.delete', { id: ids.kept, restorePoints: 'keep' })).toEqual({ ok: true, restorePointsDeleted: 0, restorePointsKept: 1 });
    expect((await h.client.call('jobs.list', {})).map((j) => j.spec.name)).toEqual(['Gone']);
    const listed = (await h.client.call('restorePoints.list', {})).find((p) => p.id === point.id);
    expect(listed).toMatchObject({ jobId: ids.kept, jobName: 'Kept', jobDeleted: true });
    expect((await repoPoints()).map((p) => p.id)).toContain(point.id);
    const verify = await waitTask(h.client, (await h.client.call('restorePoints.verify', { id: point.id })).taskId);
    expect(verify.result).toMatchObject({ ok: true, summary: expect.stringMatching(/^OK: \d+ chunks, [\d.]+ MiB verified$/) });
  });

  it('delete: the job and its restore points go, in the repository too; what other points need stays', async () => {
    const before = (await h.client.call('restorePoints.list', { jobId: ids.gone })).map((p) => p.id);
    expect(before).toHaveLength(2);
    expect(await h.client.call('jobs.delete', { id: ids.gone, restorePoints: 'delete' })).toEqual({ ok: true, restorePointsDeleted: 2, restorePointsKept: 0 });
    expect(await h.client.call('jobs.list', {})).toEqual([]);
    expect((await h.client.call('restorePoints.list', {})).map((p) => p.jobName)).toEqual(['Kept']);
    const inRepo = (await repoPoints()).map((p) => p.id);
    expect(inRepo.filter((id) => before.includes(id))).toEqual([]);
    // the kept job's point lost nothing to the clean-up
    const [kept] = await h.client.call('restorePoints.list', {});
    expect((await waitTask(h.client, (await h.client.call('restorePoints.verify', { id: kept.id })).taskId)).result).toMatchObject({ ok: true });
  });

  it('the CLI verifies and restores the kept points of a deleted job by its name, and deletes jobs', async () => {
    await h.client.call('jobs.create', { name: 'Cli', vmIds: ['vm-dc01'], repositoryId: 'repo-default', processing: { mode: 'on-host' } });
    await h.close(); // the CLI opens the data folder itself
    const ferry = async (...args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli([...args, '--data', h.dir], { out: (l) => out.push(l), err: (l) => err.push(l) });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    try {
      const v = await ferry('verify', '--job', 'Kept');
      expect(v.code, v.err).toBe(0);
      expect(v.out).toMatch(/OK: \d+ chunks/);
      const out = join(h.dir, 'web02.raw');
      const r = await ferry('restore', '--job', 'kept', '--vm', 'WEB02', '--disk', '0', '--out', out);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(/^Restored WEB02 disk 0 \(48\.0 MiB\) from \S+ to /m);
      expect(statSync(out).size).toBe(48 * 1024 * 1024);
      expect((await ferry('verify', '--job', 'Gone')).err).toMatch(/E_NOT_FOUND: No job named Gone, and no kept restore points/);

      // without a choice the points are kept (ferry job delete NAME [--delete-restore-points]); a contradiction is refused
      expect((await ferry('job', 'delete', 'Cli', '--delete-restore-points', '--restore-points', 'keep')).code).toBe(2);
      expect((await ferry('job', 'delete', 'Cli', '--restore-points', 'later')).code).toBe(2);
      const del = await ferry('job', 'delete', 'Cli', '--restore-points', 'delete');
      expect(del).toMatchObject({ code: 0, out: 'Deleted job Cli and its 0 restore point(s)' });
      expect((await ferry('job', 'list')).out).toMatch(/^No jobs yet/);
    } finally {
      h = await startLabService(h.dir);
    }
    expect(existsSync(join(h.dir, 'ferry.db'))).toBe(true);
  });
});
