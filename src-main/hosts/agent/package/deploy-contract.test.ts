// The console's deployer (engine/platform/windows/agent/agent-deployer.ts) drives install-agent.ps1 remotely, but the
// engine may not import this folder: it repeats the few names it relies on. This test keeps both sides in step —
// the layout, the installer's parameters, the pairing file names, and the fingerprint line the deployer reads.
import { describe, expect, it } from 'vitest';
import { AGENT_PACKAGE_LAYOUT, PAIRING_FILES, deployAgentPs, uninstallAgentPs } from '../../../engine/platform/windows/agent/agent-deploy-scripts';
import { generateAgentPairing } from '../../../engine/platform/agent-pairing';
import { AGENT_PACKAGE } from './layout';
import { installAgentPs } from './install-agent-ps';

const installer = installAgentPs({ version: '0.9.0' });
const deploy = deployAgentPs({ server: 'proxy01.contoso.local', packageDir: 'C:\\pkg', pairingDir: 'C:\\tmp\\p', remoteRoot: 'C:\\ProgramData\\Ferry\\agent-package', version: '0.9.0', serverId: 'proxy01', agentPort: 6170 });

describe('deployer ↔ agent package contract', () => {
  it('the deployer\'s copy of the layout is the package\'s', () => {
    expect(AGENT_PACKAGE_LAYOUT).toEqual({
      installer: AGENT_PACKAGE.installer,
      appDir: AGENT_PACKAGE.appDir,
      entry: AGENT_PACKAGE.entry,
      serviceName: AGENT_PACKAGE.serviceName,
      port: AGENT_PACKAGE.port,
    });
  });

  it('the installer takes the parameters the deploy and uninstall scripts pass', () => {
    for (const param of ['CertFile', 'KeyFile', 'TokenFile', 'ServerId', 'Port']) {
      expect(installer).toMatch(new RegExp(`\\]\\$${param}\\b`));
      expect(deploy).toContain(` -${param} `);
    }
    expect(installer).toMatch(/\[switch\]\$Uninstall/);
    expect(uninstallAgentPs({ remoteRoot: 'C:\\x', version: '0.9.0' })).toContain('-Uninstall');
    // the same file names the installer keeps in its data folder
    for (const name of Object.values(PAIRING_FILES)) expect(installer).toContain(`'${name}'`);
  });

  it('the deploy script finds the fingerprint in the line the installer prints, in Node\'s format', async () => {
    const template = /Write-Host "(Ferry agent \$Version is running: .*certificate SHA-256 \$fingerprint)"/.exec(installer)?.[1];
    expect(template).toBeDefined();
    expect(installer).toContain("$_.ToString('X2') }) -join ':'");
    const { fingerprint256 } = await generateAgentPairing({ commonName: 'proxy01' });
    const line = (template ?? '').replace('$Version', '0.9.0').replace('$ServerId', 'proxy01').replace('$Port', '6170').replace('$fingerprint', fingerprint256);
    const pattern = /\[regex\]::Match\(\[string\]\$line, '([^']+)'\)/.exec(deploy)?.[1];
    expect(pattern).toBeDefined();
    expect(new RegExp(pattern ?? '$^').exec(line)?.[1]).toBe(fingerprint256);
  });
});
