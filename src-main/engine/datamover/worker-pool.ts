// Block work spread over worker threads. A block stays on the worker that digested it until the main
// thread says pack or drop, so its bytes cross the thread boundary once each way (transferred, not copied).
// Workers hold the event loop open only while they have work, and are shut down after a quiet spell.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { BlockProcessor, Digested } from './block-processor';
import { WORKER_ROLE, type Digest, type PackLevel, type Packed, type WorkerReply, type WorkerRequest } from './block-worker';

const IDLE_SHUTDOWN_MS = 15_000;

/**
 * The worker entry: the bundle's block-worker.js next to the running bundle (out/main), else the .ts source
 * next to this module (vitest runs sources; Node strips the types).
 */
export function blockWorkerUrl(): URL {
  const bundled = new URL('./block-worker.js', import.meta.url);
  const source = new URL('./block-worker.ts', import.meta.url);
  const exists = (u: URL) => u.protocol === 'file:' && existsSync(fileURLToPath(u));
  return exists(bundled) || !exists(source) ? bundled : source;
}

interface Pending {
  resolve(reply: WorkerReply): void;
  reject(e: Error): void;
}

/** One worker thread and the requests it owes answers to. */
class Slot {
  readonly worker: Worker;
  /** requests awaiting a reply, by `${op}:${job}` */
  readonly pending = new Map<string, Pending>();
  /** digested blocks it holds for a later pack/drop */
  readonly held = new Set<number>();
  dead = false;

  constructor(url: URL, onDeath: (slot: Slot, e: Error) => void) {
    this.worker = new Worker(url, { workerData: { role: WORKER_ROLE }, ...(process.env.FERRY_YG ? { resourceLimits: { maxYoungGenerationSizeMb: Number(process.env.FERRY_YG) } } : {}) });
    this.worker.unref();
    this.worker.on('message', (r: WorkerReply) => {
      const key = `${r.op === 'error' ? r.of : r.op}:${r.job}`;
      const p = this.pending.get(key);
      if (!p) return;
      this.pending.delete(key);
      this.refresh();
      if (r.op === 'error') p.reject(new FerryError(ErrorCode.Internal, `Block worker: ${r.message}`));
      else p.resolve(r);
    });
    this.worker.on('error', (e) => onDeath(this, e));
    this.worker.on('exit', (code) => onDeath(this, new Error(`exited with code ${code}`)));
  }

  get load(): number {
    return this.pending.size + this.held.size;
  }

  request(req: WorkerRequest, transfer: ArrayBuffer[] = []): Promise<WorkerReply> {
    return new Promise<WorkerReply>((resolve, reject) => {
      this.pending.set(`${req.op}:${req.job}`, { resolve, reject });
      this.refresh();
      this.worker.postMessage(req, transfer);
    });
  }

  /** Keep the process alive exactly while an answer is owed. */
  private refresh(): void {
    if (this.pending.size > 0) this.worker.ref();
    else this.worker.unref();
  }

  failAll(e: Error): void {
    this.dead = true;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
    this.held.clear();
  }
}

