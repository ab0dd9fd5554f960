// `ferry user add|list|remove` on a fresh lab data folder: the password from stdin or FERRY_PASSWORD (never argv,
// never in the store in clear), usage errors changing nothing, and the accounts really usable to log in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli';
import { removeDir } from '../testing/lab-service';
import { createService } from '../service/service';
import { VERSION } from '../app-paths';

const dir = mkdtempSync(join(tmpdir(), 'ferry-cli-users-'));
afterAll(() => removeDir(dir));

async function ferry(args: string[], stdin?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), readSecret: stdin === undefined ? undefined : async () => stdin });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const dbText = () => Buffer.concat(readdirSync(dir).filter((f) => f.startsWith('ferry.db')).map((f) => readFileSync(join(dir, f)))).toString('latin1');

beforeAll(async () => {
  expect((await ferry(['lab', 'init', '--data', dir])).code).toBe(0);
});

describe('ferry user', () => {
  it('refuses --password on argv, a bad role, a short password, and adds nothing', async () => {
    const argv = await ferry(['user', 'add', 'ada', '--role', 'Administrator', '--password', 'Leak-Me-123', '--data', dir], 'ada-password-1');
    expect(argv.code).toBe(2);
    expect(argv.err).toMatch(/--password is refused/);
    expect(argv.err).not.toContain('Leak-Me-123');
    expect((await ferry(['user', 'add', 'ada', '--role', 'Root', '--data', dir], 'ada-password-1')).err).toMatch(/--role must be Administrator, Operator or Viewer/);
    expect((await ferry(['user', 'add', 'ada', '--role', 'Viewer', '--data', dir], 'short')).err).toMatch(/password: at least 8 characters/);
    expect((await ferry(['user', 'add', 'bad name', '--role', 'Viewer', '--data', dir], 'long-enough-pw')).code).toBe(2);
    expect((await ferry(['user', 'list', '--data', dir])).out).toMatch(/No accounts/);
  });

  it('adds from stdin and from FERRY_PASSWORD, lists (also as JSON), and the accounts log in', async () => {
    const add = await ferry(['user', 'add', 'ada', '--role', 'Administrator', '--data', dir], 'ada-password-1');
    expect(add).toMatchObject({ code: 0, out: 'Added ada (Administrator)' });
    process.env.FERRY_PASSWORD = 'olga-password-1';
    try {
      expect((await ferry(['user', 'add', 'olga', '--role', 'Operator', '--data', dir])).code).toBe(0);
    } finally {
      delete process.env.FERRY_PASSWORD;
    }
    expect((await ferry(['user', 'add', 'ADA', '--role', 'Viewer', '--data', dir], 'another-pw-12')).code).toBe(1);
    const list = await ferry(['user', 'list', '--data', dir]);
    expect(list.out).toMatch(/^ada\s+Administrator\s+created /m);
    expect(list.out).toMatch(/^olga\s+Operator\s+created /m);
    const json = JSON.parse((await ferry(['user', 'list', '--json', '--data', dir])).out) as Array<{ name: string; role: string }>;
    expect(json.map((u) => [u.name, u.role])).toEqual([['ada', 'Administrator'], ['olga', 'Operator']]);
    expect(dbText()).not.toContain('ada-password-1');
    expect(dbText()).not.toContain('olga-password-1');

    const service = await createService({ dataDir: dir, host: { host: 'test', version: VERSION }, scheduler: false });
    try {
      expect((await service.accounts.login('olga', 'olga-password-1')).role).toBe('Operator');
    } finally {
      await service.close();
    }
  });

  it('removes a user, refuses the last Administrator and an unknown name', async () => {
    expect((await ferry(['user', 'remove', 'olga', '--data', dir])).out).toBe('Removed olga');
    const last = await ferry(['user', 'remove', 'ada', '--data', dir]);
    expect(last.code).toBe(1);
    expect(last.err).toMatch(/E_CONFLICT.*last Administrator/);
    expect((await ferry(['user', 'remove', 'nobody', '--data', dir])).err).toMatch(/E_NOT_FOUND/);
    expect(JSON.parse((await ferry(['user', 'list', '--json', '--data', dir])).out)).toHaveLength(1);
  });
});

describe('ferry audit list', () => {
  it('shows the user changes above, newest first, as text and JSON; refuses a bad --limit', async () => {
    const entries = JSON.parse((await ferry(['audit', 'list', '--json', '--data', dir])).out) as Array<{ method: string; target: string; outcome: string }>;
    expect(entries.filter((e) => e.method.startsWith('users.')).map((e) => `${e.method} ${e.target} ${e.outcome}`).reverse()).toEqual([
      'users.add name=ada role=Administrator ok',
      'users.add name=olga role=Operator ok',
      'users.add name=ADA role=Viewer failed',
      'users.remove name=olga ok',
      'users.remove name=ada failed',
      'users.remove name=nobody failed',
    ]);
    const text = await ferry(['audit', 'list', '--limit', '1', '--data', dir]);
    expect(text.out).toMatch(/^\S+Z {2}local console\s+users\.remove\s+failed\s+name=nobody {2}\(E_NOT_FOUND\)$/);
    expect((await ferry(['audit', 'list', '--limit', '0', '--data', dir])).code).toBe(2);
    expect(JSON.stringify(entries)).not.toContain('password-1');
  });
});
