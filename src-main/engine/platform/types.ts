// The one interface between the engine and the outside world (Hyper-V hosts, SAN, proxies).
// Two implementations: platform/lab (embedded default, local disk) and platform/windows (DiskShadow/PowerShell).
import type { Inventory, ReadinessCheck } from '../../../src-shared/domain';

export interface SnapshotRequest {
  /** engine-chosen id, recorded in the ledger before create is called */
  snapshotId: string;
  hostId: string;
  volumeId: string;
  vmIds: string[];
  /** true: through the Hyper-V VSS writer (application-consistent); false: crash-consistent.
   *  When the writer fails for some VMs the platform throws FerryError E_WRITER_FAILED with details.vmIds. */
  applicationConsistent: boolean;
  /** 'hardware': transportable (off-host possible). 'software': the Microsoft Software Shadow Copy provider,
   *  on-host only. A hardware failure throws FerryError E_HW_PROVIDER_FAILED (the engine decides on fallback). */
  provider: 'hardware' | 'software';
}

export interface CreatedSnapshot {
  snapshotId: string;
  /** provider-level identifiers (VSS shadow id / shadow set id) for cleanup after a crash */
  shadowIds: string[];
  provider: string;
  providerKind: 'hardware' | 'software';
  /** transportable metadata (.cab path on Windows) needed by import */
  metadataRef: string;
}

export interface ExposedSnapshot {
  /** root of the snapshot as the proxy (or host, for on-host) sees it */
  root: string;
  /** per VM, per disk index: the path of that disk inside the exposed snapshot */
  disks: Array<{ vmId: string; diskIndex: number; path: string }>;
}

export interface Leftover {
  snapshotId: string;
  shadowIds: string[];
  where: string;
}

/** How the console reaches the data-mover agent on a proxy: TLS to host:port, certificate pinned, token. */
export interface AgentEndpoint {
  serverId: string;
  serverName: string;
  host: string;
  port: number;
  /** the agent's self-signed certificate (PEM), generated at install and pinned */
  certPem: string;
  /** SHA-256 fingerprint of certPem, colon-separated hex as Node prints it */
  fingerprint256: string;
  token: string;
}

export type PlatformLog = (level: 'info' | 'warning' | 'error', text: string) => void;

export interface Platform {
  readonly kind: 'lab' | 'windows';
  inventory(): Promise<Inventory>;
  /** Readiness of a server as off-host proxy: reachability, OS/Hyper-V role, VSS hardware provider, LUN visibility, cluster membership. */
  checkProxy(serverId: string): Promise<ReadinessCheck[]>;
  /** Install and register the data-mover agent on the server. */
  installProxy(serverId: string, log: PlatformLog): Promise<void>;
  uninstallProxy(serverId: string, log: PlatformLog): Promise<void>;

  /** Step 1: transportable snapshot of one volume on its Hyper-V host. */
  createSnapshot(req: SnapshotRequest, log: PlatformLog): Promise<CreatedSnapshot>;
  /** Step 2: import the transportable snapshot on the proxy (skipped for on-host processing). */
  importSnapshot(snap: CreatedSnapshot, proxyServerId: string, log: PlatformLog): Promise<void>;
  /** Step 2b: expose (mount) it where the data mover reads; serverId = proxy, or the host for on-host. */
  exposeSnapshot(snap: CreatedSnapshot, serverId: string, log: PlatformLog): Promise<ExposedSnapshot>;
  /** Step 4a: dismount. Must be idempotent: called on every exit path. */
  unexposeSnapshot(snapshotId: string, serverId: string, log: PlatformLog): Promise<void>;
  /** Step 4b: delete on the storage. Must be idempotent: called on every exit path. */
  deleteSnapshot(snapshotId: string, log: PlatformLog): Promise<void>;
  /** The agent of an installed proxy (started if needed), or null when the server has none. */
  agentEndpoint(serverId: string): Promise<AgentEndpoint | null>;
  /** Snapshots that exist on the storage/hosts/proxies (for crash cleanup at start-up). */
  listLeftovers(): Promise<Leftover[]>;
}
