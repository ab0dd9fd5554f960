// The CPU work of the data mover, per block: zero check + SHA-256 ("digest"), then compression with a
// round-trip check ("pack"). This file is also the entry of the worker threads that run it.
//
// Self-contained on purpose: under vitest the worker loads this .ts file through Node's type stripping,
// which cannot resolve extensionless relative imports. So: node: builtins, packages, `import type`, and modules
// that import nothing themselves named with their .ts extension (../util/zero.ts).
import { createHash } from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import type { Compression } from '../../../src-shared/domain';
import type { z } from 'zod';
import { isAllZero } from '../util/zero.ts';

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
// A block's buffer travels with it and comes back to the main thread every time (zero block, drop, or the
// stored bytes of pack written over the raw ones), so buffers are reused instead of becoming garbage.
export type WorkerRequest =
  /** `src` (the disk reader's fresh buffer) is copied into `data` here, and dies here, off the main thread */
  | { op: 'digest'; job: number; data: Uint8Array; src?: Uint8Array }
  | { op: 'pack'; job: number; level: PackLevel }
  | { op: 'drop'; job: number };

export type WorkerReply =
  /** `data` comes back when the block is all zeros (nothing more to do with it) */
  | { op: 'digest'; job: number; digest: Digest; ms: number; data?: Uint8Array }
  | { op: 'pack'; job: number; codec: StoredCodec; data: Uint8Array; ms: number }
  | { op: 'drop'; job: number; data: Uint8Array }
  | { op: 'error'; of: WorkerRequest['op']; job: number; message: string };

function asBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/** SHA-256 of the uncompressed bytes: the repository's chunk id, so chunks dedupe across disks and points. */
export function digestBlock(b: Uint8Array): Digest {
  if (isAllZero(b)) return { zero: true };
  return { zero: false, hash: createHash('sha256').update(b).digest('hex') };
}

// Job level → codec: optimal = lz4, high = zstd-3, extreme = zstd-9 (the product's levels; the codec is
// stored per chunk, so restore never guesses).
const ZSTD_LEVEL: Partial<Record<PackLevel, number>> = { high: 3, extreme: 9 };

// lz4-napi is loaded on first use: a worker that never packs at 'optimal' starts faster without it.
const requireHere = createRequire(import.meta.url);
let lz4Lib: typeof import('lz4-napi') | undefined;
const lz4 = (): typeof import('lz4-napi') => (lz4Lib ??= requireHere('lz4-napi') as typeof import('lz4-napi'));

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
  // one output chunk for what is worth storing (the block shrinks to under half, or the probe let it by
  // on a close call and a second chunk follows): a single allocation instead of a pile of 64 KiB pieces
  chunkSize: Math.max(64 * 1024, size >>> 1),
});
// a damaged or hostile input cannot make the output grow past the block
const unzstdParams = (rawLength: number) => ({ maxOutputLength: Math.max(1, rawLength), chunkSize: Math.max(64 * 1024, rawLength) });

export const syncCodecs: CodecOps = {
  compress(level, raw) {
    if (level === 'optimal') return { codec: 'lz4', out: lz4().compressSync(raw) };
    const zstdLevel = ZSTD_LEVEL[level];
    return zstdLevel === undefined ? null : { codec: 'zstd', out: zlib.zstdCompressSync(raw, zstdParams(zstdLevel, raw.length)) };
  },
  decompress: (codec, stored, rawLength) => (codec === 'lz4' ? lz4().uncompressSync(stored) : zlib.zstdDecompressSync(stored, unzstdParams(rawLength))),
};

const zstdAsync = promisify(zlib.zstdCompress);
const unzstdAsync = promisify(zlib.zstdDecompress);

