// The repository facade: open/create, chunks, points, verify, restore. Details live in the modules it wires.
import path from 'node:path';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import { ChunkIndex } from './chunk-index';
import { ChunkStore } from './chunk-store';
import { decompressChunk, isCodec } from './codec';
import { collectGarbage, type GcOptions, type GcReport, type GcStep } from './gc';
import { createRepoFiles, readConfig } from './config';
import { errnoOf, isOutOfSpace, messageOf } from './fs-util';
import { ensureReserve, releaseReserve } from './space-reserve';
import { isChunkHash, sha256Hex } from './hash';
import { RepoLayout } from './layout';
import { RepoLock } from './lock';
import { sleep } from '../util/time';
import { DEFAULT_PACK_TARGET_BYTES, PackAppender } from './pack-appender';
import { MAX_CHUNK_BYTES } from './pack-format';
import { PackReader } from './pack-reader';
import type { PointDiskRecord, PointRecord } from './point-format';
import { toPointInfo } from './point-format';
import { PointStore } from './point-store';
import { RepoPointWriter, type PointWriterHost } from './point-writer';
import { recoverAfterCrash, type RecoveryReport } from './recovery';
import { restoreRawFile } from './restore-raw';
import { restoreVhdxFile, type VhdxRestoreOptions } from './restore-vhdx';
import { pointsToForget, type RetentionPolicy } from './retention';
import type { ChunkHash, Codec, DiskManifestInput, PointInfo, PointWriter, ProgressFn, VerifyReport } from './types';
import { verifyPoint } from './verify';
import { recordDamage } from './damage-marks';
import { pruneDamageMarks } from './damage-prune';
import { repairRepository, type RepairReport } from './repair';

/** Crash-simulation hooks for tests: throwing from one stops the operation at exactly that step. */
export interface RepoFaults {
  beforePointRename?(pointId: string): void | Promise<void>;
  /** called after each point file forget removed */
  afterForgetPoint?(pointId: string): void | Promise<void>;
  gcStep?(step: GcStep): void | Promise<void>;
}

export interface ForgetResult {
  removed: PointInfo[];
  kept: PointInfo[];
}

export interface RepoOptions {
  /** pack files are sealed once they reach this size (default 64 MiB) */
  packTargetBytes?: number;
  /**
   * Decompress and re-hash every new chunk before storing it (default true). One chunk stored under a wrong
   * hash would poison every later point that dedupes against it, so this is on unless throughput demands otherwise.
   */
  verifyOnPut?: boolean;
  faults?: RepoFaults;
  /** how often the write lock is refreshed and re-checked (default 60 s); tests shorten it */
  lockHeartbeatMs?: number;
}

export interface WriteLockWait {
  /** keep retrying this long while another process holds the lock (default 0: fail at once with E_REPO_LOCKED) */
  waitMs?: number;
  signal?: AbortSignal;
  /** told once, with the E_REPO_LOCKED error that names the holder, when the first attempt has to wait */
  onWait?: (locked: FerryError) => void;
}

interface WriteSession {
  lock: RepoLock;
  appender: PackAppender;
  /** what crash recovery did when this session started */
  recovery: RecoveryReport;
}

export class Repo {
  private readonly chunks: ChunkStore;
  private readonly points: PointStore;
  private readonly reader: PackReader;
  private session: Promise<WriteSession> | undefined;
  private readonly openWriters = new Set<PointWriter>();
  private readonly putsInFlight = new Set<Promise<number>>();
  /** forget/gc running in this process: backups wait for it to finish (RepoLocked meanwhile) */
  private maintenance: string | undefined;
  /** maintenance gave the space reserve back to a full volume; it is recreated once there is room */
  private reserveReleased = false;
  /** points committed through this handle: their chunks are referenced (see discardUnreferencedWrites) */
  private committedPoints = 0;
  private closed = false;

  private constructor(
    readonly dir: string,
    private readonly layout: RepoLayout,
    private readonly index: ChunkIndex,
    private readonly options: RepoOptions,
  ) {
    this.reader = new PackReader(layout);
    this.chunks = new ChunkStore(index, this.reader);
    this.points = new PointStore(layout);
  }

