// Accounts on a real service (lab data folder, real SQLite): roles enforced by the dispatcher on remote
// connections, refusals that change nothing, lockout, tokens, and no password in the store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type FerryClient } from '../../../src-shared/contract/client';
import { createMemoryTransport } from '../../../src-shared/contract/memory-transport';
import type { FerryError } from '../../../src-shared/contract/errors';
import { createService, type Service } from '../service';
import { VERSION } from '../../app-paths';
import { removeDir, waitSession } from '../../testing/lab-service';
import { Accounts } from './accounts';

let dir: string;
let service: Service;
let local: FerryClient;
const clients: FerryClient[] = [];
const PASSWORDS = { alice: 'alice-admin-pw-1', otto: 'otto-operator-pw', vera: 'vera-viewer-pw-1' };

const remote = () => {
  const c = createClient(createMemoryTransport(service.connectRemote));
  clients.push(c);
  return c;
};
const codeOf = (p: Promise<unknown>) => p.then(() => 'no error', (e: FerryError) => e.code);
async function loggedIn(user: keyof typeof PASSWORDS): Promise<FerryClient> {
  const c = remote();
  await c.call('auth.login', { user, password: PASSWORDS[user] });
  return c;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ferry-accounts-'));
  service = await createService({
    dataDir: dir,
    host: { host: 'test', version: VERSION },
    labStepDelayMs: 0,
    scheduler: false,
    loginPolicy: { sessionMs: 60_000, lockAfter: 3, lockMs: 60_000, delayPerFailureMs: 40, maxDelayMs: 200 },
  });
  local = createClient(createMemoryTransport(service.connect));
  await local.call('users.add', { name: 'alice', role: 'Administrator', password: PASSWORDS.alice });
  await local.call('users.add', { name: 'otto', role: 'Operator', password: PASSWORDS.otto });
  await local.call('users.add', { name: 'vera', role: 'Viewer', password: PASSWORDS.vera });
});
afterAll(async () => {
  for (const c of [local, ...clients]) c.close();
  await service.close();
  removeDir(dir);
});

