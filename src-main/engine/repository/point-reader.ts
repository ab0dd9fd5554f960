// Random access to one disk of a restore point without restoring it: the guest file system readers and the
// NBD server read through this. A read touches only the chunks it overlaps (found by binary search over the
// manifest's sorted blocks); ranges no block covers are zeros and never reach the repository. Decompressed
// chunks are kept in a bounded LRU cache keyed by hash (deduplicated blocks share an entry), and concurrent
// reads of one chunk share a single fetch.
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { BlockSource } from '../guestfs/types';
import { messageOf } from './fs-util';
import { validateManifestInput } from './manifest-validate';
import { Repo } from './repo';
import type { ChunkHash, DiskManifestInput, ManifestBlock } from './types';

const MiB = 1024 * 1024;
/** Enough for a few dozen 1 MiB blocks: file system metadata (MFT, inode tables) stays hot while data streams by. */
export const DEFAULT_CACHE_BYTES = 64 * MiB;
/** One read returns one buffer: bigger requests are refused rather than allowed to take the process's memory. */
export const MAX_READ_BYTES = 64 * MiB;
/** Chunks one read fetches at the same time: overlaps repository I/O and decompression, bounds memory. */
const READ_PARALLELISM = 4;

/** Decompressed, hash-verified chunk bytes; rejects (FerryError) when the chunk is missing or damaged. */
export type ChunkFetcher = (hash: ChunkHash) => Promise<Buffer>;

export interface PointReaderOptions {
  /** upper bound of decompressed chunk bytes kept for re-reads (default 64 MiB; at least one block is kept) */
  cacheBytes?: number;
  /** called once by close(), e.g. to close the repository handle the reader was opened on */
  onClose?: () => Promise<void>;
}

export interface PointReaderStats {
  /** chunks fetched from the repository (cache misses; a shared concurrent fetch counts once) */
  chunksRead: number;
  /** decompressed bytes of those chunks */
  bytesFetched: number;
  /** chunk lookups answered from the cache or by joining a fetch already under way */
  cacheHits: number;
  /** bytes handed to callers */
  bytesServed: number;
  /** decompressed bytes held in the cache now (bounded by cacheBytes, or one block when that is larger) */
  cachedBytes: number;
}

export class PointReader implements BlockSource {
  readonly size: number;
  readonly diskKey: string;
  private readonly blocks: readonly ManifestBlock[];
  private readonly cacheLimit: number;
  /** Map order is recency order: the first entry is the least recently used. */
  private readonly cache = new Map<ChunkHash, Buffer>();
  private cachedBytes = 0;
  private readonly inFlight = new Map<ChunkHash, Promise<Buffer>>();
  private readonly counters: Omit<PointReaderStats, 'cachedBytes'> = { chunksRead: 0, bytesFetched: 0, cacheHits: 0, bytesServed: 0 };
  private closed = false;

  constructor(
    manifest: DiskManifestInput,
    private readonly fetchChunk: ChunkFetcher,
    readonly pointId: string,
    private readonly options: PointReaderOptions = {},
  ) {
    // The repository checks manifests when they are written; a reader checks again because everything
    // below (binary search, copy offsets) is only correct for sorted, non-overlapping, in-bounds blocks.
    try {
      validateManifestInput(manifest);
    } catch (e) {
      throw new FerryError(ErrorCode.RepoCorrupt, `Point ${pointId}: ${messageOf(e)}`, { pointId, diskKey: manifest.diskKey });
    }
    this.size = manifest.virtualSize;
    this.diskKey = manifest.diskKey;
    this.blocks = manifest.blocks;
    this.cacheLimit = Math.max(0, options.cacheBytes ?? DEFAULT_CACHE_BYTES);
  }

  /** A snapshot of the counters (chunks read, cache hits, bytes served). */
  get stats(): PointReaderStats {
    return { ...this.counters, cachedBytes: this.cachedBytes };
  }

  /**
   * `length` bytes at `offset`; a read that runs past the end returns the bytes up to the end. A read that
   * starts past the end is E_OUT_OF_RANGE; a negative or fractional offset/length, or one above
   * MAX_READ_BYTES, is E_INVALID_PARAMS.
   */
  async read(offset: number, length: number): Promise<Buffer> {
    this.checkRequest(offset, length);
    const end = Math.min(this.size, offset + length);
    const out = Buffer.alloc(end - offset); // zero-filled: unallocated ranges need no further work
    const overlapping = this.blocksOverlapping(offset, end);
    for (let i = 0; i < overlapping.length; i += READ_PARALLELISM) {
      const batch = overlapping.slice(i, i + READ_PARALLELISM);
      const datas = await Promise.all(batch.map((b) => this.chunk(b)));
      batch.forEach((b, k) => {
        const from = Math.max(offset, b.offset);
        const to = Math.min(end, b.offset + b.length);
        datas[k].copy(out, from - offset, from - b.offset, to - b.offset);
      });
    }
    this.counters.bytesServed += out.byteLength;
    return out;
  }

