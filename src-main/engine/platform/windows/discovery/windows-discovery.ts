// What the Windows platform knows about its servers: the inventory (every server's facts probe, a server that
// does not answer is a warning), proxy readiness, "Add server" probes, and which servers are managed. It holds the
// last inventory; the snapshot steps read it through ensureInventory().
import { FerryError } from '../../../../../src-shared/contract/errors';
import type { Inventory, ManagedServerKind, ReadinessCheck } from '../../../../../src-shared/domain';
import type { ManagedServerRef, PlatformLog, PreconfiguredServer, ProbedServer, ServerCredential } from '../../types';
import { hintOf } from '../errors';
import type { Clock } from '../exec/clock';
import { domainSuffix, type ManagedCredentials } from '../exec/managed-credentials';
import type { ScriptRunner, Target } from '../exec/script-runner';
import type { WindowsTimeouts } from '../timeouts';
import { buildWindowsInventory, serverId, toDomainInventory, type ServerReport, type WindowsInventory } from './inventory';
import { serverFactsPs } from './ps-server-facts';
import { evaluateProxyReadiness, type ProxyProbe, type ReadinessPolicy } from './readiness';
import type { ServerDirectory } from './server-directory';
import { readServerFacts, type ServerFacts } from './server-facts';
import { probeWindowsServer } from './server-probe';

export interface DiscoveryDeps {
  run: ScriptRunner;
  directory: ServerDirectory;
  timeouts: Pick<WindowsTimeouts, 'commandMs' | 'inventoryMs'>;
  clock: Clock;
  /** platform.json's Hyper-V hosts and other servers, as configured */
  hosts: readonly string[];
  servers: readonly string[];
  readinessPolicy: ReadinessPolicy;
  managedCredentials?: ManagedCredentials;
}

type Outcome = { ok: true; report: ServerReport } | { ok: false; name: string; error: FerryError };

export class WindowsDiscovery {
  private win: WindowsInventory | null = null;

  constructor(private readonly d: DiscoveryDeps) {}

  /** The Windows view of the last inventory (chains, providers, RCT), or null before the first one. */
  windowsInventory(): WindowsInventory | null {
    return this.win;
  }

  async inventory(): Promise<Inventory> {
    const outcomes = await Promise.all(this.d.directory.inventoried().map((c) => this.report(c.connectName, c.role)));
    const reports: ServerReport[] = [];
    const failures: Array<{ name: string; error: FerryError }> = [];
    for (const o of outcomes) {
      if (o.ok) reports.push(o.report);
      else failures.push(o);
    }
    if (reports.length === 0 && failures.length > 0) throw failures[0].error;
    for (const r of reports) this.d.directory.learn(serverId(r.facts.computerName || r.connectName), r.connectName);
    const win = buildWindowsInventory(reports);
    win.warnings.unshift(...failures.map((f) => `${f.name}: not inventoried (${f.error.message})`));
    this.win = win;
    return toDomainInventory(win);
  }

  /** The last inventory, or a new one when there is none (or the managed servers changed since). */
  async ensureInventory(): Promise<WindowsInventory> {
    if (!this.win) await this.inventory();
    return this.win!;
  }

  async checkProxy(serverIdOrName: string): Promise<ReadinessCheck[]> {
    const inv = await this.ensureInventory();
    const target = this.d.directory.target(serverIdOrName);
    let probe: ProxyProbe;
    try {
      const facts = await this.facts(target, false, this.d.timeouts.commandMs, 'Readiness check');
      this.d.directory.learn(serverId(facts.computerName || target.id), target.name);
      probe = { serverId: target.id, reachable: true, facts };
    } catch (e) {
      const err = FerryError.from(e);
      probe = { serverId: target.id, reachable: false, reason: err.message, fix: hintOf(err) ?? 'Check that the server is on and reachable over WinRM, then run the check again.' };
    }
    return evaluateProxyReadiness(probe, inv, this.d.readinessPolicy);
  }

  probeServer(name: string, credential: ServerCredential | null, log: PlatformLog): Promise<ProbedServer> {
    return probeWindowsServer({ run: this.d.run, targetFor: (n) => this.d.directory.target(n), timeoutMs: this.d.timeouts.commandMs, now: () => this.d.clock.now() }, name, credential, log);
  }

  /**
   * platform.json's hosts (cluster nodes included, one by one) and other servers, each with the id the last
   * inventory found behind that name: an IP address or alias in platform.json is not the computer name.
   */
  preconfiguredServers(): PreconfiguredServer[] {
    const idOf = (name: string) => this.win?.hosts.find((h) => h.connectName.toLowerCase() === name.toLowerCase())?.id;
    const entry = (name: string, kind: ManagedServerKind): PreconfiguredServer => {
      const id = idOf(name);
      return id === undefined ? { name, kind } : { name, kind, id };
    };
    return [...this.d.hosts.map((name) => entry(name, 'hyperv-host')), ...this.d.servers.map((name) => entry(name, 'windows-server'))];
  }

  /** From now on the managed servers are inventoried (a cluster through its nodes), each with its stored account. */
  setManagedServers(servers: ManagedServerRef[]): void {
    this.d.directory.setManaged(
      servers.flatMap((s) =>
        s.kind === 'hyperv-cluster'
          ? s.memberIds.map((m) => ({ connectName: this.nodeConnectName(m, s.name), role: 'hyperv-host' as const }))
          : [{ connectName: s.name, role: s.kind === 'hyperv-host' ? ('hyperv-host' as const) : ('server' as const) }],
      ),
    );
    this.d.managedCredentials?.setServers(servers);
    this.win = null; // the next step that needs the inventory reads it with the new list
  }

  /** A node as platform.json or an earlier inventory spells it, else its name in the cluster's domain. */
  private nodeConnectName(nodeId: string, clusterName: string): string {
    const known = this.d.directory.target(nodeId).name;
    return known.toLowerCase() !== nodeId.toLowerCase() ? known : `${nodeId}${domainSuffix(clusterName)}`;
  }

  private async report(connectName: string, role: ServerReport['role']): Promise<Outcome> {
    try {
      const facts = await this.facts(this.d.directory.target(connectName), role === 'hyperv-host', this.d.timeouts.inventoryMs, 'Inventory');
      return { ok: true, report: { connectName, role, facts } };
    } catch (e) {
      return { ok: false, name: connectName, error: FerryError.from(e) };
    }
  }

  private async facts(target: Target, includeVms: boolean, timeoutMs: number, step: string): Promise<ServerFacts> {
    const value = await this.d.run.ps(target, step, serverFactsPs({ includeVms }), timeoutMs);
    return readServerFacts(value, step, target.name, 'inventory');
  }
}
