import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode, FerryError } from '../../../../../src-shared/contract/errors';
import type { PlatformLog } from '../../types';
import { AGENT_PACKAGE_LAYOUT, deployAgentPs, uninstallAgentPs } from './agent-deploy-scripts';
import { DEFAULT_AGENT_REMOTE_ROOT, WinRmAgentDeployer, agentEndpointSecretName, type WinRmAgentDeployerDeps } from './agent-deployer';
import { MemorySecrets, deployReply, makeAgentPackage, type SeenPairing } from '../testing/agent-test-support';
import { WinCode } from '../error-codes';
import type { Target } from '../exec/script-runner';
import { ScriptedExecutor, ok, psJson } from '../testing/scripted-executor';
import { PROXY, expectGolden, golden } from '../testing/test-support';

const TARGET: Target = { id: 'proxy01', server: PROXY, name: PROXY };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempParent(): string {
  const d = mkdtempSync(join(tmpdir(), 'ferry-deployer-'));
  dirs.push(d);
  return d;
}

interface Harness {
  exec: ScriptedExecutor;
  secrets: MemorySecrets;
  deployer: WinRmAgentDeployer;
  logs: string[];
  log: PlatformLog;
  packageDir: string;
  temps: string[];
}

function harness(exec: ScriptedExecutor, deps: Partial<WinRmAgentDeployerDeps> = {}): Harness {
  const parent = tempParent();
  const packageDir = makeAgentPackage('0.9.0', parent);
  const secrets = new MemorySecrets();
  const temps: string[] = [];
  const logs: string[] = [];
  const deployer = new WinRmAgentDeployer({
    executor: exec,
    secrets,
    packageDir,
    version: '0.9.3',
    winrm: { authentication: 'Kerberos' },
    makeTempDir: async () => {
      const d = mkdtempSync(join(parent, 'pairing-'));
      temps.push(d);
      return d;
    },
    ...deps,
  });
  return { exec, secrets, deployer, logs, log: (level, text) => logs.push(`${level}: ${text}`), packageDir, temps };
}

async function failure(p: Promise<unknown>): Promise<FerryError> {
  const e = await p.then(
    () => new Error('expected a failure'),
    (err: unknown) => err,
  );
  if (!(e instanceof FerryError)) throw e;
  return e;
}

const deployStep = (reply: ReturnType<typeof deployReply> | ReturnType<typeof ok>) =>
  ({ label: 'deploy agent (local script, session to proxy01)', program: 'powershell', server: undefined, script: /New-PSSession @ferryParams/, reply }) as const;

