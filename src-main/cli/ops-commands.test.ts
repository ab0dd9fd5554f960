// CLI parity for what the console does: jobs from a JSON spec (create, edit, delete with or without their points),
// off-host proxies (add, list, remove), repositories, settings (get, set, the SMTP password). Bad arguments exit 2
// with E_INVALID_PARAMS and change nothing (the database's bytes are compared).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli';
import { removeDir } from '../testing/lab-service';

const dir = mkdtempSync(join(tmpdir(), 'ferry-cli-ops-'));
const files = mkdtempSync(join(tmpdir(), 'ferry-cli-ops-files-'));
afterAll(() => {
  removeDir(dir);
  removeDir(files);
});

async function ferry(args: string[], stdin?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), readStdin: stdin === undefined ? undefined : async () => stdin, readSecret: stdin === undefined ? undefined : async () => stdin });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const spec = (name: string, doc: unknown) => {
  const file = join(files, `${name}.json`);
  writeFileSync(file, JSON.stringify(doc));
  return file;
};
const dbBytes = () => Buffer.concat(readdirSync(dir).filter((f) => f === 'ferry.db').map((f) => readFileSync(join(dir, f))));
const jobs = async () => JSON.parse((await ferry(['job', 'list', '--json', '--data', dir])).out || '[]') as Array<{ spec: { name: string } }>;

beforeAll(async () => {
  expect((await ferry(['lab', 'init', '--data', dir])).code).toBe(0);
});

describe('ferry job create / edit / delete', () => {
  it('creates a job from a spec file, VMs and repository by name', async () => {
    const file = spec('nightly', { name: 'Nightly', vmIds: ['WEB01', 'vm-web02'], repositoryId: 'Default backup repository', processing: { mode: 'on-host' }, schedule: { kind: 'daily', at: '22:30' } });
    const r = await ferry(['job', 'create', '--spec', file, '--json', '--data', dir]);
    expect(r.code).toBe(0);
    const job = JSON.parse(r.out) as { id: string; spec: { vmIds: string[]; repositoryId: string }; nextRunAt: string };
    expect(job.spec).toMatchObject({ vmIds: ['vm-web01', 'vm-web02'], repositoryId: 'repo-default' });
    expect(job.nextRunAt).not.toBeNull();
  });

  it('reads the spec from stdin (-)', async () => {
    const r = await ferry(['job', 'create', '--spec', '-', '--data', dir], JSON.stringify({ name: 'FromStdin', vmIds: ['WEB01'], repositoryId: 'repo-default', processing: { mode: 'on-host' } }));
    expect(r).toMatchObject({ code: 0, out: expect.stringMatching(/^Created job FromStdin \(job-/) });
  });

  it('refuses bad specs with exit 2 and E_INVALID_PARAMS, changing nothing', async () => {
    const before = dbBytes();
    for (const [args, stdin] of [
      [['job', 'create', '--data', dir]],
      [['job', 'create', '--spec', join(files, 'missing.json'), '--data', dir]],
      [['job', 'create', '--spec', '-', '--data', dir], '{not json'],
      [['job', 'create', '--spec', '-', '--data', dir], '[1,2]'],
      [['job', 'create', '--spec', spec('novms', { name: 'X', vmIds: [], repositoryId: 'repo-default', processing: { mode: 'on-host' } }), '--data', dir]],
      [['job', 'delete', 'Nightly', '--delete-restore-points', '--restore-points', 'keep', '--data', dir]],
      [['job', 'delete', 'Nightly', '--restore-points', 'later', '--data', dir]],
    ] as Array<[string[], string?]>) {
      const r = await ferry(args, stdin);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toContain('E_INVALID_PARAMS');
    }
    const unknownVm = await ferry(['job', 'create', '--spec', spec('ghost', { name: 'Ghost', vmIds: ['NO-SUCH-VM'], repositoryId: 'repo-default', processing: { mode: 'on-host' } }), '--data', dir]);
    expect(unknownVm).toMatchObject({ code: 1, err: expect.stringContaining('E_NOT_FOUND: No VM named NO-SUCH-VM') });
    expect(dbBytes().equals(before)).toBe(true);
    expect((await jobs()).map((j) => j.spec.name)).toEqual(['FromStdin', 'Nightly']);
  });

  it('edits a job: the fields given change, the rest stays', async () => {
    const r = await ferry(['job', 'edit', 'nightly', '--spec', spec('edit', { description: 'edited', retries: { count: 5, intervalSec: 30 }, notify: { onSuccess: true, onWarning: true, onFailure: true, suppressUntilLastRetry: false } }), '--json', '--data', dir]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).spec).toMatchObject({ name: 'Nightly', description: 'edited', vmIds: ['vm-web01', 'vm-web02'], retries: { count: 5 }, notify: { onSuccess: true, suppressUntilLastRetry: false } });
    expect((await ferry(['job', 'edit', 'Nope', '--spec', spec('e2', {}), '--data', dir])).code).toBe(1);
  });

  it('deletes a job keeping its points by default, or with --delete-restore-points', async () => {
    const kept = await ferry(['job', 'delete', 'FromStdin', '--json', '--data', dir]);
    expect(JSON.parse(kept.out)).toMatchObject({ job: 'FromStdin', restorePointsKept: 0, restorePointsDeleted: 0 });
    expect((await ferry(['job', 'delete', 'Nightly', '--delete-restore-points', '--data', dir])).out).toMatch(/^Deleted job Nightly and its 0 restore point/);
    expect(await jobs()).toEqual([]);
  });
});

