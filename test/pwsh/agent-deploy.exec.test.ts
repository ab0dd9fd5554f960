// The agent deployment end to end under pwsh: Ferry's WinRmAgentDeployer → RemoteExecutor (credential through the
// environment) → deploy-agent script (session, package copy, pairing folder) → the REAL install-agent.ps1 from the
// copied package, with only what needs Windows stubbed (services, registry, firewall, TCP, icacls, csc.exe). The
// installer's fingerprint line must match the certificate Ferry generated, or the deployer refuses the pairing.
// Then the uninstall through the same installer. One pwsh process.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_NAME, SIDE_EFFECT_ENV, SIDE_EFFECT_SEGMENT } from './testing/hostile';
import { PwshSession } from './testing/pwsh-session';
import { SessionRunner } from './testing/session-runner';
import { toolForTests } from './testing/tools';
import { AGENT_PACKAGE, agentEndpointSecretName, installAgentPs, makeAgentPackage, MemorySecrets, RemoteExecutor, serviceHostCs, WinRmAgentDeployer, type Target } from './windows-scripts';

const pwsh = toolForTests('pwsh');
const PROXY: Target = { id: 'proxy01', server: 'proxy01.contoso.local', name: 'proxy01.contoso.local' };

interface Call {
  call: string;
  details: Record<string, unknown>;
}

