// The CPU work of the data mover, per block: zero check + SHA-256 ("digest"), then compression with a
// round-trip check ("pack"). This file is also the entry of the worker threads that run it.
//
// Self-contained on purpose: under vitest the worker loads this .ts file through Node's type stripping,
// which cannot resolve extensionless relative imports. So: node: builtins, packages and `import type` only.
import { createHash } from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import { compress, compressSync, uncompress, uncompressSync } from 'lz4-napi';
import type { Compression } from '../../../src-shared/domain';
import type { z } from 'zod';

export type PackLevel = z.infer<typeof Compression>;
export type StoredCodec = 'none' | 'lz4' | 'zstd';

export type Digest = { zero: true } | { zero: false; hash: string };

export interface Packed {
  codec: StoredCodec;
  data: Uint8Array;
}

/** Marker in workerData: only a worker started by the pool serves requests when it loads this file. */
export const WORKER_ROLE = 'ferry-block-worker';

// Requests and replies of the worker protocol. A block is digested first; the main thread then decides
// (after the dedupe lookup) whether the worker packs it or drops it, so duplicates are never compressed.
export type WorkerRequest =
  | { op: 'digest'; job: number; data: Uint8Array }
  /** `out` (at least the block's size) comes back holding the stored bytes: output buffers are recycled */
  | { op: 'pack'; job: number; level: PackLevel; out: Uint8Array }
  | { op: 'drop'; job: number };

export type WorkerReply =
  | { op: 'digest'; job: number; digest: Digest; ms: number }
  | { op: 'pack'; job: number; codec: StoredCodec; data: Uint8Array; ms: number }
  | { op: 'error'; of: WorkerRequest['op']; job: number; message: string };

let zeros = Buffer.alloc(0);

function asBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/** memcmp against a shared zero buffer: freed guest space is common, and this runs at memory speed. */
export function isAllZero(b: Uint8Array): boolean {
  if (zeros.length < b.length) zeros = Buffer.alloc(b.length);
  return asBuffer(b).equals(zeros.subarray(0, b.length));
}

/** SHA-256 of the uncompressed bytes: the repository's chunk id, so chunks dedupe across disks and points. */
export function digestBlock(b: Uint8Array): Digest {
  if (isAllZero(b)) return { zero: true };
  return { zero: false, hash: createHash('sha256').update(b).digest('hex') };
}

const ZSTD_LEVEL: Partial<Record<PackLevel, number>> = { high: 3, extreme: 9 };

interface Compressed {
  codec: StoredCodec;
  out: Buffer;
}

/**
 * The codec primitives, in two flavours with identical output: synchronous (inside a worker thread) and
 * asynchronous on libuv's threadpool (from the main thread, no extra V8 isolate). `null`: level 'none'.
 */
export interface CodecOps {
  compress(level: PackLevel, raw: Buffer): Compressed | null | Promise<Compressed | null>;
  decompress(codec: StoredCodec, stored: Buffer, rawLength: number): Buffer | Promise<Buffer>;
}

const zstdParams = (level: number, size: number) => ({
  params: { [zlib.constants.ZSTD_c_compressionLevel]: level },
  // one output chunk as large as the input: the result is a view, not a concatenation of 64 KiB pieces
  chunkSize: Math.max(64 * 1024, size),
});

export const syncCodecs: CodecOps = {
  compress(level, raw) {
    if (level === 'optimal') return { codec: 'lz4', out: compressSync(raw) };
    const zstdLevel = ZSTD_LEVEL[level];
    return zstdLevel === undefined ? null : { codec: 'zstd', out: zlib.zstdCompressSync(raw, zstdParams(zstdLevel, raw.length)) };
  },
  decompress(codec, stored, rawLength) {
    if (codec === 'lz4') return uncompressSync(stored);
    return zlib.zstdDecompressSync(stored, { maxOutputLength: Math.max(1, rawLength), chunkSize: Math.max(64 * 1024, rawLength) });
  },
};

const zstdAsync = promisify(zlib.zstdCompress);
const unzstdAsync = promisify(zlib.zstdDecompress);

export const asyncCodecs: CodecOps = {
  async compress(level, raw) {
    if (level === 'optimal') return { codec: 'lz4', out: await compress(raw) };
    const zstdLevel = ZSTD_LEVEL[level];
    return zstdLevel === undefined ? null : { codec: 'zstd', out: await zstdAsync(raw, zstdParams(zstdLevel, raw.length)) };
  },
  decompress(codec, stored, rawLength) {
    if (codec === 'lz4') return uncompress(stored);
    return unzstdAsync(stored, { maxOutputLength: Math.max(1, rawLength), chunkSize: Math.max(64 * 1024, rawLength) });
  },
};

