// Guest file restore through the contract and the CLI, against a lab backup: WEB01's NTFS C: and EFI FAT32, APP02's
// ext4 browsed inside the restore point, searched, restored byte-identical with their times, downloaded over the web
// host; bad requests fail with stable codes and write nothing.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FerryError } from '../../src-shared/contract/errors';
import { runCli } from '../cli/cli';
import { labGuestManifest } from '../engine/guestfs/testing/lab-images';
import { startWebHost } from '../hosts/web/web-host';
import { removeDir, startLabService, waitSession, waitTask, type LabHarness } from '../testing/lab-service';

let h: LabHarness;
let pointId = '';
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: FerryError) => e.code);
const web = { vmId: 'vm-web01', diskIndex: 0, volume: 'C' };

beforeAll(async () => {
  h = await startLabService();
  const job = await h.client.call('jobs.create', { name: 'Guests', vmIds: ['vm-web01', 'vm-app02'], repositoryId: 'repo-default', processing: { mode: 'on-host' } });
  expect((await waitSession(h.client, (await h.client.call('jobs.start', { id: job.id })).sessionId)).result).toBe('Success');
  pointId = (await h.client.call('restorePoints.list', { jobId: job.id }))[0].id;
});
afterAll(async () => {
  await h.close();
  removeDir(h.dir);
});