describe('agent deployment scripts (golden)', () => {
  const base = {
    packageDir: 'C:\\Program Files\\Ferry\\resources\\agent',
    pairingDir: 'C:\\Users\\svc-ferry\\AppData\\Local\\Temp\\ferry-pairing-Ab12Cd',
    remoteRoot: DEFAULT_AGENT_REMOTE_ROOT,
    version: '0.9.0',
    serverId: 'proxy01',
    agentPort: 6170,
  };

  it('deploy to a proxy: one session (WinRM settings, credential from the env if set), copy, install, pairing folder removed', () => {
    const text = deployAgentPs({ ...base, server: PROXY, winrm: { authentication: 'Kerberos', useSsl: true, port: 5986 } });
    expectGolden('deploy-agent.proxy.ps1', text);
    expect(text).toMatch(/^[\x20-\x7e\n]*$/);
    expect(text).toContain("$ferryParams = @{ ComputerName = 'proxy01.contoso.local'; ErrorAction = 'Stop' }");
    expect(text).toContain('$ferryParams.Port = 5986');
    expect(text).toContain('if ($env:FERRY_CRED_SECRET) {');
    expect(text).toContain('Remove-Item -LiteralPath Env:FERRY_CRED_SECRET, Env:FERRY_CRED_USER -ErrorAction SilentlyContinue');
    expect(text).toContain("& 'C:\\ProgramData\\Ferry\\agent-package\\0.9.0\\install-agent.ps1' -CertFile ($pairing + '\\agent.crt') -KeyFile ($pairing + '\\agent.key') -TokenFile ($pairing + '\\agent.token') -ServerId 'proxy01' -Port 6170 6>&1");
    expect(text).toContain("icacls.exe $pairing /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F'");
    // the pairing folder and the session go in `finally`; the result line comes after it
    expect(text.indexOf('} finally {')).toBeLessThan(text.indexOf('Remove-PSSession'));
    expect(text.indexOf('Remove-PSSession')).toBeLessThan(text.indexOf("'FERRY_JSON:'"));
  });

  it('deploy on this machine: the same steps without a session or a credential', () => {
    const text = deployAgentPs({ ...base, server: undefined });
    expectGolden('deploy-agent.local.ps1', text);
    expect(text).not.toMatch(/New-PSSession|FERRY_CRED/);
    expect(text).toContain('$onServer = @{}');
  });

  it('uninstall: this version\'s installer, else the newest copied one; then the packages go', () => {
    const text = uninstallAgentPs({ remoteRoot: DEFAULT_AGENT_REMOTE_ROOT, version: '0.9.0' });
    expectGolden('uninstall-agent.ps1', text);
    expect(text).toContain("$preferred = 'C:\\ProgramData\\Ferry\\agent-package\\0.9.0\\install-agent.ps1'");
    expect(text).toContain('& $installer -Uninstall 6>&1');
  });

  it('quotes the paths as PowerShell literals', () => {
    const text = deployAgentPs({ ...base, server: PROXY, packageDir: "C:\\Users\\o'brien\\agent" });
    expect(text).toContain("$package = 'C:\\Users\\o''brien\\agent'");
  });
});