describe('accounts and roles', () => {
  it('the local console is an implicit Administrator; a remote connection can do nothing before logging in', async () => {
    expect(await local.call('auth.whoami', {})).toEqual({ user: 'local console', role: 'Administrator', local: true });
    const anon = remote();
    expect(await codeOf(anon.call('jobs.list', {}))).toBe('E_UNAUTHORIZED');
    expect(await codeOf(anon.call('users.add', { name: 'mallory', role: 'Administrator', password: 'mallory-pw-123' }))).toBe('E_UNAUTHORIZED');
    expect((await local.call('users.list', {})).map((u) => u.name)).toEqual(['alice', 'otto', 'vera']);
  });

  it('a Viewer reads but calling jobs.create is E_FORBIDDEN and the store is unchanged', async () => {
    const vera = await loggedIn('vera');
    expect(await vera.call('auth.whoami', {})).toEqual({ user: 'vera', role: 'Viewer', local: false });
    const before = await local.call('jobs.list', {});
    expect(await vera.call('jobs.list', {})).toEqual(before);
    const spec = { name: 'Sneaky', vmIds: ['vm-web01'], repositoryId: 'repo-default', processing: { mode: 'on-host' as const } };
    expect(await codeOf(vera.call('jobs.create', spec))).toBe('E_FORBIDDEN');
    expect(await codeOf(vera.call('users.add', { name: 'vera2', role: 'Administrator', password: 'vera2-pw-1234' }))).toBe('E_FORBIDDEN');
    expect(service.engine.store.listJobs()).toEqual(before);
    expect(service.engine.store.users.list().map((u) => u.name)).toEqual(['alice', 'otto', 'vera']);
  });

  it('an Operator can jobs.start but not jobs.update or jobs.delete', async () => {
    const job = await local.call('jobs.create', { name: 'Web', vmIds: ['vm-web01'], repositoryId: 'repo-default', processing: { mode: 'on-host' } });
    const otto = await loggedIn('otto');
    const { sessionId } = await otto.call('jobs.start', { id: job.id });
    expect((await waitSession(otto, sessionId)).result).toBe('Success');
    const edited = { ...job.spec, name: 'Renamed' };
    expect(await codeOf(otto.call('jobs.update', { id: job.id, spec: edited }))).toBe('E_FORBIDDEN');
    expect(await codeOf(otto.call('jobs.delete', { id: job.id, restorePoints: 'delete' }))).toBe('E_FORBIDDEN');
    expect((await local.call('jobs.get', { id: job.id })).spec.name).toBe('Web');
    const alice = await loggedIn('alice');
    expect((await alice.call('jobs.update', { id: job.id, spec: edited })).spec.name).toBe('Renamed');
  });

  it('refuses an unknown user and a wrong password alike, slows repeated failures, then locks the account', async () => {
    const c = remote();
    expect(await codeOf(c.call('auth.login', { user: 'nobody', password: 'whatever-pw' }))).toBe('E_UNAUTHORIZED');
    const timings: number[] = [];
    for (let i = 0; i < 2; i++) {
      const t0 = Date.now();
      expect(await codeOf(c.call('auth.login', { user: 'vera', password: 'wrong-password' }))).toBe('E_UNAUTHORIZED');
      timings.push(Date.now() - t0);
    }
    expect(timings[1]).toBeGreaterThanOrEqual(40);
    expect(await codeOf(c.call('auth.login', { user: 'vera', password: 'wrong-password' }))).toBe('E_ACCOUNT_LOCKED');
    // locked: even the right password is refused, and the lock is in the store (a restart keeps it)
    expect(await codeOf(c.call('auth.login', { user: 'vera', password: PASSWORDS.vera }))).toBe('E_ACCOUNT_LOCKED');
    expect(service.engine.store.users.get('vera')?.lockedUntil).not.toBeNull();
    expect((await local.call('users.list', {})).find((u) => u.name === 'vera')?.lockedUntil).toEqual(expect.any(String));
    // unlock for the following tests: the lock ran out
    service.engine.store.users.setFailures('vera', 3, new Date(Date.now() - 1000).toISOString());
    expect((await c.call('auth.login', { user: 'vera', password: PASSWORDS.vera })).role).toBe('Viewer');
  });

  it('refuses a forged token, a logged-out token, and ends the logins of a removed user', async () => {
    const c = remote();
    expect(await codeOf(c.call('auth.resume', { token: 'forged-token-value' }))).toBe('E_UNAUTHORIZED');
    const { token } = await c.call('auth.login', { user: 'otto', password: PASSWORDS.otto });
    const again = remote();
    expect((await again.call('auth.resume', { token })).user).toBe('otto');
    expect(await again.call('jobs.list', {})).toBeInstanceOf(Array);
    await c.call('auth.logout', {});
    expect(await codeOf(c.call('jobs.list', {}))).toBe('E_UNAUTHORIZED');
    // the token is gone for every connection that used it
    expect(await codeOf(again.call('jobs.list', {}))).toBe('E_UNAUTHORIZED');
    expect(await codeOf(remote().call('auth.resume', { token }))).toBe('E_UNAUTHORIZED');

    const otto = await loggedIn('otto');
    await local.call('users.remove', { name: 'otto' });
    expect(await codeOf(otto.call('jobs.list', {}))).toBe('E_UNAUTHORIZED');
  });

  it('expires tokens', async () => {
    const short = await createService({ dataDir: dir, host: { host: 'test', version: VERSION }, access: 'read-only', loginPolicy: { sessionMs: 1, lockAfter: 3, lockMs: 1, delayPerFailureMs: 0, maxDelayMs: 0 } });
    try {
      // a read-only look cannot log in (it would write the failed-login count): only the owning engine does
      const c = createClient(createMemoryTransport(short.connectRemote));
      expect(await codeOf(c.call('auth.login', { user: 'alice', password: PASSWORDS.alice }))).toBe('E_ENGINE_BUSY');
      c.close();
    } finally {
      await short.close();
    }
    const expiring = new Accounts(service.engine.store.users, { sessionMs: 20, lockAfter: 3, lockMs: 1, delayPerFailureMs: 0, maxDelayMs: 0 });
    const grant = await expiring.login('alice', PASSWORDS.alice);
    expect(expiring.current(grant.caller).user).toBe('alice');
    await new Promise((r) => setTimeout(r, 40));
    expect(() => expiring.current(grant.caller)).toThrow(/expired/);
    expect(() => expiring.resume(grant.token)).toThrow(/expired/);
  });

  it('never stores a password in clear: per-user salted scrypt hashes only', () => {
    const rows = service.engine.store.users.list();
    const hashes = rows.map((u) => u.passwordHash);
    for (const h of hashes) expect(h).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{86}$/);
    expect(new Set(hashes.map((h) => h.split('$')[4])).size).toBe(hashes.length);
    const files = readdirSync(dir).filter((f) => f.startsWith('ferry.db') || f.endsWith('.db') || f.endsWith('-wal'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const bytes = readFileSync(join(dir, f)).toString('latin1');
      for (const pw of Object.values(PASSWORDS)) expect(bytes).not.toContain(pw);
    }
  });

  it('refuses removing the last Administrator', async () => {
    expect(await codeOf(local.call('users.remove', { name: 'alice' }))).toBe('E_CONFLICT');
    expect(await codeOf(local.call('users.add', { name: 'ALICE', role: 'Viewer', password: 'another-pw-1' }))).toBe('E_CONFLICT');
  });
});

