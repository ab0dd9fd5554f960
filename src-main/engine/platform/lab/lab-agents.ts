// The lab's proxy agents: each installed proxy runs `ferry agent` as its own child process on this
// machine, reached over TLS like a real proxy, so the remote data path is exercised for real.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, FerryError } from '../../../../src-shared/contract/errors';
import type { SecretStore } from '../../secrets/secret-store';
import type { AgentEndpoint } from '../types';
import { generateAgentPairing } from '../agent-pairing';
import { toLauncher, type AgentCommand, type AgentLauncher, type LaunchedAgent } from './agent-launcher';
import { labDir, labFaultsFile } from './lab-state';

const READY_TIMEOUT_MS = 15_000;

interface AgentSecret {
  token: string;
  certPem: string;
  fingerprint256: string;
}

export class LabAgents {
  private readonly procs = new Map<string, { child: LaunchedAgent; port: Promise<number> }>();
  private readonly launcher: AgentLauncher | null;

  constructor(
    private readonly dataDir: string,
    private readonly secrets: SecretStore,
    /** how to start `ferry agent` (e.g. [node, out/main/cli.js], or the Electron host's launcher); null = no agent processes, data moves in-process */
    agentCommand: AgentCommand,
  ) {
    this.launcher = toLauncher(agentCommand);
  }

  get enabled(): boolean {
    return this.launcher !== null;
  }

  private agentDir(serverId: string): string {
    return join(labDir(this.dataDir), 'agents', serverId);
  }

  /** "Installs" the agent on the proxy: certificate + key + token on its side, pinned cert + token on ours. */
  async install(serverId: string, serverName: string): Promise<string> {
    const { certPem, keyPem, token, fingerprint256 } = await generateAgentPairing({ commonName: serverName });
    const dir = this.agentDir(serverId);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(join(dir, 'cert.pem'), certPem);
    await writeFile(join(dir, 'key.pem'), keyPem, { mode: 0o600 });
    await writeFile(join(dir, 'token'), token, { mode: 0o600 });
    const secret: AgentSecret = { token, certPem, fingerprint256 };
    await this.secrets.set(`agent-${serverId}`, JSON.stringify(secret));
    this.stop(serverId); // a reinstall restarts the agent with the new certificate
    return fingerprint256;
  }

  async uninstall(serverId: string): Promise<void> {
    this.stop(serverId);
    await this.secrets.delete(`agent-${serverId}`);
  }

  async endpoint(serverId: string, serverName: string): Promise<AgentEndpoint | null> {
    if (!this.launcher) return null;
    const raw = await this.secrets.get(`agent-${serverId}`);
    if (!raw) return null;
    const secret = JSON.parse(raw) as AgentSecret;
    const port = await this.ensureRunning(serverId);
    return { serverId, serverName, host: '127.0.0.1', port, certPem: secret.certPem, fingerprint256: secret.fingerprint256, token: secret.token };
  }

  /** Fault injection: the proxy's agent disappears (process killed). */
  kill(serverId: string): void {
    this.procs.get(serverId)?.child.kill(true);
    this.procs.delete(serverId);
  }

  stop(serverId: string): void {
    this.procs.get(serverId)?.child.kill(false);
    this.procs.delete(serverId);
  }

  stopAll(): void {
    for (const id of [...this.procs.keys()]) this.stop(id);
  }

  private async ensureRunning(serverId: string): Promise<number> {
    const existing = this.procs.get(serverId);
    if (existing && existing.child.alive()) return existing.port;
    const dir = this.agentDir(serverId);
    await readFile(join(dir, 'cert.pem')); // installed?
    const launcher = this.launcher as AgentLauncher;
    const args = ['agent', '--server-id', serverId, '--cert', join(dir, 'cert.pem'), '--key', join(dir, 'key.pem'), '--token-file', join(dir, 'token'), '--port', '0', '--lab-faults', labFaultsFile(this.dataDir)];
    if (launcher.stdinLifeline) args.push('--exit-with-parent');
    const child = launcher.launch(args);
    const port = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new FerryError(ErrorCode.AgentUnreachable, `Agent on ${serverId} did not start within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
      let out = '';
      child.stdout?.setEncoding('utf8');
      child.stdout?.on('data', (d: string) => {
        out += d;
        const m = /FERRY_AGENT_READY port=(\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.onExit((why) => {
        clearTimeout(timer);
        reject(new FerryError(ErrorCode.AgentUnreachable, `Agent on ${serverId} exited (${why})`));
      });
      child.onError((e) => {
        clearTimeout(timer);
        reject(new FerryError(ErrorCode.AgentUnreachable, `Agent on ${serverId} could not start: ${e.message}`));
      });
    });
    port.catch(() => this.procs.delete(serverId));
    this.procs.set(serverId, { child, port });
    return port;
  }
}