describe('WinRmAgentDeployer.install', () => {
  it('one local script with a session to the proxy: endpoint stored, fingerprint checked, temp folder gone, no secret in the script or the log', async () => {
    const seen: SeenPairing[] = [];
    const h = harness(new ScriptedExecutor([deployStep(deployReply({ seen }))]));
    await h.deployer.install(TARGET, h.log);
    h.exec.assertDone();

    const [pairing] = seen;
    expect(pairing.call.server).toBeUndefined();
    expect(pairing.call.credentialFor).toBe(PROXY);
    expect(pairing.call.program).toBe('powershell');
    if (process.platform !== 'win32') expect(pairing.modes).toEqual({ dir: 0o700, cert: 0o600, key: 0o600, token: 0o600 });
    expect(pairing.token).toMatch(/^[0-9a-f]{64}$/);
    expect(pairing.keyPem).toMatch(/-----BEGIN PRIVATE KEY-----/);

    // the script names the files, never their content
    const script = pairing.call.script;
    expect(script).toContain(`$package = '${h.packageDir}'`);
    expect(script).toContain(`$pairingLocal = '${pairing.dir}'`);
    expect(script).not.toContain(pairing.token);
    expect(script).not.toContain('PRIVATE KEY');
    expect(script).not.toContain('BEGIN CERTIFICATE');
    expect(script).toContain("$ferryParams.Authentication = 'Kerberos'");

    const stored = JSON.parse((await h.secrets.get(agentEndpointSecretName('proxy01'))) ?? 'null');
    expect(stored).toEqual({ serverId: 'proxy01', serverName: PROXY, host: PROXY, port: 6170, certPem: pairing.certPem, fingerprint256: pairing.fingerprint256, token: pairing.token });
    expect(await h.deployer.endpoint(TARGET)).toEqual(stored);

    expect(h.temps).toHaveLength(1);
    expect(existsSync(h.temps[0])).toBe(false);
    expect(h.logs).toEqual([
      `info: ${PROXY}: copying the Ferry agent 0.9.0 package to C:\\ProgramData\\Ferry\\agent-package\\0.9.0 on ${PROXY}`,
      `info: ${PROXY}: installing the FerryAgent service (TCP 6170) with a new certificate and pairing token`,
      `info: ${PROXY}: Copied the Ferry agent 0.9.0 to C:\\Program Files\\Ferry Agent`,
      `info: ${PROXY}: Created the service FerryAgent`,
      `info: ${PROXY}: Firewall: inbound TCP 6170 allowed from Any (Domain, Private profiles)`,
      `info: ${PROXY}: Ferry agent 0.9.0 is running: server id proxy01, TCP 6170, certificate SHA-256 ${pairing.fingerprint256}`,
      `info: ${PROXY}: paired with the Ferry agent 0.9.0 (TCP 6170, certificate SHA-256 ${pairing.fingerprint256})`,
    ]);
    expect(h.logs.join('\n')).not.toContain(pairing.token);
  });

  it('the certificate names the server: CN = server id, SAN = the name WinRM reaches it by', async () => {
    const seen: SeenPairing[] = [];
    const h = harness(new ScriptedExecutor([deployStep(deployReply({ seen }))]));
    await h.deployer.install(TARGET, h.log);
    const { X509Certificate } = await import('node:crypto');
    const cert = new X509Certificate(seen[0].certPem);
    expect(cert.subject).toBe('CN=proxy01');
    expect(cert.subjectAltName).toBe(`DNS:${PROXY}`);
  });

  it('on this machine (no WinRM target): no session, no credential, the endpoint is 127.0.0.1', async () => {
    const seen: SeenPairing[] = [];
    const local: Target = { id: 'mgmt01', server: undefined, name: 'mgmt01.contoso.local' };
    const h = harness(new ScriptedExecutor([{ label: 'deploy locally', program: 'powershell', script: (s) => !s.includes('New-PSSession'), reply: deployReply({ seen }) }]), { port: 6270 });
    await h.deployer.install(local, h.log);
    expect(seen[0].call.credentialFor).toBeUndefined();
    expect(seen[0].call.script).toContain('-ServerId \'mgmt01\' -Port 6270');
    expect(await h.deployer.endpoint(local)).toMatchObject({ serverId: 'mgmt01', host: '127.0.0.1', port: 6270 });
  });

  it('a missing or incomplete package is E_WIN_AGENT_PACKAGE_MISSING with the dist:agent hint, and nothing runs', async () => {
    const exec = new ScriptedExecutor([]);
    const h = harness(exec, { packageDir: join(tempParent(), 'release', 'agent') });
    const err = await failure(h.deployer.install(TARGET, h.log));
    expect(err.code).toBe(WinCode.AgentPackageMissing);
    expect(err.message).toMatch(/the folder does not exist/);
    expect(err.details).toMatchObject({ hint: expect.stringMatching(/npm run dist:agent/) });

    const incomplete = harness(exec);
    rmSync(join(incomplete.packageDir, 'app', 'cli.js'));
    expect((await failure(incomplete.deployer.install(TARGET, incomplete.log))).message).toMatch(/app\/cli\.js is missing/);

    const noVersion = harness(exec);
    writeFileSync(join(noVersion.packageDir, 'app', 'package.json'), '{"name":"ferry-agent"}');
    expect((await failure(noVersion.deployer.install(TARGET, noVersion.log))).code).toBe(WinCode.AgentPackageMissing);

    expect(exec.calls).toEqual([]);
    expect([...h.secrets.values.keys(), ...incomplete.secrets.values.keys()]).toEqual([]);
    expect([...h.temps, ...incomplete.temps, ...noVersion.temps]).toEqual([]);
  });

  it('a package of another Ferry major.minor is refused before anything runs', async () => {
    const exec = new ScriptedExecutor([]);
    const h = harness(exec, { version: '1.0.0' });
    const err = await failure(h.deployer.install(TARGET, h.log));
    expect(err.code).toBe(ErrorCode.AgentVersion);
    expect(err.message).toMatch(/Ferry 0\.9\.0, this console is 1\.0\.0/);
    expect(exec.calls).toEqual([]);
  });

  it('access denied opening the session → E_WIN_ACCESS_DENIED; nothing stored, temp folder gone', async () => {
    const denied = { exitCode: 1, stdout: '', stderr: 'FERRY_REMOTING_ERROR:5:Connecting to remote server proxy01.contoso.local failed: Access is denied.\r\n' };
    const h = harness(new ScriptedExecutor([deployStep(denied)]));
    const err = await failure(h.deployer.install(TARGET, h.log));
    expect(err.code).toBe(WinCode.AccessDenied);
    expect(err.message).toMatch(/^Deploy the Ferry agent: access to proxy01\.contoso\.local was denied/);
    expect(h.secrets.values.size).toBe(0);
    expect(existsSync(h.temps[0])).toBe(false);
  });

  it('a copy that fails (disk full) is the PowerShell error, with the server and step', async () => {
    const full = { exitCode: 1, stdout: '', stderr: 'FERRY_ERROR: There is not enough space on the disk.\r\n' };
    const h = harness(new ScriptedExecutor([deployStep(full)]));
    const err = await failure(h.deployer.install(TARGET, h.log));
    expect(err.code).toBe(WinCode.PowerShellFailed);
    expect(err.message).toBe('Deploy the Ferry agent on proxy01.contoso.local failed: There is not enough space on the disk.');
  });

  it('the installer\'s own failure is surfaced with a hint that fits it; nothing stored', async () => {
    const cases: Array<[string, RegExp]> = [
      ['Node.js was not found: install Node.js 22.5.0 or later, or pass -NodeExe.', /npm run dist:agent -- --node/],
      ['.NET Framework 4 is missing (C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe): the service host cannot be compiled.', /NET-Framework-45-Core/],
      ['The agent does not listen on TCP 6170 (service Stopped); see C:\\ProgramData\\Ferry\\agent\\logs\\agent.log', /agent log/],
      ['Something else entirely.', /install-agent\.ps1 in an elevated PowerShell/],
    ];
    for (const [message, hint] of cases) {
      const h = harness(new ScriptedExecutor([deployStep(deployReply({ failure: message }))]));
      const err = await failure(h.deployer.install(TARGET, h.log));
      expect(err.code).toBe(WinCode.AgentInstallFailed);
      expect(err.message).toBe(`Installing the Ferry agent on ${PROXY} failed: ${message}`);
      expect(err.details).toMatchObject({ hint: expect.stringMatching(hint), installerOutput: ['Copied the Ferry agent 0.9.0 to C:\\Program Files\\Ferry Agent'] });
      expect(h.secrets.values.size).toBe(0);
      expect(existsSync(h.temps[0])).toBe(false);
      // the lines the installer printed before it failed are in the log
      expect(h.logs).toContain(`info: ${PROXY}: Copied the Ferry agent 0.9.0 to C:\\Program Files\\Ferry Agent`);
    }
  });

  it('a fingerprint other than the generated one → E_WIN_AGENT_FINGERPRINT_MISMATCH, nothing stored', async () => {
    const other = 'AA:'.repeat(31) + 'AA';
    const h = harness(new ScriptedExecutor([deployStep(deployReply({ fingerprint: () => other }))]));
    const err = await failure(h.deployer.install(TARGET, h.log));
    expect(err.code).toBe(WinCode.AgentFingerprintMismatch);
    expect(err.message).toContain(other);
    expect(h.secrets.values.size).toBe(0);
    expect(await h.deployer.endpoint(TARGET)).toBeNull();
  });

  it('no fingerprint in the installer output is unexpected output, and a pairing folder left behind is a warning', async () => {
    const h = harness(new ScriptedExecutor([deployStep(psJson({ installed: true, failure: null, fingerprint: null, lines: 'one line', pairingRemoved: false }))]));
    const err = await failure(h.deployer.install(TARGET, h.log));
    expect(err.code).toBe(WinCode.BadOutput);
    expect(h.logs).toContain(`info: ${PROXY}: one line`);
    expect(h.logs.some((l) => l.startsWith(`warning: ${PROXY}: could not remove the temporary pairing folder`))).toBe(true);
    expect(h.secrets.values.size).toBe(0);
  });
});