describe('audit log', () => {
  it('records who did what: changes, starts, refusals and logins, newest first, never a password', async () => {
    const log = await local.call('audit.list', { limit: 1000 });
    const line = (user: string, method: string, outcome: string) => log.find((e) => e.user === user && e.method === method && e.outcome === outcome);
    const adds = log.filter((e) => e.method === 'users.add').reverse();
    expect(adds.map((e) => [e.user, e.role, e.target, e.outcome])).toEqual([
      ['local console', 'Administrator', 'name=alice role=Administrator', 'ok'],
      ['local console', 'Administrator', 'name=otto role=Operator', 'ok'],
      ['local console', 'Administrator', 'name=vera role=Viewer', 'ok'],
      ['vera', 'Viewer', 'name=vera2 role=Administrator', 'refused'],
      ['local console', 'Administrator', 'name=ALICE role=Viewer', 'failed'],
    ]);
    expect(line('vera', 'jobs.create', 'refused')).toMatchObject({ role: 'Viewer', detail: 'E_FORBIDDEN', target: 'name=Sneaky' });
    expect(line('otto', 'jobs.start', 'ok')?.target).toMatch(/^id=\S+ →sessionId=\S+$/);
    expect(line('otto', 'jobs.update', 'refused')?.target).toMatch(/spec\.name=Renamed/);
    expect(line('alice', 'jobs.update', 'ok')).toBeDefined();
    const veraFailed = log.filter((e) => e.user === 'vera' && e.method === 'auth.login' && e.outcome === 'failed').reverse();
    expect(veraFailed.map((e) => [e.role, e.detail])).toEqual([[null, 'E_UNAUTHORIZED'], [null, 'E_UNAUTHORIZED'], [null, 'E_ACCOUNT_LOCKED'], [null, 'E_ACCOUNT_LOCKED']]);
    expect(line('vera', 'auth.login', 'ok')).toMatchObject({ role: 'Viewer' });
    expect(line('local console', 'users.remove', 'failed')).toMatchObject({ detail: 'E_CONFLICT', target: 'name=alice' });
    // reads are not acts: not in the log
    expect(log.some((e) => e.method === 'jobs.list')).toBe(false);
    expect(log.map((e) => e.seq)).toEqual([...log.map((e) => e.seq)].sort((a, b) => b - a));
    const text = JSON.stringify(log);
    for (const pw of [...Object.values(PASSWORDS), 'wrong-password']) expect(text).not.toContain(pw);
  });

  it('is for Administrators only, pages with before, filters by user', async () => {
    const vera = await loggedIn('vera');
    expect(await codeOf(vera.call('audit.list', {}))).toBe('E_FORBIDDEN');
    const [newest, second] = await local.call('audit.list', { limit: 2 });
    expect((await local.call('audit.list', { limit: 1, before: newest.seq }))[0]).toEqual(second);
    const otto = await local.call('audit.list', { user: 'OTTO' });
    expect(otto.length).toBeGreaterThan(0);
    expect(otto.every((e) => e.user === 'otto')).toBe(true);
  });
});
