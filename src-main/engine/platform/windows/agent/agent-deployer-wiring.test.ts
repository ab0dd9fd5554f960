// createPlatform gives the windows platform a WinRmAgentDeployer when some agent package folder is named: the
// user's (ferry serve --agent-package), else platform.json's "agentPackage", else the host's own; none = refused.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { agentPackageDir, createPlatform } from '../../create-platform';
import { PLATFORM_CONFIG_FILE, readPlatformConfig } from '../../platform-config';
import { MemorySecrets, deployReply, makeAgentPackage, type SeenPairing } from '../testing/agent-test-support';
import { WinCode } from '../error-codes';
import { ScriptedExecutor, psJson, type ScriptedStep } from '../testing/scripted-executor';
import { HV01, HV02, HV03, PROXY, inventorySteps } from '../testing/test-support';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dataDir(windows: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-wiring-'));
  dirs.push(dir);
  writeFileSync(join(dir, PLATFORM_CONFIG_FILE), JSON.stringify({ windows: { hosts: [HV01, HV02, HV03], servers: [PROXY], ...windows } }));
  return dir;
}

function installSteps(seen: SeenPairing[]): ScriptedStep[] {
  return [
    ...inventorySteps(),
    { ...inventorySteps()[3], label: 'probe proxy01' },
    { label: 'prepare proxy', program: 'powershell', server: PROXY, script: /proxy\.json/, reply: psJson({ prepared: true }) },
    { label: 'deploy agent', program: 'powershell', server: undefined, script: /New-PSSession @ferryParams/, reply: deployReply({ seen }) },
  ];
}

describe('createPlatform and the agent package', () => {
  it('the user\'s folder wins over platform.json\'s (relative to the data folder), which wins over the host\'s', () => {
    const dir = dataDir({ agentPackage: 'agent' });
    const config = readPlatformConfig(dir)?.windows;
    if (!config) throw new Error('no windows section');
    const secrets = new MemorySecrets();
    expect(agentPackageDir({ dataDir: dir, secrets, agentPackageDir: '/opt/agent', defaultAgentPackageDir: '/app/agent' }, config)).toBe('/opt/agent');
    expect(agentPackageDir({ dataDir: dir, secrets, defaultAgentPackageDir: '/app/agent' }, config)).toBe(join(dir, 'agent'));
    const plain = readPlatformConfig(dataDir({}))?.windows;
    if (!plain) throw new Error('no windows section');
    expect(agentPackageDir({ dataDir: dir, secrets, defaultAgentPackageDir: '/app/agent' }, plain)).toBe('/app/agent');
    expect(agentPackageDir({ dataDir: dir, secrets }, plain)).toBeUndefined();
  });

  it('installProxy deploys the configured package to <workRoot>\\agent-package with the WinRM settings, and pairs', async () => {
    const dir = dataDir({ agentPackage: 'agent', workRoot: 'C:\\Ferry', winrm: { authentication: 'Negotiate', port: 5986, useSsl: true } });
    makeAgentPackage('0.9.0', dir);
    const seen: SeenPairing[] = [];
    const exec = new ScriptedExecutor(installSteps(seen));
    const secrets = new MemorySecrets();
    const { platform } = await createPlatform({ kind: 'windows', dataDir: dir, secrets, os: 'win32', executor: exec, version: '0.9.1', defaultAgentPackageDir: '/nowhere' });
    await platform.installProxy('proxy01', () => undefined);
    exec.assertDone();
    const script = seen[0].call.script;
    expect(script).toContain(`$package = '${join(dir, 'agent')}'`);
    expect(script).toContain("$remotePackage = 'C:\\Ferry\\agent-package\\0.9.0'");
    expect(script).toContain("$ferryParams.Authentication = 'Negotiate'");
    expect(script).toContain('$ferryParams.Port = 5986');
    expect(seen[0].call.credentialFor).toBe(PROXY);
    expect(await platform.agentEndpoint('proxy01')).toMatchObject({ serverId: 'proxy01', host: PROXY, port: 6170, fingerprint256: seen[0].fingerprint256 });
  });

  it('a default package folder that was never built: E_WIN_AGENT_PACKAGE_MISSING after the checks, before any deployment', async () => {
    const dir = dataDir({});
    const exec = new ScriptedExecutor(installSteps([]).slice(0, -1));
    const { platform } = await createPlatform({ kind: 'windows', dataDir: dir, secrets: new MemorySecrets(), os: 'win32', executor: exec, version: '0.9.0', defaultAgentPackageDir: join(dir, 'release', 'agent') });
    await expect(platform.installProxy('proxy01', () => undefined)).rejects.toMatchObject({ code: WinCode.AgentPackageMissing, details: { hint: expect.stringMatching(/npm run dist:agent/) } });
    exec.assertDone();
  });

  it('no package folder named anywhere: installing a proxy is refused with how to configure one', async () => {
    const exec = new ScriptedExecutor(installSteps([]).slice(0, 5));
    const { platform } = await createPlatform({ kind: 'windows', dataDir: dataDir({}), secrets: new MemorySecrets(), os: 'win32', executor: exec });
    await expect(platform.installProxy('proxy01', () => undefined)).rejects.toMatchObject({ code: WinCode.NotImplemented, details: { hint: expect.stringMatching(/agentPackage/) } });
    exec.assertDone();
  });
});
