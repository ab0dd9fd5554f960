// `ferry credential …` and `ferry server …` on a fresh lab data folder: passwords from stdin or FERRY_PASSWORD
// (never argv), stable codes and exit codes, nothing written on bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli';
import { agentCommand } from '../app-paths';
import { PASSWORD_ENV } from './server-commands';
import { removeDir } from '../testing/lab-service';
import { LAB_PASSWORD } from '../engine/platform/lab/topology';

const dir = mkdtempSync(join(tmpdir(), 'ferry-cli-servers-'));
afterAll(() => removeDir(dir));

async function ferry(args: string[], stdin?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), readSecret: stdin === undefined ? undefined : async () => stdin.replace(/\r?\n$/, '') });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const dbBytes = () => Buffer.concat(readdirSync(dir).filter((f) => f.startsWith('ferry.db')).map((f) => readFileSync(join(dir, f))));
const idFrom = (out: string) => /Stored credential (\S+) for/.exec(out)?.[1] ?? '';

beforeAll(async () => {
  const init = await ferry(['lab', 'init', '--data', dir]);
  expect(init.out).toMatch(/Created a fresh lab/);
  expect(init.out).toContain(`LAB\\backup-admin / ${LAB_PASSWORD}`);
  expect(init.out).toContain(`.\\Administrator / ${LAB_PASSWORD}`);
});

describe('ferry credential', () => {
  it('refuses --password on the command line with the reason, and stores nothing', async () => {
    const r = await ferry(['credential', 'add', '--user', '.\\Administrator', '--password', 'Leak-Me-9', '--data', dir], LAB_PASSWORD);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--password is refused: a password on the command line lands in shell history/);
    expect(r.err).not.toContain('Leak-Me-9');
    expect((await ferry(['credential', 'list', '--data', dir])).out).toMatch(/No stored credentials/);
  });

  it('refuses a bad account or an empty stdin before anything is stored', async () => {
    expect((await ferry(['credential', 'add', '--user', 'two words', '--data', dir], LAB_PASSWORD)).code).toBe(2);
    const empty = await ferry(['credential', 'add', '--user', '.\\Administrator', '--data', dir], '');
    expect(empty.code).toBe(2);
    expect(empty.err).toMatch(/no password on stdin/);
    expect((await ferry(['credential', 'list', '--data', dir])).out).toMatch(/No stored credentials/);
  });

  it('adds a credential with the password from stdin; lists it; the password is not in SQLite', async () => {
    const r = await ferry(['credential', 'add', '--user', '.\\Administrator', '--description', 'workgroup', '--data', dir], `${LAB_PASSWORD}\n`);
    expect(r.code, r.err).toBe(0);
    expect(r.out).not.toContain(LAB_PASSWORD);
    const id = idFrom(r.out);
    expect(id).toMatch(/^cred-/);
    expect((await ferry(['credential', 'list', '--data', dir])).out).toBe(`${id}\t.\\Administrator\tworkgroup\tunused`);
    expect(dbBytes().includes(LAB_PASSWORD)).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'secrets', `credential.${id}`), 'utf8')).secret).toBe(LAB_PASSWORD);
  });
});

describe('ferry server', () => {
  it('adds HV03 with the stored credential, lists it, refuses to remove the credential while it is used', async () => {
    const id = /^(cred-\S+)\t/m.exec((await ferry(['credential', 'list', '--data', dir])).out)?.[1] ?? '';
    expect(id).not.toBe('');
    expect((await ferry(['server', 'add', 'HV03', '--kind', 'hypervisor', '--data', dir])).code).toBe(2);
    expect((await ferry(['server', 'add', 'http://hv03', '--kind', 'hyperv-host', '--data', dir])).code).toBe(2);
    const denied = await ferry(['server', 'add', 'HV03', '--kind', 'hyperv-host', '--data', dir]);
    expect(denied.code).toBe(1);
    expect(denied.err).toMatch(/E_ACCESS_DENIED: Connecting to HV03 failed: Access is denied/);
    const node = await ferry(['server', 'add', 'HVC01', '--kind', 'hyperv-host', '--data', dir]);
    expect(node.code).toBe(1);
    expect(node.err).toMatch(/E_WRONG_SERVER_KIND: HVC01 is a node of cluster CLU01 — add the cluster instead/);

    const add = await ferry(['server', 'add', 'hv03.lab.local', '--kind', 'hyperv-host', '--credential', id, '--data', dir]);
    expect(add.code, add.err).toBe(0);
    expect(add.out).toMatch(/Connecting to hv03\.lab\.local as \.\\Administrator/);
    expect(add.out).toMatch(/Added hv03\.lab\.local as hv03/);
    const list = await ferry(['server', 'list', '--data', dir]);
    expect(list.out).toMatch(/^hv03\tHV03\thyperv-host\tok\t\.\\Administrator$/m);
    expect(list.out).toMatch(/^clu01\tCLU01\thyperv-cluster \(nodes hvc01, hvc02, hvc03\)\tok\tconsole's identity$/m);
    const inUse = await ferry(['credential', 'remove', id, '--data', dir]);
    expect(inUse.code).toBe(1);
    expect(inUse.err).toMatch(/E_IN_USE: Credential \.\\Administrator is used by HV03/);

    expect((await ferry(['server', 'remove', 'hv03', '--data', dir])).code).toBe(0);
    expect((await ferry(['credential', 'remove', id, '--data', dir])).code).toBe(0);
    expect((await ferry(['credential', 'list', '--data', dir])).out).toMatch(/No stored credentials/);
    expect((await ferry(['server', 'remove', 'hv03', '--data', dir])).err).toMatch(/E_NOT_FOUND/);
  });

  it('the bundled CLI reads the password from piped stdin, or from FERRY_PASSWORD', () => {
    const [node, cli] = agentCommand()!;
    const piped = execFileSync(node, [cli, 'credential', 'add', '--user', 'LAB\\backup-admin', '--data', dir], { input: `${LAB_PASSWORD}\n`, encoding: 'utf8' });
    expect(piped).toMatch(/Stored credential cred-\S+ for LAB\\backup-admin/);
    const fromEnv = spawnSync(node, [cli, 'credential', 'add', '--user', 'backup-admin@lab.local', '--data', dir], { input: '', encoding: 'utf8', env: { ...process.env, [PASSWORD_ENV]: 'From-Env-1' } });
    expect(fromEnv.status, fromEnv.stderr).toBe(0);
    const ids = (execFileSync(node, [cli, 'credential', 'list', '--data', dir], { encoding: 'utf8' }).match(/cred-\S+/g) ?? []);
    expect(ids).toHaveLength(2);
    const secrets = ids.map((id) => JSON.parse(readFileSync(join(dir, 'secrets', `credential.${id}`), 'utf8')).secret).sort();
    expect(secrets).toEqual(['From-Env-1', LAB_PASSWORD].sort());
    expect(dbBytes().includes('From-Env-1')).toBe(false);
  });
});
