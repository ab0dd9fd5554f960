// Where the per-block CPU work runs. The pipeline only knows this interface; two implementations:
//   WorkerPool (worker-pool.ts): hash and compress in worker threads;
//   ThreadpoolProcessor (here): hash on the calling thread, compress and check on libuv's threadpool.
// Which one a level uses is decided by measurement (see defaultProcessor in in-process-mover.ts).
import { availableParallelism } from 'node:os';
import { asyncCodecs, digestBlock, packBlock, type Digest, type PackLevel, type Packed } from './block-worker';

export interface Digested {
  /** handle for pack()/drop(): the processor keeps the bytes until one of them is called */
  job: number;
  digest: Digest;
  /** CPU ms spent on it */
  ms: number;
}

export interface BlockProcessor {
  /** how many blocks it works on at once (turns summed CPU ms into a busy share) */
  readonly parallelism: number;
  /** Get ready for work now (start threads), so the first blocks do not wait for it. */
  prepare?(): void;
  /** Zero check + hash. `data` is handed over: the caller must not touch it afterwards. */
  digest(data: Uint8Array): Promise<Digested>;
  /** Compress (or not) for storing; `rawLength` is the block's size. */
  pack(job: number, level: PackLevel, rawLength: number): Promise<Packed & { ms: number }>;
  /** A packed chunk has been written: its buffer may be reused for the next one. */
  recycle(data: Uint8Array): void;
  /** The block was a duplicate: forget it. */
  drop(job: number): void;
  close(): Promise<void>;
}

/**
 * No extra V8 isolates: SHA-256 (with SHA-NI, >1 GB/s) runs on the calling thread, compression and the
 * round-trip check on libuv's threadpool, in parallel on every core. The "ms" it reports is wall time of
 * the threadpool job, an upper bound of its CPU.
 */
export class ThreadpoolProcessor implements BlockProcessor {
  readonly parallelism = Math.max(1, availableParallelism());
  private readonly held = new Map<number, Uint8Array>();
  private nextJob = 1;

  async digest(data: Uint8Array): Promise<Digested> {
    const started = performance.now();
    const job = this.nextJob++;
    const digest = digestBlock(data);
    if (!digest.zero) this.held.set(job, data);
    return { job, digest, ms: performance.now() - started };
  }

  async pack(job: number, level: PackLevel, _rawLength: number): Promise<Packed & { ms: number }> {
    const raw = this.held.get(job);
    this.held.delete(job);
    if (!raw) throw new Error(`block ${job} is not held`);
    const started = performance.now();
    const packed = await packBlock(asyncCodecs, level, raw);
    return { ...packed, ms: performance.now() - started };
  }

  recycle(): void {
    // codec output is allocated per call on this path; nothing to reuse
  }

  drop(job: number): void {
    this.held.delete(job);
  }

  async close(): Promise<void> {
    this.held.clear();
  }
}
