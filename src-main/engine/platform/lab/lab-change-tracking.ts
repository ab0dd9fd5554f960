// Change tracking (RCT) of the lab's VM disks as the Platform exposes it: reference points taken with a
// snapshot, changed ranges since an earlier reference, and the journaled guest writes that feed them.
import type { ChangedRanges, ChangeReference } from '../types';
import { guestWriteBurst } from './disk-content';
import { labGuestLayout } from './guest-image';
import { spreadWrites, writeGuestBlocks } from './guest-writes';
import { liveDiskPath } from './lab-layout';
import { RctJournal } from './rct-journal';
import type { LabTopology, LabVmSpec } from './topology';

const MiB = 1024 * 1024;
/** snapshots whose end-of-copy references are remembered (a lab snapshot lives for one backup; its deletion
 *  retires them, this bound only matters for snapshots never deleted in this process — a crash) */
const REMEMBERED_SNAPSHOTS = 256;

export class LabChangeTracking {
  readonly journal: RctJournal;
  /** per snapshot, per "vmId/diskIndex": the reference taken right after the copy (the end of its increment) */
  private readonly copyEnds = new Map<string, Map<string, string>>();

  constructor(private readonly dataDir: string) {
    this.journal = new RctJournal(dataDir);
  }

  /** One new reference per disk of these VMs, BEFORE the snapshot copies them: the base of the next backup. */
  async beforeCopy(vms: readonly LabVmSpec[]): Promise<ChangeReference[]> {
    const refs: ChangeReference[] = [];
    for (const vm of vms) {
      for (let i = 0; i < vm.disks.length; i++) refs.push({ vmId: vm.id, diskIndex: i, referenceId: await this.journal.takeReference(vm.id, i) });
    }
    return refs;
  }

  /** One more per disk AFTER the copy: what this snapshot's increment reaches up to (see rct-journal.ts). */
  async afterCopy(snapshotId: string, vms: readonly LabVmSpec[]): Promise<void> {
    const ends = new Map<string, string>();
    for (const vm of vms) {
      for (let i = 0; i < vm.disks.length; i++) ends.set(`${vm.id}/${i}`, await this.journal.takeReference(vm.id, i));
    }
    this.copyEnds.set(snapshotId, ends);
    for (const old of this.copyEnds.keys()) {
      if (this.copyEnds.size <= REMEMBERED_SNAPSHOTS) break;
      this.copyEnds.delete(old);
    }
  }

  /** Changed since `sinceReferenceId` up to the end of this snapshot's copy (or up to now if that is not known). */
  async changedRanges(snapshotId: string, vm: LabVmSpec, diskIndex: number, sinceReferenceId: string): Promise<ChangedRanges> {
    const disk = vm.disks[diskIndex];
    if (!disk) return { ranges: null, reason: `${vm.name} has no disk ${diskIndex}` };
    const until = this.copyEnds.get(snapshotId)?.get(`${vm.id}/${diskIndex}`);
    const answer = await this.journal.changesSince(vm.id, diskIndex, sinceReferenceId, until);
    if (answer.ranges === null) return answer;
    // Coarsened ranges may reach past the end of the disk: clip them (RCT reports virtual-disk offsets only).
    const size = disk.virtualMiB * MiB;
    const ranges = answer.ranges
      .filter((r) => r.offset < size)
      .map((r) => ({ offset: r.offset, length: Math.min(r.length, size - r.offset) }));
    return { ranges };
  }

  /** The snapshot is gone: its end-of-copy references are no one's question any more (their writes stay journaled). */
  async snapshotDeleted(snapshotId: string): Promise<void> {
    const ends = this.copyEnds.get(snapshotId);
    if (!ends) return;
    this.copyEnds.delete(snapshotId);
    for (const [key, id] of ends) {
      const [vmId, diskIndex] = key.split('/');
      await this.journal.retire(vmId, Number(diskIndex), new Set([id]));
    }
  }

  /** Deletes these references from every disk of the VM; returns how many went. */
  async retire(vm: LabVmSpec, ids: readonly string[]): Promise<number> {
    const set = new Set(ids);
    let removed = 0;
    for (let i = 0; i < vm.disks.length; i++) removed += await this.journal.retire(vm.id, i, set);
    return removed;
  }

  /** The background activity of a running guest: a small burst on its first disk. */
  async writeBurst(topo: LabTopology, vm: LabVmSpec, round: number): Promise<void> {
    const guest = labGuestLayout(vm.name, vm.disks[0].virtualMiB, vm.disks[0].dataMiB);
    await writeGuestBlocks(this.journal, liveDiskPath(this.dataDir, topo, vm, 0), vm.id, 0, guestWriteBurst(vm.id, round, vm.disks[0].virtualMiB, guest?.liveFile));
  }

  /** Test/demo hook: the guest rewrites about `percent` % of one disk; returns the bytes written. */
  async writeShare(topo: LabTopology, vm: LabVmSpec, diskIndex: number, percent: number, seed: string): Promise<number> {
    const disk = vm.disks[diskIndex];
    if (!disk) throw new Error(`lab: ${vm.name} has no disk ${diskIndex}`);
    const blocks = spreadWrites(`${vm.id}-${diskIndex}-${seed}`, disk.virtualMiB * MiB, percent);
    await writeGuestBlocks(this.journal, liveDiskPath(this.dataDir, topo, vm, diskIndex), vm.id, diskIndex, blocks);
    return blocks.reduce((n, b) => n + b.data.length, 0);
  }
}