  static async create(dir: string, options: RepoOptions = {}): Promise<Repo> {
    const layout = new RepoLayout(path.resolve(dir));
    await createRepoFiles(layout);
    await ensureReserve(layout);
    return Repo.open(dir, options);
  }

  static async open(dir: string, options: RepoOptions = {}): Promise<Repo> {
    const layout = new RepoLayout(path.resolve(dir));
    await readConfig(layout);
    const index = new ChunkIndex(layout);
    try {
      await index.load();
    } catch (e) {
      throw new FerryError(ErrorCode.RepoCorrupt, `Cannot load the chunk index of ${layout.root}: ${messageOf(e)}`);
    }
    return new Repo(layout.root, layout, index, options);
  }

  static async openOrCreate(dir: string, options: RepoOptions = {}): Promise<Repo> {
    try {
      return await Repo.open(dir, options);
    } catch (e) {
      if (e instanceof FerryError && e.code === ErrorCode.RepoMissing) return Repo.create(dir, options);
      throw e;
    }
  }

  // ---------- chunks ----------

  async hasChunk(hash: ChunkHash): Promise<boolean> {
    return this.chunks.has(hash);
  }

  putChunk(hash: ChunkHash, stored: Uint8Array, codec: Codec, rawLength: number): Promise<number> {
    const put = this.doPutChunk(hash, stored, codec, rawLength);
    // gc waits for puts already under way, so none lands in a pack it is sweeping.
    this.putsInFlight.add(put);
    void put.catch(() => undefined).finally(() => this.putsInFlight.delete(put));
    return put;
  }

  private async doPutChunk(hash: ChunkHash, stored: Uint8Array, codec: Codec, rawLength: number): Promise<number> {
    this.expectOpen();
    this.expectNoMaintenance();
    validateChunkArgs(hash, stored, codec, rawLength);
    const session = await this.writeSession();
    this.expectNoMaintenance();
    session.lock.expectHeld();
    if (this.chunks.has(hash)) return 0;
    if (this.options.verifyOnPut !== false) await checkChunkContent(hash, stored, codec, rawLength);
    return session.appender.append(hash, stored, codec, rawLength);
  }

  async readChunk(hash: ChunkHash): Promise<Buffer> {
    this.expectOpen();
    if (!isChunkHash(hash)) throw new FerryError(ErrorCode.InvalidParams, `Not a chunk hash: ${hash}`);
    if (!(await this.chunks.locate(hash))) throw new FerryError(ErrorCode.NotFound, `Chunk ${hash} is not stored`, { hash });
    return this.chunks.read(hash);
  }

  // ---------- points ----------

  beginPoint(labels: Record<string, string>): PointWriter {
    this.expectOpen();
    this.expectNoMaintenance();
    const writer = new RepoPointWriter(this.writerHost(), labels);
    this.openWriters.add(writer);
    return writer;
  }

  async listPoints(): Promise<PointInfo[]> {
    this.expectOpen();
    return (await this.points.list()).map(toPointInfo);
  }

  async getPoint(id: string): Promise<PointInfo> {
    this.expectOpen();
    return toPointInfo(await this.points.get(id));
  }

  async readManifest(pointId: string, diskKey: string): Promise<DiskManifestInput> {
    this.expectOpen();
    const { point, disk } = await this.findDisk(pointId, diskKey);
    return this.points.readManifest(point, disk);
  }

  /**
   * Re-read and re-hash every chunk of a point. Damaged copies it finds are recorded in damaged/ (readers may
   * do this: one atomic file per copy), so no later backup deduplicates against them.
   */
  async verify(pointId: string, onProgress?: ProgressFn): Promise<VerifyReport> {
    this.expectOpen();
    const { report, damagedCopies } = await verifyPoint(await this.points.get(pointId), this.points, this.chunks, onProgress);
    if (damagedCopies.length === 0) return report;
    const detectedAt = new Date().toISOString();
    const recorded = await recordDamage(this.layout, damagedCopies.map((c) => ({ ...c, detectedAt, by: 'verify' as const })));
    await this.index.loadDamageMarks().catch(() => undefined);
    return { ...report, recorded: recorded.error ? { copies: recorded.recorded, error: recorded.error } : { copies: damagedCopies.length } };
  }

