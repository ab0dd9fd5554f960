// Guest file restore: the file systems inside a VM's disks of a restore point, browsed without restoring the disk.
// Each open disk is a point reader (only the chunks a listing or a file needs are read) kept for a few minutes of
// inactivity, so browsing folder after folder reuses its chunk cache; restores run as tasks with a report.
import { randomBytes } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { GuestDiskView, GuestEntryView, GuestRestoreReport } from '../../../src-shared/contract/files';
import { checkRestoreTargets, restoreGuestItems } from '../guestfs/guest-restore';
import { splitGuestPath } from '../guestfs/guest-paths';
import { searchGuest } from '../guestfs/search';
import type { GuestEntry, GuestFile, GuestFileSystem } from '../guestfs/types';
import { findVolume, openVolume, readDiskVolumes, type DiskVolumes } from '../guestfs/volumes';
import type { PointReader } from '../repository/point-reader';
import type { Store } from '../store/store';
import type { TaskManager } from '../tasks/task-manager';
import { fmtBytes } from '../util/format';
import { openPointDiskReader } from './point-disk';

const IDLE_CLOSE_MS = 5 * 60_000;
const MAX_OPEN_DISKS = 8;
const MAX_LISTED = 10_000;
const DOWNLOAD_LINK_MS = 10 * 60_000;

export interface GuestFilesDeps {
  store: Pick<Store, 'getRestorePoint' | 'getRepository'>;
  tasks: TaskManager;
}

export interface GuestWhere {
  pointId: string;
  vmId: string;
  diskIndex: number;
  /** drive letter, label or p1, p2… */
  volume: string;
}

interface OpenDisk {
  reader: PointReader;
  volumes: Promise<DiskVolumes>;
  timer: NodeJS.Timeout | null;
  users: number;
}

export interface GuestDownload {
  name: string;
  size: number;
  modifiedMs?: number;
  file: GuestFile;
  /** call when the response is done: the disk may close when idle */
  release(): void;
}

export const entryView = (dir: string, e: GuestEntry): GuestEntryView => ({
  name: e.name,
  path: dir ? `${dir}/${e.name}` : e.name,
  kind: e.kind,
  size: e.size,
  ...(e.modifiedMs !== undefined ? { modifiedMs: e.modifiedMs } : {}),
  ...(e.createdMs !== undefined ? { createdMs: e.createdMs } : {}),
  ...(e.attributes ? { attributes: e.attributes } : {}),
  ...(e.linkTarget !== undefined ? { linkTarget: e.linkTarget } : {}),
  ...(e.streams?.length ? { streams: e.streams } : {}),
});

const normalized = (path: string): string => splitGuestPath(path).join('/');

/** The target folder, created when only it is missing (its parent must exist: a typo does not grow a tree). */
async function ensureFolder(folder: string): Promise<void> {
  if (!isAbsolute(folder)) throw new FerryError(ErrorCode.InvalidParams, `Use a full path for the target folder (got ${folder})`);
  if (await stat(folder).then(() => true, () => false)) return;
  if (!(await stat(dirname(folder)).then((s) => s.isDirectory(), () => false))) throw new FerryError(ErrorCode.NotFound, `The folder ${dirname(folder)} does not exist`);
  await mkdir(folder).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST') throw new FerryError(ErrorCode.AccessDenied, `Cannot create ${folder}: ${e.message}`);
  });
}

export class GuestFiles {
  private readonly open = new Map<string, Promise<OpenDisk>>();
  private readonly links = new Map<string, { where: GuestWhere; path: string; expires: number }>();

  constructor(private readonly d: GuestFilesDeps) {}

  async volumes(pointId: string, vmId: string): Promise<{ disks: GuestDiskView[] }> {
    const point = this.d.store.getRestorePoint(pointId);
    if (!point) throw new FerryError(ErrorCode.NotFound, `Restore point ${pointId} not found`);
    const disks = point.disks.filter((x) => x.vmId === vmId || x.vmName.toLowerCase() === vmId.toLowerCase());
    if (disks.length === 0) throw new FerryError(ErrorCode.NotFound, `VM ${vmId} is not in restore point ${pointId}`);
    const out: GuestDiskView[] = [];
    for (const disk of disks) {
      try {
        const v = await this.withDisk(pointId, disk.vmId, disk.diskIndex, (open) => open.volumes);
        out.push({
          diskIndex: disk.diskIndex,
          sizeBytes: disk.virtualSizeBytes,
          scheme: v.scheme,
          volumes: v.volumes.map((x) => ({
            key: x.key,
            format: x.format,
            sizeBytes: x.source.size,
            readable: x.readable,
            ...(x.label ? { label: x.label } : {}),
            ...(x.letter ? { letter: x.letter } : {}),
            ...(x.partition ? { partitionType: x.partition.typeName } : {}),
            ...(x.note ? { note: x.note } : {}),
          })),
        });
      } catch (e) {
        const err = FerryError.from(e);
        out.push({ diskIndex: disk.diskIndex, sizeBytes: disk.virtualSizeBytes, scheme: null, error: { code: err.code, message: err.message }, volumes: [] });
      }
    }
    return { disks: out };
  }

  list(where: GuestWhere, path: string): Promise<{ entries: GuestEntryView[]; truncated: boolean }> {
    return this.withVolume(where, async (fs) => {
      const dir = normalized(path);
      const entries = await fs.list(dir);
      return { entries: entries.slice(0, MAX_LISTED).map((e) => entryView(dir, e)), truncated: entries.length > MAX_LISTED };
    });
  }