describe('guest files of a restore point', () => {
  it('lists the volumes of each disk by format, label and letter', async () => {
    const { disks } = await h.client.call('files.volumes', { pointId, vmId: 'vm-web01' });
    expect(disks.map((d) => [d.diskIndex, d.scheme])).toEqual([[0, 'gpt']]);
    expect(disks[0].volumes.map((v) => [v.key, v.format, v.label, v.letter, v.readable])).toEqual([
      ['p1', 'fat', 'SYSTEM', undefined, true],
      ['p2', 'ntfs', 'Windows', 'C', true],
    ]);
    const linux = await h.client.call('files.volumes', { pointId, vmId: 'vm-app02' });
    expect(linux.disks[0].volumes.map((v) => [v.key, v.format, v.label])).toEqual([['p1', 'ext4', 'root']]);
  });

  it('browses and searches C:, restores inetpub\\wwwroot byte-identical with times, and refuses what cannot be done', async () => {
    const root = await h.client.call('files.list', { pointId, ...web, path: '' });
    expect(root.entries.map((e) => e.name)).toEqual(expect.arrayContaining(['inetpub', 'Program Files', 'Users', 'Windows', 'pagefile.sys']));
    const found = await h.client.call('files.search', { pointId, ...web, path: '', pattern: 'wwwroot' });
    expect(found.matches.map((m) => m.path)).toEqual(['inetpub/wwwroot']);
    const out = join(h.dir, 'flr');
    mkdirSync(out);
    const { taskId } = await h.client.call('files.restore', { pointId, ...web, paths: ['inetpub/wwwroot'], folder: out });
    const task = await waitTask(h.client, taskId);
    expect(task.state, JSON.stringify(task.error)).toBe('succeeded');
    const originals = labGuestManifest('WEB01').p2.filter((f) => f.path.startsWith('inetpub/wwwroot/'));
    expect(task.result).toMatchObject({ files: originals.length, bytes: originals.reduce((s, f) => s + f.size, 0) });
    for (const f of originals) {
      const p = join(out, 'wwwroot', f.path.slice('inetpub/wwwroot/'.length));
      expect(sha(readFileSync(p)), f.path).toBe(f.sha256);
      expect(statSync(p).mtimeMs, f.path).toBe(f.mtimeMs);
    }
    expect(await codeOf(h.client.call('files.restore', { pointId, ...web, paths: ['inetpub/wwwroot'], folder: out }))).toBe('E_CONFLICT');
    expect(await codeOf(h.client.call('files.restore', { pointId, ...web, paths: ['inetpub/nope'], folder: out }))).toBe('E_GUEST_PATH_NOT_FOUND');
    expect(await codeOf(h.client.call('files.restore', { pointId, ...web, paths: ['Windows/win.ini'], folder: join(out, 'missing', 'deeper') }))).toBe('E_NOT_FOUND');
    expect(await codeOf(h.client.call('files.restore', { pointId, ...web, paths: ['Windows/win.ini'], folder: 'relative/dir' }))).toBe('E_INVALID_PARAMS');
    expect(await codeOf(h.client.call('files.list', { pointId, ...web, volume: 'Q', path: '' }))).toBe('E_GUEST_PATH_NOT_FOUND');
    expect(await codeOf(h.client.call('files.list', { pointId, ...web, path: '../..' }))).toBe('E_INVALID_PARAMS');
    expect(await codeOf(h.client.call('files.volumes', { pointId, vmId: 'vm-dc01' }))).toBe('E_NOT_FOUND');
    expect(readdirSync(out)).toEqual(['wwwroot']);
    // a missing last folder is created (the console suggests <data>/restored)
    const made = await h.client.call('files.restore', { pointId, ...web, paths: ['Windows/win.ini'], folder: join(out, 'new') });
    expect((await waitTask(h.client, made.taskId)).state).toBe('succeeded');
    expect(readdirSync(join(out, 'new'))).toEqual(['win.ini']);
  });

  it('downloads one guest file over the web host (streamed, Unicode name), once', async () => {
    const host = await startWebHost({ service: h.service, staticDir: h.dir });
    try {
      const path = 'Users/Administrator/Documents/Übergabe – Prüfliste (финал) 資料.txt';
      const { url } = await h.client.call('files.downloadLink', { pointId, ...web, path });
      const res = await fetch(`http://127.0.0.1:${host.port}${url}?token=${host.token}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('Übergabe – Prüfliste (финал) 資料.txt')}`);
      expect(sha(Buffer.from(await res.arrayBuffer()))).toBe(labGuestManifest('WEB01').p2.find((f) => f.path === path)!.sha256);
      expect((await fetch(`http://127.0.0.1:${host.port}${url}?token=${host.token}`)).status).toBe(404); // once
      expect((await fetch(`http://127.0.0.1:${host.port}${url}`)).status).toBe(401);
      expect(await codeOf(h.client.call('files.downloadLink', { pointId, ...web, path: 'Users' }))).toBe('E_GUEST_NOT_A_FILE');
    } finally {
      await host.close();
    }
  });

  it('CLI: restore files by job and VM (ext4 and NTFS), files list/get on the repository folder', async () => {
    const ferry = async (...args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    const repoDir = h.service.engine.store.listRepositories()[0].path;
    await h.close(); // the CLI opens the data folder itself
    try {
      const dest = join(h.dir, 'cli-ext4');
      const r = await ferry('restore', 'files', '--job', 'guests', '--vm', 'APP02', '--path', '/root/srv/orders/app', '--out', dest, '--data', h.dir, '--json');
      expect(r.code, r.err).toBe(0);
      const db = labGuestManifest('APP02').p1.find((f) => f.path === 'srv/orders/app/orders.db')!;
      expect(sha(readFileSync(join(dest, 'app', 'orders.db')))).toBe(db.sha256);
      expect(statSync(join(dest, 'app', 'orders.db')).mtimeMs).toBe(db.mtimeMs);
      expect(JSON.parse(r.out)).toMatchObject({ vm: 'APP02', files: 2 });

      const win = await ferry('restore', 'files', '--job', 'Guests', '--vm', 'WEB01', '--path', 'C:\\Windows\\win.ini', '--out', join(h.dir, 'cli-ntfs'), '--data', h.dir);
      expect(win.code, win.err).toBe(0);
      expect(win.out).toMatch(/Restored 1 file\(s\), 0 folder\(s\)/);

      const list = await ferry('files', 'list', '--repo', repoDir, '--point', pointId, '--disk', 'vm-web01/0', '/C/inetpub/wwwroot');
      expect(list.code, list.err).toBe(0);
      expect(list.out).toMatch(/<DIR>\s+css/);
      expect(list.out).toMatch(/index\.html/);
      const esp = await ferry('files', 'list', '--repo', repoDir, '--point', pointId, '--disk', 'vm-web01/0', '--json', '/SYSTEM/EFI/Microsoft/Boot');
      expect(JSON.parse(esp.out).map((e: { name: string }) => e.name).sort()).toEqual(['BCD', 'bootmgfw.efi', 'en-US']);
      const get = await ferry('files', 'get', '--repo', repoDir, '--point', pointId, '--disk', 'vm-web01/0', 'C:\\inetpub\\wwwroot\\web.config', '--out', join(h.dir, 'get'));
      expect(get.code, get.err).toBe(0);
      expect(readFileSync(join(h.dir, 'get', 'web.config'), 'utf8')).toContain('<defaultDocument>');
      expect((await ferry('files', 'list', '--repo', repoDir, '--point', pointId, 'inetpub')).code).toBe(2); // no volume
      const many = await ferry('files', 'list', '--repo', repoDir, '--point', pointId, '/C/');
      expect([many.code, many.err]).toEqual([2, expect.stringContaining('add --disk KEY')]);
      expect((await ferry('files', 'list', '--repo', repoDir, '--point', pointId, '--disk', 'vm-web01/0', '/C/nope')).err).toMatch(/E_GUEST_PATH_NOT_FOUND/);
    } finally {
      h = await startLabService(h.dir);
    }
  });
});
