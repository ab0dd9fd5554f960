import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// src-main/engine/datamover/block-worker.ts
import { createHash } from "node:crypto";
import v8 from "node:v8";
import vm from "node:vm";
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import zlib from "node:zlib";
import { compressSync, uncompressSync } from "lz4-napi";
var WORKER_ROLE = "ferry-block-worker";
var zeros = Buffer.alloc(0);
function asBuffer(b) {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}
function isAllZero(b) {
  if (zeros.length < b.length) zeros = Buffer.alloc(b.length);
  return asBuffer(b).equals(zeros.subarray(0, b.length));
}
function digestBlock(b) {
  if (isAllZero(b)) return { zero: true };
  return { zero: false, hash: createHash("sha256").update(b).digest("hex") };
}
var ZSTD_LEVEL = { high: 3, extreme: 9 };
function compressWith(level, raw) {
  if (level === "optimal") return { codec: "lz4", out: compressSync(asBuffer(raw)) };
  const zstdLevel = ZSTD_LEVEL[level];
  if (zstdLevel === void 0) return null;
  return { codec: "zstd", out: zlib.zstdCompressSync(raw, { params: { [zlib.constants.ZSTD_c_compressionLevel]: zstdLevel } }) };
}
function decompressWith(codec, stored, rawLength) {
  if (codec === "lz4") return uncompressSync(stored);
  return zlib.zstdDecompressSync(stored, { maxOutputLength: Math.max(1, rawLength) });
}
var PROBE_MIN_BLOCK = 128 * 1024;
var PROBE_SAMPLES = 4;
var PROBE_SAMPLE_BYTES = 16 * 1024;
var PROBE_KEEP_RATIO = 0.97;
function looksIncompressible(level, raw) {
  if (raw.length < PROBE_MIN_BLOCK) return false;
  const sample = Buffer.allocUnsafe(PROBE_SAMPLES * PROBE_SAMPLE_BYTES);
  const stride = Math.floor((raw.length - PROBE_SAMPLE_BYTES) / (PROBE_SAMPLES - 1));
  for (let i = 0; i < PROBE_SAMPLES; i++) sample.set(raw.subarray(i * stride, i * stride + PROBE_SAMPLE_BYTES), i * PROBE_SAMPLE_BYTES);
  const probe = compressWith(level, sample);
  return probe !== null && probe.out.length > sample.length * PROBE_KEEP_RATIO;
}
function packBlock(level, raw) {
  if (level === "none" || looksIncompressible(level, raw)) return { codec: "none", data: raw };
  const c = compressWith(level, raw);
  if (!c || c.out.length >= raw.length) return { codec: "none", data: raw };
  if (!decompressWith(c.codec, c.out, raw.length).equals(asBuffer(raw))) {
    throw new Error(`${c.codec} output of a ${raw.length}-byte block does not decompress to the same bytes`);
  }
  return { codec: c.codec, data: c.out };
}
function gcPacer() {
  const EVERY_BYTES = 8 * 1024 * 1024;
  let gc;
  try {
    v8.setFlagsFromString("--expose-gc");
    gc = vm.runInNewContext("gc");
  } catch {
    gc = void 0;
  }
  let released = 0;
  return (bytes) => {
    released += bytes;
    if (released < EVERY_BYTES || !gc || process.env.FERRY_GC === "off") return;
    released = 0;
    gc({ type: process.env.FERRY_GC ?? "minor" });
  };
}
function serve(port) {
  const held = /* @__PURE__ */ new Map();
  const released = gcPacer();
  const reply = (r, transfer = []) => port.postMessage(r, transfer);
  port.on("message", (req) => {
    const started = performance.now();
    try {
      if (req.op === "digest") {
        const digest = digestBlock(req.data);
        if (!digest.zero) held.set(req.job, req.data);
        else released(req.data.byteLength);
        reply({ op: "digest", job: req.job, digest, ms: performance.now() - started });
      } else if (req.op === "pack") {
        const raw = held.get(req.job);
        held.delete(req.job);
        if (!raw) throw new Error(`block ${req.job} is not held by this worker`);
        const packed = packBlock(req.level, raw);
        if (req.out.byteLength < packed.data.byteLength) throw new Error(`output buffer of ${req.out.byteLength} bytes is too small`);
        req.out.set(packed.data);
        released(raw.byteLength + (packed.data === raw ? 0 : packed.data.byteLength));
        const data = req.out.subarray(0, packed.data.byteLength);
        reply({ op: "pack", job: req.job, codec: packed.codec, data, ms: performance.now() - started }, [data.buffer]);
      } else {
        released(held.get(req.job)?.byteLength ?? 0);
        held.delete(req.job);
      }
    } catch (e) {
      held.delete(req.job);
      reply({ op: "error", of: req.op, job: req.job, message: e instanceof Error ? e.message : String(e) });
    }
  });
}
var role = workerData?.role;
if (!isMainThread && parentPort && role === WORKER_ROLE) serve(parentPort);
export {
  WORKER_ROLE,
  digestBlock,
  isAllZero,
  packBlock
};
