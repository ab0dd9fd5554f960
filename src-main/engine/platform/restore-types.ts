// What a restore needs from the outside world, apart from the backup-side Platform (whose test doubles need not
// grow): target facts (paths, free space, switches), the VMs' state, registering a VM from its saved
// configuration, and where each target server's data mover writes. Both platforms implement it.
import type { VmConfig, VmDiskAttachment } from '../../../src-shared/vm-config';
import type { ChangedRanges, PlatformLog } from './types';

export interface RestoreVolumeFacts {
  id: string;
  /** as the host shows it: D:\ or C:\ClusterStorage\Volume1 */
  path: string;
  kind: 'csv' | 'local';
  /** the host that writes it (a CSV: its current owner node) */
  ownerHostId: string;
  freeBytes: number;
}

export interface RestoreServerFacts {
  serverId: string;
  name: string;
  kind: 'hyperv-host' | 'hyperv-cluster' | 'windows-server';
  nodeIds: string[];
  /** the host's default VM path (a cluster: '' — the engine picks the CSV with most free space) */
  defaultPath: string;
  volumes: RestoreVolumeFacts[];
  switches: string[];
  /** the server answers and its data mover can take restore data */
  available: boolean;
  unavailableReason: string | null;
}

/** A disk the target's data mover wrote, to attach to a VM. */
export interface RestoredDiskFile {
  diskIndex: number;
  /** as the host knows it (Windows path) */
  path: string;
  attachment: VmDiskAttachment;
}

export interface RegisterVmRequest {
  /** the host that registers it (a cluster node) */
  hostId: string;
  name: string;
  /** the id the VM gets: the original's (keep) or a new one the engine chose */
  vmId: string;
  /** folder of the VM's configuration */
  path: string;
  config: VmConfig;
  disks: RestoredDiskFile[];
  /** per NIC (by index in config.nics): the target switch, null = not connected */
  switchPerNic: Array<string | null>;
}

export interface RestorePlatform {
  /** Facts of every managed server a restore may target (hosts, clusters, Windows servers). */
  restoreServers(serverIds: readonly string[]): Promise<RestoreServerFacts[]>;
  /** The VM of that name on that host or cluster, if any (names must be unique there). */
  findVmByName(serverId: string, name: string): Promise<{ vmId: string } | null>;
  /** null: no such VM (deleted, or its host does not answer) */
  vmState(vmId: string): Promise<'Running' | 'Off' | null>;
  /** Turns the VM off (Stop-VM -TurnOff after a shutdown attempt): original-location restores need it off. */
  stopVm(vmId: string, log: PlatformLog): Promise<void>;
  startVm(vmId: string, log: PlatformLog): Promise<void>;
  /** The VM's disk files as the data mover on `serverId` reaches them (host path → the mover's path). */
  moverPath(serverId: string, hostPath: string): string;
  /** Ranges of a live disk written since a change-tracking reference (quick rollback); null with why when unknown. */
  changedSince(vmId: string, diskIndex: number, referenceId: string): Promise<ChangedRanges>;
  /** Recorded before a rollback writes into a live disk, so change tracking covers the writes (lab; RCT does it itself). */
  beforeInPlaceWrite(vmId: string, diskIndex: number, ranges: ReadonlyArray<{ offset: number; length: number }>): Promise<void>;
  /** A disk file was replaced as a whole: its change tracking starts over (references unknown → next backup full). */
  diskReplaced(vmId: string, diskIndex: number): Promise<void>;
  /** Creates the VM from its saved configuration with the restored disks (Import-VM/Compare-VM or New-VM + attach). */
  registerVm(req: RegisterVmRequest, log: PlatformLog): Promise<void>;
  /** Removes a VM's registration (never its disk files): undoes a half-done restore. Unknown VM: no error. */
  unregisterVm(vmId: string, log: PlatformLog): Promise<void>;
  addClusterRole(clusterId: string, vmId: string, log: PlatformLog): Promise<void>;
  /** Attaches restored disks to an existing (off) VM, replacing what sits at the same controller location. */
  attachDisks(vmId: string, disks: RestoredDiskFile[], log: PlatformLog): Promise<void>;
  /** Creates a folder on the server (idempotent). */
  createFolder(serverId: string, path: string, log: PlatformLog): Promise<void>;
  /**
   * Gives a completed temp file its final name. replace=false refuses (E_CONFLICT) when the final name exists;
   * replace=true swaps it in (the original disk of an original-location restore).
   */
  renameFile(serverId: string, from: string, to: string, replace: boolean, log: PlatformLog): Promise<void>;
  /** Deletes files a failed or stopped restore left (temp names); missing files are no error. */
  removeFiles(serverId: string, hostPaths: readonly string[]): Promise<void>;
  /** Data mover for restore writes on this server: installs it where the platform does that itself (lab hosts). */
  ensureRestoreMover(serverId: string, log: PlatformLog): Promise<void>;
}
