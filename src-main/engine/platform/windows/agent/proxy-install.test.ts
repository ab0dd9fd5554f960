// Installing and removing an off-host proxy through WindowsPlatform: readiness, work folders, the agent deployer.
import { describe, expect, it } from 'vitest';
import { ErrorCode, FerryError } from '../../../../../src-shared/contract/errors';
import { WinCode } from '../error-codes';
import { deployReply, makeAgentPackage, MemorySecrets, type SeenPairing } from '../testing/agent-test-support';
import { codeOf, harness } from '../testing/platform-harness';
import { ok, psJson, ScriptedExecutor } from '../testing/scripted-executor';
import { factsStdout, golden, inventorySteps, PROXY } from '../testing/test-support';
import { WinRmAgentDeployer } from './agent-deployer';
import type { AgentDeployer } from './proxy-admin';

describe('WindowsPlatform proxy install', () => {
  it('installProxy refuses a proxy that fails a requirement, and without an agent package', async () => {
    const notAdmin = ok(factsStdout('facts-proxy01.json').replace('"IsAdmin":true', '"IsAdmin":false'));
    const notReady = harness([...inventorySteps(), { ...inventorySteps()[3], label: 'probe proxy01', reply: notAdmin }]);
    expect(await codeOf(notReady.platform.installProxy('proxy01', notReady.log))).toBe(ErrorCode.ProxyNotReady);

    const noAgent = harness([...inventorySteps(), { ...inventorySteps()[3], label: 'probe proxy01' }]);
    const refused = await noAgent.platform.installProxy('proxy01', noAgent.log).catch((e: unknown) => e as FerryError);
    expect(refused).toMatchObject({ code: WinCode.NotImplemented, details: { hint: expect.stringMatching(/npm run dist:agent.*"agentPackage".*--agent-package/) } });
    expect(await noAgent.platform.agentEndpoint('proxy01')).toBeNull();
  });

  it('installProxy with an agent deployer: checks, prepares the folders, deploys; uninstall refuses while busy', async () => {
    const installed: string[] = [];
    const deployer: AgentDeployer = {
      install: async (t) => void installed.push(t.name),
      uninstall: async (t) => void installed.splice(installed.indexOf(t.name), 1),
      endpoint: async (t) => ({ serverId: t.id, serverName: t.name, host: t.name, port: 6262, certPem: 'PEM', fingerprint256: 'AA:BB', token: 'tok' }),
    };
    const h = harness(
      [
        ...inventorySteps(),
        { ...inventorySteps()[3], label: 'probe proxy01' },
        { label: 'prepare proxy', program: 'powershell', server: PROXY, script: /proxy\.json/, reply: psJson({ prepared: true }) },
        { label: 'unprepare (busy)', program: 'powershell', server: PROXY, script: golden('unprepare-proxy.ps1'), reply: psJson({ busy: 'snap-0001', removed: false }) },
        { label: 'unprepare', program: 'powershell', server: PROXY, script: golden('unprepare-proxy.ps1'), reply: psJson({ busy: [], removed: true }) },
      ],
      { agentDeployer: deployer },
    );
    await h.platform.installProxy('proxy01', h.log);
    expect(installed).toEqual([PROXY]);
    expect(await h.platform.agentEndpoint('proxy01')).toMatchObject({ serverId: 'proxy01', host: PROXY, port: 6262 });
    expect(await codeOf(h.platform.uninstallProxy('proxy01', h.log))).toBe(ErrorCode.ProxyInUse);
    await h.platform.uninstallProxy('proxy01', h.log);
    expect(installed).toEqual([]);
    h.exec.assertDone();
  });

  it('installProxy with the WinRM agent deployer: prepares, deploys over one session, pairs; agentEndpoint is the stored endpoint', async () => {
    const seen: SeenPairing[] = [];
    const secrets = new MemorySecrets();
    const exec = new ScriptedExecutor([
      ...inventorySteps(),
      { ...inventorySteps()[3], label: 'probe proxy01' },
      { label: 'prepare proxy', program: 'powershell', server: PROXY, script: /proxy\.json/, reply: psJson({ prepared: true }) },
      { label: 'deploy agent (local script, session to proxy01)', program: 'powershell', server: undefined, script: /New-PSSession @ferryParams/, reply: deployReply({ seen }) },
      { label: 'unprepare', program: 'powershell', server: PROXY, script: golden('unprepare-proxy.ps1'), reply: psJson({ busy: [], removed: true }) },
      { label: 'uninstall agent', program: 'powershell', server: PROXY, script: golden('uninstall-agent.ps1'), reply: psJson({ installer: 'C:\\ProgramData\\Ferry\\agent-package\\0.9.0\\install-agent.ps1', lines: ['Removed the service FerryAgent'], serviceLeft: false, removed: true }) },
    ]);
    const deployer = new WinRmAgentDeployer({ executor: exec, secrets, packageDir: makeAgentPackage('0.9.0'), version: '0.9.0' });
    const h = harness([], { executor: exec, agentDeployer: deployer });
    expect(await h.platform.agentEndpoint('proxy01')).toBeNull();
    await h.platform.installProxy('proxy01', h.log);
    expect(seen[0].call.credentialFor).toBe(PROXY);
    const endpoint = await h.platform.agentEndpoint('proxy01');
    expect(endpoint).toEqual({ serverId: 'proxy01', serverName: PROXY, host: PROXY, port: 6170, certPem: seen[0].certPem, fingerprint256: seen[0].fingerprint256, token: seen[0].token });
    expect(h.logs.at(-1)).toBe(`info: ${PROXY}: paired with the Ferry agent 0.9.0 (TCP 6170, certificate SHA-256 ${seen[0].fingerprint256})`);
    expect(h.logs.join('\n')).not.toContain(seen[0].token);

    await h.platform.uninstallProxy('proxy01', h.log);
    expect(await h.platform.agentEndpoint('proxy01')).toBeNull();
    expect(secrets.values.size).toBe(0);
    exec.assertDone();
  });
});