  search(where: GuestWhere, path: string, pattern: string, limit: number): Promise<{ matches: GuestEntryView[]; truncated: boolean; scanned: number }> {
    return this.withVolume(where, async (fs) => {
      const r = await searchGuest(fs, normalized(path), pattern, { maxResults: limit });
      return { matches: r.matches.map((m) => entryView(m.path.split('/').slice(0, -1).join('/'), m.entry)), truncated: r.truncated, scanned: r.scanned };
    });
  }

  /** Checks the volume and the paths before the task starts: a bad request fails the call, not a task. */
  async restore(where: GuestWhere, paths: string[], folder: string): Promise<{ taskId: string }> {
    await this.withVolume(where, async (fs) => {
      for (const p of paths) await fs.stat(normalized(p));
    });
    await ensureFolder(folder);
    await checkRestoreTargets(paths.map(normalized), folder);
    const t = this.d.tasks.start(`Restore ${paths.length} guest item(s) of ${where.vmId} to ${folder}`, async (ctx) => {
      ctx.log('info', `Restoring ${paths.map((p) => `${where.volume}:/${normalized(p)}`).join(', ')} from restore point ${where.pointId} to ${folder}`);
      const report: GuestRestoreReport = await this.withVolume(where, (fs) =>
        restoreGuestItems(fs, paths.map(normalized), folder, { onProgress: (done, total) => ctx.progress(total > 0 ? done / total : 1) }),
      );
      for (const s of report.skipped) ctx.log('warning', `Skipped ${s.guestPath}: ${s.reason}`);
      ctx.log('info', `Restored ${report.files} file(s) and ${report.folders} folder(s), ${fmtBytes(report.bytes)}, to ${report.folder}`);
      return report;
    });
    return { taskId: t.id };
  }

  /** A one-time download address for one guest file (10 minutes). */
  async downloadLink(where: GuestWhere, path: string): Promise<{ url: string }> {
    const entry = await this.withVolume(where, (fs) => fs.stat(normalized(path)));
    if (entry.kind !== 'file') throw new FerryError(ErrorCode.GuestNotAFile, `${path} is a ${entry.kind}: download files one by one, or restore the folder`);
    const token = randomBytes(18).toString('hex');
    const now = Date.now();
    for (const [k, v] of this.links) if (v.expires < now) this.links.delete(k);
    this.links.set(token, { where, path: normalized(path), expires: now + DOWNLOAD_LINK_MS });
    return { url: `/download/${token}` };
  }

  /** The file behind a download address (once), or null when it is unknown or expired. */
  async takeDownload(token: string): Promise<GuestDownload | null> {
    const link = this.links.get(token);
    this.links.delete(token);
    if (!link || link.expires < Date.now()) return null;
    const { where } = link;
    const open = await this.acquire(where.pointId, where.vmId, where.diskIndex);
    try {
      const fs = await openVolume(findVolume((await open.volumes).volumes, where.volume));
      const entry = await fs.stat(link.path);
      const file = await fs.open(link.path);
      return { name: entry.name, size: file.size, modifiedMs: entry.modifiedMs, file, release: () => this.release(where, open) };
    } catch (e) {
      this.release(where, open);
      throw e;
    }
  }

  async closeAll(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    for (const p of all) {
      const o = await p.catch(() => null);
      if (o?.timer) clearTimeout(o.timer);
      await o?.reader.close().catch(() => undefined);
    }
  }

  private async withVolume<T>(where: GuestWhere, fn: (fs: GuestFileSystem) => Promise<T>): Promise<T> {
    return this.withDisk(where.pointId, where.vmId, where.diskIndex, async (open) => fn(await openVolume(findVolume((await open.volumes).volumes, where.volume))));
  }

  private async withDisk<T>(pointId: string, vmId: string, diskIndex: number, fn: (open: OpenDisk) => Promise<T>): Promise<T> {
    const open = await this.acquire(pointId, vmId, diskIndex);
    try {
      return await fn(open);
    } finally {
      this.release({ pointId, vmId, diskIndex, volume: '' }, open);
    }
  }

  private async acquire(pointId: string, vmId: string, diskIndex: number): Promise<OpenDisk> {
    const key = `${pointId}/${vmId}/${diskIndex}`;
    let p = this.open.get(key);
    if (!p) {
      await this.evictIdle();
      p = openPointDiskReader(this.d.store, pointId, vmId, diskIndex).then(({ reader }) => ({ reader, volumes: readDiskVolumes(reader), timer: null, users: 0 }));
      p.catch(() => this.open.delete(key));
      this.open.set(key, p);
    }
    const open = await p;
    if (open.timer) clearTimeout(open.timer);
    open.timer = null;
    open.users++;
    return open;
  }

  private release(where: Omit<GuestWhere, 'volume'> & { volume?: string }, open: OpenDisk): void {
    open.users--;
    if (open.users > 0) return;
    const key = `${where.pointId}/${where.vmId}/${where.diskIndex}`;
    open.timer = setTimeout(() => {
      if (open.users > 0) return;
      this.open.delete(key);
      void open.reader.close().catch(() => undefined);
    }, IDLE_CLOSE_MS);
    open.timer.unref();
  }

  /** Keeps at most MAX_OPEN_DISKS readers: the idle ones go first. */
  private async evictIdle(): Promise<void> {
    if (this.open.size < MAX_OPEN_DISKS) return;
    for (const [key, p] of this.open) {
      const o = await p.catch(() => null);
      if (o && o.users === 0) {
        if (o.timer) clearTimeout(o.timer);
        this.open.delete(key);
        await o.reader.close().catch(() => undefined);
        if (this.open.size < MAX_OPEN_DISKS) return;
      }
    }
  }
}