  async restoreRaw(pointId: string, diskKey: string, outPath: string, onProgress?: ProgressFn): Promise<void> {
    this.expectOpen();
    const manifest = await this.readManifest(pointId, diskKey);
    await restoreRawFile(manifest, this.chunks, outPath, onProgress);
  }

  /** Restore one disk as a dynamic VHDX (sparse: only non-zero data is allocated); atomic like restoreRaw. */
  async restoreVhdx(pointId: string, diskKey: string, outPath: string, onProgress?: ProgressFn, options?: VhdxRestoreOptions): Promise<void> {
    this.expectOpen();
    const manifest = await this.readManifest(pointId, diskKey);
    await restoreVhdxFile(manifest, this.chunks, outPath, options, onProgress);
  }

  // ---------- retention ----------

  /**
   * Forget the points the policy does not keep (point file first, so each disappears atomically).
   * Their chunks stay until gc(). Needs the write lock; refused while a point is being written.
   */
  forget(policy: RetentionPolicy, now = new Date()): Promise<ForgetResult> {
    return this.exclusive('forget', async (session) => {
      const all = await this.points.list();
      const doomed = new Set(pointsToForget(all, policy, now).map((p) => p.id));
      for (const id of doomed) {
        await session.lock.assertHeld();
        await this.points.deletePoint(id);
        await this.options.faults?.afterForgetPoint?.(id);
      }
      return {
        removed: all.filter((p) => doomed.has(p.id)).map(toPointInfo),
        kept: all.filter((p) => !doomed.has(p.id)).map(toPointInfo),
      };
    });
  }

  /** Remove chunks no committed point references. Needs the write lock; refused while a point is being written. */
  gc(options?: GcOptions): Promise<GcReport> {
    return this.exclusive('gc', async (session) => {
      await session.appender.seal(); // every pack gc looks at is sealed and durable
      return collectGarbage(
        {
          layout: this.layout,
          index: this.index,
          reader: this.reader,
          points: this.points,
          packTargetBytes: this.packTargetBytes,
          onStep: this.options.faults?.gcStep,
          assertHeld: () => session.lock.assertHeld(),
        },
        options,
      );
    });
  }

  /**
   * Rebuild pack indexes from the packs, move damaged packs to quarantine/ after copying out their sound chunks,
   * record the dropped copies, and report the points that lost data (they heal when a later backup stores the
   * same data). Needs the write lock; refused while a point is being written.
   */
  repair(): Promise<RepairReport> {
    return this.exclusive('repair', async (session) => {
      await session.appender.seal();
      return repairRepository({
        layout: this.layout,
        index: this.index,
        reader: this.reader,
        points: this.points,
        packTargetBytes: this.packTargetBytes,
        stillHeld: () => session.lock.assertHeld(),
      });
    });
  }

  /**
   * A failed backup removes what it wrote: every pack this handle started, as long as no point was committed
   * through it (then nothing can reference them: chunks are appended only when the repository did not have
   * them, and no other process writes while we hold the lock). Returns the bytes freed; 0 when it must keep them.
   */
  async discardUnreferencedWrites(): Promise<number> {
    this.expectOpen();
    const session = await this.session?.catch(() => undefined);
    if (!session || this.committedPoints > 0 || this.openWriters.size > 0 || session.lock.lost) return 0;
    await Promise.allSettled([...this.putsInFlight]);
    await session.lock.assertHeld();
    return session.appender.discardCreated();
  }

  // ---------- lifecycle ----------

