// What every step of the snapshot lifecycle works with: the executor and the script runner, the server directory,
// the snapshots this console knows (registry), the timeouts, and the inventory (read through discovery/). The
// steps are functions of this context, one module per step (create, import, expose, delete, record scan).
import type { ChangeReference, PlatformLog } from '../../types';
import type { WinHost, WinVolume, WindowsInventory } from '../discovery/inventory';
import type { ServerDirectory } from '../discovery/server-directory';
import { WinCode } from '../error-codes';
import { winError } from '../errors';
import type { Clock } from '../exec/clock';
import type { Executor } from '../exec/executor';
import type { ScriptRunner } from '../exec/script-runner';
import type { WindowsTimeouts } from '../timeouts';
import type { SnapshotRegistry } from './snapshot-state';

export interface SnapshotContext {
  executor: Executor;
  run: ScriptRunner;
  directory: ServerDirectory;
  registry: SnapshotRegistry;
  timeouts: WindowsTimeouts;
  clock: Clock;
  workRoot: string;
  /** how often the host's created.txt is polled during `create` */
  pollIntervalMs: number;
  /** the Windows inventory, read first when there is none yet */
  inventory(): Promise<WindowsInventory>;
  /** the last inventory, null before the first */
  lastInventory(): WindowsInventory | null;
  /** RCT reference points of these VMs, taken before DiskShadow starts (rct/vm-change-tracking.ts) */
  takeReferences(inv: WindowsInventory, vmIds: readonly string[], log: PlatformLog): Promise<ChangeReference[]>;
}

export function hostOf(inv: WindowsInventory, hostId: string): WinHost {
  const host = inv.hosts.find((h) => h.id === hostId.toLowerCase());
  if (!host) {
    throw winError(WinCode.UnknownServer, `Host ${hostId} is not in the Windows inventory.`, { hint: 'Add the host to the console and refresh the inventory.', server: hostId });
  }
  return host;
}

export function volumeOf(inv: WindowsInventory, volumeId: string): WinVolume {
  const volume = inv.volumes.find((v) => v.id === volumeId);
  if (!volume) {
    throw winError(WinCode.UnknownVolume, `Volume ${volumeId} is not in the Windows inventory.`, { hint: 'Refresh the inventory; the volume may have been renamed or moved.' });
  }
  return volume;
}
