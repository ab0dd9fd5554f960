// Where lab objects live on local disk, and how Windows paths on hosts map onto them.
import { join } from 'node:path';
import type { LabTopology, LabVmSpec } from './topology';
import { labDir } from './lab-state';

/** A SAN LUN is a folder; the volume's files live under it. */
export const lunDir = (dataDir: string, lun: string): string => join(labDir(dataDir), 'san', lun);
export const snapshotsDir = (dataDir: string): string => join(labDir(dataDir), 'san', '.snapshots');
export const snapshotDir = (dataDir: string, snapshotId: string): string => join(snapshotsDir(dataDir), snapshotId);

export const diskFileName = (vm: LabVmSpec, index: number): string => (index === 0 ? `${vm.name}.vhdx` : `${vm.name}_disk${index}.vhdx`);
/** Path of a disk relative to the volume root. */
export const diskRelPath = (vm: LabVmSpec, index: number): string => vm.diskPaths?.[index] ?? join('Hyper-V', vm.name, 'Virtual Hard Disks', diskFileName(vm, index));

export function volumeOf(topo: LabTopology, volumeId: string): LabTopology['volumes'][number] {
  const v = topo.volumes.find((x) => x.id === volumeId);
  if (!v) throw new Error(`lab: unknown volume ${volumeId}`);
  return v;
}

/** The Windows path the host shows for a disk, e.g. C:\ClusterStorage\Volume1\Hyper-V\APP01\Virtual Hard Disks\APP01.vhdx */
export function windowsDiskPath(topo: LabTopology, vm: LabVmSpec, index: number): string {
  const root = volumeOf(topo, vm.volumeId).path.replace(/\\$/, '');
  return `${root}\\${diskRelPath(vm, index).split('/').join('\\')}`;
}

export const liveDiskPath = (dataDir: string, topo: LabTopology, vm: LabVmSpec, index: number): string =>
  join(lunDir(dataDir, volumeOf(topo, vm.volumeId).lun), diskRelPath(vm, index));
