// Chooses and builds the engine's Platform: `lab` (the default, runs anywhere) or `windows` (real Hyper-V hosts
// and proxies, configured by <dataDir>/platform.json, and only on Windows: it runs powershell.exe/diskshadow.exe).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { SecretStore } from '../secrets';
import { ensureLab } from './lab/create-lab';
import { LabAgents } from './lab/lab-agents';
import { LabPlatform } from './lab/lab-platform';
import { PLATFORM_CONFIG_FILE, readPlatformConfig, type WindowsPlatformConfig } from './platform-config';
import type { Platform } from './types';
import { RemoteExecutor, WindowsPlatform, type Executor } from './windows';
import type { ProcessRunner } from './windows/process-runner';
import { SecretCredentials } from './windows/secret-credentials';

export type PlatformKind = 'lab' | 'windows';
export const PLATFORM_KINDS: readonly PlatformKind[] = ['lab', 'windows'];

export interface PlatformChoice {
  /** default 'lab' */
  kind?: PlatformKind;
  dataDir: string;
  secrets: SecretStore;
  /** lab: how to start `ferry agent` for the lab's proxies; null = data moves in this process */
  labAgentCommand?: string[] | null;
  /** lab: pause per step so people can watch the lifecycle (ms) */
  labStepDelayMs?: number;
  /** the OS Ferry runs on; tests set it */
  os?: NodeJS.Platform;
  /** windows: replaces the WinRM executor; tests set it */
  executor?: Executor;
}

export interface ChosenPlatform {
  platform: Platform;
  /** the same object when the platform is the lab (faults, SAN view), else null */
  lab: LabPlatform | null;
  labCreatedNow: boolean;
}

export async function createPlatform(choice: PlatformChoice): Promise<ChosenPlatform> {
  const kind = choice.kind ?? 'lab';
  if (kind === 'windows') return { platform: windowsPlatform(choice), lab: null, labCreatedNow: false };
  mkdirSync(choice.dataDir, { recursive: true });
  const labCreatedNow = await ensureLab(choice.dataDir);
  const lab = new LabPlatform(choice.dataDir, new LabAgents(choice.dataDir, choice.secrets, choice.labAgentCommand ?? null), { stepDelayMs: choice.labStepDelayMs ?? 0 });
  return { platform: lab, lab, labCreatedNow };
}

/** Checks come first and change nothing: the wrong OS, then a missing or invalid platform.json. */
function windowsPlatform(choice: PlatformChoice): WindowsPlatform {
  const os = choice.os ?? process.platform;
  if (os !== 'win32') {
    throw new FerryError(ErrorCode.InvalidParams, `The windows platform needs Windows: it runs powershell.exe and diskshadow.exe and reaches the Hyper-V hosts over WinRM, and this machine runs ${os}.`, {
      hint: 'Run Ferry on a Windows machine in the hosts\' domain, or use the lab platform here (--platform lab, the default).',
    });
  }
  const file = join(choice.dataDir, PLATFORM_CONFIG_FILE);
  const config = readPlatformConfig(choice.dataDir)?.windows;
  if (!config) {
    throw new FerryError(ErrorCode.InvalidParams, `The windows platform needs ${file} with a "windows" section listing the Hyper-V hosts.`, {
      hint: 'Create it (format in the README, "Real Hyper-V: the windows platform"), then start Ferry again.',
    });
  }
  return new WindowsPlatform({
    executor: choice.executor ?? windowsExecutor(config, choice.secrets),
    hosts: config.hosts,
    servers: config.servers,
    localServerId: config.localServerId,
    workRoot: config.workRoot,
    timeouts: config.timeouts,
    pollIntervalMs: config.pollIntervalMs,
  });
}

/** WinRM to every configured server (local spawn for this machine), with the credentials platform.json names. */
export function windowsExecutor(config: WindowsPlatformConfig, secrets: SecretStore, runner?: ProcessRunner): Executor {
  return new RemoteExecutor({ ...config.winrm, credentials: new SecretCredentials(secrets, config.credentials), runner });
}
