// Test helpers for the agent deployment: a package folder as dist:agent leaves it, an in-memory SecretStore, and
// the scripted answer of the deploy script (it reads the pairing files the deployer wrote, as the proxy would).
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SecretStore } from '../../../secrets/secret-store';
import { PAIRING_FILES } from '../agent/agent-deploy-scripts';
import { certificateFingerprint } from '../../agent-pairing';
import type { ExecRequest, ExecResult } from '../exec/executor';
import { ok } from './scripted-executor';

export class MemorySecrets implements SecretStore {
  readonly values = new Map<string, string>();
  async get(name: string): Promise<string | null> {
    return this.values.get(name) ?? null;
  }
  async set(name: string, value: string): Promise<void> {
    this.values.set(name, value);
  }
  async delete(name: string): Promise<void> {
    this.values.delete(name);
  }
}

/** A minimal agent package: install-agent.ps1, app/cli.js, app/package.json with `version`. */
export function makeAgentPackage(version = '0.9.0', parent = mkdtempSync(join(tmpdir(), 'ferry-agent-pkg-'))): string {
  const dir = join(parent, 'agent');
  mkdirSync(join(dir, 'app'), { recursive: true });
  writeFileSync(join(dir, 'install-agent.ps1'), '# installer\r\n');
  writeFileSync(join(dir, 'app', 'cli.js'), '// bundle\n');
  writeFileSync(join(dir, 'app', 'package.json'), JSON.stringify({ name: 'ferry-agent', version }));
  return dir;
}

/** What the deploy script found in the local pairing folder when it ran. */
export interface SeenPairing {
  call: ExecRequest;
  dir: string;
  certPem: string;
  keyPem: string;
  token: string;
  fingerprint256: string;
  /** permission bits (POSIX) of the folder and the three files */
  modes: { dir: number; cert: number; key: number; token: number };
}

export function pairingDirOf(script: string): string {
  const m = /^\$pairingLocal = '((?:[^']|'')*)'$/m.exec(script);
  if (!m) throw new Error('no $pairingLocal in the deploy script');
  return m[1].replace(/''/g, "'");
}

export interface DeployReplyOptions {
  /** what the installer prints as the fingerprint (default: the real one) */
  fingerprint?: (real: string) => string;
  /** the installer threw this message */
  failure?: string;
  pairingRemoved?: boolean;
  seen?: SeenPairing[];
}

/** The deploy script's result: the installer's Write-Host lines ending with the fingerprint line, as install-agent.ps1 prints them. */
export function deployReply(opts: DeployReplyOptions = {}): (call: ExecRequest) => ExecResult {
  return (call) => {
    const dir = pairingDirOf(call.script);
    const read = (name: string) => readFileSync(join(dir, name), 'utf8');
    const certPem = read(PAIRING_FILES.cert);
    const real = certificateFingerprint(certPem);
    const mode = (p: string) => statSync(p).mode & 0o777;
    opts.seen?.push({
      call,
      dir,
      certPem,
      keyPem: read(PAIRING_FILES.key),
      token: read(PAIRING_FILES.token),
      fingerprint256: real,
      modes: { dir: mode(dir), cert: mode(join(dir, PAIRING_FILES.cert)), key: mode(join(dir, PAIRING_FILES.key)), token: mode(join(dir, PAIRING_FILES.token)) },
    });
    const lines = ['Copied the Ferry agent 0.9.0 to C:\\Program Files\\Ferry Agent', 'Created the service FerryAgent', 'Firewall: inbound TCP 6170 allowed from Any (Domain, Private profiles)'];
    if (opts.failure) {
      return ok(`FERRY_JSON:${JSON.stringify({ installed: false, failure: opts.failure, fingerprint: null, lines: lines.slice(0, 1), pairingRemoved: opts.pairingRemoved ?? true })}\r\n`);
    }
    const fingerprint = opts.fingerprint ? opts.fingerprint(real) : real;
    lines.push(`Ferry agent 0.9.0 is running: server id proxy01, TCP 6170, certificate SHA-256 ${fingerprint}`);
    return ok(`FERRY_JSON:${JSON.stringify({ installed: true, failure: null, fingerprint, lines, pairingRemoved: opts.pairingRemoved ?? true })}\r\n`);
  };
}