export const asyncCodecs: CodecOps = {
  async compress(level, raw) {
    if (level === 'optimal') return { codec: 'lz4', out: await lz4().compress(raw) };
    const zstdLevel = ZSTD_LEVEL[level];
    return zstdLevel === undefined ? null : { codec: 'zstd', out: await zstdAsync(raw, zstdParams(zstdLevel, raw.length)) };
  },
  decompress: (codec, stored, rawLength) => (codec === 'lz4' ? lz4().uncompress(stored) : unzstdAsync(stored, unzstdParams(rawLength))),
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

/** The stored bytes in the block's own buffer (compressed output is never longer than the block). */
export function inPlace(block: Uint8Array, packed: Packed): Packed {
  if (packed.data === block) return packed;
  block.set(packed.data);
  return { codec: packed.codec, data: block.subarray(0, packed.data.byteLength) };
}

// ---------- garbage pacing ----------

/**
 * Megabytes of short-lived memory die here behind a few bytes of JS objects: the disk reader's buffers
 * handed over to be copied, codec output (lz4-napi's lives in its own allocator, unseen by V8), and zstd's
 * native contexts (one per call of node:zlib's sync API, several MiB at the higher levels). V8 collects
 * them only under external-memory pressure (~64 MiB per thread), the contexts only in a full GC. So: a
 * minor GC every 8 MiB released (well under a millisecond), a full one every 64 MiB (a few ms on a
 * worker's small heap), and memory stays at the working set.
 */
export function gcPacer(): (releasedBytes: number) => void {
  const MINOR_EVERY = 8 * 1024 * 1024;
  const MAJOR_EVERY = 64 * 1024 * 1024;
  let gc: ((opts: { type: 'minor' | 'major' }) => void) | undefined;
  try {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as typeof gc;
  } catch {
    gc = undefined; // no explicit GC: V8's own heuristics still bound the garbage
  }
  let sinceMinor = 0;
  let sinceMajor = 0;
  return (bytes) => {
    if (!gc) return;
    sinceMinor += bytes;
    sinceMajor += bytes;
    if (sinceMajor >= MAJOR_EVERY) {
      sinceMajor = sinceMinor = 0;
      gc({ type: 'major' });
    } else if (sinceMinor >= MINOR_EVERY) {
      sinceMinor = 0;
      gc({ type: 'minor' });
    }
  };
}

// ---------- worker side ----------

function serve(port: NonNullable<typeof parentPort>): void {
  const held = new Map<number, Uint8Array>();
  const released = gcPacer();
  const reply = (r: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(r, transfer);
  port.on('message', (req: WorkerRequest) => void handle(req));
  const handle = async (req: WorkerRequest) => {
    const started = performance.now();
    try {
      if (req.op === 'digest') {
        if (req.src) {
          req.data.set(req.src);
          released(req.src.byteLength);
        }
        const digest = digestBlock(req.data);
        if (digest.zero) return reply({ op: 'digest', job: req.job, digest, ms: performance.now() - started, data: req.data }, [req.data.buffer as ArrayBuffer]);
        held.set(req.job, req.data);
        reply({ op: 'digest', job: req.job, digest, ms: performance.now() - started });
      } else {
        const raw = held.get(req.job);
        held.delete(req.job);
        if (!raw) throw new Error(`block ${req.job} is not held by this worker`);
        if (req.op === 'drop') return reply({ op: 'drop', job: req.job, data: raw }, [raw.buffer as ArrayBuffer]);
        const packed = inPlace(raw, await packBlock(syncCodecs, req.level, raw));
        // garbage now: the codec's output and round-trip buffers (or just the probe's sample)
        released(packed.codec === 'none' ? 128 * 1024 : 2 * raw.byteLength);
        reply({ op: 'pack', job: req.job, codec: packed.codec, data: packed.data, ms: performance.now() - started }, [packed.data.buffer as ArrayBuffer]);
      }
    } catch (e) {
      held.delete(req.job);
      reply({ op: 'error', of: req.op, job: req.job, message: e instanceof Error ? e.message : String(e) });
    }
  };
}

const role: unknown = (workerData as { role?: unknown } | null)?.role;
if (!isMainThread && parentPort && role === WORKER_ROLE) serve(parentPort);