  /**
   * Take the write lock now rather than at the first write (and run crash recovery), waiting while another
   * process holds it. A backup calls this before it starts reading, so it never reads a disk it cannot store.
   */
  async acquireWriteLock(wait: WriteLockWait = {}): Promise<RecoveryReport> {
    const deadline = Date.now() + (wait.waitMs ?? 0);
    let told = false;
    for (let pause = 100; ; pause = Math.min(pause * 2, 2000)) {
      this.expectOpen();
      try {
        return (await this.writeSession()).recovery;
      } catch (e) {
        if (!(e instanceof FerryError) || e.code !== ErrorCode.RepoLocked || Date.now() + pause > deadline) throw e;
        if (!told) wait.onWait?.(e);
        told = true;
        // Jitter: many processes waiting for one lock must not retry in lockstep.
        await sleep(pause + Math.floor(Math.random() * pause), wait.signal);
      }
    }
  }

  /** Aborts points still under construction, seals the open pack and releases the lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.allSettled([...this.openWriters].map((w) => w.abort()));
    this.closed = true;
    const session = await this.session?.catch(() => undefined);
    try {
      await session?.appender.seal().catch(async (e: unknown) => {
        // Lost the lock: the repository is someone else's now; leave the pack as a crash would (recovered later).
        if (!(e instanceof FerryError && e.code === ErrorCode.RepoLockLost)) throw e;
        await session.appender.abandon();
      });
    } finally {
      await session?.lock.release();
      await this.reader.closeAll();
    }
  }

  /**
   * @internal Tests only: stop as if the process died now. Nothing is sealed, fsynced or unlocked;
   * the lock file stays behind for the next opener to judge.
   */
  async simulateCrash(): Promise<void> {
    this.closed = true;
    const session = await this.session?.catch(() => undefined);
    await session?.lock.abandon();
    await session?.appender.abandon();
    await this.reader.closeAll();
  }

  // ---------- internals ----------

  private get packTargetBytes(): number {
    return this.options.packTargetBytes ?? DEFAULT_PACK_TARGET_BYTES;
  }

  private expectOpen(): void {
    if (this.closed) throw new FerryError(ErrorCode.Internal, `Repository ${this.dir} is closed`);
  }

  private expectNoMaintenance(): void {
    if (this.maintenance) throw new FerryError(ErrorCode.RepoLocked, `Repository ${this.dir} is busy: ${this.maintenance} is running`);
  }

  /** forget/gc: the lock, no other maintenance, no point under construction, no chunk write in flight. */
  private async exclusive<T>(what: string, run: (session: WriteSession) => Promise<T>): Promise<T> {
    // Checked and claimed synchronously, so a beginPoint() right after gc() is already refused.
    this.expectOpen();
    this.expectNoMaintenance();
    if (this.openWriters.size > 0) {
      throw new FerryError(ErrorCode.RepoLocked, `Cannot run ${what} on ${this.dir} while ${this.openWriters.size} restore point(s) are being written`);
    }
    this.maintenance = what;
    const attempt = async () => {
      const session = await this.writeSession();
      await Promise.allSettled([...this.putsInFlight]);
      return run(session);
    };
    try {
      try {
        return await attempt();
      } catch (e) {
        // A full volume: give back the reserve (kept for exactly this) and try once more. forget, gc and
        // repair are each safe to run again after any failure.
        if (!isOutOfSpace(e) || !(await releaseReserve(this.layout))) throw e;
        this.reserveReleased = true;
        return await attempt();
      }
    } finally {
      this.maintenance = undefined;
      if (this.reserveReleased && (await ensureReserve(this.layout))) this.reserveReleased = false;
    }
  }

