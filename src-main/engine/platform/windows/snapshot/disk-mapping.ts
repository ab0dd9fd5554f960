// Where each VM disk appears inside an exposed snapshot: the original path with the volume root replaced by the
// mount folder (C:\ClusterStorage\Volume1\VMs\a.vhdx → <mount>\VMs\a.vhdx, reference §1.2 step 5).
import type { ExposedSnapshot } from '../../types';
import type { WinVolume, WindowsInventory } from '../discovery/inventory';
import { relativeToRoot, winJoin } from '../paths';

export function exposedDisks(inv: WindowsInventory, volume: WinVolume, vmIds: string[], root: string): ExposedSnapshot['disks'] {
  const disks: ExposedSnapshot['disks'] = [];
  for (const vmId of vmIds) {
    const vm = inv.vms.find((v) => v.id === vmId);
    if (!vm) continue;
    for (const d of vm.disks) {
      if (d.volumeId !== volume.id) continue;
      const rel = insideVolume(volume, d.topPath);
      if (rel === null) continue;
      disks.push({ vmId, diskIndex: d.index, path: winJoin(root, rel) });
    }
  }
  return disks;
}

export function insideVolume(volume: WinVolume, file: string): string | null {
  for (const r of volume.roots) {
    const rel = relativeToRoot(r, file);
    if (rel !== null) return rel;
  }
  return null;
}
