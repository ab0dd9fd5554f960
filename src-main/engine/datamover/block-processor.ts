// Where the per-block CPU work runs. The pipeline only knows this interface; two implementations:
//   WorkerPool (worker-pool.ts): hash and compress in worker threads;
//   ThreadpoolProcessor (here): hash on the calling thread, compress and check on libuv's threadpool.
// Which one a level uses is decided by measurement (see defaultProcessor in in-process-mover.ts).
import { webcrypto } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { isAllZero } from '../util/zero';
import { asyncCodecs, gcPacer, inPlace, packBlock, type Digest, type PackLevel, type Packed } from './block-worker';

export interface Digested {
  /** handle for pack()/drop(): the processor keeps the bytes until one of them is called */
  job: number;
  digest: Digest;
  /** CPU ms spent on it */
  ms: number;
  /** the block's buffer, back already: it was all zeros */
  returned?: Uint8Array;
}

export interface BlockProcessor {
  /** how many blocks it works on at once (turns summed CPU ms into a busy share) */
  readonly parallelism: number;
  /** Get ready for work now (start threads), so the first blocks do not wait for it. */
  prepare?(): void;
  /**
   * Zero check + hash. `data` (a view on an ArrayBuffer of its own) is handed over: the caller must not
   * touch it until it comes back (as `returned`, from drop(), or as pack()'s data). With `source` (a buffer
   * the disk reader just allocated, also handed over) the block's bytes are first copied from it into
   * `data`, on the processor's thread: the copy and the freeing of `source` then cost the caller nothing.
   */
  digest(data: Uint8Array, source?: Uint8Array): Promise<Digested>;
  /** Compress (or not) for storing; the stored bytes come back in the block's own buffer. */
  pack(job: number, level: PackLevel): Promise<Packed & { ms: number }>;
  /** The block was a duplicate: forget it; its buffer comes back (undefined if its thread died). */
  drop(job: number): Promise<Uint8Array | undefined>;
  close(): Promise<void>;
}

/**
 * No extra V8 isolates: SHA-256 (WebCrypto's digest), compression and the round-trip check all run on libuv's
 * threadpool, in parallel on every core; the calling thread only reads, looks up and writes. (Hashing on the
 * calling thread made it the bottleneck of a small incremental: one core hashing, the others waiting.) The
 * "ms" it reports is wall time of the threadpool jobs, an upper bound of their CPU.
 */
export class ThreadpoolProcessor implements BlockProcessor {
  readonly parallelism = Math.max(1, availableParallelism());
  private readonly held = new Map<number, Uint8Array>();
  private nextJob = 1;
  /** the reader's buffers die here once copied: collect them young so the next reads reuse their memory */
  private readonly released = gcPacer();

  async digest(data: Uint8Array, source?: Uint8Array): Promise<Digested> {
    const started = performance.now();
    const job = this.nextJob++;
    if (source) {
      data.set(source);
      this.released(source.byteLength);
    }
    if (isAllZero(data)) return { job, digest: { zero: true }, ms: performance.now() - started, returned: data };
    // the same SHA-256 as digestBlock's createHash, computed off this thread
    const digest: Digest = { zero: false, hash: Buffer.from(await webcrypto.subtle.digest('SHA-256', data)).toString('hex') };
    this.held.set(job, data);
    return { job, digest, ms: performance.now() - started };
  }

  async pack(job: number, level: PackLevel): Promise<Packed & { ms: number }> {
    const raw = this.take(job);
    const started = performance.now();
    const packed = inPlace(raw, await packBlock(asyncCodecs, level, raw));
    return { ...packed, ms: performance.now() - started };
  }

  async drop(job: number): Promise<Uint8Array | undefined> {
    return this.take(job);
  }

  private take(job: number): Uint8Array {
    const raw = this.held.get(job);
    this.held.delete(job);
    if (!raw) throw new Error(`block ${job} is not held`);
    return raw;
  }

  async close(): Promise<void> {
    this.held.clear();
  }
}
