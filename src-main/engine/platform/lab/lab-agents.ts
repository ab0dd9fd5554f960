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

/** One proxy's agent process: child is null while its files are being checked, before the process exists. */
interface AgentEntry {
  child: LaunchedAgent | null;
  /** null: the proxy has no agent installed */
  started: Promise<{ port: number; secret: AgentSecret } | null>;
  /** set when stop/kill came first: no process is started afterwards */
  ended: boolean;
}

export class LabAgents {
  private readonly procs = new Map<string, AgentEntry>();
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
    const running = await this.ensureRunning(serverId);
    if (!running) return null;
    const { port, secret } = running;
    return { serverId, serverName, host: '127.0.0.1', port, certPem: secret.certPem, fingerprint256: secret.fingerprint256, token: secret.token };
  }

  /** Fault injection: the proxy's agent disappears (process killed). */
  kill(serverId: string): void {
    this.end(serverId, true);
  }

  stop(serverId: string): void {
    this.end(serverId, false);
  }

  stopAll(): void {
    for (const id of [...this.procs.keys()]) this.stop(id);
  }

  /** Agent processes running or starting now (one per proxy at most). */
  get running(): number {
    return this.procs.size;
  }

  private end(serverId: string, hard: boolean): void {
    const entry = this.procs.get(serverId);
    if (!entry) return;
    this.procs.delete(serverId);
    // an agent whose files are still being checked never starts (launch looks at `ended` before it spawns)
    entry.ended = true;
    entry.child?.kill(hard);
  }

  /**
   * The proxy's agent: the running one, the one being started, or a new one. Recorded before the first await, so
   * tasks that ask at the same time share one process (two would leave an orphan holding the lifeline pipe).
   */
  private ensureRunning(serverId: string): AgentEntry['started'] {
    const existing = this.procs.get(serverId);
    if (existing && (existing.child === null || existing.child.alive())) return existing.started;
    const entry: AgentEntry = { child: null, started: Promise.resolve(null), ended: false };
    const forget = () => {
      if (this.procs.get(serverId) === entry) this.procs.delete(serverId);
    };
    entry.started = this.launch(serverId, entry).then(
      (r) => {
        if (!r) forget();
        return r;
      },
      (e: unknown) => {
        forget();
        throw e;
      },
    );
    this.procs.set(serverId, entry);
    return entry.started;
  }

  /** The agent's pairing and port once it is ready; null when the proxy has no agent installed. */
  private async launch(serverId: string, entry: AgentEntry): Promise<{ port: number; secret: AgentSecret } | null> {
    const raw = await this.secrets.get(`agent-${serverId}`);
    if (!raw) return null;
    const secret = JSON.parse(raw) as AgentSecret;
    const dir = this.agentDir(serverId);
    await readFile(join(dir, 'cert.pem')); // installed on the proxy's side too?
    if (entry.ended) throw new FerryError(ErrorCode.AgentUnreachable, `Agent on ${serverId} was stopped while it started`);
    const launcher = this.launcher as AgentLauncher;
    const args = ['agent', '--server-id', serverId, '--cert', join(dir, 'cert.pem'), '--key', join(dir, 'key.pem'), '--token-file', join(dir, 'token'), '--port', '0', '--lab-faults', labFaultsFile(this.dataDir)];
    if (launcher.stdinLifeline) args.push('--exit-with-parent');
    const child = launcher.launch(args);
    entry.child = child;
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill(true); // not left running unseen: nobody would ever stop it
        reject(new FerryError(ErrorCode.AgentUnreachable, `Agent on ${serverId} did not start within ${READY_TIMEOUT_MS / 1000} s`));
      }, READY_TIMEOUT_MS);
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
    return { port, secret };
  }
}
