// Puts the Ferry data-mover agent on an off-host proxy over PowerShell remoting and pairs the console with it:
//   1. check the local agent package (npm run dist:agent) — nothing changes when it is missing or does not fit
//   2. generate certificate + key + token into an owner-only temp folder on this machine
//   3. one local PowerShell script: session to the proxy, copy the package and the three files, run
//      install-agent.ps1 there, remove the pairing files from the proxy (agent-deploy-scripts.ts)
//   4. the fingerprint the installer printed must be the generated one; then the endpoint (pinned certificate,
//      token) goes into the SecretStore — never into SQLite, a script or a log line
// The local temp folder is removed whatever happens.
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ErrorCode, FerryError } from '../../../../../src-shared/contract/errors';
import type { SecretStore } from '../../../secrets/secret-store';
import type { AgentEndpoint, PlatformLog } from '../../types';
import { AGENT_PACKAGE_FOLDER, AGENT_PACKAGE_LAYOUT, PAIRING_FILES, deployAgentPs, uninstallAgentPs } from './agent-deploy-scripts';
import { generateAgentPairing } from '../../agent-pairing';
import { WinCode } from '../error-codes';
import { badOutputError, powerShellFailureError, winError } from '../errors';
import type { Executor } from '../exec/executor';
import { extractPsJson, psList } from '../exec/parse';
import { DEFAULT_WORK_ROOT, winJoin } from '../paths';
import type { AgentDeployer } from './proxy-admin';
import type { WinRmOptions } from '../exec/remote-executor';
import { ScriptRunner, type Target } from '../exec/script-runner';

export const DEFAULT_AGENT_INSTALL_TIMEOUT_MS = 20 * 60_000;
export const DEFAULT_AGENT_REMOTE_ROOT = winJoin(DEFAULT_WORK_ROOT, AGENT_PACKAGE_FOLDER);

const DEPLOY_STEP = 'Deploy the Ferry agent';
const REMOVE_STEP = 'Remove the Ferry agent';

export interface WinRmAgentDeployerDeps {
  executor: Executor;
  secrets: SecretStore;
  /** the agent package on this machine: install-agent.ps1, app/cli.js, app/package.json (its version) */
  packageDir: string;
  /** the console's version: the package's major.minor must match it (the agent refuses other consoles) */
  version?: string;
  /** the agent's TCP port (default 6170, `ferry agent`'s) */
  port?: number;
  /** the whole deployment: copying the package (node.exe is ~80 MB) and the installer */
  timeoutMs?: number;
  /** folder on the proxy for the copied packages (default C:\ProgramData\Ferry\agent-package) */
  remoteRoot?: string;
  /** the same WinRM settings as the RemoteExecutor's */
  winrm?: WinRmOptions;
  /** a fresh empty folder for the pairing files; default: a new folder in the OS temp folder */
  makeTempDir?: () => Promise<string>;
}

/** Secret store name of a proxy's agent endpoint. */
export function agentEndpointSecretName(serverId: string): string {
  return `agent-endpoint.${serverId}`;
}

const StoredEndpoint = z
  .object({
    serverId: z.string().min(1),
    serverName: z.string().min(1),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    certPem: z.string().includes('-----BEGIN CERTIFICATE-----'),
    fingerprint256: z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/),
    token: z.string().min(16),
  })
  .strict();

const lineList = psList(z.string());

const DeployResult = z.object({
  installed: z.boolean(),
  failure: z.string().nullable().optional(),
  fingerprint: z.string().nullable().optional(),
  lines: lineList,
  pairingRemoved: z.boolean(),
});

const UninstallResult = z.object({
  installer: z.string().nullable().optional(),
  lines: lineList,
  serviceLeft: z.boolean(),
  removed: z.boolean(),
});

const PackageJson = z.object({ version: z.string().regex(/^[0-9A-Za-z.+-]+$/) });

interface AgentPackage {
  dir: string;
  version: string;
}

export class WinRmAgentDeployer implements AgentDeployer {
  private readonly run: ScriptRunner;
  private readonly port: number;
  private readonly timeoutMs: number;
  private readonly remoteRoot: string;

  constructor(private readonly d: WinRmAgentDeployerDeps) {
    this.run = new ScriptRunner(d.executor);
    this.port = d.port ?? AGENT_PACKAGE_LAYOUT.port;
    this.timeoutMs = d.timeoutMs ?? DEFAULT_AGENT_INSTALL_TIMEOUT_MS;
    this.remoteRoot = d.remoteRoot ?? DEFAULT_AGENT_REMOTE_ROOT;
  }

