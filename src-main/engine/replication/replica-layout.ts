// Where a replica's files are on its target host, as Hyper-V keeps a VM with checkpoints:
//   <path>\<replica name>\Virtual Hard Disks\<disk>.vhdx                the base disk (the oldest kept point)
//   <path>\<replica name>\Virtual Hard Disks\<disk>_<point id>.avhdx    each later point, a differencing disk
//   <path>\<replica name>\Virtual Hard Disks\<disk>_failover.avhdx      a failed-over replica's own writes
// `root` is the folder as the target's data mover sees it (the lab maps the host's Windows path onto its files).
import { basename, dirname, join } from 'node:path';

export const replicaName = (sourceVmName: string, suffix: string): string => `${sourceVmName}${suffix}`;

export const replicaDiskFolder = (root: string, name: string): string => join(root, name, 'Virtual Hard Disks');

/** the source disk's file name without extension, e.g. SQL01_disk1 */
export const diskBaseName = (sourcePath: string): string => basename(sourcePath.split('\\').join('/')).replace(/\.(a?vhdx?|raw|img)$/i, '');

export function pointFile(root: string, name: string, sourcePath: string, pointId: string, first: boolean): string {
  const base = diskBaseName(sourcePath);
  return join(replicaDiskFolder(root, name), first ? `${base}.vhdx` : `${base}_${pointId}.avhdx`);
}

export const failoverFile = (root: string, name: string, sourcePath: string): string => join(replicaDiskFolder(root, name), `${diskBaseName(sourcePath)}_failover.avhdx`);

/** The replica VM a point file belongs to (its folder's parent's name): the lab's fault target. */
export const replicaVmOfFile = (file: string): string => basename(dirname(dirname(file)));
