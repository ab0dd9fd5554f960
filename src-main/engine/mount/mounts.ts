// The restore point disks this engine serves over NBD (the console's Mount action): started by point, VM and disk
// index; listed with live counters; stopped one by one, and all of them when the engine closes.
import type { MountInfo } from '../../../src-shared/mount';
import { locatePointDisk } from '../restore-points/point-disk';
import type { Store } from '../store/store';
import { newId } from '../util/ids';
import { notFound } from '../util/not-found';
import { nowIso } from '../util/time';
import { DiskMount, exportNameOf } from './disk-mount';

export interface MountRequest {
  pointId: string;
  vmId: string;
  diskIndex: number;
  /** 0 or absent: a free port */
  port?: number;
}

interface Active {
  mount: DiskMount;
  facts: Omit<MountInfo, 'connections' | 'bytesRead' | 'chunksRead' | 'readErrors' | 'lastReadError'>;
}

export class Mounts {
  private readonly active = new Map<string, Active>();
  /** mounts being started, by point/VM/disk: a second click waits for the first instead of starting another */
  private readonly starting = new Map<string, Promise<MountInfo>>();

  constructor(private readonly store: Pick<Store, 'getRestorePoint' | 'getRepository'>) {}

  /** A disk mounted already is returned as it is (same id, same port). */
  start(req: MountRequest): Promise<MountInfo> {
    const key = `${req.pointId}|${req.vmId}|${req.diskIndex}`;
    const existing = [...this.active.values()].find((a) => `${a.facts.pointId}|${a.facts.vmId}|${a.facts.diskIndex}` === key);
    if (existing) return Promise.resolve(this.info(existing));
    let pending = this.starting.get(key);
    if (!pending) {
      pending = this.doStart(req).finally(() => this.starting.delete(key));
      this.starting.set(key, pending);
    }
    return pending;
  }

  list(): MountInfo[] {
    return [...this.active.values()].map((a) => this.info(a));
  }

  async stop(id: string): Promise<void> {
    const a = this.active.get(id);
    if (!a) throw notFound('Mount', id);
    this.active.delete(id);
    await a.mount.stop();
  }

  async stopAll(): Promise<void> {
    const all = [...this.active.values()];
    this.active.clear();
    await Promise.allSettled(all.map((a) => a.mount.stop()));
  }

  private async doStart(req: MountRequest): Promise<MountInfo> {
    const loc = locatePointDisk(this.store, req.pointId, req.vmId, req.diskIndex);
    const exportName = exportNameOf(loc.disk.vmName, `disk${loc.disk.diskIndex}`, loc.point.id);
    const mount = await DiskMount.start({
      repoPath: loc.repoPath,
      pointId: loc.point.id,
      diskKey: loc.diskKey,
      exportName,
      description: `${loc.disk.vmName} disk ${loc.disk.diskIndex}, restore point ${loc.point.id} (${loc.point.createdAt})`,
      port: req.port ?? 0,
    });
    const active: Active = {
      mount,
      facts: {
        id: newId('mnt'),
        pointId: loc.point.id,
        vmId: loc.disk.vmId,
        vmName: loc.disk.vmName,
        diskIndex: loc.disk.diskIndex,
        url: mount.url,
        port: mount.server.port,
        exportName,
        sizeBytes: mount.reader.size,
        startedAt: nowIso(),
      },
    };
    this.active.set(active.facts.id, active);
    return this.info(active);
  }

  private info(a: Active): MountInfo {
    return { ...a.facts, ...a.mount.stats };
  }
}
