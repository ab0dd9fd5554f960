// Chooses and builds the engine's Platform: `lab` (the default, runs anywhere) or `windows` (real Hyper-V hosts
// and proxies, configured by <dataDir>/platform.json, and only on Windows: it runs powershell.exe/diskshadow.exe).
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { SecretStore } from '../secrets/secret-store';
import { ensureLab } from './lab/create-lab';
import type { AgentCommand } from './lab/agent-launcher';
import { LabAgents } from './lab/lab-agents';
import { LabPlatform } from './lab/lab-platform';
import { LabRestore } from './lab/lab-restore';
import type { RestorePlatform } from './restore-types';
import { PLATFORM_CONFIG_FILE, readPlatformConfig, type WindowsPlatformConfig } from './platform-config';
import type { Platform, ServerAdmin } from './types';
import { CredentialVault } from '../secrets/credential-vault';
import { ManagedCredentials } from './windows/exec/managed-credentials';
import { RemoteExecutor, WindowsPlatform, type Executor } from './windows';
import { AGENT_PACKAGE_FOLDER } from './windows/agent/agent-deploy-scripts';
import { WinRmAgentDeployer } from './windows/agent/agent-deployer';
import { DEFAULT_WORK_ROOT, winJoin } from './windows/paths';
import type { ProcessRunner } from './windows/exec/process-runner';
import { SecretCredentials } from './windows/exec/secret-credentials';

export type PlatformKind = 'lab' | 'windows';
export const PLATFORM_KINDS: readonly PlatformKind[] = ['lab', 'windows'];

export interface PlatformChoice {
  /** default 'lab' */
  kind?: PlatformKind;
  dataDir: string;
  secrets: SecretStore;
  /** lab: how to start `ferry agent` for the lab's proxies; null = data moves in this process */
  labAgentCommand?: AgentCommand;
  /** lab: pause per step so people can watch the lifecycle (ms) */
  labStepDelayMs?: number;
  /** the OS Ferry runs on; tests set it */
  os?: NodeJS.Platform;
  /** windows: replaces the WinRM executor; tests set it */
  executor?: Executor;
  /** windows: the agent package folder the user named (ferry serve --agent-package): wins over platform.json */
  agentPackageDir?: string;
  /** windows: where the host's own agent package is (the app's resources\agent, release/agent in a checkout):
   *  used when neither the user nor platform.json ("agentPackage") names one */
  defaultAgentPackageDir?: string;
  /** the console's version: the agent package must match it */
  version?: string;
  /** another engine owns the data folder: the lab must exist already and is never created or completed here */
  readOnly?: boolean;
}

export interface ChosenPlatform {
  /** also how managed servers are probed and reached (ServerAdmin) */
  platform: Platform & ServerAdmin;
  /** the same object when the platform is the lab (faults, SAN view), else null */
  lab: LabPlatform | null;
  labCreatedNow: boolean;
  /** the platform's restore side (targets, VM registration, files on the target) */
  restore: RestorePlatform;
}

export async function createPlatform(choice: PlatformChoice): Promise<ChosenPlatform> {
  const kind = choice.kind ?? 'lab';
  if (kind === 'windows') {
    const windows = windowsPlatform(choice);
    return { platform: windows, lab: null, labCreatedNow: false, restore: windows.restore };
  }
  let labCreatedNow = false;
  if (!choice.readOnly) {
    mkdirSync(choice.dataDir, { recursive: true });
    labCreatedNow = (await ensureLab(choice.dataDir)).created;
  }
  const lab = new LabPlatform(choice.dataDir, new LabAgents(choice.dataDir, choice.secrets, choice.labAgentCommand ?? null), { stepDelayMs: choice.labStepDelayMs ?? 0, agentVersion: choice.version });
  return { platform: lab, lab, labCreatedNow, restore: new LabRestore(lab) };
}

/**
 * The windows platform can work here: Windows, and a platform.json with a "windows" section. Changes nothing, so
 * the engine checks it before it takes or writes anything in the data folder. Returns that section.
 */
export function assertWindowsUsable(dataDir: string, os: NodeJS.Platform = process.platform): WindowsPlatformConfig {
  if (os !== 'win32') {
    throw new FerryError(ErrorCode.InvalidParams, `The windows platform needs Windows: it runs powershell.exe and diskshadow.exe and reaches the Hyper-V hosts over WinRM, and this machine runs ${os}.`, {
      hint: 'Run Ferry on a Windows machine in the hosts\' domain, or use the lab platform here (--platform lab, the default).',
    });
  }
  const file = join(dataDir, PLATFORM_CONFIG_FILE);
  const config = readPlatformConfig(dataDir)?.windows;
  if (!config) {
    throw new FerryError(ErrorCode.InvalidParams, `The windows platform needs ${file} with a "windows" section listing the Hyper-V hosts.`, {
      hint: 'Create it (format in the README, "Real Hyper-V: the windows platform"), then start Ferry again.',
    });
  }
  return config;
}

/** Checks come first and change nothing: the wrong OS, then a missing or invalid platform.json. */
function windowsPlatform(choice: PlatformChoice): WindowsPlatform {
  const config = assertWindowsUsable(choice.dataDir, choice.os);
  const managedCredentials = managedServerCredentials(config, choice.secrets);
  const executor = choice.executor ?? windowsExecutor(config, choice.secrets, undefined, managedCredentials);
  return new WindowsPlatform({
    executor,
    managedCredentials,
    agentDeployer: agentDeployer(choice, config, executor),
    hosts: config.hosts,
    servers: config.servers,
    localServerId: config.localServerId,
    workRoot: config.workRoot,
    timeouts: config.timeouts,
    pollIntervalMs: config.pollIntervalMs,
  });
}

/** Proxies get the agent from a package folder: the user's, else platform.json's (relative to the data folder), else the host's. */
export function agentPackageDir(choice: PlatformChoice, config: WindowsPlatformConfig): string | undefined {
  if (choice.agentPackageDir) return choice.agentPackageDir;
  if (config.agentPackage) return resolve(choice.dataDir, config.agentPackage);
  return choice.defaultAgentPackageDir;
}

/** No package folder at all = no deployer: installing a proxy is refused with how to configure one. */
function agentDeployer(choice: PlatformChoice, config: WindowsPlatformConfig, executor: Executor): WinRmAgentDeployer | undefined {
  const packageDir = agentPackageDir(choice, config);
  if (!packageDir) return undefined;
  return new WinRmAgentDeployer({
    executor,
    secrets: choice.secrets,
    packageDir,
    version: choice.version,
    winrm: config.winrm,
    remoteRoot: winJoin(config.workRoot ?? DEFAULT_WORK_ROOT, AGENT_PACKAGE_FOLDER),
  });
}

/** WinRM to every server (local spawn for this machine): a managed server's stored account, else what platform.json names. */
export function windowsExecutor(config: WindowsPlatformConfig, secrets: SecretStore, runner?: ProcessRunner, credentials: ManagedCredentials = managedServerCredentials(config, secrets)): Executor {
  return new RemoteExecutor({ ...config.winrm, credentials, runner });
}

function managedServerCredentials(config: WindowsPlatformConfig, secrets: SecretStore): ManagedCredentials {
  return new ManagedCredentials(new CredentialVault(secrets), new SecretCredentials(secrets, config.credentials));
}
