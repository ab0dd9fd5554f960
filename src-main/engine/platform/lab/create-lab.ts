// Builds a fresh lab in a data folder: topology, and every VM disk as a real dynamic VHDX with guest data.
// A lab made by an older version is completed in place: servers, volumes and VMs the topology gained since
// (HV03 with SRV-EDGE01, PROXY04) are added, once, without touching anything that exists.
import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createDynamicVhdx, VhdxWriter } from '../../vhdx';
import { nowIso } from '../../util/time';
import { planDiskContent } from './disk-content';
import { labGuestImageBytes, labGuestLayout } from './guest-image';
import { isAllZero } from '../../util/zero';
import { liveDiskPath } from './lab-layout';
import { readLabState, writeLabState, type LabState } from './lab-state';
import { defaultTopology, type LabTopology, type LabVmSpec } from './topology';

const MiB = 1024 * 1024;

/** Lab size for new labs: FERRY_LAB_EXTRA_VMS adds small two-disk VMs (console load tests). */
const extraVmsFromEnv = (): number => Math.max(0, Math.min(1000, Number(process.env.FERRY_LAB_EXTRA_VMS ?? 0) || 0));

export interface EnsuredLab {
  /** the lab was created now */
  created: boolean;
  /** names of the servers and VMs an existing lab gained (see upgradeLab); empty for a new lab */
  added: string[];
}

/** Creates the lab unless one exists (then completes it, see upgradeLab), and says which of the two happened. */
export async function ensureLab(dataDir: string, opts: { extraVms?: number } = {}): Promise<EnsuredLab> {
  if (readLabState(dataDir)) return { created: false, added: await upgradeLab(dataDir) };
  const topology = defaultTopology({ extraVms: opts.extraVms ?? extraVmsFromEnv() });
  for (const vm of topology.vms) await createVmDisks(dataDir, topology, vm);
  const state: LabState = { formatVersion: 1, createdAt: nowIso(), topology, snapshots: [], agents: [], guestWriteRound: 0 };
  // lab.json last: its presence means the lab is complete.
  await writeLabState(dataDir, state);
  return { created: true, added: [] };
}

/**
 * Adds what the default topology has and this lab lacks (by id), disks first and lab.json last, so a crash in
 * between only leaves disk files that the next start writes again. Returns the names of what was added.
 */
export async function upgradeLab(dataDir: string): Promise<string[]> {
  const state = readLabState(dataDir);
  if (!state) return [];
  const want = defaultTopology();
  const topo = state.topology;
  const hosts = want.hosts.filter((h) => !topo.hosts.some((x) => x.id === h.id));
  const volumes = want.volumes.filter((v) => !topo.volumes.some((x) => x.id === v.id));
  const vms = want.vms.filter((v) => !topo.vms.some((x) => x.id === v.id));
  if (hosts.length + volumes.length + vms.length === 0) return [];
  const next: LabTopology = { ...topo, hosts: [...topo.hosts, ...hosts], volumes: [...topo.volumes, ...volumes], vms: [...topo.vms, ...vms] };
  for (const vm of vms) await createVmDisks(dataDir, next, vm);
  await writeLabState(dataDir, { ...state, topology: next });
  return [...hosts.map((h) => h.name), ...vms.map((v) => v.name)];
}

async function createVmDisks(dataDir: string, topology: LabTopology, vm: LabVmSpec): Promise<void> {
  for (let i = 0; i < vm.disks.length; i++) {
    const path = liveDiskPath(dataDir, topology, vm, i);
    await mkdir(dirname(path), { recursive: true });
    await rm(path, { force: true }); // a leftover of an interrupted upgrade
    await createDynamicVhdx(path, { virtualSize: vm.disks[i].virtualMiB * MiB, blockSize: MiB });
    const w = await VhdxWriter.open(path);
    try {
      const guest = i === 0 ? labGuestLayout(vm.name, vm.disks[i].virtualMiB, vm.disks[i].dataMiB) : null;
      if (guest) await writeGuestImage(w, labGuestImageBytes(vm.name));
      const startMiB = guest ? guest.partitionedBytes / MiB : 0;
      // the synthetic data stays as it was (a third incompressible: throttled and timed tests rely on its weight),
      // behind the image's partitions
      for (const b of planDiskContent(vm.id, i, vm.disks[i].virtualMiB, vm.disks[i].dataMiB, startMiB)) await w.write(b.offset, b.data);
    } finally {
      await w.close();
    }
  }
}

/** The guest image's non-zero MiB blocks (the rest stays unallocated in the dynamic VHDX, reading as zeros). */
async function writeGuestImage(w: VhdxWriter, image: Buffer): Promise<void> {
  for (let at = 0; at < image.length; at += MiB) {
    const block = image.subarray(at, Math.min(image.length, at + MiB));
    if (!isAllZero(block)) await w.write(at, block);
  }
}
