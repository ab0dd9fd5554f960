// Block work spread over worker threads. A block's buffer goes to the worker that digests it and stays there
// until the main thread says pack or drop, then comes back (transferred, never copied) to be reused.
// Workers hold the event loop open only while they owe an answer, and are shut down after a quiet spell.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { BlockProcessor, Digested } from './block-processor';
import { WORKER_ROLE, type PackLevel, type Packed, type WorkerReply, type WorkerRequest } from './block-worker';

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
    this.worker = new Worker(url, { workerData: { role: WORKER_ROLE } });
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
    // After the listeners: adding a 'message' listener refs the worker again (Node 24), and an idle worker
    // that holds the event loop keeps a finished CLI alive until the idle shutdown (15 s).
    this.worker.unref();
  }

  get load(): number {
    return this.pending.size + this.held.size;
  }

  request(req: WorkerRequest, transfer: ArrayBuffer[] = []): Promise<WorkerReply> {
    return new Promise<WorkerReply>((resolve, reject) => {
      const key = `${req.op}:${req.job}`;
      this.pending.set(key, { resolve, reject });
      this.refresh();
      try {
        this.worker.postMessage(req, transfer);
      } catch (e) {
        this.pending.delete(key);
        this.refresh();
        reject(e instanceof Error ? e : new Error(String(e)));
      }
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

  async digest(data: Uint8Array, source?: Uint8Array): Promise<Digested> {
    const slot = this.pick();
    const job = this.nextJob++;
    const transfer = [data.buffer, ...(source ? [source.buffer] : [])].map((b) => {
      if (!(b instanceof ArrayBuffer)) throw new Error('block buffers must be plain ArrayBuffers (they are transferred)');
      return b;
    });
    const r = await this.call(slot, { op: 'digest', job, data, ...(source ? { src: source } : {}) }, transfer);
    if (r.op !== 'digest') throw new Error(`unexpected reply ${r.op}`);
    if (!r.digest.zero) {
      slot.held.add(job);
      this.owner.set(job, slot);
    }
    return { job, digest: r.digest, ms: r.ms, ...(r.data ? { returned: r.data } : {}) };
  }

  async pack(job: number, level: PackLevel): Promise<Packed & { ms: number }> {
    const slot = this.release(job);
    if (!slot) throw new FerryError(ErrorCode.Internal, `Block ${job} is not held by a worker (the worker stopped)`);
    const r = await this.call(slot, { op: 'pack', job, level });
    if (r.op !== 'pack') throw new Error(`unexpected reply ${r.op}`);
    return { codec: r.codec, data: r.data, ms: r.ms };
  }

  async drop(job: number): Promise<Uint8Array | undefined> {
    const slot = this.release(job);
    if (!slot || slot.dead) return undefined;
    const r = await this.call(slot, { op: 'drop', job }).catch(() => undefined);
    return r?.op === 'drop' ? r.data : undefined;
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
    }, IDLE_SHUTDOWN_MS);
    this.idleTimer.unref();
  }
}
