// RCT for the platform's VMs: every call goes to the host a VM runs on now (its hostId in the inventory), not to the
// snapshot's host. A CSV is snapshotted on its owner node, its VMs may run on any node, and Hyper-V answers only
// for its own VMs (see change-tracking.ts for the ordering).
import type { ChangedRanges, ChangeReference, PlatformLog } from '../../types';
import type { WinVm, WindowsInventory } from '../discovery/inventory';
import type { Target } from '../exec/script-runner';
import type { WindowsChangeTracking } from './change-tracking';

export interface VmChangeTrackingDeps {
  tracking: WindowsChangeTracking;
  targetOf(serverId: string): Target;
  /** the Windows inventory, read first when there is none yet */
  inventory(): Promise<WindowsInventory>;
}

export class VmChangeTracking {
  constructor(private readonly d: VmChangeTrackingDeps) {}

  /**
   * One reference-point call per host the VMs run on (Msvm_ComputerSystem only knows the VMs of its own host),
   * host by host in inventory order; a host that fails costs only its own VMs their incremental.
   */
  async takeReferences(inv: WindowsInventory, vmIds: readonly string[], log: PlatformLog): Promise<ChangeReference[]> {
    const byHost = new Map<string, WinVm[]>();
    for (const vm of inv.vms) if (vmIds.includes(vm.id)) byHost.set(vm.hostId, [...(byHost.get(vm.hostId) ?? []), vm]);
    const refs: ChangeReference[] = [];
    for (const [hostId, vms] of byHost) refs.push(...(await this.d.tracking.takeReferences(this.d.targetOf(hostId), vms, log)));
    return refs;
  }

  /**
   * GetVirtualDiskChanges on the host the VM runs on, against the live disk. `references` are those the snapshot
   * was taken with: without one for this disk there is nothing to ask.
   */
  async changedRanges(snapshotId: string, references: readonly ChangeReference[] | undefined, vmId: string, diskIndex: number, sinceReferenceId: string): Promise<ChangedRanges> {
    if (!references?.some((r) => r.vmId === vmId && r.diskIndex === diskIndex)) {
      return { ranges: null, reason: `snapshot ${snapshotId} was taken without an RCT reference point for this disk` };
    }
    const vm = (await this.d.inventory()).vms.find((v) => v.id === vmId);
    const disk = vm?.disks.find((d) => d.index === diskIndex);
    if (!vm || !disk) return { ranges: null, reason: `disk ${diskIndex} of VM ${vmId} is no longer in the inventory` };
    return this.d.tracking.changedRanges(this.d.targetOf(vm.hostId), disk.topPath, disk.virtualSizeBytes, sinceReferenceId);
  }

  /** Old RCT reference points of a VM, destroyed on the host it runs on now. */
  async retire(vmId: string, retire: readonly string[], keep: readonly string[], log: PlatformLog): Promise<void> {
    const vm = (await this.d.inventory()).vms.find((v) => v.id === vmId);
    if (!vm) return; // gone from the managed hosts: its reference points went with it, or are out of reach
    await this.d.tracking.retire(this.d.targetOf(vm.hostId), vm, retire, keep, log);
  }
}