export class WorkerPool implements BlockProcessor {
  private readonly slots: Slot[] = [];
  private readonly owner = new Map<number, Slot>();
  /** output buffers travel main → worker → main and are reused, so written chunks leave no garbage here */
  private readonly buffers = new BufferRecycler();
  private nextJob = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    readonly parallelism: number,
    private readonly url: URL = blockWorkerUrl(),
  ) {
    if (!Number.isInteger(parallelism) || parallelism < 1) throw new Error(`worker count ${parallelism} must be a positive integer`);
  }

  prepare(): void {
    while (!this.closed && this.slots.length < this.parallelism) this.slots.push(new Slot(this.url, (s, e) => this.onDeath(s, e)));
    this.scheduleIdle();
  }

  async digest(data: Uint8Array): Promise<Digested> {
    const slot = this.pick();
    const job = this.nextJob++;
    const own = exclusiveBuffer(data);
    const r = await this.call(slot, { op: 'digest', job, data: own }, [own.buffer as ArrayBuffer]);
    if (r.op !== 'digest') throw new Error(`unexpected reply ${r.op}`);
    if (!r.digest.zero) {
      slot.held.add(job);
      this.owner.set(job, slot);
    }
    return { job, digest: r.digest as Digest, ms: r.ms };
  }

  async pack(job: number, level: PackLevel, rawLength: number): Promise<Packed & { ms: number }> {
    const slot = this.release(job);
    if (!slot) throw new FerryError(ErrorCode.Internal, `Block ${job} is not held by a worker (the worker stopped)`);
    const out = this.buffers.take(rawLength);
    const r = await this.call(slot, { op: 'pack', job, level, out }, [out.buffer as ArrayBuffer]);
    if (r.op !== 'pack') throw new Error(`unexpected reply ${r.op}`);
    return { codec: r.codec, data: r.data, ms: r.ms };
  }

  recycle(data: Uint8Array): void {
    this.buffers.give(data);
  }

  drop(job: number): void {
    const slot = this.release(job);
    if (slot && !slot.dead) slot.worker.postMessage({ op: 'drop', job } satisfies WorkerRequest);
    this.scheduleIdle();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idleTimer);
    const all = this.slots.splice(0);
    for (const s of all) s.failAll(new FerryError(ErrorCode.Cancelled, 'Block worker pool closed'));
    await Promise.all(all.map((s) => s.worker.terminate()));
  }

  private async call(slot: Slot, req: WorkerRequest, transfer: ArrayBuffer[] = []): Promise<WorkerReply> {
    clearTimeout(this.idleTimer);
    try {
      return await slot.request(req, transfer);
    } finally {
      this.scheduleIdle();
    }
  }

  private release(job: number): Slot | undefined {
    const slot = this.owner.get(job);
    this.owner.delete(job);
    slot?.held.delete(job);
    return slot;
  }

  /** The least loaded worker; a new one while the pool is below its size. */
  private pick(): Slot {
    if (this.closed) throw new FerryError(ErrorCode.Internal, 'Block worker pool is closed');
    const idle = this.slots.find((s) => s.load === 0);
    if (idle) return idle;
    if (this.slots.length < this.parallelism) {
      const slot = new Slot(this.url, (s, e) => this.onDeath(s, e));
      this.slots.push(slot);
      return slot;
    }
    return this.slots.reduce((a, b) => (b.load < a.load ? b : a));
  }

  private onDeath(slot: Slot, e: Error): void {
    if (slot.dead) return;
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    for (const job of slot.held) this.owner.delete(job);
    // Its blocks fail their tasks; the next block starts a fresh worker.
    slot.failAll(new FerryError(ErrorCode.Internal, `A block worker stopped: ${e.message}`));
    void slot.worker.terminate();
  }

  /** After a quiet spell the threads go: their memory is not worth keeping between backups. */
  private scheduleIdle(): void {
    clearTimeout(this.idleTimer);
    if (this.slots.some((s) => s.load > 0)) return;
    this.idleTimer = setTimeout(() => {
      if (this.slots.some((s) => s.load > 0)) return;
      for (const s of this.slots.splice(0)) {
        s.dead = true;
        void s.worker.terminate();
      }
      this.buffers.clear();
    }, IDLE_SHUTDOWN_MS);
    this.idleTimer.unref();
  }
}

/** Free ArrayBuffers by size (block sizes are powers of two), up to a cap so an idle pool holds little. */
class BufferRecycler {
  private static readonly MAX_POOLED_BYTES = 64 * 1024 * 1024;
  private readonly free = new Map<number, ArrayBuffer[]>();
  private pooledBytes = 0;

  take(minBytes: number): Uint8Array {
    const size = 2 ** Math.ceil(Math.log2(Math.max(minBytes, 4096)));
    const buf = this.free.get(size)?.pop();
    if (buf) this.pooledBytes -= size;
    return new Uint8Array(buf ?? new ArrayBuffer(size));
  }

  give(data: Uint8Array): void {
    const buf = data.buffer;
    const size = buf.byteLength;
    if (!(buf instanceof ArrayBuffer) || size & (size - 1) || this.pooledBytes + size > BufferRecycler.MAX_POOLED_BYTES) return;
    const list = this.free.get(size) ?? [];
    list.push(buf);
    this.free.set(size, list);
    this.pooledBytes += size;
  }

  clear(): void {
    this.free.clear();
    this.pooledBytes = 0;
  }
}

/** A view that owns its whole ArrayBuffer, so it can be transferred; copies only when it does not. */
function exclusiveBuffer(data: Uint8Array): Uint8Array {
  if (data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer) return data;
  const copy = new Uint8Array(data.byteLength);
  copy.set(data);
  return copy;
}