describe('ferry proxy and repository', () => {
  it('adds, lists and removes an off-host proxy', async () => {
    expect((await ferry(['proxy', 'add', 'PROXY01', '--max-tasks', '99', '--data', dir])).code).toBe(2);
    const add = await ferry(['proxy', 'add', 'PROXY01', '--max-tasks', '3', '--json', '--data', dir]);
    expect(add.code).toBe(0);
    expect(JSON.parse(add.out)).toMatchObject({ serverId: 'proxy01', maxTasks: 3, status: 'ready' });
    const list = JSON.parse((await ferry(['proxy', 'list', '--json', '--data', dir])).out) as Array<{ name: string }>;
    expect(list.map((p) => p.name)).toEqual(['PROXY01']);
    expect((await ferry(['proxy', 'add', 'NO-SUCH', '--data', dir])).err).toContain('E_NOT_FOUND');
    expect((await ferry(['proxy', 'remove', 'proxy01', '--data', dir])).code).toBe(0);
    expect((await ferry(['proxy', 'list', '--data', dir])).out).toMatch(/No off-host proxies/);
  });

  it('adds a repository', async () => {
    const r = await ferry(['repository', 'add', 'Second', join(files, 'repo2'), '--json', '--data', dir]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ name: 'Second', path: join(files, 'repo2') });
    expect((await ferry(['repository', 'list', '--data', dir])).out).toContain('Second');
  });
});

describe('ferry settings', () => {
  it('gets and sets keys; a bad key or value exits 2 and changes nothing', async () => {
    expect((await ferry(['settings', 'set', 'history.retentionDays', '30', '--data', dir])).out).toBe('history.retentionDays = 30');
    expect((await ferry(['settings', 'set', 'notifications.email.recipients', '["ops@contoso.com"]', '--data', dir])).code).toBe(0);
    const before = dbBytes();
    for (const [k, v] of [['history.retentionDays', '0'], ['history.retentionDayz', '3'], ['nope.x', '1'], ['notifications.email.recipients', '["not an address"]'], ['history', '{}']]) {
      const r = await ferry(['settings', 'set', k, v, '--data', dir]);
      expect(r.code, k).toBe(2);
      expect(r.err).toContain('E_INVALID_PARAMS');
    }
    expect(dbBytes().equals(before)).toBe(true);
    const all = JSON.parse((await ferry(['settings', 'get', '--json', '--data', dir])).out);
    expect(all).toMatchObject({ history: { retentionDays: 30 }, notifications: { email: { recipients: ['ops@contoso.com'] } }, smtpPasswordSet: false });
    expect((await ferry(['settings', 'get', '--data', dir])).out).toContain('history.retentionDays = 30');
    expect((await ferry(['settings', 'show', 'notifications.email.recipients', '--json', '--data', dir])).out).toContain('ops@contoso.com');
  });

  it('stores the SMTP password from stdin, never from argv', async () => {
    expect((await ferry(['settings', 'smtp-password', '--password', 'x', '--data', dir])).code).toBe(2);
    expect((await ferry(['settings', 'smtp-password', '--data', dir], 'S3cret!')).code).toBe(0);
    const all = (await ferry(['settings', 'get', '--json', '--data', dir])).out;
    expect(JSON.parse(all).smtpPasswordSet).toBe(true);
    expect(all).not.toContain('S3cret!');
    expect(dbBytes().includes(Buffer.from('S3cret!'))).toBe(false);
    expect((await ferry(['notifications', 'test', '--channel', 'pigeon', '--data', dir])).code).toBe(2);
  });

  it('every new command has --help', async () => {
    for (const c of [['job', 'create'], ['job', 'edit'], ['proxy', 'add'], ['proxy', 'list'], ['proxy', 'remove'], ['repository', 'add'], ['settings', 'get'], ['settings', 'set'], ['notifications', 'test']]) {
      const r = await ferry([...c, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`^Usage: ferry ${c.join(' ')}`));
    }
  });
});