describe.skipIf(!pwsh.path)(`agent deployment and install-agent.ps1 through pwsh${pwsh.path ? '' : ` (skipped: ${pwsh.skipReason})`}`, () => {
  let session: PwshSession;
  let dir: string;
  beforeAll(() => {
    session = new PwshSession(pwsh.path!);
    dir = mkdtempSync(join(tmpdir(), 'ferry-deploy-'));
  });
  afterAll(async () => {
    await session?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('installs: package and pairing copied, the real installer runs, its fingerprint pairs; uninstall removes it again', async () => {
    // the console's package folder carries hostile names; the proxy's folders must not contain '"' (the installer refuses)
    const packageDir = makeAgentPackage('0.9.0', mkdirp(join(dir, HOSTILE_NAME, SIDE_EFFECT_SEGMENT)));
    writeFileSync(join(packageDir, AGENT_PACKAGE.installer), installAgentPs({ version: '0.9.0' }));
    writeFileSync(join(packageDir, AGENT_PACKAGE.serviceHostSource), serviceHostCs());
    writeFileSync(join(packageDir, 'app', 'cli.js'), "if (process.argv.includes('--version')) console.log('0.9.0');\n");
    mkdirSync(join(packageDir, 'node'));
    writeFileSync(join(packageDir, 'node', 'node.exe'), `#!/bin/sh\nexec '${process.execPath}' "$@"\n`);
    chmodSync(join(packageDir, 'node', 'node.exe'), 0o755);
    const windir = mkdirp(join(dir, 'Windows', 'Microsoft.NET', 'Framework64', 'v4.0.30319'));
    writeFileSync(join(windir, 'csc.exe'), '#!/bin/sh\nfor a in "$@"; do case "$a" in /out:*) : > "${a#/out:}";; esac; done\necho "csc $*" >> "$(dirname "$0")/csc.log"\n');
    chmodSync(join(windir, 'csc.exe'), 0o755);
    const remoteRoot = join(dir, `proxy data \u2019q\u2019 $(ni $env:${SIDE_EFFECT_ENV})`, 'agent-package');
    const programFiles = mkdirp(join(dir, 'Program Files'));
    const programData = mkdirp(join(dir, 'ProgramData'));
    const callLog = join(dir, 'calls.jsonl');
    const pwned = join(dir, 'PWNED');

    const runner = new SessionRunner(session, {
      vars: { FerryRemote: { callLog, deniedCode: null } },
      files: ['remoting', 'agent-install'],
      extra: [
        `$env:WINDIR = '${join(dir, 'Windows')}'`,
        `$env:ProgramFiles = '${programFiles}'`,
        `$env:ProgramData = '${programData}'`,
        "$env:COMPUTERNAME = 'PROXY01'",
        `$env:${SIDE_EFFECT_ENV} = '${pwned}'`,
      ].join('\n'),
    });
    const executor = new RemoteExecutor({ credentials: { get: async () => ({ user: 'LAB\\backup-admin', secret: 'FerryLab!2026' }) }, runner });
    const secrets = new MemorySecrets();
    const deployer = new WinRmAgentDeployer({ executor, secrets, packageDir, version: '0.9.0', remoteRoot, timeoutMs: 30_000 });
    const logs: string[] = [];
    const log = (level: string, text: string) => logs.push(`${level}: ${text}`);
    const calls = (): Call[] => readFileSync(callLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Call);

    await deployer.install(PROXY, log);

    const endpoint = JSON.parse((await secrets.get(agentEndpointSecretName('proxy01')))!) as { fingerprint256: string; host: string; port: number };
    expect(endpoint).toMatchObject({ host: 'proxy01.contoso.local', port: 6170 });
    expect(logs).toContain(`info: proxy01.contoso.local: Ferry agent 0.9.0 is running: server id proxy01, TCP 6170, certificate SHA-256 ${endpoint.fingerprint256}`);
    expect(logs.filter((l) => l.startsWith('warning'))).toEqual([]);
    // the session was opened with the credential from the environment; the pairing folder is gone again
    expect(calls().find((c) => c.call === 'New-PSSession')?.details).toMatchObject({ ComputerName: 'proxy01.contoso.local', User: 'LAB\\backup-admin', Password: 'FerryLab!2026', CredentialEnvLeft: false });
    expect(readdirSync(remoteRoot).sort()).toEqual(['0.9.0']);
    // what the installer did on the "proxy"
    const installDir = join(programFiles, 'Ferry Agent');
    const dataDir = join(programData, 'Ferry', 'agent');
    expect(readdirSync(dataDir).sort()).toEqual(['agent.crt', 'agent.key', 'agent.token']);
    expect(existsSync(join(installDir, 'FerryAgentService.exe'))).toBe(true);
    const service = calls().find((c) => c.call === 'New-Service')!.details;
    const q = (p: string) => `"${p}"`;
    expect(service).toMatchObject({
      Name: 'FerryAgent',
      StartupType: 'Automatic',
      BinaryPathName: [
        q(join(installDir, 'FerryAgentService.exe')), q(join(dataDir, 'logs', 'agent.log')), q(join(installDir, 'node', 'node.exe')), q(join(installDir, 'app', 'cli.js')),
        'agent', '--server-id', 'proxy01', '--cert', q(join(dataDir, 'agent.crt')), '--key', q(join(dataDir, 'agent.key')), '--token-file', q(join(dataDir, 'agent.token')),
        '--port', '6170', '--bind', '0.0.0.0', '--exit-with-parent',
      ].join(' '),
    });
    expect(calls().find((c) => c.call === 'New-NetFirewallRule')?.details).toMatchObject({ Name: 'FerryAgent-TCP-In', LocalPort: '6170', RemoteAddress: ['Any'], Profile: 'Domain,Private', Direction: 'Inbound', Action: 'Allow' });

    await deployer.uninstall(PROXY, log);
    expect(calls().some((c) => c.call === 'sc.exe' && (c.details.Args as string[]).join(' ') === 'delete FerryAgent')).toBe(true);
    expect(existsSync(installDir)).toBe(false);
    expect(existsSync(remoteRoot)).toBe(false);
    expect(logs.some((l) => l.includes('Ferry agent removed'))).toBe(true);
    expect(existsSync(pwned)).toBe(false);
    expect(runner.results.flatMap((r) => r.warnings)).toEqual([]);
  });
});

function mkdirp(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}
