// What a restore resolves to before anything runs: per VM the point, the target, each disk's final and temporary
// path, what is written (all of it, or only the changed ranges), and the checks' outcome. The public plan
// (contract RestorePlan) is derived from it; the session runs from it and records it for crash recovery.
import type { Inventory, ManagedServer, RestorePoint } from '../../../src-shared/domain';
import type { VmConfig, VmDiskAttachment } from '../../../src-shared/vm-config';
import type { RestoreBlocker, RestorePlan } from '../../../src-shared/contract/restore';
import type { ByteRange } from '../datamover/task';
import type { RestorePlatform, RestoreServerFacts } from '../platform/restore-types';
import type { Store } from '../store/store';

export interface ResolvedDisk {
  diskIndex: number;
  /** the point's disk key, e.g. vm-dc01/0 */
  diskKey: string;
  virtualSizeBytes: number;
  /** where the disk ends up, as the target host knows it */
  targetPath: string;
  /** where the data mover writes until the disk is complete (new-file), or targetPath itself (in-place) */
  tempPath: string;
  /** new-file: a whole VHDX under a temp name, renamed when complete; in-place: only `ranges` written into the live disk */
  write: 'new-file' | 'in-place';
  /** in-place: the ranges changed since the point (read from the point, written back) */
  ranges: ByteRange[] | null;
  bytesToWrite: number;
  quickRollback: { used: boolean; reason: string } | null;
  /** where the disk is attached (VM restores and disk restores to a VM) */
  attachment: VmDiskAttachment | null;
  /** the target volume's path, for the space check */
  volumePath: string;
}

export interface ResolvedItem {
  vmId: string;
  vmName: string;
  point: RestorePoint;
  mode: 'original' | 'new' | 'disks';
  /** disks restores: where the disks go */
  disksTarget: 'original-vm' | 'other-vm' | 'folder' | null;
  targetServerId: string;
  targetServerName: string;
  /** the host that registers the VM (or owns the VM disks go to); null: a folder on a Windows server */
  targetHostId: string | null;
  /** whose data mover writes the disks */
  moverServerId: string;
  /** the VM as it will be named (original: its name); null for a folder */
  targetVmName: string | null;
  /** original: the VM's id; new: the id it gets; disks to a VM: that VM */
  targetVmId: string | null;
  newVmId: boolean;
  /** new location: the folder of the VM's files */
  vmFolder: string;
  config: VmConfig | null;
  switchPerNic: Array<string | null>;
  network: Array<{ nicName: string; sourceSwitch: string | null; targetSwitch: string | null }>;
  /** new location on a cluster with registerClusterRole: the cluster */
  clusterRoleOf: string | null;
  disks: ResolvedDisk[];
  originalVmState: 'Running' | 'Off' | null;
  warnings: string[];
}

export interface Resolved {
  items: ResolvedItem[];
  plan: RestorePlan;
}

export interface PlanContext {
  store: Store;
  inventory: Inventory;
  managed: ManagedServer[];
  platform: RestorePlatform;
  /** the session id the temp names carry (a plan alone uses a placeholder: nothing is written) */
  sessionId: string;
}

export interface Collector {
  blockers: RestoreBlocker[];
  facts: Map<string, RestoreServerFacts>;
}
