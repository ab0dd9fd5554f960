// The one interface between the engine and the outside world (Hyper-V hosts, SAN, proxies).
// Two implementations: platform/lab (embedded default, local disk) and platform/windows (DiskShadow/PowerShell).
import type { Inventory, ManagedServerKind, ReadinessCheck, ServerProbe } from '../../../src-shared/domain';

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
  /** true: take a new change-tracking reference point (Hyper-V RCT) of every disk of vmIds together with the
   *  snapshot, so the next backup can ask what changed since it (see CreatedSnapshot.references). Default false. */
  changeTracking?: boolean;
}

/**
 * A change-tracking reference point of one virtual disk (Hyper-V Resilient Change Tracking). It marks the state
 * the snapshot holds: writes after it are what the next incremental reads. The id is opaque to the engine, which
 * stores it with the restore point and hands it back to changedRanges() at the next backup.
 */
export interface ChangeReference {
  vmId: string;
  diskIndex: number;
  referenceId: string;
}

/** Byte ranges of the virtual disk written since a reference point, or why they cannot be known (→ full read). */
export type ChangedRanges = { ranges: Array<{ offset: number; length: number }> } | { ranges: null; reason: string };

export interface CreatedSnapshot {
  snapshotId: string;
  /** provider-level identifiers (VSS shadow id / shadow set id) for cleanup after a crash */
  shadowIds: string[];
  provider: string;
  providerKind: 'hardware' | 'software';
  /** transportable metadata (.cab path on Windows) needed by import */
  metadataRef: string;
  /** with SnapshotRequest.changeTracking: the reference point taken for each disk (absent where the platform has none) */
  references?: ChangeReference[];
}

export interface ExposedSnapshot {
  /** root of the snapshot as the proxy (or host, for on-host) sees it */
  root: string;
  /** the same as an admin knows it on that server, for logs (the lab: the Windows mount point it simulates); default root */
  displayRoot?: string;
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
  /**
   * Change tracking (RCT): the ranges of one disk written between reference `sinceReferenceId` (from an earlier
   * snapshot) and this snapshot's own reference of that disk. May include ranges that did not change (never
   * omits one that did). `ranges: null` with the reason when the platform cannot tell: reference unknown or
   * expired, tracking reset (VM moved, disk replaced), or no tracking on this platform — the engine reads in full.
   */
  changedRanges(snap: CreatedSnapshot, vmId: string, diskIndex: number, sinceReferenceId: string, log: PlatformLog): Promise<ChangedRanges>;
  /**
   * Deletes change-tracking references no restore point builds on any more, so they do not pile up on the host.
   * `retire` are reference ids Ferry took (ChangeReference.referenceId); `keep` are those a job's next incremental
   * still needs. A platform reference that holds several ids (Hyper-V: one reference point per VM, an id per disk)
   * goes only when none of its ids is in `keep`; references Ferry did not take are never touched. Unknown ids are
   * no error (already gone). Best effort: the engine logs a failure as a warning and retries after the next backup.
   */
  retireChangeReferences(vmId: string, retire: readonly string[], keep: readonly string[], log: PlatformLog): Promise<void>;
}

// ---------- managed servers (the backup infrastructure) ----------

/** A WinRM account with its password, handed to the platform only for the call that needs it. */
export interface ServerCredential {
  user: string;
  secret: string;
}

/** What connecting to a server found (ServerProbe without the engine's own "already managed" flag). */
export type ProbedServer = Omit<ServerProbe, 'alreadyManaged'>;

/** A server the platform's own configuration lists. */
export interface PreconfiguredServer {
  /** as configured: what the platform connects to (a DNS name, an alias or an IP address) */
  name: string;
  kind: ManagedServerKind;
  /** its inventory id when the last inventory reached it (windows: the computer name, which an IP address or a
   *  CNAME does not tell); absent when it did not answer, or was not inventoried yet */
  id?: string;
}

/** A managed server as the platform needs it to reach it: name, kind, cluster members and which stored account. */
export interface ManagedServerRef {
  /** inventory id: host id, or cluster id */
  id: string;
  /** the name as added (short name or FQDN): what the platform connects to */
  name: string;
  kind: ManagedServerKind;
  /** cluster: host ids of its nodes */
  memberIds: string[];
  /** stored account (read by the platform from the credential vault); null = the console's own identity */
  credentialId: string | null;
}

/**
 * How the engine brings servers into the backup infrastructure. Kept apart from Platform so the snapshot
 * interface stays what the orchestrator (and its test doubles) implement; both platforms implement both.
 */
export interface ServerAdmin {
  /**
   * Connects to `name` with `credential` (null: the console's own Windows identity, or what the platform's own
   * configuration names for that server) and reports what it is. Changes nothing. Throws FerryError
   * E_SERVER_UNREACHABLE (name unknown, WinRM not answering) or E_ACCESS_DENIED (wrong account or password,
   * not an administrator), each with details.hint.
   */
  probeServer(name: string, credential: ServerCredential | null, log: PlatformLog): Promise<ProbedServer>;
  /** Servers the platform's own configuration lists (lab: its preconfigured datacenter; windows: platform.json),
   *  registered as managed servers once, on the first start of a data folder. */
  preconfiguredServers(): Promise<PreconfiguredServer[]>;
  /** The managed servers, after every change and at start-up: whom inventory and readiness reach, and with which account. */
  setManagedServers(servers: ManagedServerRef[]): void;
}