describe('WinRmAgentDeployer.uninstall and endpoint', () => {
  it('uninstall runs the installer\'s -Uninstall on the proxy, removes the packages and forgets the pairing', async () => {
    const h = harness(
      new ScriptedExecutor([
        deployStep(deployReply()),
        {
          label: 'uninstall',
          program: 'powershell',
          server: PROXY,
          script: golden('uninstall-agent.ps1'),
          reply: psJson({ installer: 'C:\\ProgramData\\Ferry\\agent-package\\0.9.0\\install-agent.ps1', lines: ['Stopping FerryAgent', 'Removed the service FerryAgent', 'Ferry agent removed (kept C:\\ProgramData\\Ferry\\agent)'], serviceLeft: false, removed: true }),
        },
      ]),
    );
    await h.deployer.install(TARGET, h.log);
    expect(await h.deployer.endpoint(TARGET)).not.toBeNull();
    h.logs.length = 0;
    await h.deployer.uninstall(TARGET, h.log);
    h.exec.assertDone();
    expect(await h.deployer.endpoint(TARGET)).toBeNull();
    expect(h.secrets.values.size).toBe(0);
    expect(h.logs).toEqual([
      `info: ${PROXY}: Stopping FerryAgent`,
      `info: ${PROXY}: Removed the service FerryAgent`,
      `info: ${PROXY}: Ferry agent removed (kept C:\\ProgramData\\Ferry\\agent)`,
      `info: ${PROXY}: Ferry agent removed (and C:\\ProgramData\\Ferry\\agent-package); its pairing is forgotten`,
    ]);
  });

  it('uninstall with no package on the server says so (and warns about a service left behind); a failure keeps the pairing', async () => {
    const h = harness(
      new ScriptedExecutor([
        { label: 'uninstall, nothing there', program: 'powershell', server: PROXY, reply: psJson({ installer: null, lines: null, serviceLeft: true, removed: false }) },
        { label: 'uninstall fails', program: 'powershell', server: PROXY, reply: { exitCode: 1, stdout: '', stderr: 'FERRY_ERROR: sc.exe delete FerryAgent failed (exit code 1072)\r\n' } },
      ]),
    );
    await h.deployer.uninstall(TARGET, h.log);
    expect(h.logs[0]).toBe(`info: ${PROXY}: no Ferry agent package in C:\\ProgramData\\Ferry\\agent-package: nothing to uninstall`);
    expect(h.logs[1]).toMatch(/^warning: .*the FerryAgent service is still installed/);

    await h.secrets.set(agentEndpointSecretName('proxy01'), '{}');
    const err = await failure(h.deployer.uninstall(TARGET, h.log));
    expect(err.code).toBe(WinCode.PowerShellFailed);
    expect(err.message).toMatch(/Remove the Ferry agent on proxy01\.contoso\.local failed: sc\.exe delete FerryAgent failed/);
    expect(h.secrets.values.has(agentEndpointSecretName('proxy01'))).toBe(true);
  });

  it('uninstall does not need the package on this machine', async () => {
    const h = harness(new ScriptedExecutor([{ label: 'uninstall', program: 'powershell', server: PROXY, script: /agent-package\\0\.9\.3\\install-agent\.ps1/, reply: psJson({ installer: null, lines: [], serviceLeft: false, removed: false }) }]), {
      packageDir: join(tempParent(), 'nowhere'),
    });
    await h.deployer.uninstall(TARGET, h.log);
    h.exec.assertDone();
  });

  it('endpoint: null when never installed; a damaged secret is an error that does not quote it', async () => {
    const h = harness(new ScriptedExecutor([]));
    expect(await h.deployer.endpoint(TARGET)).toBeNull();
    await h.secrets.set(agentEndpointSecretName('proxy01'), JSON.stringify({ token: 'tok-0123456789abcdef-secret' }));
    const err = await failure(h.deployer.endpoint(TARGET));
    expect(err.code).toBe(ErrorCode.AgentAuth);
    expect(JSON.stringify(err.toPayload())).not.toContain('tok-0123456789abcdef-secret');
  });

  it('the package layout constants are what the deploy and uninstall scripts use', () => {
    expect(AGENT_PACKAGE_LAYOUT.port).toBe(6170);
    expect(readdirSync(makeAgentPackage('0.9.0', tempParent())).sort()).toEqual([AGENT_PACKAGE_LAYOUT.appDir, AGENT_PACKAGE_LAYOUT.installer].sort());
  });
});