  async install(target: Target, log: PlatformLog): Promise<void> {
    checkServerId(target);
    const pkg = await this.readPackage();
    if (this.d.version !== undefined && !compatible(pkg.version, this.d.version)) {
      throw new FerryError(ErrorCode.AgentVersion, `The agent package in ${pkg.dir} is Ferry ${pkg.version}, this console is ${this.d.version}: the agent would refuse it.`, {
        hint: 'Rebuild the agent package from this Ferry version with npm run dist:agent, then install the proxy again.',
      });
    }
    const pairing = await generateAgentPairing({ commonName: target.id, dnsNames: [target.server ?? target.name] });
    const remotePackage = winJoin(this.remoteRoot, pkg.version);
    const where = target.server ?? 'this machine';
    let stdout: string;
    const temp = await (this.d.makeTempDir ?? defaultTempDir)();
    try {
      await chmod(temp, 0o700);
      await writeFile(join(temp, PAIRING_FILES.cert), pairing.certPem, { mode: 0o600, flag: 'wx' });
      await writeFile(join(temp, PAIRING_FILES.key), pairing.keyPem, { mode: 0o600, flag: 'wx' });
      await writeFile(join(temp, PAIRING_FILES.token), pairing.token, { mode: 0o600, flag: 'wx' });
      log('info', `${target.name}: copying the Ferry agent ${pkg.version} package to ${remotePackage} on ${where}`);
      log('info', `${target.name}: installing the ${AGENT_PACKAGE_LAYOUT.serviceName} service (TCP ${this.port}) with a new certificate and pairing token`);
      const script = deployAgentPs({
        server: target.server,
        winrm: this.d.winrm,
        packageDir: pkg.dir,
        pairingDir: temp,
        remoteRoot: this.remoteRoot,
        version: pkg.version,
        serverId: target.id,
        agentPort: this.port,
      });
      const result = await this.d.executor.run({ program: 'powershell', script, server: undefined, credentialFor: target.server, timeoutMs: this.timeoutMs });
      if (result.exitCode !== 0) throw powerShellFailureError(DEPLOY_STEP, target.name, result);
      stdout = result.stdout;
    } finally {
      await rm(temp, { recursive: true, force: true });
    }

    const outcome = parseResult(DeployResult, stdout, DEPLOY_STEP, target.name);
    for (const line of outcome.lines) log('info', `${target.name}: ${line}`);
    if (!outcome.pairingRemoved) {
      log('warning', `${target.name}: could not remove the temporary pairing folder ${winJoin(this.remoteRoot, 'pairing-*')} (it holds the agent's key; only SYSTEM and Administrators can read it): delete it by hand`);
    }
    if (!outcome.installed) throw installerError(target.name, outcome.failure ?? 'no reason printed', outcome.lines, remotePackage);
    if (!outcome.fingerprint) throw badOutputError(DEPLOY_STEP, target.name, 'the installer printed no certificate fingerprint');
    if (outcome.fingerprint.toUpperCase() !== pairing.fingerprint256.toUpperCase()) {
      throw winError(
        WinCode.AgentFingerprintMismatch,
        `The Ferry agent on ${target.name} reports certificate SHA-256 ${outcome.fingerprint}, but Ferry generated ${pairing.fingerprint256}: it was not paired.`,
        { hint: 'Another installation may have run at the same time. Install the proxy again; if it repeats, check install-agent.ps1 in the package.', server: target.name, step: DEPLOY_STEP },
      );
    }
    const endpoint: AgentEndpoint = {
      serverId: target.id,
      serverName: target.name,
      // the installer binds 0.0.0.0 (IPv4): "localhost" could resolve to ::1 first
      host: target.server ?? '127.0.0.1',
      port: this.port,
      certPem: pairing.certPem,
      fingerprint256: pairing.fingerprint256,
      token: pairing.token,
    };
    await this.d.secrets.set(agentEndpointSecretName(target.id), JSON.stringify(endpoint));
    log('info', `${target.name}: paired with the Ferry agent ${pkg.version} (TCP ${this.port}, certificate SHA-256 ${pairing.fingerprint256})`);
  }

  async uninstall(target: Target, log: PlatformLog): Promise<void> {
    checkServerId(target);
    // the package is not needed to remove the agent: its version only says which copied installer to prefer
    const version = await this.readPackage().then(
      (p) => p.version,
      () => this.d.version ?? '',
    );
    const outcome = UninstallResult.parse(await this.run.ps(target, REMOVE_STEP, uninstallAgentPs({ remoteRoot: this.remoteRoot, version }), this.timeoutMs));
    for (const line of outcome.lines) log('info', `${target.name}: ${line}`);
    if (!outcome.installer) log('info', `${target.name}: no Ferry agent package in ${this.remoteRoot}: nothing to uninstall`);
    if (outcome.serviceLeft) {
      log('warning', `${target.name}: the ${AGENT_PACKAGE_LAYOUT.serviceName} service is still installed: run install-agent.ps1 -Uninstall from an agent package on the server`);
    }
    await this.d.secrets.delete(agentEndpointSecretName(target.id));
    log('info', `${target.name}: Ferry agent removed${outcome.removed ? ` (and ${this.remoteRoot})` : ''}; its pairing is forgotten`);
  }

