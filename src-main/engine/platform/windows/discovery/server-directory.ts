// Maps the server ids the engine uses (lower-case computer names from the inventory) to the names the executor
// connects to (as configured, often FQDNs), and knows which servers to visit for inventory and leftover scans.
import type { ServerRole } from './inventory';
import type { Target } from '../exec/script-runner';

export interface ConfiguredServer {
  connectName: string;
  role: ServerRole;
}

export class ServerDirectory {
  private readonly connectById = new Map<string, string>();
  /** the engine's managed servers, once it named them; null = platform.json's lists are the whole picture */
  private managed: ConfiguredServer[] | null = null;

  constructor(
    readonly configured: ConfiguredServer[],
    /** id of the machine the console runs on, reached without WinRM */
    private readonly localServerId?: string,
  ) {}

  /** Remember how to reach a server once its facts told us its id. */
  learn(id: string, connectName: string): void {
    this.connectById.set(id.toLowerCase(), connectName);
  }

  /** Managed servers (cluster nodes expanded): from now on they, not platform.json's lists, are inventoried. */
  setManaged(servers: ConfiguredServer[]): void {
    this.managed = servers;
  }

  /** The servers an inventory visits. */
  inventoried(): ConfiguredServer[] {
    return this.managed ?? this.configured;
  }

  target(idOrName: string): Target {
    const key = idOrName.toLowerCase();
    const connect =
      this.connectById.get(key) ??
      this.known().find((c) => c.connectName.toLowerCase() === key || shortName(c.connectName) === key)?.connectName ??
      idOrName;
    const id = [...this.connectById.entries()].find(([, name]) => name === connect)?.[0] ?? shortName(connect);
    const local = this.localServerId !== undefined && id === this.localServerId.toLowerCase();
    return { id, server: local ? undefined : connect, name: connect };
  }

  /** Every server Ferry knows: managed, configured, and any learned later (e.g. a proxy checked in the wizard). */
  all(): Target[] {
    const names = new Set<string>([...this.known().map((c) => c.connectName), ...this.connectById.values()]);
    const seen = new Set<string>();
    const out: Target[] = [];
    for (const name of names) {
      const t = this.target(name);
      if (seen.has(t.id)) continue;
      seen.add(t.id);
      out.push(t);
    }
    return out;
  }

  private known(): ConfiguredServer[] {
    return [...(this.managed ?? []), ...this.configured];
  }
}

function shortName(name: string): string {
  return name.split('.')[0].toLowerCase();
}
