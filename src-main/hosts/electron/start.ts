// The Electron host's composition root: the service on the data folder (`--data=DIR`, else the per-user one), with
// secrets in the OS keychain (safeStorage), lab agents as utility processes, and the app's own agent package.
import { app } from 'electron';
import { join } from 'node:path';
import { appRoot, defaultAgentPackageDir, defaultDataDir, VERSION } from '../../app-paths';
import { createService, type Service } from '../../service/service';
import { safeStorageSecrets } from './safe-storage-secrets';
import { utilityAgentLauncher } from './utility-agent-launcher';

/** `--data=DIR` on Electron's command line (npm start passes it on), else the per-user data folder. */
export function electronDataDir(argv: string[] = process.argv): string {
  const dataArg = argv.find((a) => a.startsWith('--data='));
  return dataArg ? dataArg.slice('--data='.length) : defaultDataDir();
}

export function startElectronService(dataDir: string): Promise<Service> {
  return createService({
    dataDir,
    host: { host: 'electron', version: VERSION },
    labStepDelayMs: 400,
    secrets: safeStorageSecrets(dataDir),
    // Lab proxies' agents are utility processes (runAsNode is fused off); without a built CLI, data moves in-process.
    agentCommand: utilityAgentLauncher(appRoot()),
    // windows platform: the agent package proxies get (electron-builder.yml extraResources: release/agent → agent)
    defaultAgentPackageDir: app.isPackaged ? join(process.resourcesPath, 'agent') : defaultAgentPackageDir(),
    onStartupLog: (_l, t) => console.log(t),
  });
}