  async endpoint(target: Target): Promise<AgentEndpoint | null> {
    checkServerId(target);
    const raw = await this.d.secrets.get(agentEndpointSecretName(target.id));
    if (raw === null) return null;
    try {
      return StoredEndpoint.parse(JSON.parse(raw));
    } catch {
      // never the parser's message: it would quote the stored token
      throw new FerryError(ErrorCode.AgentAuth, `The stored pairing of the Ferry agent on ${target.name} is damaged.`, {
        hint: 'Install the proxy again (proxy wizard): it pairs a new certificate and token.',
      });
    }
  }

  /** The package folder as dist:agent leaves it, or E_WIN_AGENT_PACKAGE_MISSING (before anything changes). */
  private async readPackage(): Promise<AgentPackage> {
    const dir = this.d.packageDir;
    const missing = (what: string) =>
      winError(WinCode.AgentPackageMissing, `The Ferry agent package in ${dir} is not usable: ${what}.`, {
        hint: 'Build it with npm run dist:agent (it writes release/agent), or point Ferry at it: "agentPackage" in platform.json, or ferry serve --agent-package DIR.',
        packageDir: dir,
      });
    if (!(await isDirectory(dir))) throw missing('the folder does not exist');
    for (const file of [AGENT_PACKAGE_LAYOUT.installer, join(AGENT_PACKAGE_LAYOUT.appDir, AGENT_PACKAGE_LAYOUT.entry)]) {
      if (!(await isFile(join(dir, file)))) throw missing(`${file} is missing`);
    }
    let version: string;
    try {
      version = PackageJson.parse(JSON.parse(await readFile(join(dir, AGENT_PACKAGE_LAYOUT.appDir, 'package.json'), 'utf8'))).version;
    } catch {
      throw missing(`${AGENT_PACKAGE_LAYOUT.appDir}/package.json has no usable version`);
    }
    return { dir, version };
  }
}

/** Agents and consoles talk when major.minor match (the same rule as the agent protocol). */
function compatible(a: string, b: string): boolean {
  return a.split('.').slice(0, 2).join('.') === b.split('.').slice(0, 2).join('.');
}

function checkServerId(target: Target): void {
  // it becomes a secret name and the installer's -ServerId
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(target.id)) {
    throw new FerryError(ErrorCode.InvalidParams, `The server id "${target.id}" cannot name an agent (letters, digits, . _ - only).`, { hint: 'Use the server\'s computer name.' });
  }
}

function parseResult<T>(schema: z.ZodType<T>, stdout: string, step: string, server: string): T {
  let value: unknown;
  try {
    value = extractPsJson(stdout);
  } catch (e) {
    throw badOutputError(step, server, e instanceof Error ? e.message : String(e));
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw badOutputError(step, server, 'the result line does not have the expected fields');
  return parsed.data;
}

/** install-agent.ps1 threw: its own message, and what to do about the ones it is known to throw. */
function installerError(server: string, failure: string, lines: string[], remotePackage: string): FerryError {
  return winError(WinCode.AgentInstallFailed, `Installing the Ferry agent on ${server} failed: ${failure}`, {
    hint: installerHint(failure, remotePackage),
    server,
    step: DEPLOY_STEP,
    installerOutput: lines.slice(-20),
  });
}

function installerHint(failure: string, remotePackage: string): string {
  if (/Node\.js was not found|Ferry needs [0-9.]+ or later/.test(failure)) {
    return 'Install Node.js 22.5 or later on the proxy, or build the package with its own Node (npm run dist:agent -- --node C:\\path\\to\\node.exe), then install the proxy again.';
  }
  if (/\.NET Framework 4 is missing/.test(failure)) {
    return 'Install the .NET Framework 4.x on the proxy (Install-WindowsFeature NET-Framework-45-Core), then install the proxy again.';
  }
  if (/#requires|RunAsAdministrator|elevat/i.test(failure)) {
    return 'The account is not an elevated administrator on the proxy: use a domain account in its local Administrators group (local accounts other than the built-in Administrator get a filtered token over WinRM).';
  }
  if (/does not start with/.test(failure)) {
    return 'The agent bundle does not start on the proxy: the package is incomplete (the Windows lz4 binding is missing when it was built off Windows). Rebuild it on Windows with npm run dist:agent.';
  }
  if (/does not listen on TCP/.test(failure)) {
    return 'The service started but the agent does not listen: read the agent log the message names on the proxy; another program may hold the port.';
  }
  return `Run ${remotePackage}\\${AGENT_PACKAGE_LAYOUT.installer} in an elevated PowerShell on the proxy to see the full error.`;
}

async function defaultTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'ferry-pairing-'));
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}
