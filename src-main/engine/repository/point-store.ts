// Committed points and their manifests on disk: list, read (with integrity checks), write, delete.
import fs from 'node:fs/promises';
import path from 'node:path';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import { isNotFound, listDir, messageOf } from './fs-util';
import { fsyncDir, writeFileAtomic } from '../util/atomic';
import { sha256 } from './hash';
import type { RepoLayout } from './layout';
import { decodeManifest, encodeManifest } from './manifest-format';
import { comparePoints, decodePoint, encodePoint, isPointId, type PointDiskRecord, type PointRecord } from './point-format';
import type { DiskManifestInput } from './types';

export class PointStore {
  constructor(private readonly layout: RepoLayout) {}

  /** Committed points, oldest first. A damaged point file is an error, never silently skipped. */
  async list(): Promise<PointRecord[]> {
    const names = await listDir(this.layout.pointsDir);
    const ids = names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length)).filter(isPointId);
    const points: PointRecord[] = [];
    for (const id of ids) {
      const p = await this.tryGet(id);
      if (p) points.push(p); // undefined: forgotten between listing and reading
    }
    return points.sort(comparePoints);
  }

  async get(id: string): Promise<PointRecord> {
    const p = isPointId(id) ? await this.tryGet(id) : undefined;
    if (!p) throw new FerryError(ErrorCode.NotFound, `Restore point ${id} not found`, { pointId: id });
    return p;
  }

  async exists(id: string): Promise<boolean> {
    return isPointId(id) && (await this.tryGet(id)) !== undefined;
  }

  private async tryGet(id: string): Promise<PointRecord | undefined> {
    const file = this.layout.pointFile(id);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw new FerryError(ErrorCode.RepoCorrupt, `Cannot read point file ${file}: ${messageOf(e)}`);
    }
    let p: PointRecord;
    try {
      p = decodePoint(text);
    } catch (e) {
      throw new FerryError(ErrorCode.RepoCorrupt, `Point file ${file} is damaged: ${messageOf(e)}`, { pointId: id });
    }
    if (p.id !== id) throw new FerryError(ErrorCode.RepoCorrupt, `Point file ${file} holds point ${p.id}`, { pointId: id });
    return p;
  }

  /** The manifest of one disk, checked against the checksum the point file recorded. */
  async readManifest(point: PointRecord, disk: PointDiskRecord): Promise<DiskManifestInput> {
    const file = path.join(this.layout.pointManifestDir(point.id), disk.manifest);
    const fail = (why: string) =>
      new FerryError(ErrorCode.RepoCorrupt, `Manifest of disk ${disk.diskKey} in point ${point.id} ${why}`, {
        pointId: point.id,
        diskKey: disk.diskKey,
      });
    if (path.basename(disk.manifest) !== disk.manifest) throw fail('has an invalid file name');
    let buf: Buffer;
    try {
      buf = await fs.readFile(file);
    } catch (e) {
      throw fail(isNotFound(e) ? 'is missing' : `cannot be read: ${messageOf(e)}`);
    }
    if (sha256(buf).toString('hex') !== disk.manifestSha256) throw fail('does not match its checksum');
    let m: DiskManifestInput;
    try {
      m = decodeManifest(buf);
    } catch (e) {
      throw fail(`is damaged: ${messageOf(e)}`);
    }
    if (m.diskKey !== disk.diskKey) throw fail(`names disk ${m.diskKey}`);
    return m;
  }

  /** Write one manifest of a point under construction (durable, but invisible until the point file exists). */
  async writeManifest(pointId: string, diskIndex: number, m: DiskManifestInput): Promise<{ manifest: string; manifestSha256: string }> {
    const dir = this.layout.pointManifestDir(pointId);
    const file = this.layout.manifestFile(pointId, diskIndex);
    const bytes = encodeManifest(m);
    await fs.mkdir(dir, { recursive: true });
    await fsyncDir(this.layout.manifestsDir);
    await writeFileAtomic(file, bytes, this.layout.tmpDir);
    return { manifest: path.basename(file), manifestSha256: sha256(bytes).toString('hex') };
  }

  /** The commit step: after this rename the point exists. Everything it references must already be durable. */
  async writePoint(p: Omit<PointRecord, 'format' | 'version'>): Promise<void> {
    await writeFileAtomic(this.layout.pointFile(p.id), encodePoint(p), this.layout.tmpDir);
  }

  /** Point file first (the point disappears atomically), then its manifests. */
  async deletePoint(id: string): Promise<void> {
    await fs.rm(this.layout.pointFile(id), { force: true });
    await fsyncDir(this.layout.pointsDir);
    await this.deleteManifests(id);
  }

  async deleteManifests(id: string): Promise<void> {
    await fs.rm(this.layout.pointManifestDir(id), { recursive: true, force: true });
  }

  /** Manifest directories with no point file: a commit or forget that did not finish. */
  async orphanManifestDirs(): Promise<string[]> {
    const committed = new Set((await listDir(this.layout.pointsDir)).map((n) => n.replace(/\.json$/, '')));
    return (await listDir(this.layout.manifestsDir)).filter((id) => !committed.has(id));
  }
}
