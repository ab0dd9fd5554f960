// One disk of a restore point the way the console names it (point id, VM id or name, disk index), resolved to
// where its data is (repository folder, disk key) and opened for random access.
import type { RestorePoint } from '../../../src-shared/domain';
import { diskKeyOf, openPointReader, type PointReader, type PointReaderOptions } from '../repository/point-reader';
import type { Store } from '../store/store';
import { notFound } from '../util/not-found';

export interface PointDiskLocation {
  point: RestorePoint;
  disk: RestorePoint['disks'][number];
  repoPath: string;
  diskKey: string;
}

/** `vm` is the VM's id or its name (case-insensitive). NotFound names what is missing. */
export function locatePointDisk(store: Pick<Store, 'getRestorePoint' | 'getRepository'>, pointId: string, vm: string, diskIndex: number): PointDiskLocation {
  const point = store.getRestorePoint(pointId);
  if (!point) throw notFound('Restore point', pointId);
  const disk = point.disks.find((d) => (d.vmId === vm || d.vmName.toLowerCase() === vm.toLowerCase()) && d.diskIndex === diskIndex);
  if (!disk) throw notFound('Disk', `${vm}/${diskIndex} in restore point ${pointId}`);
  const repo = store.getRepository(point.repositoryId);
  if (!repo) throw notFound('Repository', point.repositoryId);
  return { point, disk, repoPath: repo.path, diskKey: diskKeyOf(disk.vmId, disk.diskIndex) };
}

export async function openPointDiskReader(
  store: Pick<Store, 'getRestorePoint' | 'getRepository'>,
  pointId: string,
  vm: string,
  diskIndex: number,
  options?: Omit<PointReaderOptions, 'onClose'>,
): Promise<{ reader: PointReader; location: PointDiskLocation }> {
  const location = locatePointDisk(store, pointId, vm, diskIndex);
  return { reader: await openPointReader(location.repoPath, pointId, location.diskKey, options), location };
}
