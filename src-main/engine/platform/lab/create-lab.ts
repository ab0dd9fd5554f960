// Builds a fresh lab in a data folder: topology, and every VM disk as a real dynamic VHDX with guest data.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createDynamicVhdx, VhdxWriter } from '../../vhdx';
import { nowIso } from '../../util/time';
import { planDiskContent } from './disk-content';
import { liveDiskPath } from './lab-layout';
import { readLabState, writeLabState, type LabState } from './lab-state';
import { defaultTopology } from './topology';

const MiB = 1024 * 1024;

/** Lab size for new labs: FERRY_LAB_EXTRA_VMS adds small two-disk VMs (console load tests). */
const extraVmsFromEnv = (): number => Math.max(0, Math.min(1000, Number(process.env.FERRY_LAB_EXTRA_VMS ?? 0) || 0));

/** Creates the lab unless one exists. Returns true when it was created now. */
export async function ensureLab(dataDir: string, opts: { extraVms?: number } = {}): Promise<boolean> {
  if (readLabState(dataDir)) return false;
  const topology = defaultTopology({ extraVms: opts.extraVms ?? extraVmsFromEnv() });
  for (const vm of topology.vms) {
    for (let i = 0; i < vm.disks.length; i++) {
      const path = liveDiskPath(dataDir, topology, vm, i);
      await mkdir(dirname(path), { recursive: true });
      await createDynamicVhdx(path, { virtualSize: vm.disks[i].virtualMiB * MiB, blockSize: MiB });
      const w = await VhdxWriter.open(path);
      try {
        for (const b of planDiskContent(vm.id, i, vm.disks[i].virtualMiB, vm.disks[i].dataMiB)) await w.write(b.offset, b.data);
      } finally {
        await w.close();
      }
    }
  }
  const state: LabState = { formatVersion: 1, createdAt: nowIso(), topology, snapshots: [], agents: [], guestWriteRound: 0 };
  // lab.json last: its presence means the lab is complete.
  await writeLabState(dataDir, state);
  return true;
}
