// Choosing the platform: lab by default; windows only on Windows and only with a valid platform.json, refused
// before anything is written otherwise; the configured servers, WinRM settings and credential names reach the
// WindowsPlatform and its executor.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { SecretStore } from '../secrets/secret-store';
import { createPlatform, windowsExecutor } from './create-platform';
import { PLATFORM_CONFIG_FILE, readPlatformConfig } from './platform-config';
import { WinCode } from './windows/error-codes';
import type { ProcessRunner, ProcessSpec } from './windows/exec/process-runner';
import { ScriptedExecutor } from './windows/testing/scripted-executor';
import { SecretCredentials } from './windows/exec/secret-credentials';
import { HV01, HV02, HV03, PROXY, inventorySteps } from './windows/testing/test-support';

class MemorySecrets implements SecretStore {
  readonly values = new Map<string, string>();
  async get(name: string): Promise<string | null> {
    return this.values.get(name) ?? null;
  }
  async set(name: string, value: string): Promise<void> {
    this.values.set(name, value);
  }
  async delete(name: string): Promise<void> {
    this.values.delete(name);
  }
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dataDir(config?: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-platform-'));
  dirs.push(dir);
  if (config !== undefined) writeFileSync(join(dir, PLATFORM_CONFIG_FILE), typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  return dir;
}

const CONFIG = {
  $comment: 'two cluster nodes, one standalone host, one proxy',
  windows: {
    hosts: [HV01, HV02, HV03],
    servers: [PROXY],
    winrm: { authentication: 'Kerberos', useSsl: true, port: 5986 },
    credentials: { default: 'winrm-ferry', servers: { 'PROXY01.contoso.local': 'winrm-proxy01' } },
    pollIntervalMs: 1000,
    timeouts: { createMs: 600_000 },
  },
};

/** The remote wrapper script inside the one-line PowerShell bootstrap (base64). */
function decodeBootstrap(stdin: string): string {
  const b64 = /FromBase64String\('([A-Za-z0-9+/=]+)'\)/.exec(stdin)?.[1] ?? '';
  return Buffer.from(b64, 'base64').toString('utf8');
}

async function failure(p: Promise<unknown>): Promise<FerryError> {
  const e = await p.then(
    () => new Error('expected a failure'),
    (err: unknown) => err,
  );
  if (!(e instanceof FerryError)) throw e;
  return e;
}

describe('createPlatform', () => {
  it('windows off Windows is refused with the reason, before anything is written', async () => {
    const dir = dataDir(CONFIG);
    const err = await failure(createPlatform({ kind: 'windows', dataDir: dir, secrets: new MemorySecrets(), os: 'linux' }));
    expect(err.code).toBe(ErrorCode.InvalidParams);
    expect(err.message).toBe('The windows platform needs Windows: it runs powershell.exe and diskshadow.exe and reaches the Hyper-V hosts over WinRM, and this machine runs linux.');
    expect(err.details).toMatchObject({ hint: expect.stringMatching(/--platform lab/) });
    expect(readdirSync(dir)).toEqual([PLATFORM_CONFIG_FILE]);
  });

  it('windows without platform.json, or with a broken one, says which file and which field', async () => {
    const secrets = new MemorySecrets();
    const missing = dataDir();
    expect((await failure(createPlatform({ kind: 'windows', dataDir: missing, secrets, os: 'win32' }))).message).toMatch(/needs .*platform\.json with a "windows" section/);
    expect(readdirSync(missing)).toEqual([]);

    const noHosts = dataDir({ windows: { hosts: [] } });
    expect((await failure(createPlatform({ kind: 'windows', dataDir: noHosts, secrets, os: 'win32' }))).message).toMatch(/platform\.json: windows\.hosts: list at least one Hyper-V host$/);

    // a password has no place in this file: unknown keys are refused (and the value is never quoted)
    const withPassword = dataDir({ windows: { hosts: [HV01], password: 'Pa$$w0rd!' } });
    const err = await failure(createPlatform({ kind: 'windows', dataDir: withPassword, secrets, os: 'win32' }));
    expect(err.code).toBe(ErrorCode.InvalidParams);
    expect(err.message).toMatch(/windows: .*password/);
    expect(err.message).not.toContain('Pa$$w0rd!');

    const notJson = dataDir('{ "windows": { "hosts": ["hv01"], "secret": "Pa$$w0rd!" ');
    const bad = await failure(createPlatform({ kind: 'windows', dataDir: notJson, secrets, os: 'win32' }));
    expect(bad.message).toMatch(/platform\.json: it is not valid JSON$/);
    expect(bad.message).not.toContain('Pa$$w0rd!');
  });

  it('windows on Windows: the configured hosts and proxies are what the platform inventories', async () => {
    const exec = new ScriptedExecutor(inventorySteps());
    const { platform, lab, labCreatedNow } = await createPlatform({ kind: 'windows', dataDir: dataDir(CONFIG), secrets: new MemorySecrets(), os: 'win32', executor: exec });
    expect(platform.kind).toBe('windows');
    expect(lab).toBeNull();
    expect(labCreatedNow).toBe(false);
    const inv = await platform.inventory();
    exec.assertDone();
    expect(inv.hosts.map((h) => h.id)).toEqual(['hv01', 'hv02', 'hv03', 'proxy01']);
  });

  it('the example in the README is a valid platform.json', () => {
    const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Real Hyper-V: the windows platform'));
    const example = /```json\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toBeDefined();
    expect(readPlatformConfig(dataDir(example))?.windows?.hosts).toEqual([HV01, HV02, HV03]);
  });

  it('platform.json fills in the defaults it leaves out', () => {
    const dir = dataDir({ windows: { hosts: [HV01] } });
    expect(readPlatformConfig(dir)).toEqual({ windows: { hosts: [HV01], servers: [], winrm: {}, credentials: { servers: {} } } });
    expect(readPlatformConfig(dataDir())).toBeNull();
  });

  it('lab is the default and needs nothing but a data folder', async () => {
    const dir = join(dataDir(), 'nested', 'data');
    const { platform, lab, labCreatedNow } = await createPlatform({ dataDir: dir, secrets: new MemorySecrets() });
    expect(platform.kind).toBe('lab');
    expect(lab).toBe(platform);
    expect(labCreatedNow).toBe(true);
    lab?.close();
  });

  it('the WinRM settings and the named credential reach the remote executor (the secret only as a child env var)', async () => {
    const secrets = new MemorySecrets();
    await secrets.set('winrm-proxy01', JSON.stringify({ user: 'PROXY01\\Administrator', secret: 's2' }));
    const specs: ProcessSpec[] = [];
    const runner: ProcessRunner = { run: async (spec) => (specs.push(spec), { exitCode: 0, stdout: 'FERRY_JSON:{}', stderr: '' }) };
    const config = readPlatformConfig(dataDir(CONFIG))?.windows;
    if (!config) throw new Error('no windows section');
    await windowsExecutor(config, secrets, runner).run({ program: 'powershell', script: 'Get-Date', server: PROXY, timeoutMs: 1000 });
    const wrapper = decodeBootstrap(specs[0].stdin ?? '');
    expect(wrapper).toContain(`ComputerName = '${PROXY}'`);
    expect(wrapper).toContain("$ferryParams.Authentication = 'Kerberos'");
    expect(wrapper).toContain('$ferryParams.UseSSL = $true');
    expect(wrapper).toContain('$ferryParams.Port = 5986');
    expect(specs[0].env).toEqual({ FERRY_CRED_USER: 'PROXY01\\Administrator', FERRY_CRED_SECRET: 's2' });
    expect(specs[0].stdin).not.toContain('s2');
  });
});

describe('SecretCredentials (WinRM credentials named in platform.json)', () => {
  it('per server (case-insensitive), else the default, else none = Ferry\'s own Windows identity', async () => {
    const secrets = new MemorySecrets();
    await secrets.set('winrm-ferry', JSON.stringify({ user: 'CONTOSO\\svc-ferry', secret: 's1' }));
    await secrets.set('winrm-proxy01', JSON.stringify({ user: 'PROXY01\\Administrator', secret: 's2' }));
    const names = CONFIG.windows.credentials;
    const creds = new SecretCredentials(secrets, names);
    expect(await creds.get(HV01)).toEqual({ user: 'CONTOSO\\svc-ferry', secret: 's1' });
    expect(await creds.get(PROXY)).toEqual({ user: 'PROXY01\\Administrator', secret: 's2' });
    expect(await new SecretCredentials(secrets).get(HV01)).toBeNull();
  });

  it('a missing or malformed secret is E_WIN_CREDENTIALS without quoting what was stored', async () => {
    const secrets = new MemorySecrets();
    const creds = new SecretCredentials(secrets, { default: 'winrm-ferry' });
    expect(await failure(creds.get(HV01))).toMatchObject({ code: WinCode.Credentials, message: expect.stringMatching(/"winrm-ferry" for hv01\.contoso\.local is not in Ferry's secret store/) });
    await secrets.set('winrm-ferry', 'CONTOSO\\svc-ferry:Pa$$w0rd!');
    const err = await failure(creds.get(HV01));
    expect(err.code).toBe(WinCode.Credentials);
    expect(JSON.stringify(err.toPayload())).not.toContain('Pa$$w0rd!');
  });
});