  /** Forget the cache and run onClose; later reads are refused. Reads already under way finish or fail. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.cache.clear();
    this.cachedBytes = 0;
    await this.options.onClose?.();
  }

  private checkRequest(offset: number, length: number): void {
    if (this.closed) throw new FerryError(ErrorCode.Cancelled, `The reader of ${this.diskKey} in point ${this.pointId} is closed`);
    if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
      throw new FerryError(ErrorCode.InvalidParams, `Read of ${length} bytes at ${offset}: offset and length must be non-negative integers`);
    }
    if (length > MAX_READ_BYTES) throw new FerryError(ErrorCode.InvalidParams, `Read of ${length} bytes refused: at most ${MAX_READ_BYTES} per read`);
    if (offset > this.size) {
      throw new FerryError(ErrorCode.OutOfRange, `Read at ${offset} is beyond the end of disk ${this.diskKey} (${this.size} bytes)`, {
        offset,
        length,
        size: this.size,
      });
    }
  }

  /** The blocks that overlap [start, end), in offset order. */
  private blocksOverlapping(start: number, end: number): ManifestBlock[] {
    const found: ManifestBlock[] = [];
    for (let i = this.firstBlockEndingAfter(start); i < this.blocks.length && this.blocks[i].offset < end; i++) found.push(this.blocks[i]);
    return found;
  }

  /** Binary search: index of the first block whose end lies beyond `offset` (blocks.length if none). */
  private firstBlockEndingAfter(offset: number): number {
    let lo = 0;
    let hi = this.blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const b = this.blocks[mid];
      if (b.offset + b.length <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private chunk(block: ManifestBlock): Promise<Buffer> {
    const hit = this.cache.get(block.hash);
    if (hit) {
      this.cache.delete(block.hash); // re-insert: most recently used
      this.cache.set(block.hash, hit);
      this.counters.cacheHits++;
      return Promise.resolve(hit);
    }
    const pending = this.inFlight.get(block.hash);
    if (pending) {
      this.counters.cacheHits++;
      return pending;
    }
    const fetching = this.fetch(block).finally(() => this.inFlight.delete(block.hash));
    this.inFlight.set(block.hash, fetching);
    return fetching;
  }

  private async fetch(block: ManifestBlock): Promise<Buffer> {
    this.counters.chunksRead++;
    let data: Buffer;
    try {
      data = await this.fetchChunk(block.hash);
    } catch (e) {
      if (this.closed) throw new FerryError(ErrorCode.Cancelled, `The reader of ${this.diskKey} in point ${this.pointId} was closed during a read`);
      throw this.unreadable(block, messageOf(e));
    }
    if (data.byteLength !== block.length) throw this.unreadable(block, `the chunk holds ${data.byteLength} bytes, the manifest says ${block.length}`);
    this.counters.bytesFetched += data.byteLength;
    this.remember(block.hash, data);
    return data;
  }

  private remember(hash: ChunkHash, data: Buffer): void {
    if (this.closed) return;
    const previous = this.cache.get(hash);
    if (previous) {
      this.cache.delete(hash);
      this.cachedBytes -= previous.byteLength;
    }
    this.cache.set(hash, data);
    this.cachedBytes += data.byteLength;
    for (const [oldHash, old] of this.cache) {
      if (this.cachedBytes <= this.cacheLimit || oldHash === hash) break;
      this.cache.delete(oldHash);
      this.cachedBytes -= old.byteLength;
    }
  }

  private unreadable(block: ManifestBlock, why: string): FerryError {
    return new FerryError(
      ErrorCode.RepoCorrupt,
      `Disk ${this.diskKey} of point ${this.pointId}: ${block.length} bytes at offset ${block.offset} cannot be read (${why})`,
      { pointId: this.pointId, diskKey: this.diskKey, offset: block.offset, length: block.length, hash: block.hash },
    );
  }
}

/** The disk key the engine stores a VM's disk under in a restore point. */
export const diskKeyOf = (vmId: string, diskIndex: number): string => `${vmId}/${diskIndex}`;

/**
 * Open a reader over one disk of a point in the repository at `repoDir`. The repository is opened read-only
 * (readers never take its lock, so backups keep running) and closed with the reader.
 */
export async function openPointReader(repoDir: string, pointId: string, diskKey: string, options: Omit<PointReaderOptions, 'onClose'> = {}): Promise<PointReader> {
  const repo = await Repo.open(repoDir);
  try {
    const manifest = await repo.readManifest(pointId, diskKey);
    return new PointReader(manifest, (hash) => repo.readChunk(hash), pointId, { ...options, onClose: () => repo.close() });
  } catch (e) {
    await repo.close();
    throw e;
  }
}