// Incompressible data (media, encrypted or already-compressed files) is common on VM disks, and the codecs
// spend real time failing to shrink it. A few spread-out samples tell cheaply whether to bother.
const PROBE_MIN_BLOCK = 128 * 1024;
const PROBE_SAMPLES = 4;
const PROBE_SAMPLE_BYTES = 16 * 1024;
/** a sample that does not shrink by at least 3 % means the block is stored raw */
const PROBE_KEEP_RATIO = 0.97;

async function looksIncompressible(ops: CodecOps, level: PackLevel, raw: Buffer): Promise<boolean> {
  if (raw.length < PROBE_MIN_BLOCK) return false;
  const sample = Buffer.allocUnsafe(PROBE_SAMPLES * PROBE_SAMPLE_BYTES);
  const stride = Math.floor((raw.length - PROBE_SAMPLE_BYTES) / (PROBE_SAMPLES - 1));
  for (let i = 0; i < PROBE_SAMPLES; i++) sample.set(raw.subarray(i * stride, i * stride + PROBE_SAMPLE_BYTES), i * PROBE_SAMPLE_BYTES);
  const probe = await ops.compress(level, sample);
  return probe !== null && probe.out.length > sample.length * PROBE_KEEP_RATIO;
}

/**
 * Compress at the job's level; raw when it would not shrink. Every compressed chunk is decompressed and
 * compared before it leaves: a chunk stored under a hash its bytes do not decode to would poison every
 * later point that dedupes against it (this is the check the repository's verifyOnPut would repeat).
 */
export async function packBlock(ops: CodecOps, level: PackLevel, block: Uint8Array): Promise<Packed> {
  const raw = asBuffer(block);
  if (level === 'none' || (await looksIncompressible(ops, level, raw))) return { codec: 'none', data: block };
  const c = await ops.compress(level, raw);
  if (!c || c.out.length >= raw.length) return { codec: 'none', data: block };
  if (!(await ops.decompress(c.codec, c.out, raw.length)).equals(raw)) {
    throw new Error(`${c.codec} output of a ${raw.length}-byte block does not decompress to the same bytes`);
  }
  return { codec: c.codec, data: c.out };
}

// ---------- worker side ----------

/**
 * Block buffers die here by the megabyte behind a few bytes of JS objects (transferred-in blocks, codec
 * output). V8 collects them only under external-memory pressure, after ~64 MiB per thread, so each worker
 * would sit on that much garbage. A minor GC every 8 MiB (a fraction of a millisecond: the blocks' wrappers
 * are young and the worker's heap is tiny) keeps its memory at the working set.
 */
function gcPacer(): (releasedBytes: number) => void {
  const EVERY_BYTES = 8 * 1024 * 1024;
  let gc: ((opts: { type: 'minor' | 'major' }) => void) | undefined;
  try {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as typeof gc;
  } catch {
    gc = undefined; // no explicit GC: V8's own heuristics still bound the garbage
  }
  let released = 0;
  return (bytes) => {
    released += bytes;
    if (released < EVERY_BYTES || !gc || process.env.FERRY_GC === 'off') return;
    released = 0;
    gc({ type: (process.env.FERRY_GC as 'minor' | 'major' | undefined) ?? 'minor' });
  };
}

function serve(port: NonNullable<typeof parentPort>): void {
  const held = new Map<number, Uint8Array>();
  const released = gcPacer();
  const reply = (r: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(r, transfer);
  port.on('message', (req: WorkerRequest) => void handle(req));
  const handle = async (req: WorkerRequest) => {
    const started = performance.now();
    try {
      if (req.op === 'digest') {
        const digest = digestBlock(req.data);
        if (!digest.zero) held.set(req.job, req.data);
        else released(req.data.byteLength);
        reply({ op: 'digest', job: req.job, digest, ms: performance.now() - started });
      } else if (req.op === 'pack') {
        const raw = held.get(req.job);
        held.delete(req.job);
        if (!raw) throw new Error(`block ${req.job} is not held by this worker`);
        const packed = await packBlock(syncCodecs, req.level, raw);
        if (req.out.byteLength < packed.data.byteLength) throw new Error(`output buffer of ${req.out.byteLength} bytes is too small`);
        req.out.set(packed.data);
        released(raw.byteLength + (packed.data === raw ? 0 : packed.data.byteLength));
        const data = req.out.subarray(0, packed.data.byteLength);
        reply({ op: 'pack', job: req.job, codec: packed.codec, data, ms: performance.now() - started }, [data.buffer as ArrayBuffer]);
      } else {
        released(held.get(req.job)?.byteLength ?? 0);
        held.delete(req.job);
      }
    } catch (e) {
      held.delete(req.job);
      reply({ op: 'error', of: req.op, job: req.job, message: e instanceof Error ? e.message : String(e) });
    }
  };
}

const role: unknown = (workerData as { role?: unknown } | null)?.role;
if (!isMainThread && parentPort && role === WORKER_ROLE) serve(parentPort);
