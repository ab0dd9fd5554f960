// Where the per-block CPU work runs. The pipeline only knows this interface: a worker pool in production,
// the calling thread where threads do not pay off (see chooseProcessor) and in small tests.
import { digestBlock, packBlock, type Digest, type PackLevel, type Packed } from './block-worker';

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

/** Runs the work on the calling thread. */
export class InlineProcessor implements BlockProcessor {
  readonly parallelism = 1;
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
    const packed = packBlock(level, raw);
    return { ...packed, ms: performance.now() - started };
  }

  drop(job: number): void {
    this.held.delete(job);
  }

  recycle(): void {
    // codec output is fresh each time on this thread; nothing to reuse
  }

  async close(): Promise<void> {
    this.held.clear();
  }
}
