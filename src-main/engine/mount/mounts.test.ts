// The console's Mount action end to end on the lab: a restore point's disk mounted through the contract, read by
// real NBD clients (qemu-img, nbdinfo, nbdfuse) equal to the raw restore, listed with live counters, stopped.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FerryError } from '../../../src-shared/contract/errors';
import type { RestorePoint } from '../../../src-shared/domain';
import { removeDir, startLabService, waitSession, waitTask, type LabHarness } from '../../testing/lab-service';
import { fuseUnavailable, missingTools } from '../nbd/testing/tools';
import { Mounts } from './mounts';

const run = promisify(execFile);
let h: LabHarness;
let point: RestorePoint;
let raw: Buffer;
const codeOf = async (p: Promise<unknown>) => p.then(() => 'no error', (e: FerryError) => e.code);

const toolsMissing = missingTools(['qemu-img', 'nbdinfo']);

beforeAll(async () => {
  h = await startLabService();
  const job = await h.client.call('jobs.create', { name: 'Mount', vmIds: ['vm-dc01'], repositoryId: 'repo-default', processing: { mode: 'on-host' } });
  const s = await waitSession(h.client, (await h.client.call('jobs.start', { id: job.id })).sessionId);
  expect(s.result, s.reason).toBe('Success');
  [point] = await h.client.call('restorePoints.list', { jobId: job.id });
  const out = join(h.dir, 'dc01.raw');
  const { taskId } = await h.client.call('restorePoints.restore', { id: point.id, vmId: 'vm-dc01', diskIndex: 0, format: 'raw', outPath: out });
  expect((await waitTask(h.client, taskId)).state).toBe('succeeded');
  raw = await fs.readFile(out);
}, 120_000);
afterAll(async () => {
  await h.close();
  removeDir(h.dir);
});

describe.skipIf(toolsMissing !== '')(`mount.start/list/stop${toolsMissing ? ` (skipped: ${toolsMissing})` : ''}`, () => {
  it('serves the disk read-only: qemu-img reads exactly the raw restore; the list shows clients and bytes; stop ends it', async () => {
    const m = await h.client.call('mount.start', { pointId: point.id, vmId: 'vm-dc01', diskIndex: 0 });
    expect(m).toMatchObject({ pointId: point.id, vmName: 'DC01', diskIndex: 0, sizeBytes: raw.byteLength, connections: 0, bytesRead: 0 });
    expect(m.url).toBe(`nbd://127.0.0.1:${m.port}/${m.exportName}`);
    // a second click on Mount: the same mount
    expect((await h.client.call('mount.start', { pointId: point.id, vmId: 'vm-dc01', diskIndex: 0 })).id).toBe(m.id);

    const info = JSON.parse((await run('nbdinfo', ['--json', m.url])).stdout) as { exports: Array<Record<string, unknown>> };
    expect(info.exports[0]).toMatchObject({ 'export-size': raw.byteLength, is_read_only: true });
    const copy = join(h.dir, 'via-nbd.raw');
    await run('qemu-img', ['convert', '-f', 'raw', '-O', 'raw', m.url, copy]);
    expect((await fs.readFile(copy)).equals(raw)).toBe(true);

    // a client connected now is counted
    const sock = net.connect({ host: '127.0.0.1', port: m.port });
    await new Promise((r) => sock.once('data', r));
    const [listed] = await h.client.call('mount.list', {});
    expect(listed).toMatchObject({ id: m.id, connections: 1, readErrors: 0, lastReadError: null });
    expect(listed.bytesRead).toBeGreaterThanOrEqual(raw.byteLength);
    expect(listed.chunksRead).toBeGreaterThan(0);

    const sockClosed = new Promise((r) => sock.once('close', r));
    expect(await h.client.call('mount.stop', { id: m.id })).toEqual({ ok: true });
    await sockClosed;
    expect(await h.client.call('mount.list', {})).toEqual([]);
    expect(await codeOf(h.client.call('mount.stop', { id: m.id }))).toBe('E_NOT_FOUND');
    await expect(run('nbdinfo', [m.url])).rejects.toBeDefined();
  });

  it('refuses what does not exist (E_NOT_FOUND) and a port in use (E_IN_USE), leaving nothing mounted', async () => {
    expect(await codeOf(h.client.call('mount.start', { pointId: 'rp-nope', vmId: 'vm-dc01', diskIndex: 0 }))).toBe('E_NOT_FOUND');
    expect(await codeOf(h.client.call('mount.start', { pointId: point.id, vmId: 'vm-dc01', diskIndex: 7 }))).toBe('E_NOT_FOUND');
    expect(await codeOf(h.client.call('mount.start', { pointId: point.id, vmId: 'vm-dc01', diskIndex: 0, port: 70000 }))).toBe('E_INVALID_PARAMS');
    const taken = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => taken.once('listening', r));
    const port = (taken.address() as net.AddressInfo).port;
    expect(await codeOf(h.client.call('mount.start', { pointId: point.id, vmId: 'vm-dc01', diskIndex: 0, port }))).toBe('E_IN_USE');
    taken.close();
    expect(await h.client.call('mount.list', {})).toEqual([]);
  });

  it('stopAll (the engine closing) ends every mount and frees its port', async () => {
    const repos = await h.client.call('repositories.list', {});
    const mounts = new Mounts({ getRestorePoint: (id) => (id === point.id ? point : null), getRepository: (id) => repos.find((r) => r.id === id) ?? null });
    const a = await mounts.start({ pointId: point.id, vmId: 'vm-dc01', diskIndex: 0 });
    expect(JSON.parse((await run('nbdinfo', ['--json', a.url])).stdout).exports[0]['export-size']).toBe(raw.byteLength);
    await mounts.stopAll();
    expect(mounts.list()).toEqual([]);
    await expect(run('nbdinfo', [a.url])).rejects.toBeDefined();
  });

  const noFuse = fuseUnavailable() || missingTools(['nbdfuse']);
  it.skipIf(noFuse !== '')(`nbdfuse exposes the mounted disk as a file equal to the raw restore${noFuse ? ` (skipped: ${noFuse})` : ''}`, async () => {
    const m = await h.client.call('mount.start', { pointId: point.id, vmId: 'vm-dc01', diskIndex: 0 });
    const dir = join(h.dir, 'fuse');
    await fs.mkdir(dir);
    const pidFile = join(h.dir, 'nbdfuse.pid');
    const fuse = spawn('nbdfuse', ['-r', '-P', pidFile, join(dir, 'disk.raw'), m.url], { stdio: ['ignore', 'ignore', 'pipe'] });
    let fuseErr = '';
    fuse.stderr.on('data', (d: Buffer) => (fuseErr += d.toString()));
    try {
      for (let i = 0; i < 100 && !(await fs.stat(pidFile).catch(() => null)); i++) await new Promise((r) => setTimeout(r, 50));
      const viaFuse = await fs.readFile(join(dir, 'disk.raw'));
      expect(viaFuse.equals(raw), fuseErr).toBe(true);
    } finally {
      await run('fusermount3', ['-u', dir]).catch(() => fuse.kill());
      await new Promise((r) => (fuse.exitCode !== null ? r(null) : fuse.once('exit', r)));
      await h.client.call('mount.stop', { id: m.id });
    }
  });
});