  /** The first write takes the lock and tidies up after any crashed writer; readers never get here. */
  private writeSession(): Promise<WriteSession> {
    if (!this.session) {
      const starting = (async (): Promise<WriteSession> => {
        const lock = await RepoLock.acquire(this.layout, { heartbeatMs: this.options.lockHeartbeatMs });
        let recovery: RecoveryReport;
        try {
          recovery = await recoverAfterCrash({
            layout: this.layout,
            index: this.index,
            points: this.points,
            packTargetBytes: this.packTargetBytes,
            stillHeld: () => lock.assertHeld(),
          });
        } catch (e) {
          await lock.release();
          if (e instanceof FerryError && e.code === ErrorCode.RepoLockLost) throw e;
          throw new FerryError(ErrorCode.RepoWrite, `Cannot recover repository ${this.dir} after an interrupted write: ${messageOf(e)}`, errnoDetails(e));
        }
        // Damage records whose copy is gone and whose chunk is stored intact again have done their job.
        await pruneDamageMarks(this.layout, this.index).catch(() => undefined);
        // A writer puts the reserve back if an earlier run used it (best effort: never the reason to fail).
        if (!this.maintenance) await ensureReserve(this.layout);
        const appender = new PackAppender(this.layout, this.index, this.packTargetBytes, 'dedupe', () => lock.assertHeld());
        this.chunks.authoritative = true;
        this.chunks.ownPacks = () => new Set(appender.activePackId ? [appender.activePackId] : []);
        return { lock, appender, recovery };
      })();
      this.session = starting;
      // A failed start (e.g. RepoLocked) is not cached: a later write may succeed once the lock is free.
      starting.catch(() => {
        if (this.session === starting) this.session = undefined;
      });
    }
    return this.session;
  }

  private writerHost(): PointWriterHost {
    return {
      chunks: this.chunks,
      points: this.points,
      ensureWritable: async () => {
        this.expectOpen();
        this.expectNoMaintenance();
        (await this.writeSession()).lock.expectHeld();
        await this.index.loadDamageMarks(); // a verify may have found damage since this session started
      },
      assertLockHeld: async () => (await this.writeSession()).lock.assertHeld(),
      flushChunks: async () => (await this.writeSession()).appender.flush(),
      beforePointRename: this.options.faults?.beforePointRename,
      writerFinished: (w, committed) => {
        this.openWriters.delete(w);
        if (committed) this.committedPoints++;
      },
    };
  }

  private async findDisk(pointId: string, diskKey: string): Promise<{ point: PointRecord; disk: PointDiskRecord }> {
    const point = await this.points.get(pointId);
    const disk = point.disks.find((d) => d.diskKey === diskKey);
    if (!disk) throw new FerryError(ErrorCode.NotFound, `Point ${pointId} has no disk ${diskKey}`, { pointId, diskKey });
    return { point, disk };
  }
}

function errnoDetails(e: unknown): { errno: string } | undefined {
  const errno = errnoOf(e);
  return errno ? { errno } : undefined;
}

function validateChunkArgs(hash: ChunkHash, stored: Uint8Array, codec: Codec, rawLength: number): void {
  const bad = (why: string) => new FerryError(ErrorCode.InvalidParams, `putChunk ${String(hash)}: ${why}`);
  if (!isChunkHash(hash)) throw bad('hash must be lowercase hex SHA-256');
  if (!isCodec(codec)) throw bad(`unknown codec ${String(codec)}`);
  if (!(stored instanceof Uint8Array) || stored.byteLength === 0 || stored.byteLength > MAX_CHUNK_BYTES) throw bad('stored data is empty or too large');
  if (!Number.isSafeInteger(rawLength) || rawLength < 1 || rawLength > MAX_CHUNK_BYTES) throw bad(`rawLength ${rawLength} is out of range`);
  if (codec === 'none' && stored.byteLength !== rawLength) throw bad(`codec none but ${stored.byteLength} stored bytes for rawLength ${rawLength}`);
}

async function checkChunkContent(hash: ChunkHash, stored: Uint8Array, codec: Codec, rawLength: number): Promise<void> {
  let raw: Buffer;
  try {
    raw = await decompressChunk(stored, codec, rawLength);
  } catch (e) {
    throw new FerryError(ErrorCode.InvalidParams, `putChunk ${hash}: stored data does not decode as ${codec}: ${messageOf(e)}`);
  }
  if (sha256Hex(raw) !== hash) throw new FerryError(ErrorCode.InvalidParams, `putChunk ${hash}: content does not match the hash`);
}

