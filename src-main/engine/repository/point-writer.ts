// Builds one restore point: manifests are written as disks are added; the point file is renamed in last.
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { ChunkStore } from './chunk-store';
import { asWriteError } from './fs-util';
import { validateManifestInput } from './manifest-validate';
import { newPointId, toPointInfo, type PointDiskRecord } from './point-format';
import type { PointStore } from './point-store';
import { PARENT_POINT_LABEL, type DiskManifestInput, type PointInfo, type PointWriter } from './types';

/** What a point writer needs from its repository. */
export interface PointWriterHost {
  readonly chunks: ChunkStore;
  readonly points: PointStore;
  /** Takes the write lock (once per repository) and fails if maintenance is running. */
  ensureWritable(): Promise<void>;
  /** Make every chunk appended so far durable. */
  flushChunks(): Promise<void>;
  /** Crash-simulation hook, called right before the point file is renamed into place. */
  beforePointRename?(pointId: string): void | Promise<void>;
  /** Reads the lock file: this process must still hold the write lock the moment before it commits. */
  assertLockHeld(): Promise<void>;
  writerFinished(w: PointWriter, committed: boolean): void;
}

type WriterState = 'open' | 'committing' | 'committed' | 'aborted';

export class RepoPointWriter implements PointWriter {
  readonly id: string;
  private readonly createdAt: string;
  private readonly disks: Array<PointDiskRecord | undefined> = [];
  private readonly diskKeys = new Set<string>();
  private readonly pendingAdds = new Set<Promise<void>>();
  private state: WriterState = 'open';
  private committing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly host: PointWriterHost,
    private readonly labels: Record<string, string>,
    now = new Date(),
  ) {
    for (const [k, v] of Object.entries(labels)) {
      if (typeof v !== 'string') throw new FerryError(ErrorCode.InvalidParams, `Label ${k} must be a string`);
    }
    this.labels = { ...labels };
    this.createdAt = now.toISOString();
    this.id = newPointId(now);
  }

  addDisk(m: DiskManifestInput): Promise<void> {
    const add = this.doAddDisk(m);
    this.pendingAdds.add(add);
    return add.finally(() => this.pendingAdds.delete(add));
  }

  private async doAddDisk(m: DiskManifestInput): Promise<void> {
    this.expectOpen('add a disk to');
    validateManifestInput(m);
    if (this.diskKeys.has(m.diskKey)) {
      throw new FerryError(ErrorCode.InvalidParams, `Disk ${m.diskKey} was already added to point ${this.id}`);
    }
    // Reserve the key and the slot synchronously so concurrent addDisk calls cannot collide.
    this.diskKeys.add(m.diskKey);
    const slot = this.disks.length;
    this.disks.push(undefined);
    try {
      await this.host.ensureWritable();
      const storedBytes = this.checkChunksPresent(m);
      const written = await this.host.points.writeManifest(this.id, slot, m);
      this.disks[slot] = {
        diskKey: m.diskKey,
        virtualSize: m.virtualSize,
        storedBytes,
        sourcePath: m.sourcePath,
        blockCount: m.blocks.length,
        ...written,
      };
    } catch (e) {
      this.diskKeys.delete(m.diskKey);
      throw asWriteError(`Adding disk ${m.diskKey} to point ${this.id}`, e);
    }
  }

  /** Every block must name a stored chunk of exactly its length; returns the disk's distinct stored bytes. */
  private checkChunksPresent(m: DiskManifestInput): number {
    const seen = new Set<string>();
    let storedBytes = 0;
    for (const b of m.blocks) {
      if (seen.has(b.hash)) continue;
      seen.add(b.hash);
      const loc = this.host.chunks.index.get(b.hash);
      if (!loc) {
        throw new FerryError(ErrorCode.RepoWrite, `Disk ${m.diskKey}: block at ${b.offset} references chunk ${b.hash}, which is not stored`);
      }
      if (loc.damaged) {
        // Only a copy recorded as damaged (verify or repair found it while this backup ran): a point built on it would not restore.
        throw new FerryError(
          ErrorCode.RepoCorrupt,
          `Disk ${m.diskKey}: block at ${b.offset} references chunk ${b.hash}, whose only stored copy is damaged; run the backup again (it stores a fresh copy)`,
          { hash: b.hash },
        );
      }
      if (loc.entry.rawLength !== b.length) {
        throw new FerryError(
          ErrorCode.InvalidParams,
          `Disk ${m.diskKey}: block at ${b.offset} has length ${b.length} but chunk ${b.hash} holds ${loc.entry.rawLength} bytes`,
        );
      }
      storedBytes += loc.entry.storedLength;
    }
    return storedBytes;
  }

  commit(): Promise<PointInfo> {
    const run = this.doCommit();
    this.committing = run.catch(() => undefined);
    return run;
  }

  private async doCommit(): Promise<PointInfo> {
    this.expectOpen('commit');
    this.state = 'committing';
    try {
      await Promise.all(this.pendingAdds);
      const disks = this.disks.filter((d): d is PointDiskRecord => d !== undefined);
      if (disks.length === 0) throw new FerryError(ErrorCode.InvalidParams, `Point ${this.id} has no disks`);
      await this.host.ensureWritable();
      const parent = this.labels[PARENT_POINT_LABEL];
      if (parent !== undefined && !(await this.host.points.exists(parent))) {
        throw new FerryError(ErrorCode.NotFound, `Parent point ${parent} of point ${this.id} does not exist`);
      }
      // Order is the whole guarantee: chunks durable → manifests durable (already) → point file renamed in.
      await this.host.flushChunks();
      await this.host.beforePointRename?.(this.id);
      await this.host.assertLockHeld();
      const record = { id: this.id, createdAt: this.createdAt, labels: this.labels, disks };
      await this.host.points.writePoint(record);
      this.state = 'committed';
      this.host.writerFinished(this, true);
      return toPointInfo(record);
    } catch (e) {
      // Still open: the caller may abort() (or retry commit after fixing the cause).
      if (this.state === 'committing') this.state = 'open';
      throw asWriteError(`Committing point ${this.id}`, e);
    }
  }

  async abort(): Promise<void> {
    // Never pull manifests from under a commit in progress: wait for it, then abort only if it failed.
    await this.committing;
    if (this.state === 'committed' || this.state === 'aborted') return;
    this.state = 'aborted';
    await Promise.allSettled(this.pendingAdds);
    this.host.writerFinished(this, false);
    await this.host.points.deleteManifests(this.id).catch(() => undefined); // leftovers are swept at the next lock
  }

  private expectOpen(what: string): void {
    if (this.state !== 'open') {
      throw new FerryError(ErrorCode.InvalidParams, `Cannot ${what} point ${this.id}: it is ${this.state}`);
    }
  }
}
