import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// src-main/cli/cli.ts
import { parseArgs } from "node:util";
import { resolve as resolve3 } from "node:path";

// src-shared/contract/errors.ts
var ErrorCode = {
  BadFrame: "E_BAD_FRAME",
  UnknownMethod: "E_UNKNOWN_METHOD",
  UnknownTopic: "E_UNKNOWN_TOPIC",
  InvalidParams: "E_INVALID_PARAMS",
  NotFound: "E_NOT_FOUND",
  Conflict: "E_CONFLICT",
  ProxyNotReady: "E_PROXY_NOT_READY",
  ProxyInUse: "E_PROXY_IN_USE",
  NoEligibleProxy: "E_NO_ELIGIBLE_PROXY",
  JobRunning: "E_JOB_RUNNING",
  SnapshotFailed: "E_SNAPSHOT_FAILED",
  ImportFailed: "E_IMPORT_FAILED",
  ExposeFailed: "E_EXPOSE_FAILED",
  DiskCorrupt: "E_DISK_CORRUPT",
  DiskUnsupported: "E_DISK_UNSUPPORTED",
  RepoMissing: "E_REPO_MISSING",
  RepoCorrupt: "E_REPO_CORRUPT",
  RepoLocked: "E_REPO_LOCKED",
  RepoWrite: "E_REPO_WRITE",
  AgentUnreachable: "E_AGENT_UNREACHABLE",
  AgentVersion: "E_AGENT_VERSION",
  AgentLost: "E_AGENT_LOST",
  AgentAuth: "E_AGENT_AUTH",
  Cancelled: "E_CANCELLED",
  Unauthorized: "E_UNAUTHORIZED",
  Internal: "E_INTERNAL"
};
var FerryError = class _FerryError extends Error {
  code;
  details;
  constructor(code, message, details) {
    super(message);
    this.name = "FerryError";
    this.code = code;
    this.details = details;
  }
  toPayload() {
    return this.details === void 0 ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details };
  }
  static from(e) {
    if (e instanceof _FerryError) return e;
    const message = e instanceof Error ? e.message : String(e);
    return new _FerryError(ErrorCode.Internal, message);
  }
};

// src-shared/contract/client.ts
function createClient(transport, opts = {}) {
  const timeoutMs = opts.timeoutMs ?? 12e4;
  let nextId = 1;
  const pending = /* @__PURE__ */ new Map();
  const handlers = /* @__PURE__ */ new Map();
  const subKey = (topic, key) => `${topic}\0${key}`;
  const off = transport.onFrame((frame) => {
    if (frame.t === "res") {
      const p = pending.get(frame.id);
      if (!p) return;
      pending.delete(frame.id);
      clearTimeout(p.timer);
      if (frame.ok) p.resolve(frame.result);
      else p.reject(new FerryError(frame.error.code, frame.error.message, frame.error.details));
    } else if (frame.t === "evt") {
      const set = handlers.get(subKey(frame.topic, frame.key));
      if (set) for (const h of [...set]) h(frame.payload, frame.seq);
    }
  });
  return {
    call(method, params) {
      const id = nextId++;
      return new Promise((resolve4, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new FerryError(ErrorCode.Internal, `${method}: no answer within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve: resolve4, reject, timer });
        transport.send({ t: "req", id, method, params });
      });
    },
    subscribe(topic, key, handler) {
      const k = subKey(topic, key);
      let set = handlers.get(k);
      if (!set) {
        set = /* @__PURE__ */ new Set();
        handlers.set(k, set);
        transport.send({ t: "sub", topic, key });
      }
      const h = handler;
      set.add(h);
      return () => {
        const s = handlers.get(k);
        if (!s) return;
        s.delete(h);
        if (s.size === 0) {
          handlers.delete(k);
          transport.send({ t: "unsub", topic, key });
        }
      };
    },
    close() {
      off();
      for (const p of pending.values()) {
        clearTimeout(p.timer);
        p.reject(new FerryError(ErrorCode.Cancelled, "connection closed"));
      }
      pending.clear();
      transport.close();
    }
  };
}

// src-shared/contract/memory-transport.ts
function createMemoryTransport(connect2) {
  const listeners = /* @__PURE__ */ new Set();
  const conn = connect2((frame) => {
    const copy = JSON.parse(JSON.stringify(frame));
    queueMicrotask(() => listeners.forEach((l) => l(copy)));
  });
  return {
    send(frame) {
      conn.receive(JSON.parse(JSON.stringify(frame)));
    },
    onFrame(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    close() {
      conn.close();
    }
  };
}

// src-main/engine/platform/lab/create-lab.ts
import { mkdir as mkdir2 } from "node:fs/promises";
import { dirname as dirname3 } from "node:path";

// src-main/engine/vhdx/crc32c.ts
var POLY_REFLECTED = 2197175160;
var TABLES = (() => {
  const t = [new Uint32Array(256), new Uint32Array(256), new Uint32Array(256), new Uint32Array(256)];
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? c >>> 1 ^ POLY_REFLECTED : c >>> 1;
    t[0][i] = c >>> 0;
  }
  for (let i = 0; i < 256; i++) {
    for (let s = 1; s < 4; s++) t[s][i] = (t[0][t[s - 1][i] & 255] ^ t[s - 1][i] >>> 8) >>> 0;
  }
  return t;
})();
function crc32c(buf, crc = 0) {
  const [t0, t1, t2, t3] = TABLES;
  let c = (crc ^ 4294967295) >>> 0;
  let i = 0;
  const end4 = buf.length - buf.length % 4;
  for (; i < end4; i += 4) {
    c ^= buf[i] | buf[i + 1] << 8 | buf[i + 2] << 16 | buf[i + 3] << 24;
    c = t3[c & 255] ^ t2[c >>> 8 & 255] ^ t1[c >>> 16 & 255] ^ t0[c >>> 24];
  }
  for (; i < buf.length; i++) c = t0[(c ^ buf[i]) & 255] ^ c >>> 8;
  return (c ^ 4294967295) >>> 0;
}

// src-main/engine/vhdx/file-source.ts
import { open } from "node:fs/promises";

// src-main/engine/vhdx/errors.ts
function diskCorrupt(path10, what) {
  return new FerryError(ErrorCode.DiskCorrupt, `${path10}: ${what}`, { path: path10 });
}
function diskUnsupported(path10, what) {
  return new FerryError(ErrorCode.DiskUnsupported, `${path10}: ${what}`, { path: path10 });
}
function badRequest(path10, what) {
  return new FerryError(ErrorCode.InvalidParams, `${path10}: ${what}`, { path: path10 });
}

// src-main/engine/vhdx/file-source.ts
var OVERLAY_SECTOR = 4096;
var FileSource = class _FileSource {
  constructor(path10, handle, physicalSize) {
    this.path = path10;
    this.handle = handle;
    this.physicalSize = physicalSize;
    this.logicalSize = physicalSize;
  }
  path;
  handle;
  physicalSize;
  /** Replayed log sectors by 4 KiB sector index; consulted after the on-disk bytes. */
  overlay = /* @__PURE__ */ new Map();
  /** Size including any growth a replayed log asked for (reads past the physical end return zeros). */
  logicalSize;
  static async open(path10) {
    const handle = await open(path10, "r").catch((e) => {
      throw e.code === "ENOENT" ? new FerryError(ErrorCode.NotFound, `${path10}: no such disk file`, { path: path10 }) : e;
    });
    try {
      const st = await handle.stat();
      if (!st.isFile()) throw diskUnsupported(path10, "not a regular file (devices and directories are not disk images)");
      return new _FileSource(path10, handle, st.size);
    } catch (e) {
      await handle.close();
      throw e;
    }
  }
  get size() {
    return this.logicalSize;
  }
  /** Replace 4 KiB-aligned sectors as seen by later reads (log replay). */
  applyOverlay(sectors, newSize) {
    for (const [index, data] of sectors) this.overlay.set(index, data);
    this.logicalSize = Math.max(this.logicalSize, newSize);
  }
  get hasOverlay() {
    return this.overlay.size > 0 || this.logicalSize !== this.physicalSize;
  }
  /** Read exactly `length` bytes at `offset`; `what` names the structure for the error message. */
  async read(offset, length, what) {
    const buf = Buffer.alloc(this.checkRange(offset, length, what));
    await this.readInto(buf, 0, length, offset, what);
    return buf;
  }
  async readInto(target, targetOffset, length, offset, what) {
    this.checkRange(offset, length, what);
    const physicalEnd = Math.min(offset + length, this.physicalSize);
    let done = 0;
    while (offset + done < physicalEnd) {
      const { bytesRead } = await this.handle.read(target, targetOffset + done, physicalEnd - offset - done, offset + done);
      if (bytesRead === 0) throw diskCorrupt(this.path, `${what}: file shrank while reading at offset ${offset + done}`);
      done += bytesRead;
    }
    if (done < length) target.fill(0, targetOffset + done, targetOffset + length);
    if (this.overlay.size > 0) this.patchFromOverlay(target, targetOffset, length, offset);
  }
  checkRange(offset, length, what) {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
      throw diskCorrupt(this.path, `${what}: invalid offset ${offset} / length ${length}`);
    }
    if (offset + length > this.logicalSize) {
      throw diskCorrupt(
        this.path,
        `${what} at offset ${offset} (length ${length}) lies beyond the end of the file (${this.logicalSize} bytes); the file is truncated or the offset is wrong`
      );
    }
    return length;
  }
  patchFromOverlay(target, targetOffset, length, offset) {
    const first = Math.floor(offset / OVERLAY_SECTOR);
    const last = Math.floor((offset + length - 1) / OVERLAY_SECTOR);
    if (length === 0) return;
    for (let s = first; s <= last; s++) {
      const sector = this.overlay.get(s);
      if (!sector) continue;
      const sectorStart = s * OVERLAY_SECTOR;
      const from = Math.max(offset, sectorStart);
      const to = Math.min(offset + length, sectorStart + OVERLAY_SECTOR);
      sector.copy(target, targetOffset + (from - offset), from - sectorStart, to - sectorStart);
    }
  }
  async close() {
    await this.handle.close();
  }
};

// src-main/engine/vhdx/layered-reader.ts
var MAX_READ_LENGTH = 1024 * 1024 * 1024;
var LayeredDiskReader = class {
  /** `layers[0]` is the file that was opened, each next one its parent. The reader owns and closes them. */
  constructor(layers) {
    this.layers = layers;
    const top = layers[0];
    this.path = top.path;
    this.format = top.format;
    this.virtualSize = top.virtualSize;
    this.logicalSectorSize = top.logicalSectorSize;
  }
  layers;
  path;
  format;
  virtualSize;
  logicalSectorSize;
  closed = false;
  async *extents() {
    this.assertOpen();
    let pending;
    for await (const seg of this.resolve(0, 0, this.virtualSize)) {
      const kind = seg.kind === "data" ? "data" : "zero";
      if (pending && pending.kind === kind) {
        pending.length += seg.length;
        continue;
      }
      if (pending) yield pending;
      pending = { offset: seg.offset, length: seg.length, kind };
    }
    if (pending) yield pending;
  }
  async read(offset, length) {
    this.assertOpen();
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > this.virtualSize) {
      throw badRequest(this.path, `read of ${length} bytes at ${offset} is outside the virtual disk (${this.virtualSize} bytes)`);
    }
    if (length > MAX_READ_LENGTH) throw badRequest(this.path, `read of ${length} bytes exceeds the ${MAX_READ_LENGTH}-byte limit per call`);
    const out = Buffer.alloc(length);
    for await (const seg of this.resolve(0, offset, length)) {
      if (seg.kind === "data") await this.layers[seg.layer].readData(out, seg.offset - offset, seg.length, seg.fileOffset);
    }
    return out;
  }
  async *resolve(layer, offset, length) {
    for await (const seg of this.layers[layer].map(offset, length)) {
      if (seg.kind !== "parent") yield { ...seg, layer };
      else if (layer + 1 < this.layers.length) yield* this.resolve(layer + 1, seg.offset, seg.length);
      else yield { kind: "zero", offset: seg.offset, length: seg.length, layer };
    }
  }
  async close() {
    if (this.closed) return;
    this.closed = true;
    await closeAll(this.layers);
  }
  assertOpen() {
    if (this.closed) throw badRequest(this.path, "disk reader is closed");
  }
};
async function closeAll(items) {
  const results = await Promise.allSettled(items.map((i) => i.close()));
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
}

// src-main/engine/vhdx/raw-layer.ts
var RawLayer = class {
  constructor(source) {
    this.source = source;
    this.path = source.path;
    this.virtualSize = source.size;
  }
  source;
  format = "raw";
  logicalSectorSize = 512;
  path;
  virtualSize;
  async *map(offset, length) {
    if (length > 0) yield { kind: "data", offset, length, fileOffset: offset };
  }
  readData(target, targetOffset, length, fileOffset) {
    return this.source.readInto(target, targetOffset, length, fileOffset, "raw data");
  }
  close() {
    return this.source.close();
  }
};

// src-main/engine/vhdx/vhdx-chain.ts
import { realpath, stat } from "node:fs/promises";

// src-main/engine/vhdx/guid.ts
import { randomUUID } from "node:crypto";
var ZERO_GUID = "00000000-0000-0000-0000-000000000000";
var HEX = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
function readGuid(buf, offset) {
  const b = buf.subarray(offset, offset + 16);
  const h = (i) => b[i].toString(16).padStart(2, "0");
  const ordered = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15];
  return ordered.map((i) => i < 0 ? "-" : h(i)).join("");
}
function writeGuid(guid2, buf, offset) {
  const g = guid2.toLowerCase();
  if (!HEX.test(g)) throw new TypeError(`not a GUID: ${guid2}`);
  const hex = g.replace(/-/g, "");
  const byte = (i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  for (let i = 0; i < 16; i++) buf[offset + i] = byte(order[i]);
}
function normaliseGuid(text) {
  const g = text.trim().replace(/^\{/, "").replace(/\}$/, "").toLowerCase();
  return HEX.test(g) ? g : void 0;
}
function newGuid() {
  return randomUUID();
}
function readUuidBigEndian(buf, offset) {
  const hex = Buffer.from(buf.subarray(offset, offset + 16)).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// src-main/engine/vhdx/parent-path.ts
import { basename, dirname, relative, resolve, sep } from "node:path";
function windowsParts(p) {
  return p.split(/[\\/]+/).filter((s) => s.length > 0);
}
function resolveRelative(childPath, relative2) {
  return resolve(dirname(childPath), ...windowsParts(relative2));
}
function besideChild(childPath, windowsPath) {
  const parts = windowsParts(windowsPath);
  return resolve(dirname(childPath), parts[parts.length - 1] ?? basename(windowsPath));
}
function localAbsolute(windowsPath) {
  if (sep !== "\\") return void 0;
  return windowsPath.replace(/^\\\\\?\\/, "");
}

// src-main/engine/vhdx/bytes.ts
var KiB = 1024;
var MiB = 1024 * 1024;
function readU64LE(buf, offset) {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  return v.getUint32(offset + 4, true) * 4294967296 + v.getUint32(offset, true);
}
function readU64BE(buf, offset) {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  return v.getUint32(offset, false) * 4294967296 + v.getUint32(offset + 4, false);
}
function writeU64LE(buf, offset, value) {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  v.setUint32(offset, value % 4294967296, true);
  v.setUint32(offset + 4, Math.floor(value / 4294967296), true);
}
function isPowerOfTwo(n) {
  return Number.isSafeInteger(n) && n > 0 && Number.isInteger(Math.log2(n));
}
function roundUp(n, multiple) {
  return Math.ceil(n / multiple) * multiple;
}
function isAllZero(buf) {
  const whole = buf.byteOffset % 8 === 0 ? Math.floor(buf.length / 8) : 0;
  if (whole > 0) {
    const words = new BigUint64Array(buf.buffer, buf.byteOffset, whole);
    for (let i = 0; i < words.length; i++) if (words[i] !== 0n) return false;
  }
  for (let i = whole * 8; i < buf.length; i++) if (buf[i] !== 0) return false;
  return true;
}
function ascii(buf, offset, length) {
  return Buffer.from(buf.buffer, buf.byteOffset + offset, length).toString("latin1");
}

// src-main/engine/vhdx/vhdx-format.ts
var FILE_TYPE_SIGNATURE = "vhdxfile";
var HEADER_OFFSETS = [64 * KiB, 128 * KiB];
var HEADER_SIZE = 4 * KiB;
var HEADER_SIGNATURE = "head";
var REGION_TABLE_OFFSETS = [192 * KiB, 256 * KiB];
var REGION_TABLE_SIZE = 64 * KiB;
var REGION_TABLE_SIGNATURE = "regi";
var METADATA_TABLE_SIZE = 64 * KiB;
var METADATA_SIGNATURE = "metadata";
var REGION_ALIGNMENT = MiB;
var MAX_TABLE_ENTRIES = 2047;
var MAX_METADATA_ITEM_LENGTH = MiB;
var MAX_VIRTUAL_SIZE = 64 * 1024 ** 4;
var MIN_BLOCK_SIZE = MiB;
var MAX_BLOCK_SIZE = 256 * MiB;
var SECTOR_BITMAP_BLOCK_SIZE = MiB;
var SECTORS_PER_BITMAP_BLOCK = 2 ** 23;
var RegionGuid = {
  bat: "2dc27766-f623-4200-9d64-115e9bfd4a08",
  metadata: "8b7ca206-4790-4b9a-b8fe-575f050f886e"
};
var MetadataGuid = {
  fileParameters: "caa16737-fa36-4d43-b3b6-33f0aa44e76b",
  virtualDiskSize: "2fa54224-cd1b-4876-b211-5dbed83bf4b8",
  page83Data: "beca12ab-b2e6-4523-93ef-c309e000c746",
  logicalSectorSize: "8141bf1d-a96f-4709-ba47-f233a8faab5f",
  physicalSectorSize: "cda348c7-445d-4471-9cc9-e9885251c556",
  parentLocator: "a8d35f2d-b30b-454d-abf7-d3d84834ab0c"
};
var PARENT_LOCATOR_TYPE_VHDX = "b04aefb7-d19e-4a81-b789-25b8e9445913";
var MetadataFlag = { isUser: 1, isVirtualDisk: 2, isRequired: 4 };
var PayloadState = {
  notPresent: 0,
  undefined: 1,
  zero: 2,
  unmapped: 3,
  /** VHDX 0.95 draft value for UNMAPPED; old qemu wrote it, so it reads as zeros like qemu does. */
  unmappedV095: 5,
  fullyPresent: 6,
  partiallyPresent: 7
};
var SectorBitmapState = { notPresent: 0, present: 6 };
var FileParameterFlag = { leaveBlockAllocated: 1, hasParent: 2 };

// src-main/engine/vhdx/vhdx-region.ts
function regionTableIntegrity(buf) {
  if (buf.length < REGION_TABLE_SIZE) return "region table is shorter than 64 KiB";
  if (ascii(buf, 0, 4) !== REGION_TABLE_SIGNATURE) return "signature is not 'regi'";
  const copy = Buffer.from(buf.subarray(0, REGION_TABLE_SIZE));
  const stored = copy.readUInt32LE(4);
  copy.writeUInt32LE(0, 4);
  if (crc32c(copy) !== stored) return "CRC-32C checksum mismatch";
  return void 0;
}
function parseRegionTable(buf, path10, label) {
  const view = new DataView(buf.buffer, buf.byteOffset, REGION_TABLE_SIZE);
  const count = view.getUint32(8, true);
  if (count > MAX_TABLE_ENTRIES) throw diskCorrupt(path10, `${label}: entry count ${count} exceeds ${MAX_TABLE_ENTRIES}`);
  const found = {};
  for (let i = 0; i < count; i++) {
    const at = 16 + i * 32;
    const guid2 = readGuid(buf, at);
    const range = { offset: readU64LE(buf, at + 16), length: view.getUint32(at + 24, true) };
    const required = (view.getUint32(at + 28, true) & 1) === 1;
    const name = guid2 === RegionGuid.bat ? "bat" : guid2 === RegionGuid.metadata ? "metadata" : void 0;
    if (!name) {
      if (required) throw diskUnsupported(path10, `${label}: unknown required region ${guid2}`);
      continue;
    }
    if (found[name]) throw diskCorrupt(path10, `${label}: the ${name} region is listed twice`);
    checkAligned(range, path10, `${label}: ${name} region`);
    found[name] = range;
  }
  if (!found.bat) throw diskCorrupt(path10, `${label}: no BAT region`);
  if (!found.metadata) throw diskCorrupt(path10, `${label}: no metadata region`);
  return { bat: found.bat, metadata: found.metadata };
}
function checkAligned(r, path10, what) {
  if (r.offset < REGION_ALIGNMENT || r.offset % REGION_ALIGNMENT !== 0) {
    throw diskCorrupt(path10, `${what} offset ${r.offset} is not a multiple of 1 MiB at or after 1 MiB`);
  }
  if (r.length === 0 || r.length % REGION_ALIGNMENT !== 0) {
    throw diskCorrupt(path10, `${what} length ${r.length} is not a non-zero multiple of 1 MiB`);
  }
}
function rangesOverlap(a, b) {
  return a.offset < b.offset + b.length && b.offset < a.offset + a.length;
}
function serializeRegionTable(t) {
  const buf = Buffer.alloc(REGION_TABLE_SIZE);
  buf.write(REGION_TABLE_SIGNATURE, 0, "latin1");
  buf.writeUInt32LE(2, 8);
  const entries = [
    [RegionGuid.bat, t.bat],
    [RegionGuid.metadata, t.metadata]
  ];
  entries.forEach(([guid2, range], i) => {
    const at = 16 + i * 32;
    writeGuid(guid2, buf, at);
    writeU64LE(buf, at + 16, range.offset);
    buf.writeUInt32LE(range.length, at + 24);
    buf.writeUInt32LE(1, at + 28);
  });
  buf.writeUInt32LE(crc32c(buf), 4);
  return buf;
}

// src-main/engine/vhdx/vhdx-bat.ts
function batGeometry(p) {
  const chunkRatio = SECTORS_PER_BITMAP_BLOCK * p.logicalSectorSize / p.blockSize;
  const payloadBlocks = Math.ceil(p.virtualSize / p.blockSize);
  const sectorBitmapBlocks = Math.ceil(payloadBlocks / chunkRatio);
  const totalEntries = p.hasParent ? sectorBitmapBlocks * (chunkRatio + 1) : payloadBlocks + Math.floor((payloadBlocks - 1) / chunkRatio);
  return {
    virtualSize: p.virtualSize,
    blockSize: p.blockSize,
    logicalSectorSize: p.logicalSectorSize,
    sectorsPerBlock: p.blockSize / p.logicalSectorSize,
    chunkRatio,
    payloadBlocks,
    sectorBitmapBlocks,
    totalEntries,
    hasParent: p.hasParent
  };
}
function payloadEntryIndex(g, block) {
  return block + Math.floor(block / g.chunkRatio);
}
function bitmapEntryIndex(g, chunk) {
  return chunk * (g.chunkRatio + 1) + g.chunkRatio;
}
var Bat = class {
  constructor(bytes, geometry) {
    this.bytes = bytes;
    this.geometry = geometry;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  }
  bytes;
  geometry;
  view;
  entry(index) {
    const lo = this.view.getUint32(index * 8, true);
    const hi = this.view.getUint32(index * 8 + 4, true);
    return { state: lo & 7, fileOffset: (hi * 4096 + (lo >>> 20)) * MiB };
  }
  payload(block) {
    return this.entry(payloadEntryIndex(this.geometry, block));
  }
  bitmap(chunk) {
    return this.entry(bitmapEntryIndex(this.geometry, chunk));
  }
  /** Updates the in-memory entry and returns its index (the writer persists those 8 bytes). */
  set(index, state, fileOffset) {
    const offsetMB = fileOffset / MiB;
    this.view.setUint32(index * 8, (offsetMB % 4096 << 20 | state) >>> 0, true);
    this.view.setUint32(index * 8 + 4, Math.floor(offsetMB / 4096), true);
    return index;
  }
};
function validateBat(bat, bounds, path10) {
  const g = bat.geometry;
  const checkPlacement = (e, length, what) => {
    const range = { offset: e.fileOffset, length };
    if (e.fileOffset < MiB) throw diskCorrupt(path10, `${what}: file offset ${e.fileOffset} lies in the header area`);
    if (e.fileOffset + length > bounds.fileSize) {
      throw diskCorrupt(path10, `${what}: data at file offset ${e.fileOffset} (length ${length}) lies beyond the end of the file (${bounds.fileSize} bytes)`);
    }
    for (const r of bounds.reserved) {
      if (rangesOverlap(range, r)) throw diskCorrupt(path10, `${what}: data at file offset ${e.fileOffset} overlaps the ${r.name} region`);
    }
  };
  for (let b = 0; b < g.payloadBlocks; b++) {
    const e = bat.payload(b);
    const what = `BAT entry for block ${b}`;
    switch (e.state) {
      case PayloadState.notPresent:
      case PayloadState.undefined:
      case PayloadState.zero:
      case PayloadState.unmapped:
      case PayloadState.unmappedV095:
        break;
      case PayloadState.fullyPresent:
        checkPlacement(e, Math.min(g.blockSize, g.virtualSize - b * g.blockSize), what);
        break;
      case PayloadState.partiallyPresent:
        if (!g.hasParent) throw diskCorrupt(path10, `${what}: PARTIALLY_PRESENT is only valid in a differencing disk`);
        if (bat.bitmap(Math.floor(b / g.chunkRatio)).state !== SectorBitmapState.present) {
          throw diskCorrupt(path10, `${what}: PARTIALLY_PRESENT but its sector bitmap block is not present`);
        }
        checkPlacement(e, Math.min(g.blockSize, g.virtualSize - b * g.blockSize), what);
        break;
      default:
        throw diskCorrupt(path10, `${what}: reserved payload state ${e.state}`);
    }
  }
  if (!g.hasParent) return;
  for (let c = 0; c < g.sectorBitmapBlocks; c++) {
    const e = bat.bitmap(c);
    if (e.state === SectorBitmapState.notPresent) continue;
    if (e.state !== SectorBitmapState.present) throw diskCorrupt(path10, `BAT sector bitmap entry ${c}: reserved state ${e.state}`);
    checkPlacement(e, SECTOR_BITMAP_BLOCK_SIZE, `BAT sector bitmap entry ${c}`);
  }
}

// src-main/engine/vhdx/vhdx-header.ts
function parseHeader(buf) {
  if (buf.length < HEADER_SIZE) return "header slot is shorter than 4096 bytes";
  if (ascii(buf, 0, 4) !== HEADER_SIGNATURE) return "signature is not 'head'";
  const view = new DataView(buf.buffer, buf.byteOffset, HEADER_SIZE);
  const stored = view.getUint32(4, true);
  if (headerChecksum(buf) !== stored) return "CRC-32C checksum mismatch";
  const header = {
    sequenceNumber: view.getBigUint64(8, true),
    fileWriteGuid: readGuid(buf, 16),
    dataWriteGuid: readGuid(buf, 32),
    logGuid: readGuid(buf, 48),
    logVersion: view.getUint16(64, true),
    version: view.getUint16(66, true),
    logLength: view.getUint32(68, true),
    logOffset: readU64LE(buf, 72)
  };
  if (header.version !== 1) return `version ${header.version} (expected 1)`;
  if (header.logVersion !== 0) return `log version ${header.logVersion} (expected 0)`;
  return header;
}
function headerChecksum(buf) {
  const copy = Buffer.from(buf.subarray(0, HEADER_SIZE));
  copy.writeUInt32LE(0, 4);
  return crc32c(copy);
}
function selectCurrentHeader(slots, path10) {
  const parsed = slots.map(parseHeader);
  const [a, b] = parsed;
  if (typeof a === "string" && typeof b === "string") {
    throw diskCorrupt(path10, `no valid VHDX header (header 1: ${a}; header 2: ${b})`);
  }
  if (typeof a === "string") return { header: b, slot: 1 };
  if (typeof b === "string") return { header: a, slot: 0 };
  if (a.sequenceNumber > b.sequenceNumber) return { header: a, slot: 0 };
  if (b.sequenceNumber > a.sequenceNumber) return { header: b, slot: 1 };
  if (Buffer.compare(Buffer.from(slots[0].subarray(0, HEADER_SIZE)), Buffer.from(slots[1].subarray(0, HEADER_SIZE))) === 0) {
    return { header: a, slot: 0 };
  }
  throw diskCorrupt(path10, `both VHDX headers have sequence number ${a.sequenceNumber} but differ; cannot tell which is current`);
}
function serializeHeader(h) {
  const buf = Buffer.alloc(HEADER_SIZE);
  buf.write(HEADER_SIGNATURE, 0, "latin1");
  buf.writeBigUInt64LE(h.sequenceNumber, 8);
  writeGuid(h.fileWriteGuid, buf, 16);
  writeGuid(h.dataWriteGuid, buf, 32);
  writeGuid(h.logGuid, buf, 48);
  buf.writeUInt16LE(h.logVersion, 64);
  buf.writeUInt16LE(h.version, 66);
  buf.writeUInt32LE(h.logLength, 68);
  writeU64LE(buf, 72, h.logOffset);
  buf.writeUInt32LE(headerChecksum(buf), 4);
  return buf;
}

// src-main/engine/vhdx/vhdx-log.ts
var LOG_SECTOR = 4 * KiB;
var ENTRY_HEADER_SIZE = 64;
var DESCRIPTOR_SIZE = 32;
var MAX_LOG_LENGTH = 256 * MiB;
var MAX_OVERLAY_SECTORS = 1 << 20;
var HEADERS_START = 64 * KiB;
var HEADERS_END = 192 * KiB;
function parseLogEntry(log, position, logGuid) {
  const L = log.length;
  if (position % LOG_SECTOR !== 0 || position + ENTRY_HEADER_SIZE > L) return void 0;
  const head = Buffer.from(log.buffer, log.byteOffset + position, ENTRY_HEADER_SIZE);
  if (ascii(head, 0, 4) !== "loge") return void 0;
  const entryLength = head.readUInt32LE(8);
  const tail = head.readUInt32LE(12);
  const sequenceNumber = head.readBigUInt64LE(16);
  const descriptorCount = head.readUInt32LE(24);
  if (entryLength === 0 || entryLength % LOG_SECTOR !== 0 || entryLength > L) return void 0;
  if (sequenceNumber === 0n || readGuid(head, 32) !== logGuid) return void 0;
  const descriptorSectors = Math.ceil((descriptorCount + 2) / 128);
  if (descriptorSectors * LOG_SECTOR > entryLength) return void 0;
  const entry = circularSlice(log, position, entryLength);
  const stored = entry.readUInt32LE(4);
  entry.writeUInt32LE(0, 4);
  const valid = crc32c(entry) === stored;
  entry.writeUInt32LE(stored, 4);
  if (!valid) return void 0;
  const descriptors = [];
  let dataSector = descriptorSectors;
  for (let i = 0; i < descriptorCount; i++) {
    const d = ENTRY_HEADER_SIZE + i * DESCRIPTOR_SIZE;
    const signature = ascii(entry, d, 4);
    const fileOffset = readU64LE(entry, d + 16);
    if (entry.readBigUInt64LE(d + 24) !== sequenceNumber || fileOffset % LOG_SECTOR !== 0) return void 0;
    if (signature === "zero") {
      const length = readU64LE(entry, d + 8);
      if (length % LOG_SECTOR !== 0) return void 0;
      descriptors.push({ kind: "zero", fileOffset, length });
    } else if (signature === "desc") {
      const s = dataSector++ * LOG_SECTOR;
      if (s + LOG_SECTOR > entryLength) return void 0;
      if (ascii(entry, s, 4) !== "data") return void 0;
      const seq = BigInt(entry.readUInt32LE(s + 4)) << 32n | BigInt(entry.readUInt32LE(s + 4092));
      if (seq !== sequenceNumber) return void 0;
      const sector = Buffer.alloc(LOG_SECTOR);
      entry.copy(sector, 0, d + 8, d + 16);
      entry.copy(sector, 8, s + 8, s + 4092);
      entry.copy(sector, 4092, d + 4, d + 8);
      descriptors.push({ kind: "data", fileOffset, length: LOG_SECTOR, sector });
    } else {
      return void 0;
    }
  }
  return {
    position,
    entryLength,
    tail,
    sequenceNumber,
    flushedFileOffset: readU64LE(head, 48),
    lastFileOffset: readU64LE(head, 56),
    descriptors
  };
}
function circularSlice(log, position, length) {
  const out = Buffer.alloc(length);
  const first = Math.min(length, log.length - position);
  out.set(log.subarray(position, position + first), 0);
  if (first < length) out.set(log.subarray(0, length - first), first);
  return out;
}
function findActiveSequence(log, logGuid) {
  const cache = /* @__PURE__ */ new Map();
  const entryAt = (p) => {
    if (!cache.has(p)) cache.set(p, parseLogEntry(log, p, logGuid) ?? null);
    return cache.get(p) ?? void 0;
  };
  let best;
  const inEarlierRun = /* @__PURE__ */ new Set();
  for (let start = 0; start < log.length; start += LOG_SECTOR) {
    if (inEarlierRun.has(start)) continue;
    const first = entryAt(start);
    if (!first) continue;
    const run = [first];
    const visited = /* @__PURE__ */ new Set([start]);
    for (; ; ) {
      const last = run[run.length - 1];
      const nextPos = (last.position + last.entryLength) % log.length;
      if (visited.has(nextPos)) break;
      const next = entryAt(nextPos);
      if (!next || next.sequenceNumber !== last.sequenceNumber + 1n) break;
      visited.add(nextPos);
      inEarlierRun.add(nextPos);
      run.push(next);
    }
    if (!best || isBetterRun(run, best)) best = run;
  }
  if (!best) return void 0;
  const tail = best[best.length - 1].tail;
  const tailIndex = best.findIndex((e) => e.position === tail);
  return tailIndex > 0 ? best.slice(tailIndex) : best;
}
function isBetterRun(run, best) {
  const head = run[run.length - 1].sequenceNumber;
  const bestHead = best[best.length - 1].sequenceNumber;
  return head > bestHead || head === bestHead && run.length > best.length;
}
function replaySequence(entries, physicalSize, path10) {
  const sectors = /* @__PURE__ */ new Map();
  let fileSize2 = physicalSize;
  const zero = Buffer.alloc(LOG_SECTOR);
  for (const e of entries) {
    if (e.flushedFileOffset > physicalSize) {
      throw diskCorrupt(path10, `log entry ${e.sequenceNumber} expects the file to be at least ${e.flushedFileOffset} bytes but it is ${physicalSize}: the file is truncated`);
    }
    if (e.lastFileOffset > fileSize2) fileSize2 = roundUp(e.lastFileOffset, MiB);
  }
  for (const e of entries) {
    for (const d of e.descriptors) {
      if (d.fileOffset + d.length > fileSize2) {
        throw diskCorrupt(path10, `log entry ${e.sequenceNumber} writes at ${d.fileOffset} (length ${d.length}), past the end of the file`);
      }
      if (sectors.size + d.length / LOG_SECTOR > MAX_OVERLAY_SECTORS) {
        throw diskUnsupported(path10, "the pending log touches more than 4 GiB; replay it on the host first");
      }
      const first = d.fileOffset / LOG_SECTOR;
      if (d.kind === "data" && d.sector) sectors.set(first, d.sector);
      else for (let s = 0; s < d.length / LOG_SECTOR; s++) sectors.set(first + s, zero);
    }
  }
  return { sectors, fileSize: fileSize2 };
}
async function replayLog(source, log, logGuid) {
  if (log.length > MAX_LOG_LENGTH) throw diskUnsupported(source.path, `active log of ${log.length} bytes is larger than Ferry replays (${MAX_LOG_LENGTH})`);
  const bytes = await source.read(log.offset, log.length, "log");
  const sequence = findActiveSequence(bytes, logGuid);
  if (!sequence) {
    throw diskCorrupt(source.path, `the header says the log must be replayed (LogGuid {${logGuid}}) but the log holds no valid entry sequence`);
  }
  const replay = replaySequence(sequence, source.physicalSize, source.path);
  for (const index of replay.sectors.keys()) {
    const at = index * LOG_SECTOR;
    const intoHeaders = at < HEADERS_END && at + LOG_SECTOR > HEADERS_START;
    if (intoHeaders || at < log.offset + log.length && at + LOG_SECTOR > log.offset) {
      throw diskCorrupt(source.path, `log entry writes into the ${intoHeaders ? "headers" : "log itself"} at file offset ${at}`);
    }
  }
  source.applyOverlay(replay.sectors, replay.fileSize);
}

// src-main/engine/vhdx/vhdx-metadata.ts
var KNOWN_ITEMS = new Set(Object.values(MetadataGuid));
function parseMetadataTable(buf, regionLength, path10) {
  if (buf.length < METADATA_TABLE_SIZE) throw diskCorrupt(path10, "metadata table is shorter than 64 KiB");
  if (ascii(buf, 0, 8) !== METADATA_SIGNATURE) throw diskCorrupt(path10, "metadata table signature is not 'metadata'");
  const view = new DataView(buf.buffer, buf.byteOffset, METADATA_TABLE_SIZE);
  const count = view.getUint16(10, true);
  if (count > MAX_TABLE_ENTRIES) throw diskCorrupt(path10, `metadata table entry count ${count} exceeds ${MAX_TABLE_ENTRIES}`);
  const entries = [];
  const seen = /* @__PURE__ */ new Set();
  for (let i = 0; i < count; i++) {
    const at = 32 + i * 32;
    const entry = {
      guid: readGuid(buf, at),
      offset: view.getUint32(at + 16, true),
      length: view.getUint32(at + 20, true),
      flags: view.getUint32(at + 24, true)
    };
    const what = `metadata item ${entry.guid}`;
    if (entry.length > MAX_METADATA_ITEM_LENGTH) throw diskCorrupt(path10, `${what}: length ${entry.length} exceeds 1 MiB`);
    if (entry.length > 0 && entry.offset < METADATA_TABLE_SIZE) {
      throw diskCorrupt(path10, `${what}: offset ${entry.offset} lies inside the metadata table`);
    }
    if (entry.offset + entry.length > regionLength) {
      throw diskCorrupt(path10, `${what}: offset ${entry.offset} + length ${entry.length} runs past the metadata region (${regionLength} bytes)`);
    }
    if (seen.has(entry.guid)) throw diskCorrupt(path10, `${what} is listed twice`);
    seen.add(entry.guid);
    if (!KNOWN_ITEMS.has(entry.guid)) {
      if (entry.flags & MetadataFlag.isRequired) throw diskUnsupported(path10, `unknown required ${what}`);
      continue;
    }
    entries.push(entry);
  }
  return entries;
}
function decodeMetadataItems(items, path10) {
  const item = (guid2, name, minLength) => {
    const b = items.get(guid2);
    if (!b) throw diskCorrupt(path10, `required metadata item '${name}' is missing`);
    if (b.length < minLength) throw diskCorrupt(path10, `metadata item '${name}' is ${b.length} bytes, expected ${minLength}`);
    return new DataView(b.buffer, b.byteOffset, b.length);
  };
  const fp = item(MetadataGuid.fileParameters, "File Parameters", 8);
  const blockSize = fp.getUint32(0, true);
  const fpFlags = fp.getUint32(4, true);
  if (!isPowerOfTwo(blockSize) || blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE) {
    throw diskCorrupt(path10, `block size ${blockSize} is not a power of two between 1 MiB and 256 MiB`);
  }
  const logicalSectorSize = sectorSize(item(MetadataGuid.logicalSectorSize, "Logical Sector Size", 4).getUint32(0, true), "logical", path10);
  const physicalSectorSize = sectorSize(item(MetadataGuid.physicalSectorSize, "Physical Sector Size", 4).getUint32(0, true), "physical", path10);
  const sizeView = item(MetadataGuid.virtualDiskSize, "Virtual Disk Size", 8);
  const virtualSize = readU64LE(new Uint8Array(sizeView.buffer, sizeView.byteOffset, 8), 0);
  if (virtualSize === 0 || virtualSize > MAX_VIRTUAL_SIZE || virtualSize % logicalSectorSize !== 0) {
    throw diskCorrupt(path10, `virtual disk size ${virtualSize} is not a non-zero multiple of ${logicalSectorSize} up to 64 TiB`);
  }
  const page83 = item(MetadataGuid.page83Data, "Page 83 Data", 16);
  const hasParent = (fpFlags & FileParameterFlag.hasParent) !== 0;
  const params = {
    blockSize,
    leaveBlockAllocated: !hasParent && (fpFlags & FileParameterFlag.leaveBlockAllocated) !== 0,
    hasParent,
    virtualSize,
    logicalSectorSize,
    physicalSectorSize,
    page83Id: readGuid(new Uint8Array(page83.buffer, page83.byteOffset, 16), 0)
  };
  if (hasParent) {
    const loc = items.get(MetadataGuid.parentLocator);
    if (!loc) throw diskCorrupt(path10, "differencing disk (HasParent) without a Parent Locator metadata item");
    params.parentLocator = parseParentLocator(loc, path10);
  }
  return params;
}
function sectorSize(value, kind, path10) {
  if (value === 512 || value === 4096) return value;
  throw diskCorrupt(path10, `${kind} sector size ${value} is neither 512 nor 4096`);
}
function parseParentLocator(buf, path10) {
  if (buf.length < 20) throw diskCorrupt(path10, `parent locator is ${buf.length} bytes, shorter than its 20-byte header`);
  const type = readGuid(buf, 0);
  if (type !== PARENT_LOCATOR_TYPE_VHDX) throw diskUnsupported(path10, `parent locator type ${type} is not the VHDX parent locator`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.length);
  const count = view.getUint16(18, true);
  if (20 + count * 12 > buf.length) throw diskCorrupt(path10, `parent locator claims ${count} entries, more than fit in ${buf.length} bytes`);
  const text = (offset, length, what) => {
    if (length % 2 !== 0 || offset + length > buf.length) {
      throw diskCorrupt(path10, `parent locator ${what} (offset ${offset}, length ${length}) is odd-sized or outside the item`);
    }
    return Buffer.from(buf.buffer, buf.byteOffset + offset, length).toString("utf16le");
  };
  const map = /* @__PURE__ */ new Map();
  for (let i = 0; i < count; i++) {
    const at = 20 + i * 12;
    const key = text(view.getUint32(at, true), view.getUint16(at + 8, true), `key ${i}`);
    const value = text(view.getUint32(at + 4, true), view.getUint16(at + 10, true), `value ${i}`);
    if (map.has(key)) throw diskCorrupt(path10, `parent locator key '${key}' appears twice`);
    map.set(key, value);
  }
  if (!map.get("parent_linkage")) throw diskCorrupt(path10, "parent locator has no 'parent_linkage'");
  return map;
}
function serializeParentLocator(entries) {
  const pairs = [...entries].map(([k, v]) => [Buffer.from(k, "utf16le"), Buffer.from(v, "utf16le")]);
  let cursor = 20 + pairs.length * 12;
  const header = Buffer.alloc(cursor);
  writeGuid(PARENT_LOCATOR_TYPE_VHDX, header, 0);
  header.writeUInt16LE(pairs.length, 18);
  const strings = [];
  pairs.forEach(([k, v], i) => {
    const at = 20 + i * 12;
    header.writeUInt32LE(cursor, at);
    header.writeUInt32LE(cursor + k.length, at + 4);
    header.writeUInt16LE(k.length, at + 8);
    header.writeUInt16LE(v.length, at + 10);
    strings.push(k, v);
    cursor += k.length + v.length;
  });
  return Buffer.concat([header, ...strings]);
}
function serializeMetadataRegion(p, regionLength) {
  const items = [];
  const fileParams = Buffer.alloc(8);
  fileParams.writeUInt32LE(p.blockSize, 0);
  fileParams.writeUInt32LE((p.hasParent ? FileParameterFlag.hasParent : 0) | (p.leaveBlockAllocated ? FileParameterFlag.leaveBlockAllocated : 0), 4);
  items.push({ guid: MetadataGuid.fileParameters, flags: MetadataFlag.isRequired, data: fileParams });
  const size = Buffer.alloc(8);
  writeU64LE(size, 0, p.virtualSize);
  const diskItem = MetadataFlag.isRequired | MetadataFlag.isVirtualDisk;
  items.push({ guid: MetadataGuid.virtualDiskSize, flags: diskItem, data: size });
  const page83 = Buffer.alloc(16);
  writeGuid(p.page83Id, page83, 0);
  items.push({ guid: MetadataGuid.page83Data, flags: diskItem, data: page83 });
  const u32 = (n) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n, 0);
    return b;
  };
  items.push({ guid: MetadataGuid.logicalSectorSize, flags: diskItem, data: u32(p.logicalSectorSize) });
  items.push({ guid: MetadataGuid.physicalSectorSize, flags: diskItem, data: u32(p.physicalSectorSize) });
  if (p.parentLocator) {
    items.push({ guid: MetadataGuid.parentLocator, flags: MetadataFlag.isRequired, data: serializeParentLocator(p.parentLocator) });
  }
  const region = Buffer.alloc(regionLength);
  region.write(METADATA_SIGNATURE, 0, "latin1");
  region.writeUInt16LE(items.length, 10);
  let cursor = METADATA_TABLE_SIZE;
  items.forEach((it, i) => {
    const at = 32 + i * 32;
    writeGuid(it.guid, region, at);
    region.writeUInt32LE(cursor, at + 16);
    region.writeUInt32LE(it.data.length, at + 20);
    region.writeUInt32LE(it.flags, at + 24);
    it.data.copy(region, cursor);
    cursor += Math.ceil(it.data.length / 8) * 8;
  });
  if (cursor > regionLength) throw new RangeError("metadata items overflow the region");
  return region;
}

// src-main/engine/vhdx/vhdx-image.ts
var MIN_FILE_SIZE = 320 * KiB;
async function isVhdxSignature(source) {
  if (source.size < 8) return false;
  return ascii(await source.read(0, 8, "file type identifier"), 0, 8) === FILE_TYPE_SIGNATURE;
}
async function loadVhdxImage(source) {
  const path10 = source.path;
  if (source.size < MIN_FILE_SIZE) throw diskCorrupt(path10, `file is ${source.size} bytes, too small to be a VHDX`);
  if (!await isVhdxSignature(source)) throw diskCorrupt(path10, "no 'vhdxfile' signature at offset 0");
  const slots = await Promise.all(HEADER_OFFSETS.map((o, i) => source.read(o, HEADER_SIZE, `header ${i + 1}`)));
  const current = selectCurrentHeader([slots[0], slots[1]], path10);
  const log = logRange(current, source.size, path10);
  let logReplayed = false;
  if (current.header.logGuid !== ZERO_GUID) {
    if (!log) throw diskCorrupt(path10, "header has an active log (LogGuid set) but no valid log region");
    await replayLog(source, log, current.header.logGuid);
    logReplayed = true;
  }
  const regions = await readRegionTables(source);
  checkRegions(regions, log, source.size, path10);
  const params = await readMetadata(source, regions.metadata);
  const geometry = batGeometry(params);
  const batBytes = geometry.totalEntries * 8;
  if (batBytes > regions.bat.length) {
    throw diskCorrupt(path10, `BAT region (${regions.bat.length} bytes) is too small for ${geometry.totalEntries} entries`);
  }
  const bat = new Bat(await source.read(regions.bat.offset, batBytes, "BAT"), geometry);
  const reserved = [
    { ...regions.bat, name: "BAT" },
    { ...regions.metadata, name: "metadata" },
    ...log ? [{ ...log, name: "log" }] : []
  ];
  validateBat(bat, { fileSize: source.size, reserved }, path10);
  return { source, current, regions, log, params, geometry, bat, logReplayed };
}
function logRange(current, fileSize2, path10) {
  const { logOffset, logLength, logGuid } = current.header;
  const active = logGuid !== ZERO_GUID;
  if (logLength === 0 && !active) return void 0;
  const aligned = logLength > 0 && logLength % REGION_ALIGNMENT === 0 && logOffset >= REGION_ALIGNMENT && logOffset % REGION_ALIGNMENT === 0;
  if (!aligned) {
    if (active) throw diskCorrupt(path10, `log region (offset ${logOffset}, length ${logLength}) is not 1 MiB aligned`);
    return void 0;
  }
  if (active && logOffset + logLength > fileSize2) {
    throw diskCorrupt(path10, `log region (offset ${logOffset}, length ${logLength}) runs past the end of the file`);
  }
  return { offset: logOffset, length: logLength };
}
async function readRegionTables(source) {
  const problems = [];
  for (let i = 0; i < REGION_TABLE_OFFSETS.length; i++) {
    const buf = await source.read(REGION_TABLE_OFFSETS[i], REGION_TABLE_SIZE, `region table ${i + 1}`);
    const problem = regionTableIntegrity(buf);
    if (problem) {
      problems.push(`region table ${i + 1}: ${problem}`);
      continue;
    }
    return parseRegionTable(buf, source.path, `region table ${i + 1}`);
  }
  throw diskCorrupt(source.path, `no valid region table (${problems.join("; ")})`);
}
function checkRegions(r, log, fileSize2, path10) {
  for (const [name, range] of [["BAT", r.bat], ["metadata", r.metadata]]) {
    if (range.offset + range.length > fileSize2) {
      throw diskCorrupt(path10, `${name} region (offset ${range.offset}, length ${range.length}) runs past the end of the file (${fileSize2} bytes)`);
    }
    if (log && rangesOverlap(range, log)) throw diskCorrupt(path10, `${name} region overlaps the log`);
  }
  if (rangesOverlap(r.bat, r.metadata)) throw diskCorrupt(path10, "BAT and metadata regions overlap");
}
async function readMetadata(source, region) {
  const table = await source.read(region.offset, METADATA_TABLE_SIZE, "metadata table");
  const entries = parseMetadataTable(table, region.length, source.path);
  const items = /* @__PURE__ */ new Map();
  for (const e of entries) {
    items.set(e.guid, await source.read(region.offset + e.offset, e.length, `metadata item ${e.guid}`));
  }
  return decodeMetadataItems(items, source.path);
}

// src-main/engine/vhdx/bitmap.ts
function bitAt(bitmap, index, msbFirst) {
  const byte = bitmap[index >>> 3];
  return ((msbFirst ? byte >>> 7 - (index & 7) : byte >>> (index & 7)) & 1) === 1;
}
function* bitRuns(bitmap, start, end, msbFirst) {
  let i = start;
  while (i < end) {
    const set = bitAt(bitmap, i, msbFirst);
    const uniform = set ? 255 : 0;
    let j = i + 1;
    while (j < end) {
      if ((j & 7) === 0 && j + 8 <= end && bitmap[j >>> 3] === uniform) {
        j += 8;
        continue;
      }
      if (bitAt(bitmap, j, msbFirst) !== set) break;
      j++;
    }
    yield { start: i, end: j, set };
    i = j;
  }
}
function setBits(bitmap, start, end, msbFirst) {
  for (let i = start; i < end; i++) {
    const mask2 = msbFirst ? 128 >>> (i & 7) : 1 << (i & 7);
    bitmap[i >>> 3] |= mask2;
  }
}

// src-main/engine/vhdx/layer.ts
var SegmentCoalescer = class {
  pending;
  /** Returns the previous segment once `next` cannot extend it. */
  push(next) {
    const p = this.pending;
    if (p && p.kind === next.kind && p.offset + p.length === next.offset) {
      const contiguous = p.kind !== "data" || next.kind === "data" && p.fileOffset + p.length === next.fileOffset;
      if (contiguous) {
        p.length += next.length;
        return void 0;
      }
    }
    this.pending = { ...next };
    return p;
  }
  flush() {
    const p = this.pending;
    this.pending = void 0;
    return p;
  }
};

// src-main/engine/vhdx/lru.ts
var LruCache = class {
  constructor(capacity) {
    this.capacity = capacity;
  }
  capacity;
  items = /* @__PURE__ */ new Map();
  get(key) {
    const v = this.items.get(key);
    if (v !== void 0) {
      this.items.delete(key);
      this.items.set(key, v);
    }
    return v;
  }
  set(key, value) {
    this.items.delete(key);
    this.items.set(key, value);
    if (this.items.size > this.capacity) this.items.delete(this.items.keys().next().value);
  }
};

// src-main/engine/vhdx/vhdx-layer.ts
var BITMAP_CACHE_BLOCKS = 4;
var VhdxLayer = class {
  constructor(image) {
    this.image = image;
    this.source = image.source;
    this.path = image.source.path;
    this.virtualSize = image.params.virtualSize;
    this.logicalSectorSize = image.params.logicalSectorSize;
  }
  image;
  format = "vhdx";
  path;
  virtualSize;
  logicalSectorSize;
  source;
  bitmaps = new LruCache(BITMAP_CACHE_BLOCKS);
  async *map(offset, length) {
    const { blockSize } = this.image.geometry;
    const merged = new SegmentCoalescer();
    const end = offset + length;
    for (let pos = offset; pos < end; ) {
      const block = Math.floor(pos / blockSize);
      const blockEnd = Math.min(end, (block + 1) * blockSize);
      const entry = this.image.bat.payload(block);
      const bitmap = entry.state === PayloadState.partiallyPresent ? await this.sectorBitmap(block) : void 0;
      for (const seg of this.blockSegments(block, entry, pos, blockEnd, bitmap)) {
        const done = merged.push(seg);
        if (done) yield done;
      }
      pos = blockEnd;
    }
    const last = merged.flush();
    if (last) yield last;
  }
  *blockSegments(block, e, from, to, bitmap) {
    const blockStart = block * this.image.geometry.blockSize;
    const length = to - from;
    switch (e.state) {
      case PayloadState.fullyPresent:
        yield { kind: "data", offset: from, length, fileOffset: e.fileOffset + (from - blockStart) };
        return;
      case PayloadState.notPresent:
        yield { kind: this.image.params.hasParent ? "parent" : "zero", offset: from, length };
        return;
      case PayloadState.partiallyPresent:
        if (bitmap) {
          yield* this.partialSegments(block, e, from, to, bitmap);
          return;
        }
        break;
    }
    yield { kind: "zero", offset: from, length };
  }
  /** Per sector: bit set = stored in this file, clear = the parent's. */
  *partialSegments(block, e, from, to, bitmap) {
    const g = this.image.geometry;
    const sector = g.logicalSectorSize;
    const blockStart = block * g.blockSize;
    const firstBit = block % g.chunkRatio * g.sectorsPerBlock;
    const s0 = Math.floor((from - blockStart) / sector);
    const s1 = Math.ceil((to - blockStart) / sector);
    for (const run of bitRuns(bitmap, firstBit + s0, firstBit + s1, false)) {
      const runFrom = Math.max(from, blockStart + (run.start - firstBit) * sector);
      const runTo = Math.min(to, blockStart + (run.end - firstBit) * sector);
      if (run.set) yield { kind: "data", offset: runFrom, length: runTo - runFrom, fileOffset: e.fileOffset + (runFrom - blockStart) };
      else yield { kind: "parent", offset: runFrom, length: runTo - runFrom };
    }
  }
  async sectorBitmap(block) {
    const chunk = Math.floor(block / this.image.geometry.chunkRatio);
    let bitmap = this.bitmaps.get(chunk);
    if (!bitmap) {
      const entry = this.image.bat.bitmap(chunk);
      bitmap = await this.source.read(entry.fileOffset, SECTOR_BITMAP_BLOCK_SIZE, `sector bitmap block ${chunk}`);
      this.bitmaps.set(chunk, bitmap);
    }
    return bitmap;
  }
  readData(target, targetOffset, length, fileOffset) {
    return this.source.readInto(target, targetOffset, length, fileOffset, "payload block");
  }
  close() {
    return this.source.close();
  }
};

// src-main/engine/vhdx/vhdx-chain.ts
var MAX_CHAIN_DEPTH = 256;
async function openVhdxChain(source) {
  const layers = [];
  try {
    let layer = new VhdxLayer(await loadVhdxImage(source));
    layers.push(layer);
    const seen = /* @__PURE__ */ new Set([await realpath(source.path)]);
    while (layer.image.params.parentLocator) {
      if (layers.length > MAX_CHAIN_DEPTH) throw diskCorrupt(source.path, `differencing chain is deeper than ${MAX_CHAIN_DEPTH} files`);
      const parent = await openParent(layer, layer.image.params.parentLocator, seen);
      layers.push(parent);
      checkCompatible(layer, parent);
      layer = parent;
    }
    return layers;
  } catch (e) {
    if (layers.length === 0) await source.close();
    await closeAll(layers).catch(() => void 0);
    throw e;
  }
}
function parentCandidates(childPath, locator) {
  const out = [];
  const relative2 = locator.get("relative_path");
  const volume = locator.get("volume_path");
  const absolute = locator.get("absolute_win32_path");
  if (relative2) out.push(resolveRelative(childPath, relative2));
  for (const p of [volume, absolute]) {
    if (!p) continue;
    const local = localAbsolute(p);
    if (local) out.push(local);
    out.push(besideChild(childPath, p));
  }
  return [...new Set(out)];
}
async function openParent(child, locator, seen) {
  const linkage = [locator.get("parent_linkage"), locator.get("parent_linkage2")].map((g) => g ? normaliseGuid(g) : void 0).filter((g) => g !== void 0);
  if (linkage.length === 0) throw diskCorrupt(child.path, `parent_linkage '${locator.get("parent_linkage")}' is not a GUID`);
  const candidates = parentCandidates(child.path, locator);
  if (candidates.length === 0) {
    throw diskCorrupt(child.path, "parent locator has none of relative_path, volume_path, absolute_win32_path");
  }
  const mismatches = [];
  for (const candidate of candidates) {
    if (!await isFile(candidate)) continue;
    const real = await realpath(candidate);
    if (seen.has(real)) throw diskCorrupt(child.path, `differencing chain loops back to ${real}`);
    const source = await FileSource.open(candidate);
    let keep = false;
    try {
      if (!await isVhdxSignature(source)) {
        mismatches.push(`${candidate} is not a VHDX file`);
        continue;
      }
      const image = await loadVhdxImage(source);
      const identity = image.current.header.dataWriteGuid;
      if (!linkage.includes(identity)) {
        mismatches.push(`${candidate} has DataWriteGuid {${identity}}`);
        continue;
      }
      seen.add(real);
      keep = true;
      return new VhdxLayer(image);
    } finally {
      if (!keep) await source.close();
    }
  }
  if (mismatches.length > 0) {
    throw diskCorrupt(
      child.path,
      `parent linkage mismatch: expected DataWriteGuid {${linkage.join("} or {")}}, but ${mismatches.join("; ")} (the parent was modified after the child was created, or it is the wrong file)`
    );
  }
  throw diskCorrupt(child.path, `parent disk not found; tried ${candidates.join(", ")}`);
}
function checkCompatible(child, parent) {
  if (child.virtualSize !== parent.virtualSize) {
    throw diskCorrupt(child.path, `virtual size ${child.virtualSize} differs from its parent ${parent.path} (${parent.virtualSize})`);
  }
  if (child.logicalSectorSize !== parent.logicalSectorSize) {
    throw diskCorrupt(child.path, `logical sector size ${child.logicalSectorSize} differs from its parent ${parent.path} (${parent.logicalSectorSize})`);
  }
}
async function isFile(p) {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

// src-main/engine/vhdx/vhd-chain.ts
import { realpath as realpath2, stat as stat2 } from "node:fs/promises";

// src-main/engine/vhdx/vhd-format.ts
var VHD_FOOTER_SIZE = 512;
var VHD_DYNAMIC_HEADER_SIZE = 1024;
var VHD_SECTOR = 512;
var VHD_UNALLOCATED = 4294967295;
var MAX_VHD_SIZE = 2048 * 1024 ** 3;
var MAX_VHD_BLOCK_SIZE = 256 * 1024 * 1024;
var VhdDiskType = { fixed: 2, dynamic: 3, differencing: 4 };
function vhdChecksum(buf, checksumOffset) {
  let sum = 0;
  for (let i = 0; i < buf.length; i++) if (i < checksumOffset || i >= checksumOffset + 4) sum += buf[i];
  return ~sum >>> 0;
}
function parseVhdFooter(buf, path10) {
  if (buf.length < VHD_FOOTER_SIZE) return "footer is shorter than 512 bytes";
  if (ascii(buf, 0, 8) !== "conectix") return "no 'conectix' cookie";
  const view = new DataView(buf.buffer, buf.byteOffset, VHD_FOOTER_SIZE);
  if (vhdChecksum(buf.subarray(0, VHD_FOOTER_SIZE), 64) !== view.getUint32(64, false)) return "footer checksum mismatch";
  const version = view.getUint32(12, false);
  if (version >>> 16 !== 1) throw diskUnsupported(path10, `VHD format version 0x${version.toString(16)} (expected 1.x)`);
  const diskType = view.getUint32(60, false);
  if (diskType !== VhdDiskType.fixed && diskType !== VhdDiskType.dynamic && diskType !== VhdDiskType.differencing) {
    throw diskUnsupported(path10, `VHD disk type ${diskType} (only fixed, dynamic and differencing exist)`);
  }
  const currentSize = readU64BE(buf, 48);
  if (currentSize === 0 || currentSize % VHD_SECTOR !== 0 || currentSize > MAX_VHD_SIZE) {
    throw diskCorrupt(path10, `VHD current size ${currentSize} is not a non-zero multiple of 512 up to 2 TiB`);
  }
  return {
    dataOffset: readU64BE(buf, 16),
    creatorApp: ascii(buf, 28, 4),
    currentSize,
    diskType,
    uniqueId: readUuidBigEndian(buf, 68)
  };
}
function parseVhdDynamicHeader(buf, path10) {
  if (buf.length < VHD_DYNAMIC_HEADER_SIZE) throw diskCorrupt(path10, "VHD dynamic header is shorter than 1024 bytes");
  if (ascii(buf, 0, 8) !== "cxsparse") throw diskCorrupt(path10, "VHD dynamic header has no 'cxsparse' cookie");
  const view = new DataView(buf.buffer, buf.byteOffset, VHD_DYNAMIC_HEADER_SIZE);
  if (vhdChecksum(buf.subarray(0, VHD_DYNAMIC_HEADER_SIZE), 36) !== view.getUint32(36, false)) {
    throw diskCorrupt(path10, "VHD dynamic header checksum mismatch");
  }
  const version = view.getUint32(24, false);
  if (version >>> 16 !== 1) throw diskUnsupported(path10, `VHD dynamic header version 0x${version.toString(16)}`);
  const blockSize = view.getUint32(32, false);
  if (!isPowerOfTwo(blockSize) || blockSize < VHD_SECTOR || blockSize > MAX_VHD_BLOCK_SIZE) {
    throw diskCorrupt(path10, `VHD block size ${blockSize} is not a power of two between 512 bytes and 256 MiB`);
  }
  const nameBytes = Buffer.from(buf.subarray(64, 576));
  nameBytes.swap16();
  const nul = nameBytes.toString("utf16le").indexOf("\0");
  const parentName = nameBytes.toString("utf16le").slice(0, nul < 0 ? void 0 : nul);
  const locators = [];
  for (let i = 0; i < 8; i++) {
    const at = 576 + i * 24;
    const code = view.getUint32(at, false);
    if (code === 0) continue;
    locators.push({ platformCode: ascii(buf, at, 4), dataLength: view.getUint32(at + 8, false), dataOffset: readU64BE(buf, at + 16) });
  }
  return {
    tableOffset: readU64BE(buf, 16),
    maxTableEntries: view.getUint32(28, false),
    blockSize,
    parentUniqueId: readUuidBigEndian(buf, 40),
    parentName,
    locators
  };
}
function vhdBitmapSize(blockSize) {
  return Math.ceil(blockSize / VHD_SECTOR / 8 / VHD_SECTOR) * VHD_SECTOR;
}
function decodeLocatorPath(platformCode, data) {
  const trim = (s) => s.replace(/\u0000+$/, "");
  switch (platformCode) {
    case "W2ru":
    case "W2ku":
      return trim(data.subarray(0, data.length - data.length % 2).toString("utf16le"));
    case "Wi2r":
    case "Wi2k":
      return trim(data.toString("latin1"));
    case "MacX":
      try {
        return trim(decodeURIComponent(data.toString("utf8").replace(/^file:\/\/(localhost)?/, "")));
      } catch {
        return void 0;
      }
    default:
      return void 0;
  }
}

// src-main/engine/vhdx/vhd-image.ts
async function loadVhdImage(source) {
  const path10 = source.path;
  if (source.size < VHD_FOOTER_SIZE) throw diskCorrupt(path10, "file is too small to be a VHD");
  const footer = await readFooter(source);
  if (footer.diskType === VhdDiskType.fixed) {
    if (footer.currentSize + VHD_FOOTER_SIZE > source.size) {
      throw diskCorrupt(path10, `fixed VHD claims ${footer.currentSize} bytes but the file holds only ${source.size - VHD_FOOTER_SIZE} before its footer`);
    }
    return { source, footer, blockCount: 0, bitmapSize: 0 };
  }
  const headerRange = { offset: footer.dataOffset, length: VHD_DYNAMIC_HEADER_SIZE };
  const dynamic = parseVhdDynamicHeader(await source.read(headerRange.offset, headerRange.length, "VHD dynamic header"), path10);
  const blockCount = Math.ceil(footer.currentSize / dynamic.blockSize);
  if (blockCount > dynamic.maxTableEntries) {
    throw diskCorrupt(path10, `VHD BAT has ${dynamic.maxTableEntries} entries but ${blockCount} blocks are needed for ${footer.currentSize} bytes`);
  }
  const batRange = { offset: dynamic.tableOffset, length: blockCount * 4 };
  const bat = await source.read(batRange.offset, batRange.length, "VHD BAT");
  const image = {
    source,
    footer,
    dynamic,
    bat: new DataView(bat.buffer, bat.byteOffset, bat.length),
    blockCount,
    bitmapSize: vhdBitmapSize(dynamic.blockSize)
  };
  validateVhdBat(image, [
    { offset: 0, length: VHD_FOOTER_SIZE, name: "footer copy" },
    { ...headerRange, name: "dynamic header" },
    { ...batRange, name: "BAT" },
    { offset: source.size - VHD_FOOTER_SIZE, length: VHD_FOOTER_SIZE, name: "footer" }
  ]);
  return image;
}
async function readFooter(source) {
  const end = parseVhdFooter(await source.read(source.size - VHD_FOOTER_SIZE, VHD_FOOTER_SIZE, "VHD footer"), source.path);
  if (typeof end !== "string") return end;
  const copy = parseVhdFooter(await source.read(0, VHD_FOOTER_SIZE, "VHD footer copy"), source.path);
  if (typeof copy !== "string" && copy.diskType !== VhdDiskType.fixed) return copy;
  throw diskCorrupt(source.path, `no valid VHD footer (end of file: ${end}; copy at offset 0: ${typeof copy === "string" ? copy : "fixed-disk copy is not used"})`);
}
function validateVhdBat(image, reserved) {
  const { source, bat, dynamic, footer } = image;
  if (!bat || !dynamic) return;
  for (let b = 0; b < image.blockCount; b++) {
    const sector = bat.getUint32(b * 4, false);
    if (sector === VHD_UNALLOCATED) continue;
    const used = Math.min(dynamic.blockSize, footer.currentSize - b * dynamic.blockSize);
    const range = { offset: sector * VHD_SECTOR, length: image.bitmapSize + used };
    if (range.offset + range.length > source.size) {
      throw diskCorrupt(source.path, `VHD BAT entry for block ${b}: block at ${range.offset} (length ${range.length}) lies beyond the end of the file (${source.size} bytes)`);
    }
    for (const r of reserved) {
      if (rangesOverlap(range, r)) throw diskCorrupt(source.path, `VHD BAT entry for block ${b}: block at ${range.offset} overlaps the ${r.name}`);
    }
  }
}

// src-main/engine/vhdx/vhd-layer.ts
var BITMAP_CACHE_BLOCKS2 = 64;
var VhdLayer = class {
  constructor(image) {
    this.image = image;
    this.path = image.source.path;
    this.virtualSize = image.footer.currentSize;
    this.differencing = image.footer.diskType === VhdDiskType.differencing;
  }
  image;
  format = "vhd";
  logicalSectorSize = VHD_SECTOR;
  path;
  virtualSize;
  differencing;
  bitmaps = new LruCache(BITMAP_CACHE_BLOCKS2);
  async *map(offset, length) {
    const { bat, dynamic } = this.image;
    if (!bat || !dynamic) {
      if (length > 0) yield { kind: "data", offset, length, fileOffset: offset };
      return;
    }
    const merged = new SegmentCoalescer();
    const end = offset + length;
    for (let pos = offset; pos < end; ) {
      const block = Math.floor(pos / dynamic.blockSize);
      const blockStart = block * dynamic.blockSize;
      const blockEnd = Math.min(end, blockStart + dynamic.blockSize);
      const sector = bat.getUint32(block * 4, false);
      for (const seg of await this.blockSegments(blockStart, block, sector, pos, blockEnd)) {
        const done = merged.push(seg);
        if (done) yield done;
      }
      pos = blockEnd;
    }
    const last = merged.flush();
    if (last) yield last;
  }
  async blockSegments(blockStart, block, sector, from, to) {
    const length = to - from;
    if (sector === VHD_UNALLOCATED) return [{ kind: this.differencing ? "parent" : "zero", offset: from, length }];
    const dataStart = sector * VHD_SECTOR + this.image.bitmapSize;
    if (!this.differencing) return [{ kind: "data", offset: from, length, fileOffset: dataStart + (from - blockStart) }];
    const bitmap = await this.bitmap(block, sector);
    const out = [];
    const s0 = Math.floor((from - blockStart) / VHD_SECTOR);
    const s1 = Math.ceil((to - blockStart) / VHD_SECTOR);
    for (const run of bitRuns(bitmap, s0, s1, true)) {
      const runFrom = Math.max(from, blockStart + run.start * VHD_SECTOR);
      const runTo = Math.min(to, blockStart + run.end * VHD_SECTOR);
      out.push(
        run.set ? { kind: "data", offset: runFrom, length: runTo - runFrom, fileOffset: dataStart + (runFrom - blockStart) } : { kind: "parent", offset: runFrom, length: runTo - runFrom }
      );
    }
    return out;
  }
  async bitmap(block, sector) {
    let bitmap = this.bitmaps.get(block);
    if (!bitmap) {
      bitmap = await this.image.source.read(sector * VHD_SECTOR, this.image.bitmapSize, `VHD sector bitmap of block ${block}`);
      this.bitmaps.set(block, bitmap);
    }
    return bitmap;
  }
  readData(target, targetOffset, length, fileOffset) {
    return this.image.source.readInto(target, targetOffset, length, fileOffset, "VHD data");
  }
  close() {
    return this.image.source.close();
  }
};

// src-main/engine/vhdx/vhd-chain.ts
var MAX_CHAIN_DEPTH2 = 256;
var MAX_LOCATOR_LENGTH = 64 * 1024;
async function isVhdFile(source) {
  if (source.size < VHD_FOOTER_SIZE) return false;
  const footer = await source.read(source.size - VHD_FOOTER_SIZE, VHD_FOOTER_SIZE, "VHD footer");
  if (ascii(footer, 0, 8) === "conectix") return true;
  try {
    const copy = parseVhdFooter(await source.read(0, VHD_FOOTER_SIZE, "VHD footer copy"), source.path);
    return typeof copy !== "string" && copy.diskType !== VhdDiskType.fixed;
  } catch {
    return false;
  }
}
async function openVhdChain(source) {
  const layers = [];
  try {
    let layer = new VhdLayer(await loadVhdImage(source));
    layers.push(layer);
    const seen = /* @__PURE__ */ new Set([await realpath2(source.path)]);
    while (layer.image.footer.diskType === VhdDiskType.differencing) {
      if (layers.length > MAX_CHAIN_DEPTH2) throw diskCorrupt(source.path, `differencing chain is deeper than ${MAX_CHAIN_DEPTH2} files`);
      const parent = await openParent2(layer, seen);
      if (parent.virtualSize !== layer.virtualSize) {
        throw diskCorrupt(layer.path, `virtual size ${layer.virtualSize} differs from its parent ${parent.path} (${parent.virtualSize})`);
      }
      layers.push(parent);
      layer = parent;
    }
    return layers;
  } catch (e) {
    if (layers.length === 0) await source.close();
    await closeAll(layers).catch(() => void 0);
    throw e;
  }
}
var LOCATOR_ORDER = ["W2ru", "W2ku", "Wi2r", "Wi2k", "MacX"];
async function parentCandidates2(child, header) {
  const out = [];
  const locators = [...header.locators].sort((a, b) => rank(a.platformCode) - rank(b.platformCode));
  for (const loc of locators) {
    if (loc.dataLength === 0 || loc.dataLength > MAX_LOCATOR_LENGTH) continue;
    const data = await child.image.source.read(loc.dataOffset, loc.dataLength, `VHD parent locator ${loc.platformCode}`);
    const text = decodeLocatorPath(loc.platformCode, data);
    if (!text) continue;
    const relative2 = loc.platformCode.endsWith("r");
    if (relative2) {
      out.push(resolveRelative(child.path, text));
    } else {
      const local = localAbsolute(text) ?? (loc.platformCode === "MacX" ? text : void 0);
      if (local) out.push(local);
      out.push(besideChild(child.path, text));
    }
  }
  if (header.parentName) out.push(besideChild(child.path, header.parentName));
  return [...new Set(out)];
}
function rank(code) {
  const i = LOCATOR_ORDER.indexOf(code);
  return i < 0 ? LOCATOR_ORDER.length : i;
}
async function openParent2(child, seen) {
  const header = child.image.dynamic;
  if (!header) throw diskCorrupt(child.path, "differencing VHD without a dynamic header");
  const candidates = await parentCandidates2(child, header);
  if (candidates.length === 0) throw diskCorrupt(child.path, "differencing VHD has no parent locator and no parent name");
  const mismatches = [];
  for (const candidate of candidates) {
    if (!await isFile2(candidate)) continue;
    const real = await realpath2(candidate);
    if (seen.has(real)) throw diskCorrupt(child.path, `differencing chain loops back to ${real}`);
    const source = await FileSource.open(candidate);
    let keep = false;
    try {
      if (!await isVhdFile(source)) {
        mismatches.push(`${candidate} is not a VHD file`);
        continue;
      }
      const image = await loadVhdImage(source);
      if (image.footer.uniqueId !== header.parentUniqueId) {
        mismatches.push(`${candidate} has UniqueId ${image.footer.uniqueId}`);
        continue;
      }
      seen.add(real);
      keep = true;
      return new VhdLayer(image);
    } finally {
      if (!keep) await source.close();
    }
  }
  if (mismatches.length > 0) {
    throw diskCorrupt(child.path, `parent linkage mismatch: expected UniqueId ${header.parentUniqueId}, but ${mismatches.join("; ")}`);
  }
  throw diskCorrupt(child.path, `parent disk not found; tried ${candidates.join(", ")}`);
}
async function isFile2(p) {
  try {
    return (await stat2(p)).isFile();
  } catch {
    return false;
  }
}

// src-main/engine/vhdx/reader.ts
async function openDisk(path10) {
  const source = await FileSource.open(path10);
  let owned = true;
  try {
    if (await isVhdxSignature(source)) {
      owned = false;
      return new LayeredDiskReader(await openVhdxChain(source));
    }
    if (await isVhdFile(source)) {
      owned = false;
      return new LayeredDiskReader(await openVhdChain(source));
    }
    owned = false;
    return new LayeredDiskReader([new RawLayer(source)]);
  } catch (e) {
    if (owned) await source.close();
    throw e;
  }
}

// src-main/engine/vhdx/writer.ts
import { open as open3 } from "node:fs/promises";

// src-main/engine/vhdx/file-write.ts
async function writeAll(handle, data, position) {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await handle.write(data, done, data.length - done, position + done);
    done += bytesWritten;
  }
}

// src-main/engine/vhdx/vhdx-create.ts
import { open as open2 } from "node:fs/promises";
var DEFAULT_BLOCK_SIZE = MiB;
var LOG_OFFSET = MiB;
var LOG_LENGTH = MiB;
var BAT_OFFSET = 2 * MiB;
var METADATA_LENGTH = MiB;
var CREATOR = "Ferry";
async function createDynamicVhdx(path10, opts) {
  const logicalSectorSize = opts.logicalSectorSize ?? 512;
  const blockSize = opts.blockSize ?? DEFAULT_BLOCK_SIZE;
  const { virtualSize } = opts;
  checkBlockSize(path10, blockSize);
  if (!Number.isSafeInteger(virtualSize) || virtualSize <= 0 || virtualSize > MAX_VIRTUAL_SIZE || virtualSize % logicalSectorSize !== 0) {
    throw badRequest(path10, `virtual size ${virtualSize} must be a positive multiple of ${logicalSectorSize} up to 64 TiB`);
  }
  await writeNewVhdx(path10, {
    blockSize,
    virtualSize,
    logicalSectorSize,
    physicalSectorSize: opts.physicalSectorSize ?? logicalSectorSize,
    leaveBlockAllocated: false,
    hasParent: false,
    page83Id: newGuid()
  });
}
async function writeNewVhdx(path10, params) {
  const geometry = batGeometry(params);
  const batLength = roundUp(geometry.totalEntries * 8, MiB);
  const metadataOffset = BAT_OFFSET + batLength;
  const fileSize2 = metadataOffset + METADATA_LENGTH;
  const identifier = Buffer.alloc(520);
  identifier.write(FILE_TYPE_SIGNATURE, 0, "latin1");
  identifier.write(CREATOR, 8, "utf16le");
  const header = {
    sequenceNumber: 1n,
    fileWriteGuid: newGuid(),
    dataWriteGuid: newGuid(),
    logGuid: ZERO_GUID,
    logVersion: 0,
    version: 1,
    logLength: LOG_LENGTH,
    logOffset: LOG_OFFSET
  };
  const regions = serializeRegionTable({
    bat: { offset: BAT_OFFSET, length: batLength },
    metadata: { offset: metadataOffset, length: METADATA_LENGTH }
  });
  const handle = await open2(path10, "wx").catch((e) => {
    throw e.code === "EEXIST" ? new FerryError(ErrorCode.Conflict, `${path10}: a file with this name already exists`, { path: path10 }) : e;
  });
  try {
    await handle.truncate(fileSize2);
    await writeAll(handle, identifier, 0);
    await writeAll(handle, serializeHeader(header), HEADER_OFFSETS[0]);
    await writeAll(handle, serializeHeader({ ...header, sequenceNumber: 2n }), HEADER_OFFSETS[1]);
    await writeAll(handle, regions, REGION_TABLE_OFFSETS[0]);
    await writeAll(handle, regions, REGION_TABLE_OFFSETS[1]);
    await writeAll(handle, serializeMetadataRegion(params, METADATA_LENGTH), metadataOffset);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
function checkBlockSize(path10, blockSize) {
  if (!isPowerOfTwo(blockSize) || blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE) {
    throw badRequest(path10, `block size ${blockSize} must be a power of two from 1 MiB to 256 MiB`);
  }
}

// src-main/engine/vhdx/writer.ts
var VhdxWriter = class _VhdxWriter {
  constructor(path10, handle, image) {
    this.path = path10;
    this.handle = handle;
    this.geometry = image.geometry;
    this.bat = image.bat;
    this.hasParent = image.params.hasParent;
    this.batOffset = image.regions.bat.offset;
    this.fileSize = image.source.physicalSize;
    this.header = image.current.header;
    this.headerSlot = image.current.slot;
  }
  path;
  handle;
  geometry;
  bat;
  hasParent;
  batOffset;
  fileSize;
  header;
  headerSlot;
  identityChanged = false;
  closed = false;
  /** Sector bitmap blocks of a differencing disk, loaded on first use (1 MiB each). */
  bitmaps = /* @__PURE__ */ new Map();
  /** Writes run one at a time: block allocation appends at EOF. */
  queue = Promise.resolve();
  static async open(path10) {
    const source = await FileSource.open(path10);
    let image;
    try {
      image = await loadVhdxImage(source);
    } finally {
      await source.close();
    }
    if (image.logReplayed) throw diskUnsupported(path10, "has a pending log; Ferry writes only to cleanly closed VHDX files");
    const handle = await open3(path10, "r+");
    return new _VhdxWriter(path10, handle, image);
  }
  write(offset, data) {
    const run = this.queue.then(() => this.writeNow(offset, data));
    this.queue = run.catch(() => void 0);
    return run;
  }
  async writeNow(offset, data) {
    if (this.closed) throw badRequest(this.path, "writer is closed");
    const g = this.geometry;
    const sector = g.logicalSectorSize;
    if (!Number.isSafeInteger(offset) || offset < 0 || offset % sector !== 0 || data.length % sector !== 0) {
      throw badRequest(this.path, `write at ${offset} of ${data.length} bytes is not aligned to ${sector}-byte sectors`);
    }
    if (offset + data.length > g.virtualSize) {
      throw badRequest(this.path, `write at ${offset} of ${data.length} bytes runs past the virtual disk (${g.virtualSize} bytes)`);
    }
    const end = offset + data.length;
    for (let pos = offset; pos < end; ) {
      const block = Math.floor(pos / g.blockSize);
      const blockStart = block * g.blockSize;
      const to = Math.min(end, blockStart + g.blockSize);
      await this.writeInBlock(block, pos - blockStart, data.subarray(pos - offset, to - offset));
      pos = to;
    }
  }
  async writeInBlock(block, inBlock, slice) {
    const entry = this.bat.payload(block);
    if (entry.state === PayloadState.fullyPresent) {
      await this.beforeFirstChange();
      await writeAll(this.handle, slice, entry.fileOffset + inBlock);
      return;
    }
    if (entry.state === PayloadState.partiallyPresent) {
      await this.beforeFirstChange();
      await writeAll(this.handle, slice, entry.fileOffset + inBlock);
      await this.markSectors(block, entry.fileOffset, inBlock, slice.length);
      return;
    }
    if (!this.hasParent && isAllZero(slice)) return;
    await this.beforeFirstChange();
    const fileOffset = await this.allocate(this.geometry.blockSize);
    await writeAll(this.handle, slice, fileOffset + inBlock);
    const inheritsRest = this.hasParent && entry.state === PayloadState.notPresent;
    if (inheritsRest && slice.length < this.blockLength(block)) {
      await this.markSectors(block, fileOffset, inBlock, slice.length);
    } else {
      await this.setEntry(payloadEntryIndex(this.geometry, block), PayloadState.fullyPresent, fileOffset);
    }
  }
  /** Sets the bitmap bits for the written sectors, then marks the block PARTIALLY (or FULLY) present. */
  async markSectors(block, blockOffset, inBlock, length) {
    const g = this.geometry;
    const chunk = Math.floor(block / g.chunkRatio);
    const { bitmap, fileOffset: bitmapOffset } = await this.sectorBitmap(chunk);
    const firstBit = block % g.chunkRatio * g.sectorsPerBlock;
    const from = firstBit + inBlock / g.logicalSectorSize;
    const to = from + length / g.logicalSectorSize;
    setBits(bitmap, from, to, false);
    const byteFrom = Math.floor(from / 8);
    const byteTo = Math.ceil(to / 8);
    await writeAll(this.handle, bitmap.subarray(byteFrom, byteTo), bitmapOffset + byteFrom);
    const sectorsInBlock = this.blockLength(block) / g.logicalSectorSize;
    const runs = [...bitRuns(bitmap, firstBit, firstBit + sectorsInBlock, false)];
    const complete = runs.length === 1 && runs[0].set;
    await this.setEntry(
      payloadEntryIndex(g, block),
      complete ? PayloadState.fullyPresent : PayloadState.partiallyPresent,
      blockOffset
    );
  }
  async sectorBitmap(chunk) {
    const entry = this.bat.bitmap(chunk);
    if (entry.state === SectorBitmapState.present) {
      let bitmap2 = this.bitmaps.get(chunk);
      if (!bitmap2) {
        bitmap2 = Buffer.alloc(SECTOR_BITMAP_BLOCK_SIZE);
        const { bytesRead } = await this.handle.read(bitmap2, 0, bitmap2.length, entry.fileOffset);
        if (bytesRead !== bitmap2.length) throw diskCorrupt(this.path, `sector bitmap block ${chunk} is truncated`);
        this.bitmaps.set(chunk, bitmap2);
      }
      return { bitmap: bitmap2, fileOffset: entry.fileOffset };
    }
    const fileOffset = await this.allocate(SECTOR_BITMAP_BLOCK_SIZE);
    const bitmap = Buffer.alloc(SECTOR_BITMAP_BLOCK_SIZE);
    this.bitmaps.set(chunk, bitmap);
    await this.setEntry(bitmapEntryIndex(this.geometry, chunk), SectorBitmapState.present, fileOffset);
    return { bitmap, fileOffset };
  }
  /** Bytes of the block inside the virtual disk (the last block may be short). */
  blockLength(block) {
    const g = this.geometry;
    return Math.min(g.blockSize, g.virtualSize - block * g.blockSize);
  }
  /** A zero-filled area at the 1 MiB-aligned end of the file. */
  async allocate(length) {
    const offset = roundUp(this.fileSize, MiB);
    this.fileSize = offset + length;
    await this.handle.truncate(this.fileSize);
    return offset;
  }
  async setEntry(index, state, fileOffset) {
    this.bat.set(index, state, fileOffset);
    await writeAll(this.handle, this.bat.bytes.subarray(index * 8, index * 8 + 8), this.batOffset + index * 8);
  }
  /**
   * MS-VHDX: FileWriteGuid and DataWriteGuid change before the first modification after opening, so a
   * child's parent_linkage stops matching as soon as its parent's data changes. Both slots are rewritten
   * (non-current first) with increasing sequence numbers.
   */
  async beforeFirstChange() {
    if (this.identityChanged) return;
    this.identityChanged = true;
    const next = { ...this.header, fileWriteGuid: newGuid(), dataWriteGuid: newGuid(), logGuid: ZERO_GUID };
    const other = this.headerSlot === 0 ? 1 : 0;
    const first = { ...next, sequenceNumber: this.header.sequenceNumber + 1n };
    await writeAll(this.handle, serializeHeader(first), HEADER_OFFSETS[other]);
    await this.handle.sync();
    const second = { ...next, sequenceNumber: this.header.sequenceNumber + 2n };
    await writeAll(this.handle, serializeHeader(second), HEADER_OFFSETS[this.headerSlot]);
    await this.handle.sync();
    this.header = second;
  }
  /** Waits for pending writes, flushes and closes. The header identity was already bumped at the first write. */
  async close() {
    if (this.closed) return;
    await this.queue;
    this.closed = true;
    try {
      if (this.identityChanged) await this.handle.sync();
    } finally {
      await this.handle.close();
    }
  }
};

// src-main/engine/util/time.ts
var nowIso = () => (/* @__PURE__ */ new Date()).toISOString();
var sleep = (ms, signal) => new Promise((resolve4, reject) => {
  if (signal?.aborted) return reject(signal.reason);
  const t = setTimeout(() => {
    signal?.removeEventListener("abort", onAbort);
    resolve4();
  }, ms);
  const onAbort = () => {
    clearTimeout(t);
    reject(signal?.reason);
  };
  signal?.addEventListener("abort", onAbort, { once: true });
});

// src-main/engine/platform/lab/disk-content.ts
import { createCipheriv, createHash } from "node:crypto";
var MiB2 = 1024 * 1024;
function seededBytes(seed, length) {
  const key = createHash("sha256").update(seed).digest().subarray(0, 16);
  const c = createCipheriv("aes-128-ctr", key, Buffer.alloc(16));
  return Buffer.concat([c.update(Buffer.alloc(length)), c.final()]);
}
function textBlock(seed, length) {
  const line = Buffer.from(`${seed} event=backup-window status=ok records=4096 checksum=ok; `);
  const b = Buffer.alloc(length);
  for (let o = 0; o < length; o += line.length) line.copy(b, o);
  return b;
}
function planDiskContent(vmId, diskIndex, virtualMiB, dataMiB) {
  const blocks = [];
  const stride = Math.max(1, Math.floor(virtualMiB / dataMiB));
  for (let i = 0; i < dataMiB; i++) {
    const kind = i % 3;
    const data = kind === 0 ? seededBytes(`os-image-block-${i}`, MiB2) : kind === 1 ? textBlock(`${vmId}-${diskIndex}-${i}`, MiB2) : seededBytes(`${vmId}-${diskIndex}-unique-${i}`, MiB2);
    blocks.push({ offset: Math.min(i * stride, virtualMiB - 1) * MiB2, data });
  }
  return blocks;
}
function guestWriteBurst(vmId, round, virtualMiB) {
  const out = [];
  for (let i = 0; i < 2; i++) {
    const mib = (round * 7 + i * 13 + vmId.length) % virtualMiB;
    out.push({ offset: mib * MiB2 + 4096 * i, data: seededBytes(`${vmId}-live-${round}-${i}`, 64 * 1024) });
  }
  return out;
}

// src-main/engine/platform/lab/lab-layout.ts
import { join as join2 } from "node:path";

// src-main/engine/platform/lab/lab-state.ts
import { readFileSync } from "node:fs";
import { join } from "node:path";

// src-main/engine/util/atomic.ts
import { open as open4, rename, mkdir } from "node:fs/promises";
import { dirname as dirname2 } from "node:path";
import { randomBytes } from "node:crypto";
async function writeFileAtomic(path10, data) {
  await mkdir(dirname2(path10), { recursive: true });
  const tmp = `${path10}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  const fh = await open4(tmp, "w");
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path10);
  const dh = await open4(dirname2(path10), "r");
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}

// src-main/engine/platform/lab/lab-state.ts
var labDir = (dataDir) => join(dataDir, "lab");
var statePath = (dataDir) => join(labDir(dataDir), "lab.json");
var labFaultsFile = (dataDir) => join(labDir(dataDir), "faults.json");
function readLabState(dataDir) {
  try {
    return JSON.parse(readFileSync(statePath(dataDir), "utf8"));
  } catch (e) {
    if (e.code === "ENOENT") return null;
    throw e;
  }
}
async function writeLabState(dataDir, s) {
  await writeFileAtomic(statePath(dataDir), JSON.stringify(s, null, 2));
}

// src-main/engine/platform/lab/lab-layout.ts
var lunDir = (dataDir, lun) => join2(labDir(dataDir), "san", lun);
var snapshotsDir = (dataDir) => join2(labDir(dataDir), "san", ".snapshots");
var snapshotDir = (dataDir, snapshotId) => join2(snapshotsDir(dataDir), snapshotId);
var diskFileName = (vm2, index) => index === 0 ? `${vm2.name}.vhdx` : `${vm2.name}_disk${index}.vhdx`;
var diskRelPath = (vm2, index) => join2("Hyper-V", vm2.name, "Virtual Hard Disks", diskFileName(vm2, index));
function volumeOf(topo, volumeId) {
  const v = topo.volumes.find((x) => x.id === volumeId);
  if (!v) throw new Error(`lab: unknown volume ${volumeId}`);
  return v;
}
function windowsDiskPath(topo, vm2, index) {
  const root = volumeOf(topo, vm2.volumeId).path.replace(/\\$/, "");
  return `${root}\\${diskRelPath(vm2, index).split("/").join("\\")}`;
}
var liveDiskPath = (dataDir, topo, vm2, index) => join2(lunDir(dataDir, volumeOf(topo, vm2.volumeId).lun), diskRelPath(vm2, index));

// src-main/engine/platform/lab/topology.ts
var MiB3 = 1024 * 1024;
var GiB = 1024 * MiB3;
var HW_PROVIDER = "Contoso SAN VSS Hardware Provider 3.2";
var host = (id, name, role2, o = {}) => ({
  id,
  name,
  clusterId: null,
  os: "Windows Server 2022 Datacenter (10.0.20348)",
  hyperV: true,
  vssHardwareProvider: HW_PROVIDER,
  visibleLuns: [],
  cpuCores: 8,
  freeDiskBytes: 200 * GiB,
  role: role2,
  ...o
});
function defaultTopology() {
  const clusterLuns = ["LUN-10", "LUN-11"];
  const hosts = [
    host("hv01", "HV01", "hyperv-host", { visibleLuns: ["LUN-01"] }),
    host("hv02", "HV02", "hyperv-host", { visibleLuns: ["LUN-02"] }),
    host("hvc01", "HVC01", "hyperv-host", { clusterId: "clu01", visibleLuns: clusterLuns }),
    host("hvc02", "HVC02", "hyperv-host", { clusterId: "clu01", visibleLuns: clusterLuns }),
    host("hvc03", "HVC03", "hyperv-host", { clusterId: "clu01", visibleLuns: clusterLuns }),
    // Dedicated off-host proxy candidates on the same SAN.
    host("proxy01", "PROXY01", "server", { visibleLuns: ["LUN-01", "LUN-02", ...clusterLuns], cpuCores: 16 }),
    host("proxy02", "PROXY02", "server", { visibleLuns: ["LUN-01", "LUN-02"], cpuCores: 4 }),
    // A server without Hyper-V role nor hardware provider: readiness must say why it cannot serve.
    host("backup03", "BACKUP03", "server", {
      os: "Windows Server 2012 R2 Standard (6.3.9600)",
      hyperV: false,
      vssHardwareProvider: null,
      visibleLuns: [],
      cpuCores: 2,
      freeDiskBytes: 3 * GiB
    })
  ];
  const clusters = [{ id: "clu01", name: "CLU01", nodeIds: ["hvc01", "hvc02", "hvc03"], csvIds: ["csv1", "csv2"] }];
  const volumes = [
    { id: "vol-hv01-d", path: "D:\\", kind: "local", clusterId: null, ownerHostId: "hv01", sizeBytes: 2048 * GiB, lun: "LUN-01" },
    { id: "vol-hv02-e", path: "E:\\", kind: "local", clusterId: null, ownerHostId: "hv02", sizeBytes: 2048 * GiB, lun: "LUN-02" },
    { id: "csv1", path: "C:\\ClusterStorage\\Volume1", kind: "csv", clusterId: "clu01", ownerHostId: "hvc01", sizeBytes: 4096 * GiB, lun: "LUN-10" },
    { id: "csv2", path: "C:\\ClusterStorage\\Volume2", kind: "csv", clusterId: "clu01", ownerHostId: "hvc02", sizeBytes: 4096 * GiB, lun: "LUN-11" }
  ];
  const vm2 = (id, name, hostId, volumeId, running, disks) => ({
    id,
    name,
    hostId,
    clusterId: hostId.startsWith("hvc") ? "clu01" : null,
    volumeId,
    running,
    disks
  });
  const vms = [
    vm2("vm-dc01", "DC01", "hv01", "vol-hv01-d", true, [{ virtualMiB: 64, dataMiB: 12 }]),
    vm2("vm-sql01", "SQL01", "hv01", "vol-hv01-d", true, [{ virtualMiB: 64, dataMiB: 10 }, { virtualMiB: 48, dataMiB: 8 }]),
    vm2("vm-web01", "WEB01", "hv02", "vol-hv02-e", true, [{ virtualMiB: 48, dataMiB: 8 }]),
    vm2("vm-web02", "WEB02", "hv02", "vol-hv02-e", false, [{ virtualMiB: 48, dataMiB: 8 }]),
    vm2("vm-app01", "APP01", "hvc01", "csv1", true, [{ virtualMiB: 64, dataMiB: 10 }]),
    vm2("vm-app02", "APP02", "hvc02", "csv1", true, [{ virtualMiB: 64, dataMiB: 10 }]),
    vm2("vm-file01", "FILE01", "hvc03", "csv2", true, [{ virtualMiB: 96, dataMiB: 16 }, { virtualMiB: 64, dataMiB: 12 }]),
    vm2("vm-exch01", "EXCH01", "hvc02", "csv2", false, [{ virtualMiB: 64, dataMiB: 12 }])
  ];
  return { hosts, clusters, volumes, vms };
}

// src-main/engine/platform/lab/create-lab.ts
var MiB4 = 1024 * 1024;
async function ensureLab(dataDir) {
  if (readLabState(dataDir)) return false;
  const topology = defaultTopology();
  for (const vm2 of topology.vms) {
    for (let i = 0; i < vm2.disks.length; i++) {
      const path10 = liveDiskPath(dataDir, topology, vm2, i);
      await mkdir2(dirname3(path10), { recursive: true });
      await createDynamicVhdx(path10, { virtualSize: vm2.disks[i].virtualMiB * MiB4, blockSize: MiB4 });
      const w = await VhdxWriter.open(path10);
      try {
        for (const b of planDiskContent(vm2.id, i, vm2.disks[i].virtualMiB, vm2.disks[i].dataMiB)) await w.write(b.offset, b.data);
      } finally {
        await w.close();
      }
    }
  }
  const state = { formatVersion: 1, createdAt: nowIso(), topology, snapshots: [], agents: [], guestWriteRound: 0 };
  await writeLabState(dataDir, state);
  return true;
}

// src-main/engine/engine.ts
import { mkdirSync as mkdirSync3 } from "node:fs";
import { join as join9 } from "node:path";

// src-main/engine/platform/create-platform.ts
import { mkdirSync as mkdirSync2 } from "node:fs";
import { join as join7 } from "node:path";

// src-main/engine/platform/lab/lab-agents.ts
import { spawn } from "node:child_process";
import { mkdir as mkdir3, readFile, writeFile } from "node:fs/promises";
import { randomBytes as randomBytes2, X509Certificate } from "node:crypto";
import { join as join3 } from "node:path";
import { generate } from "selfsigned";
var READY_TIMEOUT_MS = 15e3;
var LabAgents = class {
  constructor(dataDir, secrets, agentCommand2) {
    this.dataDir = dataDir;
    this.secrets = secrets;
    this.agentCommand = agentCommand2;
  }
  dataDir;
  secrets;
  agentCommand;
  procs = /* @__PURE__ */ new Map();
  get enabled() {
    return this.agentCommand !== null;
  }
  agentDir(serverId2) {
    return join3(labDir(this.dataDir), "agents", serverId2);
  }
  /** "Installs" the agent on the proxy: certificate + key + token on its side, pinned cert + token on ours. */
  async install(serverId2, serverName) {
    const pems = await generate([{ name: "commonName", value: serverName }], { keyType: "ec", curve: "P-256", algorithm: "sha256", notAfterDate: new Date(Date.now() + 5 * 365 * 864e5) });
    const token = randomBytes2(32).toString("hex");
    const dir = this.agentDir(serverId2);
    await mkdir3(dir, { recursive: true, mode: 448 });
    await writeFile(join3(dir, "cert.pem"), pems.cert);
    await writeFile(join3(dir, "key.pem"), pems.private, { mode: 384 });
    await writeFile(join3(dir, "token"), token, { mode: 384 });
    const fingerprint256 = new X509Certificate(pems.cert).fingerprint256;
    const secret = { token, certPem: pems.cert, fingerprint256 };
    await this.secrets.set(`agent-${serverId2}`, JSON.stringify(secret));
    this.stop(serverId2);
    return fingerprint256;
  }
  async uninstall(serverId2) {
    this.stop(serverId2);
    await this.secrets.delete(`agent-${serverId2}`);
  }
  async endpoint(serverId2, serverName) {
    if (!this.agentCommand) return null;
    const raw = await this.secrets.get(`agent-${serverId2}`);
    if (!raw) return null;
    const secret = JSON.parse(raw);
    const port = await this.ensureRunning(serverId2);
    return { serverId: serverId2, serverName, host: "127.0.0.1", port, certPem: secret.certPem, fingerprint256: secret.fingerprint256, token: secret.token };
  }
  /** Fault injection: the proxy's agent disappears (process killed). */
  kill(serverId2) {
    this.procs.get(serverId2)?.child.kill("SIGKILL");
    this.procs.delete(serverId2);
  }
  stop(serverId2) {
    this.procs.get(serverId2)?.child.kill("SIGTERM");
    this.procs.delete(serverId2);
  }
  stopAll() {
    for (const id of [...this.procs.keys()]) this.stop(id);
  }
  async ensureRunning(serverId2) {
    const existing = this.procs.get(serverId2);
    if (existing && existing.child.exitCode === null && existing.child.signalCode === null) return existing.port;
    const dir = this.agentDir(serverId2);
    await readFile(join3(dir, "cert.pem"));
    const [cmd, ...pre] = this.agentCommand;
    const child = spawn(cmd, [...pre, "agent", "--server-id", serverId2, "--cert", join3(dir, "cert.pem"), "--key", join3(dir, "key.pem"), "--token-file", join3(dir, "token"), "--port", "0", "--exit-with-parent", "--lab-faults", labFaultsFile(this.dataDir)], {
      stdio: ["pipe", "pipe", "inherit"]
    });
    const port = new Promise((resolve4, reject) => {
      const timer = setTimeout(() => reject(new FerryError(ErrorCode.AgentUnreachable, `Agent on ${serverId2} did not start within ${READY_TIMEOUT_MS / 1e3} s`)), READY_TIMEOUT_MS);
      let out = "";
      child.stdout?.setEncoding("utf8");
      child.stdout?.on("data", (d) => {
        out += d;
        const m = /FERRY_AGENT_READY port=(\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve4(Number(m[1]));
        }
      });
      child.once("exit", (code, sig) => {
        clearTimeout(timer);
        reject(new FerryError(ErrorCode.AgentUnreachable, `Agent on ${serverId2} exited (${sig ?? code})`));
      });
      child.once("error", (e) => {
        clearTimeout(timer);
        reject(new FerryError(ErrorCode.AgentUnreachable, `Agent on ${serverId2} could not start: ${e.message}`));
      });
    });
    port.catch(() => this.procs.delete(serverId2));
    this.procs.set(serverId2, { child, port });
    return port;
  }
};

// src-main/engine/platform/lab/lab-platform.ts
import { constants } from "node:fs";
import { copyFile, mkdir as mkdir4, readdir, rm, stat as stat3 } from "node:fs/promises";
import { randomUUID as randomUUID2 } from "node:crypto";
import { dirname as dirname5, join as join4 } from "node:path";

// src-main/engine/platform/lab/faults.ts
import { readFileSync as readFileSync2, writeFileSync, renameSync, mkdirSync } from "node:fs";
import { dirname as dirname4 } from "node:path";
var CODES = {
  create: ErrorCode.SnapshotFailed,
  import: ErrorCode.ImportFailed,
  expose: ErrorCode.ExposeFailed,
  read: ErrorCode.DiskCorrupt,
  write: ErrorCode.RepoWrite,
  unexpose: ErrorCode.ExposeFailed,
  delete: ErrorCode.SnapshotFailed,
  install: ErrorCode.ProxyNotReady,
  "proxy-unreachable": ErrorCode.ProxyNotReady
};
var LabFaults = class {
  constructor(file) {
    this.file = file;
  }
  file;
  inject(step, opts = {}) {
    this.write([...this.read(), { step, target: opts.target, remaining: opts.times ?? 1 }]);
  }
  clear() {
    this.write([]);
  }
  isSet(step, target) {
    return this.read().some((f) => matches(f, step, target));
  }
  /** Throws the step's stable error when a fault is armed for it (and uses one shot). */
  check(step, target) {
    const all = this.read();
    const f = all.find((x) => matches(x, step, target));
    if (!f) return;
    f.remaining -= 1;
    this.write(all.filter((x) => x.remaining > 0));
    throw new FerryError(CODES[step], `lab: injected ${step} fault${target ? ` on ${target}` : ""}`);
  }
  read() {
    try {
      return JSON.parse(readFileSync2(this.file, "utf8"));
    } catch {
      return [];
    }
  }
  write(faults) {
    mkdirSync(dirname4(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(faults));
    renameSync(tmp, this.file);
  }
};
var matches = (f, step, target) => f.step === step && f.remaining > 0 && (f.target === void 0 || f.target === target);
function labMoverHooks(faults) {
  const vmOf = (t) => t.diskKey.split("/")[0];
  const reads = /* @__PURE__ */ new Map();
  const writes = /* @__PURE__ */ new Set();
  return {
    beforeRead: (t) => {
      const n = (reads.get(t.taskId) ?? 0) + 1;
      reads.set(t.taskId, n);
      if (n === 3) faults.check("read", vmOf(t));
    },
    beforeWrite: (t) => {
      if (writes.has(t.taskId)) return;
      writes.add(t.taskId);
      faults.check("write", vmOf(t));
    }
  };
}

// src-main/engine/platform/lab/readiness.ts
var GiB2 = 1024 ** 3;
function labReadiness(topo, serverId2, reachable) {
  const server = topo.hosts.find((h) => h.id === serverId2);
  if (!server) {
    return [{ id: "reachable", title: "Server is reachable", status: "fail", reason: `No server with id ${serverId2} in the inventory`, fix: "Add the server to the managed servers first" }];
  }
  const checks = [];
  checks.push(
    reachable ? { id: "reachable", title: "Server is reachable", status: "pass", reason: `${server.name} answered over WinRM (5985)` } : { id: "reachable", title: "Server is reachable", status: "fail", reason: `${server.name} did not answer`, fix: "Check that the server is on and WinRM is enabled" }
  );
  const osOk = /Windows Server (2016|2019|2022|2025)/.test(server.os);
  checks.push({
    id: "os",
    title: "Operating system",
    status: osOk ? "pass" : "fail",
    reason: osOk ? server.os : `${server.os} is not supported`,
    fix: osOk ? void 0 : "Use Windows Server 2016 or later"
  });
  checks.push({
    id: "hyperv-role",
    title: "Hyper-V role installed",
    status: server.hyperV ? "pass" : "fail",
    reason: server.hyperV ? "The Hyper-V role is enabled" : "The Hyper-V role is not installed; the proxy cannot import Hyper-V snapshots",
    fix: server.hyperV ? void 0 : "Install-WindowsFeature -Name Hyper-V -IncludeManagementTools -Restart"
  });
  const hostProviders = new Set(topo.hosts.filter((h) => h.role === "hyperv-host").map((h) => h.vssHardwareProvider));
  const providerOk = server.vssHardwareProvider !== null && hostProviders.has(server.vssHardwareProvider);
  checks.push({
    id: "vss-provider",
    title: "VSS hardware provider",
    status: providerOk ? "pass" : "fail",
    reason: providerOk ? `${server.vssHardwareProvider} installed, same as on the Hyper-V hosts` : server.vssHardwareProvider ? `${server.vssHardwareProvider} differs from the hosts' provider` : "No VSS hardware provider installed: transportable snapshots cannot be imported",
    fix: providerOk ? void 0 : "Install the storage vendor's VSS hardware provider (same version as on the hosts)"
  });
  for (const vol of topo.volumes) {
    const visible = server.visibleLuns.includes(vol.lun);
    const ownNode = vol.clusterId !== null && server.clusterId === vol.clusterId;
    const clusterName = topo.clusters.find((c) => c.id === vol.clusterId)?.name;
    let check;
    if (ownNode) {
      check = {
        id: `volume:${vol.id}`,
        title: `Volume ${vol.path}`,
        status: "fail",
        reason: `${server.name} is a node of cluster ${clusterName}: it cannot back up that cluster's CSVs off-host`,
        fix: "Use a server that is not a node of this cluster",
        volumeId: vol.id
      };
    } else if (!visible) {
      check = {
        id: `volume:${vol.id}`,
        title: `Volume ${vol.path}`,
        status: "fail",
        reason: `SAN LUN ${vol.lun} is not visible from ${server.name}`,
        fix: `Zone/mask ${vol.lun} to ${server.name} on the SAN (no need to bring it online)`,
        volumeId: vol.id
      };
    } else {
      check = { id: `volume:${vol.id}`, title: `Volume ${vol.path}`, status: "pass", reason: `LUN ${vol.lun} visible`, volumeId: vol.id };
    }
    checks.push(check);
  }
  const lowCpu = server.cpuCores < 4;
  checks.push({
    id: "resources",
    title: "CPU and free disk",
    status: lowCpu || server.freeDiskBytes < 10 * GiB2 ? "warning" : "pass",
    reason: `${server.cpuCores} cores, ${(server.freeDiskBytes / GiB2).toFixed(0)} GiB free`,
    fix: lowCpu ? "Plan about one core per concurrent task" : void 0
  });
  return checks;
}

// src-main/engine/platform/lab/lab-platform.ts
var LAB_AGENT_VERSION = "0.1.0";
var LabPlatform = class {
  constructor(dataDir, agents, opts = {}) {
    this.dataDir = dataDir;
    this.agents = agents;
    this.opts = opts;
    const s = readLabState(dataDir);
    if (!s) throw new FerryError(ErrorCode.NotFound, `No lab in ${dataDir}: run 'ferry lab init --data ${dataDir}'`);
    this.state = s;
    this.faults = new LabFaults(labFaultsFile(dataDir));
  }
  dataDir;
  agents;
  opts;
  kind = "lab";
  faults;
  state;
  /** serialises lab.json updates */
  saving = Promise.resolve();
  /** Small pause per step so a human can watch the lifecycle in the console; 0 in unit tests. */
  pause() {
    return sleep(this.opts.stepDelayMs ?? 0);
  }
  async save(mutate) {
    mutate(this.state);
    const snapshot = structuredClone(this.state);
    this.saving = this.saving.then(() => writeLabState(this.dataDir, snapshot));
    await this.saving;
  }
  async inventory() {
    const topo = this.state.topology;
    const vms = [];
    const used = /* @__PURE__ */ new Map();
    for (const spec of topo.vms) {
      const disks = [];
      for (let i = 0; i < spec.disks.length; i++) {
        const st = await stat3(liveDiskPath(this.dataDir, topo, spec, i)).catch(() => null);
        const fileSize2 = st?.size ?? 0;
        used.set(spec.volumeId, (used.get(spec.volumeId) ?? 0) + fileSize2);
        disks.push({
          index: i,
          path: windowsDiskPath(topo, spec, i),
          format: "vhdx",
          virtualSizeBytes: spec.disks[i].virtualMiB * 1024 * 1024,
          fileSizeBytes: fileSize2,
          volumeId: spec.volumeId
        });
      }
      vms.push({ id: spec.id, name: spec.name, hostId: spec.hostId, clusterId: spec.clusterId, state: spec.running ? "Running" : "Off", disks });
    }
    return {
      hosts: structuredClone(topo.hosts),
      clusters: structuredClone(topo.clusters),
      volumes: topo.volumes.map((v) => ({ ...v, usedBytes: used.get(v.id) ?? 0 })),
      vms
    };
  }
  async checkProxy(serverId2) {
    const reachable = !this.faults.isSet("proxy-unreachable", serverId2);
    return labReadiness(this.state.topology, serverId2, reachable);
  }
  async installProxy(serverId2, log) {
    const server = this.state.topology.hosts.find((h) => h.id === serverId2);
    if (!server) throw new FerryError(ErrorCode.NotFound, `Unknown server ${serverId2}`);
    log("info", `Connecting to ${server.name} over WinRM`);
    await this.pause();
    this.faults.check("install", serverId2);
    log("info", `Copying Ferry data mover agent ${LAB_AGENT_VERSION} to ${server.name}`);
    await this.pause();
    log("info", "Registering service FerryAgent (automatic start)");
    await this.pause();
    const fingerprint = await this.agents.install(serverId2, server.name);
    log("info", `Generated the agent's TLS certificate; SHA-256 fingerprint ${fingerprint} is pinned by the console, pairing token stored in the credential store`);
    await this.save((s) => {
      s.agents = s.agents.filter((a) => a.serverId !== serverId2);
      s.agents.push({ serverId: serverId2, version: LAB_AGENT_VERSION, installedAt: nowIso(), certFingerprint: fingerprint });
    });
    const ep = await this.agents.endpoint(serverId2, server.name);
    log("info", ep ? `Agent on ${server.name} is listening on ${ep.host}:${ep.port} (TLS)` : `Agent on ${server.name} registered`);
  }
  async agentEndpoint(serverId2) {
    if (!this.state.agents.some((a) => a.serverId === serverId2)) return null;
    const server = this.state.topology.hosts.find((h) => h.id === serverId2);
    if (this.faults.isSet("proxy-unreachable", serverId2)) throw new FerryError(ErrorCode.AgentUnreachable, `${server?.name ?? serverId2} is unreachable`);
    return this.agents.endpoint(serverId2, server?.name ?? serverId2);
  }
  /** Fault injection: the proxy's agent process dies. */
  killAgent(serverId2) {
    this.agents.kill(serverId2);
  }
  close() {
    this.agents.stopAll();
  }
  async uninstallProxy(serverId2, log) {
    await this.agents.uninstall(serverId2);
    await this.save((s) => {
      s.agents = s.agents.filter((a) => a.serverId !== serverId2);
    });
    log("info", `Removed FerryAgent from ${serverId2}`);
  }
  async createSnapshot(req, log) {
    const topo = this.state.topology;
    const vol = volumeOf(topo, req.volumeId);
    const host2 = topo.hosts.find((h) => h.id === req.hostId);
    if (!host2?.vssHardwareProvider) {
      throw new FerryError(ErrorCode.SnapshotFailed, `Host ${req.hostId} has no VSS hardware provider for ${vol.path}`);
    }
    log("info", `${host2.name}: creating transportable snapshot of ${vol.path} (${host2.vssHardwareProvider}${req.applicationConsistent ? ", Hyper-V VSS writer" : ", crash-consistent"})`);
    this.faults.check("create", req.volumeId);
    const dest = snapshotDir(this.dataDir, req.snapshotId);
    const shadowId = `{${randomUUID2()}}`;
    await this.save((s) => {
      s.snapshots.push({ id: req.snapshotId, volumeId: req.volumeId, hostId: req.hostId, vmIds: req.vmIds, shadowIds: [shadowId], provider: host2.vssHardwareProvider, importedOn: null, exposedOn: null, createdAt: nowIso() });
    });
    const vms = topo.vms.filter((v) => v.volumeId === req.volumeId && req.vmIds.includes(v.id));
    for (const vm2 of vms) {
      for (let i = 0; i < vm2.disks.length; i++) {
        const target = join4(dest, diskRelPath(vm2, i));
        await mkdir4(dirname5(target), { recursive: true });
        await copyFile(liveDiskPath(this.dataDir, topo, vm2, i), target, constants.COPYFILE_FICLONE);
      }
    }
    await this.pause();
    await this.simulateGuestWrites(vms.filter((v) => v.running).map((v) => v.id));
    return { snapshotId: req.snapshotId, shadowIds: [shadowId], provider: host2.vssHardwareProvider, metadataRef: join4(dest, "backup.cab") };
  }
  /** Writes a burst into the live disks of the given running VMs (guest activity). */
  async simulateGuestWrites(vmIds) {
    const topo = this.state.topology;
    const round = this.state.guestWriteRound + 1;
    for (const vm2 of topo.vms.filter((v) => vmIds.includes(v.id))) {
      const w = await VhdxWriter.open(liveDiskPath(this.dataDir, topo, vm2, 0));
      try {
        for (const b of guestWriteBurst(vm2.id, round, vm2.disks[0].virtualMiB)) await w.write(b.offset, b.data);
      } finally {
        await w.close();
      }
    }
    await this.save((s) => {
      s.guestWriteRound = round;
    });
  }
  async importSnapshot(snap, proxyServerId, log) {
    const rec = this.record(snap.snapshotId);
    const topo = this.state.topology;
    const proxy = topo.hosts.find((h) => h.id === proxyServerId);
    const vol = volumeOf(topo, rec.volumeId);
    if (!proxy) throw new FerryError(ErrorCode.ImportFailed, `Proxy server ${proxyServerId} is not in the inventory`);
    this.faults.check("import", proxyServerId);
    if (this.faults.isSet("proxy-unreachable", proxyServerId)) throw new FerryError(ErrorCode.ImportFailed, `${proxy.name} is unreachable`);
    if (!proxy.visibleLuns.includes(vol.lun)) {
      throw new FerryError(ErrorCode.ImportFailed, `${proxy.name} cannot see ${vol.lun}: VSS_E_NO_SNAPSHOTS_IMPORTED (0x80042320)`);
    }
    log("info", `${proxy.name}: importing transportable snapshot ${snap.shadowIds[0]} from ${vol.lun} (load metadata, import)`);
    await this.pause();
    await this.save((s) => {
      const r = s.snapshots.find((x) => x.id === snap.snapshotId);
      if (r) r.importedOn = proxyServerId;
    });
  }
  async exposeSnapshot(snap, serverId2, log) {
    const rec = this.record(snap.snapshotId);
    const topo = this.state.topology;
    this.faults.check("expose", serverId2);
    const server = topo.hosts.find((h) => h.id === serverId2);
    const root = snapshotDir(this.dataDir, snap.snapshotId);
    log("info", `${server?.name ?? serverId2}: exposing snapshot ${snap.shadowIds[0]} at ${root}`);
    await this.pause();
    await this.save((s) => {
      const r = s.snapshots.find((x) => x.id === snap.snapshotId);
      if (r) r.exposedOn = serverId2;
    });
    await this.simulateGuestWrites(topo.vms.filter((v) => v.running && rec.vmIds.includes(v.id)).map((v) => v.id));
    const disks = [];
    for (const vm2 of topo.vms.filter((v) => v.volumeId === rec.volumeId && rec.vmIds.includes(v.id))) {
      for (let i = 0; i < vm2.disks.length; i++) disks.push({ vmId: vm2.id, diskIndex: i, path: join4(root, diskRelPath(vm2, i)) });
    }
    return { root, disks };
  }
  async unexposeSnapshot(snapshotId, serverId2, log) {
    const rec = this.state.snapshots.find((x) => x.id === snapshotId);
    if (!rec || rec.exposedOn === null) return;
    this.faults.check("unexpose", serverId2);
    log("info", `${serverId2}: unexposing snapshot ${rec.shadowIds[0]}`);
    await this.save((s) => {
      const r = s.snapshots.find((x) => x.id === snapshotId);
      if (r) r.exposedOn = null;
    });
  }
  async deleteSnapshot(snapshotId, log) {
    this.faults.check("delete", snapshotId);
    const rec = this.state.snapshots.find((x) => x.id === snapshotId);
    await rm(snapshotDir(this.dataDir, snapshotId), { recursive: true, force: true });
    if (!rec) return;
    log("info", `Deleting shadow copy ${rec.shadowIds.join(", ")} on the storage`);
    await this.save((s) => {
      s.snapshots = s.snapshots.filter((x) => x.id !== snapshotId);
    });
  }
  async listLeftovers() {
    const out = this.state.snapshots.map((r) => ({ snapshotId: r.id, shadowIds: r.shadowIds, where: `SAN ${volumeOf(this.state.topology, r.volumeId).lun}` }));
    const dirs = await readdir(snapshotsDir(this.dataDir)).catch(() => []);
    for (const d of dirs) if (!out.some((o) => o.snapshotId === d)) out.push({ snapshotId: d, shadowIds: [], where: "SAN (orphaned copy)" });
    return out;
  }
  /** For tests and the console's lab panel: snapshots currently on the simulated SAN. */
  snapshotsOnSan() {
    return this.state.snapshots.map((s) => s.id);
  }
  record(snapshotId) {
    const rec = this.state.snapshots.find((x) => x.id === snapshotId);
    if (!rec) throw new FerryError(ErrorCode.NotFound, `Snapshot ${snapshotId} does not exist on the lab SAN`);
    return rec;
  }
};

// src-main/engine/platform/platform-config.ts
import { existsSync, readFileSync as readFileSync3 } from "node:fs";
import { join as join5 } from "node:path";
import { z } from "zod";
var PLATFORM_CONFIG_FILE = "platform.json";
var ServerName = z.string().regex(/^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9-]{1,63})*$/, "a host name or FQDN, e.g. hv01.contoso.local");
var SecretName = z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, "a secret name of letters, digits, . _ -");
var Millis = z.number().int().positive();
var WindowsPlatformConfig = z.object({
  /** Hyper-V hosts and cluster nodes */
  hosts: z.array(ServerName).min(1, "list at least one Hyper-V host"),
  /** other Windows servers that may become off-host proxies */
  servers: z.array(ServerName).default([]),
  /** lower-case computer name of the machine Ferry runs on, when it is one of the servers (reached without WinRM) */
  localServerId: z.string().regex(/^[a-z0-9-]{1,63}$/, "the lower-case computer name").optional(),
  /** Ferry's work folder on every server (default C:\ProgramData\Ferry) */
  workRoot: z.string().min(3).optional(),
  winrm: z.object({
    authentication: z.enum(["Default", "Kerberos", "Negotiate", "CredSSP"]).optional(),
    useSsl: z.boolean().optional(),
    port: z.number().int().min(1).max(65535).optional()
  }).strict().default({}),
  /** names of secrets holding {"user": "...", "secret": "..."}; none = the identity Ferry runs as (Kerberos) */
  credentials: z.object({
    default: SecretName.optional(),
    servers: z.record(z.string(), SecretName).default({})
  }).strict().default({ servers: {} }),
  pollIntervalMs: z.number().int().min(100).max(6e4).optional(),
  timeouts: z.object({ commandMs: Millis, inventoryMs: Millis, createMs: Millis, holdMs: Millis, importMs: Millis, releaseMs: Millis, abortMs: Millis }).partial().strict().optional()
}).strict();
var PlatformConfig = z.object({
  /** free text for the admin's own notes; ignored */
  $comment: z.string().optional(),
  windows: WindowsPlatformConfig.optional()
}).strict();
function readPlatformConfig(dataDir) {
  const file = join5(dataDir, PLATFORM_CONFIG_FILE);
  if (!existsSync(file)) return null;
  let value;
  try {
    value = JSON.parse(readFileSync3(file, "utf8").replace(/^\uFEFF/, ""));
  } catch {
    throw configError(file, "it is not valid JSON");
  }
  const parsed = PlatformConfig.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(top level)"}: ${i.message}`);
    throw configError(file, issues.join("; "));
  }
  return parsed.data;
}
function configError(file, why) {
  return new FerryError(ErrorCode.InvalidParams, `${file}: ${why}`, {
    hint: 'Fix platform.json (its format is in the README, "Real Hyper-V: the windows platform"), then start Ferry again.'
  });
}

// src-main/engine/platform/windows/windows-platform.ts
import { createHash as createHash2 } from "node:crypto";
import { z as z5 } from "zod";

// src-main/engine/platform/windows/clock.ts
var systemClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve4) => setTimeout(resolve4, ms))
};
function within(promise, ms, fallback) {
  return new Promise((resolve4, reject) => {
    const timer = setTimeout(() => resolve4(fallback), ms);
    timer.unref?.();
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve4(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      }
    );
  });
}

// src-main/engine/platform/windows/error-codes.ts
var WinCode = {
  ExecFailed: "E_WIN_EXEC_FAILED",
  ExecTimeout: "E_WIN_EXEC_TIMEOUT",
  OutputTooLarge: "E_WIN_OUTPUT_TOO_LARGE",
  Unreachable: "E_WIN_UNREACHABLE",
  AccessDenied: "E_WIN_ACCESS_DENIED",
  Credentials: "E_WIN_CREDENTIALS",
  PowerShellFailed: "E_WIN_POWERSHELL_FAILED",
  BadOutput: "E_WIN_BAD_OUTPUT",
  DiskShadowFailed: "E_WIN_DISKSHADOW_FAILED",
  UnsafePath: "E_WIN_UNSAFE_PATH",
  UnknownServer: "E_WIN_UNKNOWN_SERVER",
  UnknownVolume: "E_WIN_UNKNOWN_VOLUME",
  UnknownVm: "E_WIN_UNKNOWN_VM",
  UnknownSnapshot: "E_WIN_UNKNOWN_SNAPSHOT",
  NoHardwareProvider: "E_WIN_NO_HARDWARE_PROVIDER",
  VmSpansVolumes: "E_WIN_VM_SPANS_VOLUMES",
  CreateTimeout: "E_WIN_CREATE_TIMEOUT",
  SessionEnded: "E_WIN_SESSION_ENDED",
  GateNoIds: "E_WIN_GATE_NO_IDS",
  BadCab: "E_WIN_BAD_CAB",
  AlreadyImported: "E_WIN_ALREADY_IMPORTED",
  NotImported: "E_WIN_NOT_IMPORTED",
  ImportOnClusterNode: "E_WIN_IMPORT_ON_CLUSTER_NODE",
  ExposeUnconfirmed: "E_WIN_EXPOSE_UNCONFIRMED",
  MountPointBusy: "E_WIN_MOUNT_POINT_BUSY",
  CleanupIncomplete: "E_WIN_CLEANUP_INCOMPLETE",
  NotImplemented: "E_WIN_NOT_IMPLEMENTED"
};
var row = (hresult, name, code, meaning, hint, retryable = false) => ({
  hresult,
  name,
  code,
  meaning,
  hint,
  retryable
});
var HRESULT_TABLE = [
  row(2147754753, "VSS_E_BAD_STATE", "E_VSS_BAD_STATE", "VSS calls came out of order or in the wrong context", "Retry the job; if it repeats, collect the DiskShadow transcript and report it (a reused or half-closed VSS session)."),
  row(2147754754, "VSS_E_UNEXPECTED", "E_VSS_UNEXPECTED", "VSS reported an unexpected internal failure", "Check the Application event log (source VSS) on the server for the underlying error.", true),
  row(2147754755, "VSS_E_PROVIDER_ALREADY_REGISTERED", "E_VSS_PROVIDER_ALREADY_REGISTERED", "the VSS provider is already registered", "Repair or reinstall the storage vendor's VSS hardware provider."),
  row(2147754756, "VSS_E_PROVIDER_NOT_REGISTERED", "E_VSS_PROVIDER_NOT_REGISTERED", "the VSS hardware provider is not installed on this server", "Install the storage vendor's VSS hardware provider on this server (the same version as on the other hosts), then refresh the inventory."),
  row(2147754758, "VSS_E_PROVIDER_VETO", "E_VSS_PROVIDER_VETO", "the VSS hardware provider refused the snapshot", "Check the provider's log and the array: LUN not supported by the provider, snapshot reserve full, or array credentials missing in the provider configuration.", true),
  row(2147754759, "VSS_E_PROVIDER_IN_USE", "E_VSS_PROVIDER_IN_USE", "the VSS provider is busy with another operation", "Wait for other backup or snapshot software to finish, then retry.", true),
  row(2147754760, "VSS_E_OBJECT_NOT_FOUND", "E_VSS_OBJECT_NOT_FOUND", "the shadow copy or shadow copy set does not exist (already deleted, or on another machine)", "Nothing to clean up on this server; if the snapshot should exist, look for it on the host or the proxy with the leftover scan."),
  row(2147754764, "VSS_E_VOLUME_NOT_SUPPORTED", "E_VSS_VOLUME_NOT_SUPPORTED", "no VSS provider can snapshot this volume", "Make sure the volume is an NTFS/ReFS/CSVFS volume on a SAN LUN that the hardware provider manages."),
  row(2147754765, "VSS_E_OBJECT_ALREADY_EXISTS", "E_VSS_OBJECT_ALREADY_EXISTS", "the shadow copy object already exists", "A previous attempt left state behind: run the leftover cleanup, then retry."),
  row(2147754766, "VSS_E_VOLUME_NOT_SUPPORTED_BY_PROVIDER", "E_VSS_VOLUME_NOT_SUPPORTED_BY_PROVIDER", "the hardware provider does not own the LUN behind this volume", "The volume is on storage the installed hardware provider does not manage; move the VMs to a LUN on the supported array or install that array's provider."),
  row(2147754767, "VSS_E_UNEXPECTED_PROVIDER_ERROR", "E_VSS_UNEXPECTED_PROVIDER_ERROR", "the VSS hardware provider failed internally", "Check the provider's log and the array health; restart the provider service if the vendor documents one.", true),
  row(2147754768, "VSS_E_CORRUPT_XML_DOCUMENT", "E_VSS_CORRUPT_XML_DOCUMENT", "the snapshot metadata (.cab / backup components document) is damaged", "Delete this snapshot and take a new one; check that the .cab was copied byte for byte."),
  row(2147754769, "VSS_E_INVALID_XML_DOCUMENT", "E_VSS_INVALID_XML_DOCUMENT", "the snapshot metadata is not a valid backup components document", "Delete this snapshot and take a new one; make sure host and proxy run the same Windows version."),
  row(2147754770, "VSS_E_MAXIMUM_NUMBER_OF_VOLUMES_REACHED", "E_VSS_MAX_VOLUMES_REACHED", "too many volumes in one snapshot set", "Split the job so that fewer volumes are snapshotted together."),
  row(2147754771, "VSS_E_FLUSH_WRITES_TIMEOUT", "E_VSS_FLUSH_WRITES_TIMEOUT", "Windows could not flush the volume's writes in time", "Retry outside peak I/O hours.", true),
  row(2147754772, "VSS_E_HOLD_WRITES_TIMEOUT", "E_VSS_HOLD_WRITES_TIMEOUT", "I/O could not be held long enough for the array to commit the snapshot", "Retry; if it repeats, check array latency and the provider's commit time, and snapshot fewer volumes at once.", true),
  row(2147754773, "VSS_E_UNEXPECTED_WRITER_ERROR", "E_VSS_UNEXPECTED_WRITER_ERROR", "a VSS writer failed", 'Run "vssadmin list writers" on the host and fix or restart the failed writer (Hyper-V: the vmms service).', true),
  row(2147754774, "VSS_E_SNAPSHOT_SET_IN_PROGRESS", "E_VSS_SNAPSHOT_SET_IN_PROGRESS", "another snapshot is being created on this server", "Another backup is running on the host; Ferry will retry later. Serialize jobs that share hosts.", true),
  row(2147754775, "VSS_E_MAXIMUM_NUMBER_OF_SNAPSHOTS_REACHED", "E_VSS_MAX_SNAPSHOTS_REACHED", "the volume or array has reached its maximum number of snapshots", "Run the leftover cleanup and delete old snapshots on the array."),
  row(2147754776, "VSS_E_WRITER_INFRASTRUCTURE", "E_VSS_WRITER_INFRASTRUCTURE", "the VSS writer infrastructure is not working", "Restart the Volume Shadow Copy service (and vmms) on the host, or reboot it in a maintenance window.", true),
  row(2147754777, "VSS_E_WRITER_NOT_RESPONDING", "E_VSS_WRITER_NOT_RESPONDING", "a VSS writer did not respond", `Check "vssadmin list writers" on the host; restart the unresponsive writer's service.`, true),
  row(2147754779, "VSS_E_UNSUPPORTED_CONTEXT", "E_VSS_UNSUPPORTED_CONTEXT", "the provider does not support this snapshot type (persistent, transportable)", "Use a hardware provider that supports transportable snapshots, or update it to a version that does."),
  row(2147754781, "VSS_E_VOLUME_IN_USE", "E_VSS_VOLUME_IN_USE", "the volume is in use by another snapshot operation", "Wait for the other operation to finish and retry.", true),
  row(2147754783, "VSS_E_INSUFFICIENT_STORAGE", "E_VSS_INSUFFICIENT_STORAGE", "there is not enough space for the snapshot", "Free snapshot reserve on the array (or diff-area space), then retry."),
  row(2147754784, "VSS_E_NO_SNAPSHOTS_IMPORTED", "E_VSS_NO_SNAPSHOTS_IMPORTED", "the proxy could not see any of the snapshot LUNs", "Zone/mask the array so that the proxy can see the snapshot LUNs (FC zoning or iSCSI target ACL), and configure the hardware provider on the proxy for the same array."),
  row(271137, "VSS_S_SOME_SNAPSHOTS_NOT_IMPORTED", "E_VSS_SOME_SNAPSHOTS_NOT_IMPORTED", "only some of the snapshot LUNs reached the proxy", "Check zoning/masking for every LUN of the volume set; the partial import is cleaned up."),
  row(2147754785, "VSS_E_SOME_SNAPSHOTS_NOT_IMPORTED", "E_VSS_SOME_SNAPSHOTS_NOT_IMPORTED", "only some of the snapshot LUNs reached the proxy", "Check zoning/masking for every LUN of the volume set; the partial import is cleaned up."),
  row(2147754786, "VSS_E_MAXIMUM_NUMBER_OF_REMOTE_MACHINES_REACHED", "E_VSS_MAX_REMOTE_MACHINES_REACHED", "too many remote machines in the snapshot set", "Snapshot fewer file-share volumes at once."),
  row(2147754787, "VSS_E_REMOTE_SERVER_UNAVAILABLE", "E_VSS_REMOTE_SERVER_UNAVAILABLE", "the remote file server is unavailable", "Check that the SMB file server is reachable and its File Server VSS Agent service runs.", true),
  row(2147754788, "VSS_E_REMOTE_SERVER_UNSUPPORTED", "E_VSS_REMOTE_SERVER_UNSUPPORTED", "the remote file server does not support shadow copies", "Install the File Server VSS Agent service on the file server."),
  row(2147754791, "VSS_E_REBOOT_REQUIRED", "E_VSS_REBOOT_REQUIRED", "the server must be restarted before VSS can continue", "Restart the server in a maintenance window."),
  row(2147754792, "VSS_E_TRANSACTION_FREEZE_TIMEOUT", "E_VSS_TRANSACTION_FREEZE_TIMEOUT", "the transaction manager could not freeze in time", "Retry outside peak hours.", true),
  row(2147754793, "VSS_E_TRANSACTION_THAW_TIMEOUT", "E_VSS_TRANSACTION_THAW_TIMEOUT", "the snapshot took longer than the transaction freeze allows", "Retry; check array commit latency.", true),
  row(2147754794, "VSS_E_UNSELECTED_VOLUME", "E_VSS_UNSELECTED_VOLUME", "an operation referred to a volume that is not in the snapshot set", "Report this with the DiskShadow transcript (script and set do not match)."),
  row(2147754795, "VSS_E_SNAPSHOT_NOT_IN_SET", "E_VSS_SNAPSHOT_NOT_IN_SET", "the shadow copy is not part of the loaded set", "Report this with the DiskShadow transcript (stale metadata file)."),
  row(2147754796, "VSS_E_NESTED_VOLUME_LIMIT", "E_VSS_NESTED_VOLUME_LIMIT", "the volume is nested too deeply (VHD-on-VHD) for a shadow copy", "Keep VM files on a volume of a physical SAN LUN, not on a mounted virtual disk."),
  row(2147754797, "VSS_E_VOLUME_NOT_LOCAL", "E_VSS_VOLUME_NOT_LOCAL", "the volume is not local to this server", "Run the snapshot on the host that owns the volume (for CSVs: a node of that cluster)."),
  row(2147754798, "VSS_E_CLUSTER_TIMEOUT", "E_VSS_CLUSTER_TIMEOUT", "the cluster did not respond in time during the snapshot", "Check cluster health (Get-ClusterNode, CSV state) and retry.", true),
  row(2147754799, "VSS_E_NOT_SUPPORTED", "E_VSS_NOT_SUPPORTED", "the operation is not supported here", "Check that the provider and Windows version support transportable snapshots."),
  row(2147754806, "VSS_E_WRITERERROR_PARTIAL_FAILURE", "E_VSS_WRITER_PARTIAL_FAILURE", "a writer failed for some of its components (Hyper-V: some VMs)", "Check the Hyper-V-VMMS event log for the VMs that failed; Hyper-V backs up all or none.", true),
  row(2147754992, "VSS_E_WRITERERROR_INCONSISTENTSNAPSHOT", "E_VSS_WRITER_INCONSISTENT_SNAPSHOT", "the snapshot is missing volumes a writer needs", "Put every file of the VM (VHDX, AVHDX, configuration, checkpoints) on the snapshotted volume, or add all of its volumes."),
  row(2147754993, "VSS_E_WRITERERROR_OUTOFRESOURCES", "E_VSS_WRITER_OUT_OF_RESOURCES", "a writer ran out of resources", "Retry in about 10 minutes (up to 3 times); check memory on the host.", true),
  row(2147754994, "VSS_E_WRITERERROR_TIMEOUT", "E_VSS_WRITER_TIMEOUT", "a writer timed out between freeze and thaw", "Retry later; reduce the number of VMs per snapshot.", true),
  row(2147754995, "VSS_E_WRITERERROR_RETRYABLE", "E_VSS_WRITER_RETRYABLE", "a writer reported a transient error", "Retry later.", true),
  row(2147754996, "VSS_E_WRITERERROR_NONRETRYABLE", "E_VSS_WRITER_NONRETRYABLE", "a writer reported a permanent error", `Fix the writer's configuration first (see "vssadmin list writers" and the Hyper-V-VMMS log); retrying as is will fail.`),
  row(2147754997, "VSS_E_WRITERERROR_RECOVERY_FAILED", "E_VSS_WRITER_RECOVERY_FAILED", "the writer's recovery step on the snapshot failed", "For online (child-partition) Hyper-V backups the provider must support auto-recovery; check the provider or back up crash-consistently."),
  row(2147754999, "VSS_E_LEGACY_PROVIDER", "E_VSS_LEGACY_PROVIDER", "the provider is too old for this operation", "Update the storage vendor's VSS hardware provider."),
  row(2147755e3, "VSS_E_MISSING_DISK", "E_VSS_MISSING_DISK", "a disk of the snapshot set is missing", "Check that every LUN of the volume is presented to the server."),
  row(2147755001, "VSS_E_MISSING_HIDDEN_VOLUME", "E_VSS_MISSING_HIDDEN_VOLUME", "a hidden volume of the snapshot set is missing", "Check that every LUN of the volume is presented to the server."),
  row(2147755002, "VSS_E_MISSING_VOLUME", "E_VSS_MISSING_VOLUME", "a volume of the snapshot set is missing", "Check that every LUN of the volume is presented to the server."),
  row(2147755003, "VSS_E_AUTORECOVERY_FAILED", "E_VSS_AUTORECOVERY_FAILED", "auto-recovery of the snapshot failed", "The provider may not support auto-recover on transportable snapshots: use crash-consistent processing or update the provider."),
  row(2147755008, "VSS_E_CLUSTER_ERROR", "E_VSS_CLUSTER_ERROR", "the cluster reported an error during the snapshot", "Check cluster events and CSV state on the cluster.", true),
  row(2147755017, "VSS_E_WRITER_STATUS_NOT_AVAILABLE", "E_VSS_WRITER_STATUS_NOT_AVAILABLE", "writer status could not be read", "Restart the Volume Shadow Copy service on the host and retry.", true),
  row(2147755031, "VSS_E_FSS_TIMEOUT", "E_VSS_FSS_TIMEOUT", "the file share shadow copy agent timed out", "Check the File Server VSS Agent on the file server and retry.", true),
  row(2147948349, "ERROR_BACKUP_IN_PROGRESS", "E_WIN_CSV_BACKUP_IN_PROGRESS", "another backup holds the Cluster Shared Volume", "Another backup is using this CSV; Ferry will retry. Serialize jobs per CSV.", true),
  row(2147947407, "ERROR_RESOURCE_NOT_FOUND", "E_WIN_CLUSTER_RESOURCE_NOT_FOUND", "the cluster resource could not be found", "Refresh the inventory: the CSV or VM may have been renamed, moved or removed."),
  row(2147942405, "E_ACCESSDENIED", "E_WIN_ACCESS_DENIED", "access is denied", "Run as a member of the local Administrators group on the server (DiskShadow needs an elevated administrator).")
];
var byHresult = new Map(HRESULT_TABLE.map((r) => [r.hresult, r]));
var byName = new Map(HRESULT_TABLE.map((r) => [r.name.toUpperCase(), r]));
function lookupHresult(hresult) {
  return byHresult.get(hresult >>> 0);
}
function lookupVssName(name) {
  return byName.get(name.trim().toUpperCase());
}
function formatHresult(hresult) {
  return `0x${(hresult >>> 0).toString(16).toUpperCase().padStart(8, "0")}`;
}

// src-main/engine/platform/windows/errors.ts
function winError(code, message, details) {
  return new FerryError(code, message, details);
}
function vssFailureError(step, server, failure) {
  const known = (failure.hresult !== null ? lookupHresult(failure.hresult) : void 0) ?? (failure.errorText ? lookupVssName(failure.errorText) : void 0);
  const hresult = failure.hresult !== null ? formatHresult(failure.hresult) : known ? formatHresult(known.hresult) : void 0;
  if (known) {
    return winError(known.code, `${step} on ${server} failed: ${known.meaning} (${known.name}, ${hresult}).`, {
      hint: known.hint,
      hresult,
      vssName: known.name,
      server,
      step,
      retryable: known.retryable
    });
  }
  const label = [failure.errorText, hresult].filter(Boolean).join(", ") || "no error code printed";
  return winError(WinCode.DiskShadowFailed, `${step} on ${server} failed (${label}).`, {
    hint: "Look the code up in the Application event log (source VSS) on the server, and keep the DiskShadow transcript for support.",
    hresult,
    vssName: failure.errorText ?? void 0,
    server,
    step,
    retryable: false
  });
}
function isObjectNotFound(failure) {
  const known = (failure.hresult !== null ? lookupHresult(failure.hresult) : void 0) ?? (failure.errorText ? lookupVssName(failure.errorText) : void 0);
  return known?.code === "E_VSS_OBJECT_NOT_FOUND";
}
var REMOTING_MARKER = /^FERRY_REMOTING_ERROR:(-?\d+):(.*)$/m;
var ERROR_MARKER = /^FERRY_ERROR:\s?(.*)$/m;
function powerShellFailureError(step, server, result) {
  const remoting = REMOTING_MARKER.exec(result.stderr) ?? REMOTING_MARKER.exec(result.stdout);
  if (remoting) {
    const transportCode = Number(remoting[1]);
    const text2 = remoting[2].trim();
    if (transportCode === 5) {
      return winError(WinCode.AccessDenied, `${step}: access to ${server} was denied (${text2}).`, {
        hint: "Use an account that is a member of the local Administrators group on the server, and check the credentials stored for it.",
        server,
        step
      });
    }
    return winError(WinCode.Unreachable, `${step}: cannot reach ${server} over WinRM (${text2}).`, {
      hint: "Check that the server is on, that WinRM is enabled (Enable-PSRemoting) and that TCP 5985/5986 is open from the console.",
      server,
      step,
      retryable: true
    });
  }
  const thrown = ERROR_MARKER.exec(result.stderr) ?? ERROR_MARKER.exec(result.stdout);
  const text = (thrown?.[1] ?? lastLine(result.stderr) ?? `exit code ${result.exitCode}`).trim();
  return winError(WinCode.PowerShellFailed, `${step} on ${server} failed: ${text}`, {
    hint: "Run the same step in an elevated PowerShell on the server to see the full error; check the Windows event logs.",
    server,
    step,
    exitCode: result.exitCode
  });
}
function badOutputError(step, server, what) {
  return winError(WinCode.BadOutput, `${step} on ${server}: unexpected output (${what}).`, {
    hint: "The server printed something Ferry does not understand (a non-English Windows or a newer tool version?). Keep the transcript and report it.",
    server,
    step
  });
}
function lastLine(text) {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines.at(-1);
}

// src-main/engine/platform/windows/paths.ts
var DEFAULT_WORK_ROOT = "C:\\ProgramData\\Ferry";
function snapshotPaths(workRoot, snapshotId) {
  const folder = snapshotFolderName(snapshotId);
  const dir = winJoin(workRoot, "snapshots", folder);
  return {
    dir,
    cab: winJoin(dir, "snapshot.cab"),
    gate: winJoin(dir, "gate.cmd"),
    created: winJoin(dir, "created.txt"),
    releaseFlag: winJoin(dir, "release.flag"),
    abortFlag: winJoin(dir, "abort.flag"),
    record: winJoin(dir, "snapshot.json"),
    mountPoint: ensureTrailingBackslash(winJoin(workRoot, "mounts", folder))
  };
}
function snapshotsRoot(workRoot) {
  return winJoin(workRoot, "snapshots");
}
var RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;
function snapshotFolderName(snapshotId) {
  const safe = snapshotId.replace(/[^A-Za-z0-9._-]/g, "_").replace(/\.+$/, "_");
  const changed = safe !== snapshotId || RESERVED.test(safe.split(".")[0]);
  return changed ? `${safe}-${fnv1a(snapshotId)}` : safe;
}
function fnv1a(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}
function winJoin(...parts) {
  return parts.map((p, i) => i === 0 ? p.replace(/\\+$/, "") : p.replace(/^\\+|\\+$/g, "")).filter((p) => p.length > 0).join("\\");
}
function ensureTrailingBackslash(path10) {
  return path10.endsWith("\\") ? path10 : `${path10}\\`;
}
function stripTrailingBackslash(path10) {
  return /^[A-Za-z]:\\$/.test(path10) ? path10 : path10.replace(/\\+$/, "");
}
function relativeToRoot(volumeRoot, file) {
  const root = ensureTrailingBackslash(volumeRoot).toLowerCase();
  if (!file.toLowerCase().startsWith(root)) return null;
  return file.slice(root.length);
}
function assertScriptSafePath(path10, what) {
  if (!/^[\x21-\x7e]+$/.test(path10) || /["%^&|<>]/.test(path10)) {
    throw winError(WinCode.UnsafePath, `The ${what} "${path10}" cannot be used in a DiskShadow script (spaces, quotes, % or non-ASCII characters).`, {
      hint: "Rename the CSV mount folder or the Ferry work folder to plain ASCII without spaces (e.g. C:\\ClusterStorage\\Volume1)."
    });
  }
}

// src-main/engine/platform/windows/disk-mapping.ts
function exposedDisks(inv, volume, vmIds, root) {
  const disks = [];
  for (const vmId of vmIds) {
    const vm2 = inv.vms.find((v) => v.id === vmId);
    if (!vm2) continue;
    for (const d of vm2.disks) {
      if (d.volumeId !== volume.id) continue;
      const rel = insideVolume(volume, d.topPath);
      if (rel === null) continue;
      disks.push({ vmId, diskIndex: d.index, path: winJoin(root, rel) });
    }
  }
  return disks;
}
function insideVolume(volume, file) {
  for (const r of volume.roots) {
    const rel = relativeToRoot(r, file);
    if (rel !== null) return rel;
  }
  return null;
}

// src-main/engine/platform/windows/dsh-scripts.ts
var CRLF = "\r\n";
var HYPERV_WRITER_ID = "{66841cd4-6ded-4f4b-8f17-fd23f8ddc3de}";
var GUID = /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/i;
var ALIAS = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;
function hostCreateScript(p) {
  if (p.volumes.length === 0) throw new Error("hostCreateScript: at least one volume is required");
  assertGuid(p.providerId, "provider id");
  assertScriptSafePath(p.cabPath, "metadata file path");
  assertScriptSafePath(p.gatePath, "gate script path");
  const seen = /* @__PURE__ */ new Set();
  for (const v of p.volumes) {
    assertScriptSafePath(v.path, "volume path");
    assertAlias(v.alias);
    const key = v.path.toLowerCase();
    if (seen.has(key)) throw new Error(`hostCreateScript: volume ${v.path} added twice`);
    seen.add(key);
  }
  return dsh([
    comment(`Ferry ${p.label}`),
    comment(
      p.applicationConsistent ? "transportable hardware snapshot, application-consistent through the Hyper-V VSS writer" : "transportable hardware snapshot, crash-consistent (no writers)"
    ),
    "reset",
    p.applicationConsistent ? "set context persistent" : "set context persistent nowriters",
    "set option transportable",
    "set verbose on",
    `set metadata ${p.cabPath}`,
    "begin backup",
    ...p.applicationConsistent ? [`writer verify ${HYPERV_WRITER_ID}`] : [],
    ...p.volumes.map((v) => `add volume ${v.path} alias ${v.alias} provider ${p.providerId.toLowerCase()}`),
    "create",
    comment("blocks until Ferry releases the gate (proxy done); a non-zero exit makes DiskShadow quit without end backup"),
    `exec ${p.gatePath}`,
    "end backup",
    "exit"
  ]);
}
function proxyImportScript(p) {
  assertScriptSafePath(p.cabPath, "metadata file path");
  return dsh([
    comment(`Ferry ${p.label}`),
    comment("import the transportable set; it can be imported only once"),
    "reset",
    `load metadata ${p.cabPath}`,
    "import",
    "list shadows set %VSS_SHADOW_SET%",
    "exit"
  ]);
}
function exposeScript(p) {
  for (const e of p.exposures) {
    assertGuid(e.shadowId, "shadow id");
    assertScriptSafePath(e.mountPoint, "mount point");
  }
  return dsh([
    comment(`Ferry ${p.label}`),
    ...p.exposures.map((e) => `expose ${e.shadowId.toLowerCase()} ${e.mountPoint}`),
    "exit"
  ]);
}
function unexposeScript(p) {
  for (const m of p.mountPoints) assertScriptSafePath(m, "mount point");
  return dsh([comment(`Ferry ${p.label}`), ...p.mountPoints.map((m) => `unexpose ${m}`), "exit"]);
}
function deleteShadowsScript(p) {
  const commands2 = "setId" in p.target ? [`delete shadows set ${guid(p.target.setId, "shadow set id")}`] : p.target.shadowIds.map((id) => `delete shadows id ${guid(id, "shadow id")}`);
  if (commands2.length === 0) throw new Error("deleteShadowsScript: nothing to delete");
  return dsh([comment(`Ferry ${p.label}`), "set context persistent", ...commands2, "exit"]);
}
function listShadowsScript() {
  return dsh([comment("Ferry leftover scan"), "list shadows all", "exit"]);
}
function dsh(lines) {
  const text = lines.join(CRLF) + CRLF;
  if (!/^[\x20-\x7e\r\n]*$/.test(text)) throw new Error("DiskShadow script must be printable ASCII");
  return text;
}
function comment(text) {
  return `# ${text.replace(/[^\x20-\x7e]/g, "?")}`;
}
function guid(value, what) {
  assertGuid(value, what);
  return value.toLowerCase();
}
function assertGuid(value, what) {
  if (!GUID.test(value)) throw new Error(`${what} must look like {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}, got "${value}"`);
}
function assertAlias(alias) {
  if (!ALIAS.test(alias) || /^VSS_SHADOW/i.test(alias)) throw new Error(`invalid DiskShadow alias "${alias}"`);
}

// src-main/engine/platform/windows/gate-script.ts
var GATE_POLL_SECONDS = 2;
function gateScript(p) {
  assertScriptSafePath(p.dir, "snapshot folder");
  const checks = Math.max(1, Math.ceil(p.holdSeconds / GATE_POLL_SECONDS));
  const vars = ["VSS_SHADOW_SET", ...p.aliases];
  for (const v of vars) if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(v)) throw new Error(`invalid variable name "${v}"`);
  const lines = [
    "@echo off",
    `rem Ferry exec gate: ${p.label.replace(/[^A-Za-z0-9 ._:\\-]/g, "?")}`,
    "rem DiskShadow exports its aliases as environment variables; record the shadow ids before anything else.",
    "setlocal",
    `set "FERRY_DIR=${p.dir}"`,
    "(",
    ...vars.map((v) => `echo ${v}=%${v}%`),
    ') > "%FERRY_DIR%\\created.tmp"',
    'move /y "%FERRY_DIR%\\created.tmp" "%FERRY_DIR%\\created.txt" >nul',
    `rem hold the VSS session open until Ferry releases or aborts it; give up after ${checks} checks`,
    `set /a FERRY_LEFT=${checks}`,
    ":wait",
    'if exist "%FERRY_DIR%\\release.flag" exit /b 0',
    'if exist "%FERRY_DIR%\\abort.flag" exit /b 1',
    "if %FERRY_LEFT% LEQ 0 exit /b 2",
    "set /a FERRY_LEFT-=1",
    "rem ping as a sleep: timeout.exe refuses to run when stdin is redirected, as it is under DiskShadow",
    `ping -n ${GATE_POLL_SECONDS + 1} 127.0.0.1 >nul`,
    "goto wait"
  ];
  return lines.join(CRLF) + CRLF;
}

// src-main/engine/platform/windows/ps-scripts.ts
var JSON_SENTINEL = "FERRY_JSON:";
function psq(value) {
  return `'${value.replace(/'/g, "''")}'`;
}
function ps(lines) {
  return ["$ErrorActionPreference = 'Stop'", ...lines].join("\n") + "\n";
}
function emit(expression, depth = 4) {
  return `'${JSON_SENTINEL}' + (ConvertTo-Json -Compress -Depth ${depth} -InputObject (${expression}))`;
}
var UTF8_NO_BOM = "$utf8 = New-Object System.Text.UTF8Encoding($false)";
var IS_MOUNT = "($item.Attributes -band [IO.FileAttributes]::ReparsePoint)";
function prepareHostSnapshotPs(p) {
  return ps([
    `$dir = ${psq(p.dir)}`,
    "New-Item -ItemType Directory -Force -Path $dir | Out-Null",
    "# a previous attempt with the same snapshot id must not leave a marker, flag or .cab that looks current",
    "foreach ($name in @('created.txt', 'created.tmp', 'release.flag', 'abort.flag', 'snapshot.cab')) {",
    "  Remove-Item -LiteralPath (Join-Path $dir $name) -Force -ErrorAction SilentlyContinue",
    "}",
    UTF8_NO_BOM,
    `[IO.File]::WriteAllText(${psq(p.gatePath)}, ${psq(p.gateText)}, [Text.Encoding]::ASCII)`,
    `[IO.File]::WriteAllText(${psq(p.recordPath)}, ${psq(p.recordJson)}, $utf8)`,
    emit("[pscustomobject]@{ prepared = $true }")
  ]);
}
function readGateStatePs(p) {
  return ps([
    `$path = ${psq(p.createdPath)}`,
    "$created = $null",
    "if (Test-Path -LiteralPath $path) { $created = [IO.File]::ReadAllText($path) }",
    emit("[pscustomobject]@{ created = $created }")
  ]);
}
function signalGatePs(p) {
  return ps([
    `$dir = ${psq(p.dir)}`,
    "$state = 'missing'",
    `if (Test-Path -LiteralPath $dir) { [IO.File]::WriteAllText(${psq(p.flagPath)}, ${psq(p.flag)}, [Text.Encoding]::ASCII); $state = 'signalled' }`,
    emit("[pscustomobject]@{ state = $state }")
  ]);
}
function readCabPs(p) {
  return ps([
    `$bytes = [IO.File]::ReadAllBytes(${psq(p.cabPath)})`,
    "$sha = [BitConverter]::ToString([Security.Cryptography.SHA256]::Create().ComputeHash($bytes)).Replace('-', '')",
    emit("[pscustomobject]@{ length = $bytes.Length; sha256 = $sha; base64 = [Convert]::ToBase64String($bytes) }")
  ]);
}
function writeProxyCabPs(p) {
  return ps([
    `$dir = ${psq(p.dir)}`,
    "New-Item -ItemType Directory -Force -Path $dir | Out-Null",
    `$bytes = [Convert]::FromBase64String(${psq(p.base64)})`,
    "$sha = [BitConverter]::ToString([Security.Cryptography.SHA256]::Create().ComputeHash($bytes)).Replace('-', '')",
    `if ($sha -ne ${psq(p.sha256.toUpperCase())}) { throw 'the snapshot metadata file arrived damaged (SHA-256 mismatch)' }`,
    `[IO.File]::WriteAllBytes(${psq(p.cabPath)}, $bytes)`,
    UTF8_NO_BOM,
    `[IO.File]::WriteAllText(${psq(p.recordPath)}, ${psq(p.recordJson)}, $utf8)`,
    emit("[pscustomobject]@{ length = $bytes.Length }")
  ]);
}
function mountPointStatePs(p) {
  return ps([
    `$path = ${psq(stripTrailingBackslash(p.mountPoint))}`,
    "$item = Get-Item -LiteralPath $path -Force -ErrorAction SilentlyContinue",
    `if ($item -and ${IS_MOUNT}) { $state = 'mounted' }`,
    "elseif ($item) { $state = if (@(Get-ChildItem -LiteralPath $path -Force).Count -gt 0) { 'not-empty' } else { 'empty' } }",
    p.create ? "else { New-Item -ItemType Directory -Force -Path $path | Out-Null; $state = 'created' }" : "else { $state = 'absent' }",
    emit("[pscustomobject]@{ state = $state }")
  ]);
}
function removeWorkPs(p) {
  const lines = [
    "$removed = @(); $kept = @()",
    `$dir = ${psq(p.dir)}`,
    "if (Test-Path -LiteralPath $dir) { Remove-Item -LiteralPath $dir -Recurse -Force; $removed += 'dir' }"
  ];
  if (p.mountPoint) {
    lines.push(
      `$mount = ${psq(stripTrailingBackslash(p.mountPoint))}`,
      "$item = Get-Item -LiteralPath $mount -Force -ErrorAction SilentlyContinue",
      "# never recurse into a mount folder: if a snapshot is still exposed there, its files would be walked",
      `if ($item -and ${IS_MOUNT}) { $kept += 'mount' }`,
      "elseif ($item) { try { [IO.Directory]::Delete($mount, $false); $removed += 'mount' } catch { $kept += 'mount' } }"
    );
  }
  lines.push(emit("[pscustomobject]@{ removed = @($removed); kept = @($kept) }"));
  return ps(lines);
}
function listFerryRecordsPs(p) {
  return ps([
    `$root = ${psq(p.snapshotsRoot)}`,
    "$records = @()",
    "if (Test-Path -LiteralPath $root) {",
    "  foreach ($d in @(Get-ChildItem -LiteralPath $root -Directory -Force)) {",
    "    $record = Join-Path $d.FullName 'snapshot.json'",
    "    $created = Join-Path $d.FullName 'created.txt'",
    "    $records += [pscustomobject]@{",
    "      folder = $d.Name",
    "      record = if (Test-Path -LiteralPath $record) { [IO.File]::ReadAllText($record) } else { $null }",
    "      created = if (Test-Path -LiteralPath $created) { [IO.File]::ReadAllText($created) } else { $null }",
    "    }",
    "  }",
    "}",
    "# -InputObject @(...) keeps a single record an array (ConvertTo-Json unrolls pipelines)",
    emit("@($records)")
  ]);
}
function prepareProxyPs(p) {
  return ps([
    `$root = ${psq(p.workRoot)}`,
    "foreach ($sub in @('snapshots', 'mounts')) { New-Item -ItemType Directory -Force -Path (Join-Path $root $sub) | Out-Null }",
    UTF8_NO_BOM,
    `[IO.File]::WriteAllText((Join-Path $root 'proxy.json'), ${psq(p.markerJson)}, $utf8)`,
    emit("[pscustomobject]@{ prepared = $true }")
  ]);
}
function unprepareProxyPs(p) {
  return ps([
    `$root = ${psq(p.workRoot)}`,
    "$busy = @()",
    "$snapshots = Join-Path $root 'snapshots'",
    "if (Test-Path -LiteralPath $snapshots) { $busy += @(Get-ChildItem -LiteralPath $snapshots -Directory -Force | ForEach-Object { $_.Name }) }",
    "$mounts = Join-Path $root 'mounts'",
    `if (Test-Path -LiteralPath $mounts) { $busy += @(Get-ChildItem -LiteralPath $mounts -Directory -Force | Where-Object { $item = $_; ${IS_MOUNT} } | ForEach-Object { $_.Name }) }`,
    "$removed = $false",
    "if ($busy.Count -eq 0) { Remove-Item -LiteralPath (Join-Path $root 'proxy.json') -Force -ErrorAction SilentlyContinue; $removed = $true }",
    emit("[pscustomobject]@{ busy = @($busy | Select-Object -Unique); removed = $removed }")
  ]);
}

// src-main/engine/platform/windows/parse.ts
var GUID_BODY = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
var GUID_IN_BRACES = new RegExp(`\\{${GUID_BODY}\\}`);
function normalizeGuid(value) {
  const m = new RegExp(GUID_BODY).exec(value);
  if (!m) throw new Error(`not a GUID: ${value}`);
  return `{${m[0].toLowerCase()}}`;
}
function guidOrNull(text) {
  if (!text) return null;
  const m = GUID_IN_BRACES.exec(text);
  return m ? m[0].toLowerCase() : null;
}
function parseDiskShadow(stdout) {
  const out = {
    commands: [],
    aliases: {},
    shadowSetId: null,
    shadows: [],
    exposedAs: [],
    deletedCount: null,
    failures: [],
    cabMembers: []
  };
  let lastCommand = null;
  let current = null;
  let pendingFailure = null;
  const lines = stdout.split(/\r?\n/);
  for (const raw of lines) {
    const line = raw.trim();
    if (line === "") continue;
    const echo = /^(?:->|DISKSHADOW>)\s*(.*)$/.exec(line);
    if (echo) {
      const expansion = /^%([A-Za-z0-9_]+)%\s*=\s*(\{[^}]+\})$/.exec(echo[1]);
      if (expansion) {
        out.aliases[expansion[1]] = expansion[2].toLowerCase();
        if (expansion[1].toUpperCase() === "VSS_SHADOW_SET") out.shadowSetId = expansion[2].toLowerCase();
        continue;
      }
      lastCommand = echo[1].trim();
      out.commands.push(lastCommand);
      current = null;
      continue;
    }
    if (line === "The last operation failed.") {
      pendingFailure = { hresult: null, errorText: null, command: lastCommand };
      out.failures.push(pendingFailure);
      current = null;
      continue;
    }
    const hr = /^-?\s*Returned HRESULT:\s*(?:0x)?([0-9A-Fa-f]{8})\b/.exec(line);
    if (hr && pendingFailure) {
      pendingFailure.hresult = parseInt(hr[1], 16) >>> 0;
      continue;
    }
    const errText = /^-?\s*Error text:\s*(\S+)/.exec(line);
    if (errText && pendingFailure) {
      pendingFailure.errorText = errText[1];
      continue;
    }
    const alias = /^Alias (\S+) for (?:shadow (set )?ID|value) (\{[^}]+\}) set as environment variable\.?$/.exec(line);
    if (alias) {
      out.aliases[alias[1]] = alias[3].toLowerCase();
      if (alias[2] || alias[1].toUpperCase() === "VSS_SHADOW_SET") out.shadowSetId = alias[3].toLowerCase();
      continue;
    }
    const shadow = /^\*\s*Shadow copy ID = (\{[^}]+\})\s*(?:%([^%]+)%)?/.exec(line);
    if (shadow) {
      current = emptyShadow(shadow[1].toLowerCase(), shadow[2] ?? null);
      out.shadows.push(current);
      continue;
    }
    if (current && line.startsWith("-")) {
      readShadowProperty(current, line.replace(/^-\s*/, ""));
      continue;
    }
    const exposed = /successfully exposed as (.+)\.$/.exec(line);
    if (exposed) {
      out.exposedAs.push(exposed[1].trim());
      continue;
    }
    const deleted = /^Number of shadow copies deleted:\s*(\d+)/.exec(line);
    if (deleted) {
      out.deletedCount = (out.deletedCount ?? 0) + Number(deleted[1]);
      continue;
    }
    const cab = /^Inserted file (\S+) into \.cab file/.exec(line);
    if (cab) {
      out.cabMembers.push(cab[1]);
      continue;
    }
    if (!line.startsWith("-")) current = null;
  }
  if (!out.shadowSetId) out.shadowSetId = out.shadows.find((s) => s.setId)?.setId ?? null;
  return out;
}
function emptyShadow(shadowId, alias) {
  return {
    shadowId,
    alias,
    setId: null,
    originalCount: null,
    originalVolume: null,
    originalVolumeLabel: null,
    creationTime: null,
    deviceName: null,
    originatingMachine: null,
    serviceMachine: null,
    exposedAs: null,
    providerId: null,
    attributes: []
  };
}
function readShadowProperty(s, text) {
  const kv = /^([^:=]+?)\s*[:=]\s*(.*)$/.exec(text);
  const key = (kv ? kv[1] : text).trim().toLowerCase();
  const value = kv ? kv[2].trim() : "";
  switch (key) {
    case "shadow copy set":
      s.setId = guidOrNull(value);
      return;
    case "original count of shadow copies":
      s.originalCount = Number.parseInt(value, 10);
      return;
    case "original volume name": {
      const m = /^(\S+)\s*(?:\[(.*)\])?$/.exec(value);
      s.originalVolume = m ? m[1] : value;
      s.originalVolumeLabel = m?.[2] ?? null;
      return;
    }
    case "creation time":
      s.creationTime = value;
      return;
    case "shadow copy device name":
      s.deviceName = value;
      return;
    case "originating machine":
      s.originatingMachine = value;
      return;
    case "service machine":
      s.serviceMachine = value;
      return;
    case "not exposed":
      s.exposedAs = null;
      return;
    case "exposed locally as":
    case "exposed remotely as":
    case "exposed name":
      s.exposedAs = value;
      return;
    case "provider id":
      s.providerId = guidOrNull(value);
      return;
    case "attributes":
      s.attributes = value.split(/\s+/).filter(Boolean);
      return;
    default:
      return;
  }
}
function parseGateMarker(text) {
  const vars = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    const id = guidOrNull(m[2].trim());
    if (id && m[2].trim().length === id.length) vars[m[1]] = id;
  }
  return vars;
}
function extractPsJson(stdout) {
  const text = stdout.replace(/^\uFEFF/, "");
  const lines = text.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].trim();
    if (line.startsWith(JSON_SENTINEL)) return JSON.parse(line.slice(JSON_SENTINEL.length));
  }
  throw new Error("no FERRY_JSON result line in the output");
}

// src-main/engine/platform/windows/host-session.ts
var MAX_POLL_FAILURES = 3;
var HostSession = class _HostSession {
  constructor(p) {
    this.p = p;
    let run;
    try {
      run = p.executor.run({ program: "diskshadow", script: p.script, server: p.server, timeoutMs: p.holdTimeoutMs, signal: this.kill.signal });
    } catch (e) {
      run = Promise.reject(e);
    }
    this.ended = run.then(
      (result) => ({ kind: "exited", result }),
      (error) => ({ kind: "failed", error })
    ).then((end) => this.endValue = end);
  }
  p;
  /** resolves when DiskShadow exits (or the executor gives up); never rejects */
  ended;
  endValue = null;
  kill = new AbortController();
  static start(params) {
    return new _HostSession(params);
  }
  get end() {
    return this.endValue;
  }
  /** Polls created.txt until the gate wrote it, DiskShadow exited, or the deadline (clock time) passed. */
  async waitForCreated(deadline) {
    let failures = 0;
    for (; ; ) {
      if (this.endValue) return { kind: "ended", end: this.endValue };
      try {
        const created = await this.readCreated();
        failures = 0;
        if (created !== null) return { kind: "created", vars: parseGateMarker(created) };
      } catch (e) {
        if (++failures >= MAX_POLL_FAILURES) throw e;
      }
      if (this.endValue) return { kind: "ended", end: this.endValue };
      if (this.p.clock.now() >= deadline) return { kind: "timeout" };
      await Promise.race([this.p.clock.sleep(this.p.pollIntervalMs), this.ended]);
    }
  }
  /** Lets the gate exit 0 so DiskShadow sends BackupComplete (`end backup`); waits up to `timeoutMs` for it to exit. */
  async release(timeoutMs) {
    return this.finish("release", timeoutMs);
  }
  /** Makes the gate exit 1 so DiskShadow quits without BackupComplete; kills the process if that does not work. */
  async abort(timeoutMs) {
    const end = await this.finish("abort", timeoutMs);
    if (end) return end;
    this.kill.abort();
    return this.ended;
  }
  async finish(flag, timeoutMs) {
    if (this.endValue) return this.endValue;
    try {
      await this.signal(flag);
    } catch {
    }
    return within(this.ended, timeoutMs, null);
  }
  async readCreated() {
    const result = await this.p.executor.run({
      program: "powershell",
      script: readGateStatePs({ createdPath: this.p.paths.created }),
      server: this.p.server,
      timeoutMs: this.p.commandTimeoutMs
    });
    if (result.exitCode !== 0) throw powerShellFailureError("Snapshot status", this.p.serverName, result);
    const value = extractPsJson(result.stdout);
    return typeof value.created === "string" && value.created.trim() !== "" ? value.created : null;
  }
  async signal(flag) {
    const result = await this.p.executor.run({
      program: "powershell",
      script: signalGatePs({ dir: this.p.paths.dir, flagPath: flag === "release" ? this.p.paths.releaseFlag : this.p.paths.abortFlag, flag }),
      server: this.p.server,
      timeoutMs: this.p.commandTimeoutMs
    });
    if (result.exitCode !== 0) throw powerShellFailureError("Snapshot gate", this.p.serverName, result);
  }
};

// src-main/engine/platform/windows/inventory.ts
function serverId(computerName) {
  return computerName.trim().toLowerCase();
}
function buildWindowsInventory(reports) {
  const warnings = [];
  const hosts = /* @__PURE__ */ new Map();
  const clusters = /* @__PURE__ */ new Map();
  const volumes = /* @__PURE__ */ new Map();
  const vms = /* @__PURE__ */ new Map();
  for (const r of reports) {
    const id = serverId(r.facts.computerName || r.connectName);
    const clusterId = r.facts.cluster ? serverId(r.facts.cluster.name) : null;
    const hardware = r.facts.providers.filter((p) => p.type === "hardware").sort((a, b) => a.name.localeCompare(b.name));
    if (hardware.length > 1) warnings.push(`${id}: several VSS hardware providers installed; using ${hardware[0].name}`);
    hosts.set(id, { id, connectName: r.connectName, role: r.role, facts: r.facts, clusterId, hardwareProvider: hardware[0] ?? null });
    if (r.facts.cluster && clusterId) {
      const c = clusters.get(clusterId) ?? { id: clusterId, name: r.facts.cluster.name, nodeIds: [], csvIds: [] };
      for (const n of r.facts.cluster.nodes) if (!c.nodeIds.includes(serverId(n.name))) c.nodeIds.push(serverId(n.name));
      clusters.set(clusterId, c);
      for (const csv of r.facts.csvs) {
        const vol = csvVolume(csv, clusterId, r.facts);
        if (!volumes.has(vol.id)) volumes.set(vol.id, vol);
        else if (!volumes.get(vol.id).lun && vol.lun) volumes.set(vol.id, vol);
        if (!c.csvIds.includes(vol.id)) c.csvIds.push(vol.id);
      }
    }
  }
  for (const r of reports) {
    if (r.role !== "hyperv-host") continue;
    const host2 = hosts.get(serverId(r.facts.computerName || r.connectName));
    for (const vmFacts of r.facts.vms) {
      if (vms.has(vmFacts.id)) continue;
      const vm2 = mapVm(vmFacts, host2, volumes, warnings);
      vms.set(vm2.id, vm2);
    }
  }
  return {
    hosts: [...hosts.values()],
    clusters: [...clusters.values()],
    volumes: [...volumes.values()],
    vms: [...vms.values()],
    warnings
  };
}
function csvVolume(csv, clusterId, facts) {
  const guid2 = /Volume\{([0-9a-fA-F-]{36})\}/.exec(csv.volumeGuidPath)?.[1]?.toLowerCase();
  const id = guid2 ? `csv-${guid2}` : `csv-${clusterId}-${csv.name.toLowerCase().replace(/[^a-z0-9._-]+/g, "-")}`;
  const disk = facts.disks.find((d) => csv.diskGuid !== null && d.guid === csv.diskGuid) ?? facts.disks.find((d) => csv.diskSignature !== null && d.signature === csv.diskSignature);
  return {
    id,
    kind: "csv",
    displayPath: csv.path,
    shadowPath: ensureTrailingBackslash(csv.path),
    guidPath: csv.volumeGuidPath || null,
    roots: [csv.path],
    clusterId,
    ownerHostId: serverId(csv.ownerNode),
    sizeBytes: csv.sizeBytes,
    usedBytes: Math.max(0, csv.sizeBytes - csv.freeBytes),
    lun: disk?.uniqueId ?? ""
  };
}
function volumeForFile(file, host2, volumes, hintGuidPath) {
  const csv = [...volumes.values()].filter((v2) => v2.kind === "csv" && v2.clusterId === host2.clusterId && relativeToRoot(v2.displayPath, file) !== null).sort((a, b) => b.displayPath.length - a.displayPath.length)[0];
  if (csv) return csv;
  const facts = host2.facts;
  const byGuid = hintGuidPath ? facts.volumes.find((v2) => v2.guidPath.toLowerCase() === hintGuidPath.toLowerCase()) : void 0;
  const byRoot = facts.volumes.flatMap((v2) => localRoots(v2).map((root) => ({ v: v2, root }))).filter(({ root }) => relativeToRoot(root, file) !== null).sort((a, b) => b.root.length - a.root.length)[0]?.v;
  const v = byGuid ?? byRoot;
  if (!v) return null;
  const guid2 = /Volume\{([0-9a-fA-F-]{36})\}/.exec(v.guidPath)?.[1]?.toLowerCase();
  const id = guid2 ? `vol-${guid2}` : `vol-${host2.id}-${(v.driveLetter ?? "x").toLowerCase()}`;
  const existing = volumes.get(id);
  if (existing) return existing;
  const roots = localRoots(v);
  const display = roots[0] ?? v.guidPath;
  const vol = {
    id,
    kind: "local",
    displayPath: display,
    shadowPath: ensureTrailingBackslash(display),
    guidPath: v.guidPath || null,
    roots,
    clusterId: null,
    ownerHostId: host2.id,
    sizeBytes: v.sizeBytes,
    usedBytes: Math.max(0, v.sizeBytes - v.freeBytes),
    lun: v.diskUniqueId
  };
  volumes.set(id, vol);
  return vol;
}
function localRoots(v) {
  const roots = v.driveLetter ? [`${v.driveLetter}:\\`] : [];
  for (const p of v.accessPaths) {
    if (p.startsWith("\\\\?\\")) continue;
    const root = /^[A-Za-z]:\\?$/.test(p) ? `${p[0].toUpperCase()}:\\` : stripTrailingBackslash(p);
    if (!roots.some((r) => r.toLowerCase() === root.toLowerCase())) roots.push(root);
  }
  return roots;
}
var RUNNING_STATES = /* @__PURE__ */ new Set(["running", "paused", "pausing", "resuming", "starting", "stopping", "saving", "reset", "fastsaving", "runningcritical", "pausedcritical"]);
function mapVm(f, host2, volumes, warnings) {
  const skipped = [];
  const disks = [];
  f.drives.forEach((d) => {
    const label = driveLabel(d);
    if (!d.path) {
      skipped.push({ drive: label, reason: "pass-through disk: not visible to the host, cannot be backed up" });
      return;
    }
    if (d.chainError || d.chain.length === 0) {
      skipped.push({ drive: label, reason: `cannot read the disk chain: ${d.chainError ?? "Get-VHD returned nothing"}` });
      return;
    }
    const top = d.chain[0];
    const base = d.chain[d.chain.length - 1];
    if (d.chain.some((c) => c.format === "vhdset" || c.format === "unknown")) {
      skipped.push({ drive: label, reason: "VHD Set (.vhds) or unknown format: not supported off-host" });
      return;
    }
    const topVolume = volumeForFile(d.path, host2, volumes, d.volumeGuidPath);
    const chainVolumeIds = [
      ...new Set(d.chain.map((c) => volumeForFile(c.path, host2, volumes, null)?.id).filter((id) => !!id))
    ];
    if (!topVolume) warnings.push(`${f.name}: no volume found for ${d.path}`);
    disks.push({
      index: disks.length,
      topPath: d.path,
      format: base.format === "vhd" ? "vhd" : "vhdx",
      chain: d.chain,
      volumeId: topVolume?.id ?? null,
      chainVolumeIds,
      virtualSizeBytes: top.sizeBytes,
      fileSizeBytes: d.chain.reduce((sum, c) => sum + c.fileSizeBytes, 0)
    });
  });
  for (const s of skipped) warnings.push(`${f.name}: ${s.drive} skipped (${s.reason})`);
  const [major, minor] = f.configVersion.split(".").map((n) => Number.parseInt(n, 10));
  return {
    id: f.id,
    name: f.name,
    hostId: host2.id,
    clusterId: f.isClustered ? host2.clusterId : null,
    state: RUNNING_STATES.has(f.state.toLowerCase()) ? "Running" : "Off",
    rawState: f.state,
    configVersion: f.configVersion,
    rctCapable: major > 6 || major === 6 && (minor || 0) >= 2,
    referencePoints: f.referencePoints,
    checkpointCount: f.checkpointCount,
    disks,
    configVolumeId: f.configurationLocation ? volumeForFile(f.configurationLocation, host2, volumes, null)?.id ?? null : null,
    skipped
  };
}
function driveLabel(d) {
  return `${d.controllerType} ${d.controllerNumber}:${d.controllerLocation}`;
}
function volumesOfVm(vm2) {
  const ids = /* @__PURE__ */ new Set();
  for (const d of vm2.disks) for (const id of d.chainVolumeIds) ids.add(id);
  if (vm2.configVolumeId) ids.add(vm2.configVolumeId);
  return [...ids];
}
function toDomainInventory(w) {
  return {
    hosts: w.hosts.map((h) => ({
      id: h.id,
      name: h.facts.domain && h.facts.domain.toUpperCase() !== "WORKGROUP" ? `${h.facts.computerName}.${h.facts.domain}`.toLowerCase() : h.id,
      clusterId: h.clusterId,
      os: `${h.facts.os.caption} (${h.facts.os.version})`.trim(),
      hyperV: h.facts.hyperV,
      vssHardwareProvider: h.hardwareProvider?.name ?? null,
      visibleLuns: [...new Set(h.facts.disks.filter((d) => !d.isBoot && !d.isSystem && d.uniqueId).map((d) => d.uniqueId))],
      cpuCores: Math.max(1, h.facts.cpuCores),
      freeDiskBytes: h.facts.systemDriveFreeBytes,
      role: h.role
    })),
    clusters: w.clusters.map((c) => ({ id: c.id, name: c.name, nodeIds: c.nodeIds, csvIds: c.csvIds })),
    volumes: w.volumes.map((v) => ({
      id: v.id,
      path: v.displayPath,
      kind: v.kind,
      clusterId: v.clusterId,
      ownerHostId: v.ownerHostId,
      sizeBytes: v.sizeBytes,
      usedBytes: v.usedBytes,
      lun: v.lun
    })),
    vms: w.vms.map((vm2) => ({
      id: vm2.id,
      name: vm2.name,
      hostId: vm2.hostId,
      clusterId: vm2.clusterId,
      state: vm2.state,
      disks: vm2.disks.filter((d) => d.volumeId !== null).map((d) => ({
        index: d.index,
        path: d.topPath,
        format: d.format,
        virtualSizeBytes: d.virtualSizeBytes,
        fileSizeBytes: d.fileSizeBytes,
        volumeId: d.volumeId
      }))
    }))
  };
}

// src-main/engine/platform/windows/ps-server-facts.ts
function serverFactsPs(p) {
  const lines = [
    "$ErrorActionPreference = 'Stop'",
    "$ProgressPreference = 'SilentlyContinue'",
    "$os = Get-CimInstance -ClassName Win32_OperatingSystem",
    "$cs = Get-CimInstance -ClassName Win32_ComputerSystem",
    "$cores = [int](@(Get-CimInstance -ClassName Win32_Processor) | Measure-Object -Property NumberOfCores -Sum).Sum",
    `$sysDrive = Get-CimInstance -ClassName Win32_LogicalDisk -Filter ("DeviceID='" + $env:SystemDrive + "'")`,
    "$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())",
    "$isAdmin = $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)",
    "# the Hyper-V role installs the Virtual Machine Management service",
    "$hyperV = $null -ne (Get-Service -Name vmms -ErrorAction SilentlyContinue)",
    "$clusSvc = Get-Service -Name ClusSvc -ErrorAction SilentlyContinue",
    "$clusterService = if ($clusSvc) { [string]$clusSvc.Status } else { 'Absent' }",
    "$providers = @(Get-CimInstance -ClassName Win32_ShadowProvider | ForEach-Object {",
    "  [pscustomobject]@{ Id = [string]$_.ID; Name = [string]$_.Name; Version = [string]$_.Version; Type = [int]$_.Type } })",
    "$disks = @(Get-Disk | ForEach-Object {",
    "  [pscustomobject]@{ Number = [int]$_.Number; UniqueId = [string]$_.UniqueId; SerialNumber = [string]$_.SerialNumber",
    "    FriendlyName = [string]$_.FriendlyName; BusType = [string]$_.BusType; Guid = [string]$_.Guid; Signature = [string]$_.Signature",
    "    IsOffline = [bool]$_.IsOffline; IsBoot = [bool]$_.IsBoot; IsSystem = [bool]$_.IsSystem; IsClustered = [bool]$_.IsClustered",
    "    Size = [uint64]$_.Size } })",
    "$volumes = @(Get-Volume | Where-Object { [string]$_.DriveType -eq 'Fixed' -and $_.Path } | ForEach-Object {",
    "  $v = $_; $parts = @(); $disk = $null",
    "  try { $parts = @($v | Get-Partition -ErrorAction Stop) } catch {}",
    "  if ($parts.Count -gt 0) { try { $disk = $parts[0] | Get-Disk -ErrorAction Stop } catch {} }",
    "  [pscustomobject]@{ Path = [string]$v.Path; DriveLetter = [string]$v.DriveLetter; FileSystem = [string]$v.FileSystem",
    "    Label = [string]$v.FileSystemLabel; Size = [uint64]$v.Size; SizeRemaining = [uint64]$v.SizeRemaining",
    "    AccessPaths = @($parts | ForEach-Object { @($_.AccessPaths) } | Where-Object { $_ } | ForEach-Object { [string]$_ })",
    "    DiskUniqueId = if ($disk) { [string]$disk.UniqueId } else { '' } } })",
    "$cluster = $null; $clusterError = $null; $csvs = @()",
    "if ($clusSvc -and (Get-Command -Name Get-Cluster -ErrorAction SilentlyContinue)) {",
    "  try {",
    "    $c = Get-Cluster",
    "    $cluster = [pscustomobject]@{ Name = [string]$c.Name",
    "      Nodes = @(Get-ClusterNode | ForEach-Object { [pscustomobject]@{ Name = [string]$_.Name; State = [string]$_.State } }) }",
    "    $csvs = @(Get-ClusterSharedVolume | ForEach-Object {",
    "      $csv = $_; $params = @()",
    "      try { $params = @($csv | Get-ClusterParameter -Name DiskIdGuid, DiskSignature -ErrorAction Stop) } catch {}",
    "      foreach ($info in @($csv.SharedVolumeInfo)) {",
    "        [pscustomobject]@{ Name = [string]$csv.Name; Id = [string]$csv.Id; OwnerNode = [string]$csv.OwnerNode; State = [string]$csv.State",
    "          Path = [string]$info.FriendlyVolumeName; VolumeName = [string]$info.Partition.Name",
    "          Size = [uint64]$info.Partition.Size; FreeSpace = [uint64]$info.Partition.FreeSpace",
    "          DiskIdGuid = [string](@($params | Where-Object { $_.Name -eq 'DiskIdGuid' })[0].Value)",
    "          DiskSignature = [string](@($params | Where-Object { $_.Name -eq 'DiskSignature' })[0].Value) } } })",
    "  } catch { $clusterError = $_.Exception.Message }",
    "}",
    "$vms = @()"
  ];
  if (p.includeVms) {
    lines.push(
      "if (Get-Command -Name Get-VM -ErrorAction SilentlyContinue) {",
      "  $vms = @(Get-VM | ForEach-Object {",
      "    $vm = $_",
      "    $drives = @(Get-VMHardDiskDrive -VM $vm | ForEach-Object {",
      "      $drive = $_; $chain = @(); $chainError = $null; $p = [string]$drive.Path; $depth = 0",
      "      # walk the differencing chain: with checkpoints the drive points at the newest .avhdx",
      "      try {",
      "        while ($p -and $depth -lt 64) {",
      "          $depth++",
      "          $vhd = Get-VHD -Path $p",
      "          $chain += [pscustomobject]@{ Path = [string]$vhd.Path; Format = [string]$vhd.VhdFormat; Type = [string]$vhd.VhdType",
      "            Size = [uint64]$vhd.Size; FileSize = [uint64]$vhd.FileSize; BlockSize = [uint64]$vhd.BlockSize",
      "            LogicalSectorSize = [uint64]$vhd.LogicalSectorSize; PhysicalSectorSize = [uint64]$vhd.PhysicalSectorSize",
      "            DiskIdentifier = [string]$vhd.DiskIdentifier; ParentPath = [string]$vhd.ParentPath }",
      "          $p = [string]$vhd.ParentPath",
      "        }",
      "      } catch { $chainError = $_.Exception.Message }",
      "      $volumePath = ''",
      "      if ($drive.Path) { try { $volumePath = [string](Get-Volume -FilePath $drive.Path -ErrorAction Stop).Path } catch {} }",
      "      [pscustomobject]@{ ControllerType = [string]$drive.ControllerType; ControllerNumber = [int]$drive.ControllerNumber",
      "        ControllerLocation = [int]$drive.ControllerLocation; Path = [string]$drive.Path; DiskNumber = $drive.DiskNumber",
      "        VolumePath = $volumePath; Chain = @($chain); ChainError = $chainError } })",
      "    $refs = @()",
      "    try {",
      `      $refs = @(Get-CimInstance -Namespace root\\virtualization\\v2 -ClassName Msvm_VirtualSystemReferencePoint -Filter ("VirtualSystemIdentifier='" + $vm.Id + "'") | ForEach-Object {`,
      "        [pscustomobject]@{ InstanceId = [string]$_.InstanceID; ReferencePointType = [int]$_.ReferencePointType",
      "          ConsistencyLevel = [int]$_.ConsistencyLevel",
      "          RctIds = @($_.ResilientChangeTrackingIdentifiers | ForEach-Object { [string]$_ })",
      "          VirtualDiskIds = @($_.VirtualDiskIdentifiers | ForEach-Object { [string]$_ }) } })",
      "    } catch {}",
      "    [pscustomobject]@{ Name = [string]$vm.Name; Id = [string]$vm.Id; State = [string]$vm.State; Generation = [int]$vm.Generation",
      "      Version = [string]$vm.Version; Path = [string]$vm.Path; ConfigurationLocation = [string]$vm.ConfigurationLocation",
      "      SnapshotFileLocation = [string]$vm.SnapshotFileLocation; IsClustered = [bool]$vm.IsClustered",
      "      CheckpointCount = @(Get-VMSnapshot -VM $vm -ErrorAction SilentlyContinue).Count",
      "      Drives = @($drives); ReferencePoints = @($refs) } })",
      "}"
    );
  }
  lines.push(
    "$report = [pscustomobject]@{",
    "  SchemaVersion = 1",
    "  CollectedAt = (Get-Date).ToUniversalTime().ToString('o')",
    "  ComputerName = [string]$env:COMPUTERNAME",
    "  Domain = [string]$cs.Domain",
    "  Os = [pscustomobject]@{ Caption = [string]$os.Caption; Version = [string]$os.Version; BuildNumber = [string]$os.BuildNumber",
    "    ProductType = [int]$os.ProductType; Architecture = [string]$os.OSArchitecture; LastBootUpTime = $os.LastBootUpTime.ToUniversalTime().ToString('o') }",
    "  HyperV = $hyperV",
    "  IsAdmin = $isAdmin",
    "  CpuCores = $cores",
    "  MemoryBytes = [uint64]$cs.TotalPhysicalMemory",
    "  SystemDriveFreeBytes = [uint64]$sysDrive.FreeSpace",
    "  ClusterService = $clusterService",
    "  Cluster = $cluster",
    "  ClusterError = $clusterError",
    "  Csvs = @($csvs)",
    "  Volumes = @($volumes)",
    "  Disks = @($disks)",
    "  Providers = @($providers)",
    "  Vms = @($vms)",
    "}",
    `'${JSON_SENTINEL}' + (ConvertTo-Json -Compress -Depth 10 -InputObject $report)`
  );
  return lines.join("\n") + "\n";
}

// src-main/engine/platform/windows/proxy-admin.ts
import { z as z2 } from "zod";
var Busy = z2.object({ busy: z2.preprocess((v) => v == null ? [] : Array.isArray(v) ? v : [v], z2.array(z2.string())), removed: z2.boolean() });
var ProxyAdmin = class {
  constructor(d) {
    this.d = d;
  }
  d;
  /** `checks` are the readiness checks just run for `target`; per-volume failures do not block the install. */
  async install(target, checks, log) {
    const blocking = checks.filter((c) => c.status === "fail" && !c.volumeId);
    if (blocking.length > 0) {
      throw new FerryError(ErrorCode.ProxyNotReady, `${target.name} is not ready to be an off-host proxy: ${blocking.map((c) => c.title).join("; ")}.`, {
        hint: blocking[0].fix ?? "Fix the failed readiness checks, then try again.",
        checks: blocking
      });
    }
    for (const c of checks) if (c.status !== "pass") log("warning", `${target.name}: ${c.title}: ${c.reason}`);
    if (!this.d.deployer) {
      throw winError(WinCode.NotImplemented, `The data-mover agent cannot be deployed to ${target.name}: no agent package is configured for the Windows platform.`, {
        hint: "Configure the agent deployer (agent package and service registration) for the Windows platform.",
        server: target.name
      });
    }
    const marker = JSON.stringify({ ferry: 1, role: "proxy", serverId: target.id, preparedAt: this.d.now() });
    await this.d.run.ps(target, "Prepare proxy", prepareProxyPs({ workRoot: this.d.workRoot, markerJson: marker }), this.d.commandTimeoutMs);
    log("info", `${target.name}: work folders prepared under ${this.d.workRoot}`);
    await this.d.deployer.install(target, log);
  }
  async uninstall(target, log) {
    const result = Busy.parse(await this.d.run.ps(target, "Remove proxy", unprepareProxyPs({ workRoot: this.d.workRoot }), this.d.commandTimeoutMs));
    if (result.busy.length > 0) {
      throw new FerryError(ErrorCode.ProxyInUse, `${target.name} still holds snapshots (${result.busy.join(", ")}).`, {
        hint: "Wait for the running jobs to finish, or run the leftover cleanup, then remove the proxy."
      });
    }
    await this.d.deployer?.uninstall(target, log);
    log("info", `${target.name}: proxy registration removed`);
  }
  endpoint(target) {
    return this.d.deployer ? this.d.deployer.endpoint(target) : Promise.resolve(null);
  }
};

// src-main/engine/platform/windows/readiness.ts
var DEFAULT_READINESS_POLICY = {
  minBuild: 14393,
  minCores: 2,
  minMemoryBytes: 2 * 1024 ** 3,
  minFreeBytes: 300 * 1024 ** 2,
  warnFreeBytes: 1024 ** 3
};
var pass = (id, title, reason, volumeId) => ({ id, title, status: "pass", reason, ...volumeId ? { volumeId } : {} });
var fail = (id, title, reason, fix, volumeId) => ({ id, title, status: "fail", reason, fix, ...volumeId ? { volumeId } : {} });
var warn = (id, title, reason, fix, volumeId) => ({ id, title, status: "warning", reason, fix, ...volumeId ? { volumeId } : {} });
var TITLES = {
  reachable: "Reachable over WinRM",
  admin: "Administrator rights",
  os: "Windows Server 2016 or later, 64-bit",
  osMatch: "Same Windows version as the Hyper-V hosts",
  hyperV: "Hyper-V role installed",
  provider: "VSS hardware provider installed",
  providerMatch: "Same VSS hardware provider as the hosts",
  cpu: "CPU cores",
  memory: "Memory",
  disk: "Free disk space",
  lun: "SAN LUN of the volume visible",
  cluster: "Outside the cluster that owns the volume"
};
function evaluateProxyReadiness(probe, inventory, policy = DEFAULT_READINESS_POLICY) {
  if (!probe.reachable) return unreachable(probe, inventory);
  const f = probe.facts;
  const proxyId = serverId(f.computerName || probe.serverId);
  const hosts = relevantHosts(inventory);
  const checks = [pass("reachable", TITLES.reachable, `${f.computerName} answered the probe.`)];
  checks.push(
    f.isAdmin ? pass("admin", TITLES.admin, "The account is a member of the local Administrators group.") : fail("admin", TITLES.admin, "The account Ferry uses is not an elevated administrator; DiskShadow refuses to run.", "Add the account to the local Administrators group on the proxy (UAC remote restrictions apply to local accounts).")
  );
  checks.push(osCheck(f, policy));
  checks.push(osMatchCheck(f, hosts));
  checks.push(
    f.hyperV ? pass("hyperv-role", TITLES.hyperV, "The Hyper-V role (vmms) is installed.") : fail("hyperv-role", TITLES.hyperV, "The Hyper-V role is not installed; an off-host proxy needs it to read Hyper-V volumes.", "Install-WindowsFeature -Name Hyper-V -IncludeManagementTools, then restart the server.")
  );
  checks.push(...providerChecks(f, hosts));
  checks.push(...resourceChecks(f, policy));
  for (const volume of inventory.volumes) checks.push(lunCheck(f, volume), clusterCheck(f, proxyId, volume, inventory));
  return checks;
}
function unreachable(probe, inventory) {
  const why = "Not checked: the server could not be reached.";
  const again = "Fix reachability first, then run the check again.";
  const rest = [
    ["admin", TITLES.admin],
    ["os-version", TITLES.os],
    ["os-match", TITLES.osMatch],
    ["hyperv-role", TITLES.hyperV],
    ["vss-hw-provider", TITLES.provider],
    ["vss-provider-match", TITLES.providerMatch],
    ["cpu", TITLES.cpu],
    ["memory", TITLES.memory],
    ["free-disk", TITLES.disk]
  ].map(([id, title]) => fail(id, title, why, again));
  const perVolume = inventory.volumes.flatMap((v) => [
    fail(`lun-visible:${v.id}`, `${TITLES.lun}: ${v.displayPath}`, why, again, v.id),
    fail(`not-cluster-node:${v.id}`, `${TITLES.cluster}: ${v.displayPath}`, why, again, v.id)
  ]);
  return [fail("reachable", TITLES.reachable, probe.reason, probe.fix), ...rest, ...perVolume];
}
function relevantHosts(inv) {
  const ids = /* @__PURE__ */ new Set();
  for (const v of inv.volumes) {
    if (v.kind === "csv") {
      for (const h of inv.hosts) if (h.clusterId === v.clusterId && h.role === "hyperv-host") ids.add(h.id);
    }
    if (v.kind === "local") ids.add(v.ownerHostId);
  }
  return inv.hosts.filter((h) => ids.has(h.id));
}
function osCheck(f, policy) {
  const name = `${f.os.caption} (build ${f.os.build})`;
  if (f.os.productType === 1) {
    return fail("os-version", TITLES.os, `${name} is a client edition; VSS hardware providers and the proxy role need Windows Server.`, "Use a Windows Server 2016/2019/2022/2025 machine as proxy.");
  }
  if (f.os.build < policy.minBuild) {
    return fail("os-version", TITLES.os, `${name} is older than Windows Server 2016.`, "Upgrade the proxy to the Windows Server version the Hyper-V hosts run.");
  }
  if (f.os.architecture && !/64/.test(f.os.architecture)) {
    return fail("os-version", TITLES.os, `${name} is not 64-bit.`, "Use a 64-bit Windows Server.");
  }
  return pass("os-version", TITLES.os, `${name}.`);
}
function osMatchCheck(f, hosts) {
  if (hosts.length === 0) return warn("os-match", TITLES.osMatch, "No Hyper-V host in the inventory to compare with.", "Add the Hyper-V hosts first, then run the check again.");
  const differ = hosts.filter((h) => h.facts.os.build !== f.os.build);
  const list2 = differ.map((h) => `${h.id} (build ${h.facts.os.build})`).join(", ");
  if (differ.length === 0) return pass("os-match", TITLES.osMatch, `Build ${f.os.build}, like every Hyper-V host.`);
  const fix = "Install the same Windows Server version on the proxy as on the hosts (the transportable snapshot metadata is version-specific).";
  if (differ.length === hosts.length) return fail("os-match", TITLES.osMatch, `Proxy build ${f.os.build} differs from every host: ${list2}.`, fix);
  return warn("os-match", TITLES.osMatch, `Proxy build ${f.os.build} differs from some hosts: ${list2}.`, fix);
}
function providerChecks(f, hosts) {
  const proxyHw = f.providers.filter((p) => p.type === "hardware");
  const installed = proxyHw.length > 0 ? pass("vss-hw-provider", TITLES.provider, `${proxyHw.map((p) => `${p.name} ${p.version}`).join(", ")}.`) : fail("vss-hw-provider", TITLES.provider, "Only software/system VSS providers are installed; software snapshots cannot be transported.", "Install and configure the storage vendor's VSS hardware provider on the proxy (array address and credentials).");
  const missing = [];
  const versionDiffers = [];
  const hostsWithout = [];
  for (const h of hosts) {
    const hp = h.hardwareProvider;
    if (!hp) {
      hostsWithout.push(h.id);
      continue;
    }
    const match = proxyHw.find((p) => p.id === hp.id);
    if (!match) missing.push(`${h.id} uses ${hp.name} ${hp.id}`);
    else if (match.version !== hp.version) versionDiffers.push(`${h.id} has ${hp.version}, proxy ${match.version}`);
  }
  let same;
  if (missing.length > 0) {
    same = fail("vss-provider-match", TITLES.providerMatch, `Not installed on the proxy: ${missing.join("; ")}.`, "Install the same hardware provider on the proxy as on the hosts; a snapshot can only be imported through the provider that made it.");
  } else if (hosts.length === hostsWithout.length) {
    same = warn("vss-provider-match", TITLES.providerMatch, hosts.length === 0 ? "No Hyper-V host to compare with." : `No host has a VSS hardware provider (${hostsWithout.join(", ")}).`, "Install the vendor's VSS hardware provider on every Hyper-V host.");
  } else if (versionDiffers.length > 0 || hostsWithout.length > 0) {
    const notes = [...versionDiffers.map((v) => `version: ${v}`), ...hostsWithout.map((h) => `${h} has no hardware provider`)];
    same = warn("vss-provider-match", TITLES.providerMatch, `Same provider, but ${notes.join("; ")}.`, "Keep the provider at the same version on hosts and proxy; install it on every host.");
  } else {
    same = pass("vss-provider-match", TITLES.providerMatch, "The proxy has the hardware provider every host uses.");
  }
  return [installed, same];
}
function resourceChecks(f, policy) {
  const gib = (n) => `${(n / 1024 ** 3).toFixed(1)} GiB`;
  const cpu = f.cpuCores >= policy.minCores ? pass("cpu", TITLES.cpu, `${f.cpuCores} cores.`) : fail("cpu", TITLES.cpu, `${f.cpuCores} core(s); at least ${policy.minCores} are needed.`, "Give the proxy more cores (one per two concurrent tasks on top of the minimum).");
  const memory = f.memoryBytes >= policy.minMemoryBytes ? pass("memory", TITLES.memory, `${gib(f.memoryBytes)}.`) : warn("memory", TITLES.memory, `${gib(f.memoryBytes)}; at least ${gib(policy.minMemoryBytes)} plus about 0.5 GiB per concurrent task is recommended.`, "Add memory or lower the proxy's maximum concurrent tasks.");
  const free = f.systemDriveFreeBytes;
  const disk = free < policy.minFreeBytes ? fail("free-disk", TITLES.disk, `${gib(free)} free on the system drive.`, "Free space on the system drive of the proxy.") : free < policy.warnFreeBytes ? warn("free-disk", TITLES.disk, `Only ${gib(free)} free on the system drive.`, "Free space on the system drive of the proxy (logs and snapshot metadata are kept there).") : pass("free-disk", TITLES.disk, `${gib(free)} free on the system drive.`);
  return [cpu, memory, disk];
}
function lunCheck(f, v) {
  const id = `lun-visible:${v.id}`;
  const title = `${TITLES.lun}: ${v.displayPath}`;
  if (!v.lun) {
    return warn(id, title, "The LUN behind this volume could not be identified on its host, so visibility cannot be checked.", "Check on the host that Get-Disk shows a UniqueId for the volume's disk; make sure the proxy is zoned to the same array.", v.id);
  }
  const seen = f.disks.find((d) => d.uniqueId === v.lun);
  if (!seen) {
    return fail(id, title, `The proxy does not see LUN ${v.lun}.`, "Zone/mask the LUN to the proxy (FC zoning or iSCSI target ACL) and rescan disks; leave it offline on the proxy (SAN policy OfflineShared).", v.id);
  }
  return pass(id, title, `Disk ${seen.number} (${seen.friendlyName || seen.busType}) is LUN ${v.lun}${seen.isOffline ? ", offline as it should be" : ""}.`, v.id);
}
function clusterCheck(f, proxyId, v, inv) {
  const id = `not-cluster-node:${v.id}`;
  const title = `${TITLES.cluster}: ${v.displayPath}`;
  if (v.kind === "local") {
    return v.ownerHostId === proxyId ? fail(id, title, "The proxy is the host that owns this volume; that is on-host processing, not off-host.", "Pick a different server as proxy for this volume.", v.id) : pass(id, title, `The volume belongs to ${v.ownerHostId}, not to the proxy.`, v.id);
  }
  const cluster = inv.clusters.find((c) => c.id === v.clusterId);
  const member = f.cluster && serverId(f.cluster.name) === v.clusterId || (cluster?.nodeIds.includes(proxyId) ?? false);
  if (member) {
    return fail(id, title, `The proxy is a node of cluster ${cluster?.name ?? v.clusterId}; a transportable snapshot of its CSV must be imported outside that cluster (duplicate disk signatures).`, "Use a server that is not a node of this cluster as the proxy.", v.id);
  }
  if (!f.cluster && f.clusterService === "running") {
    return warn(id, title, `The cluster service runs on the proxy but its cluster could not be read (${f.clusterError ?? "no detail"}).`, "Run Get-Cluster on the proxy to see which cluster it belongs to; it must not be this volume's cluster.", v.id);
  }
  return pass(id, title, `The proxy is not a node of cluster ${cluster?.name ?? v.clusterId}.`, v.id);
}

// src-main/engine/platform/windows/records.ts
import { z as z3 } from "zod";
var HostRecord = z3.object({
  ferry: z3.literal(1),
  role: z3.literal("host"),
  snapshotId: z3.string(),
  hostId: z3.string(),
  volumeId: z3.string(),
  volumePath: z3.string(),
  vmIds: z3.array(z3.string()),
  applicationConsistent: z3.boolean(),
  providerId: z3.string(),
  alias: z3.string(),
  createdAt: z3.string()
});
var ProxyRecord = z3.object({
  ferry: z3.literal(1),
  role: z3.literal("proxy"),
  snapshotId: z3.string(),
  hostId: z3.string(),
  setId: z3.string().nullable(),
  shadowIds: z3.array(z3.string()),
  importedAt: z3.string()
});
var ListedFolder = z3.object({ folder: z3.string(), record: z3.string().nullable().optional(), created: z3.string().nullable().optional() });
function parseFolderRecords(value) {
  const items = z3.preprocess((v) => v == null ? [] : Array.isArray(v) ? v : [v], z3.array(ListedFolder)).parse(value);
  return items.map((item) => ({
    folder: item.folder,
    record: parseRecord(item.record ?? null),
    gateVars: item.created ? parseGateMarker(item.created) : {}
  }));
}
function parseRecord(text) {
  if (!text) return null;
  try {
    const value = JSON.parse(text.replace(/^\uFEFF/, ""));
    const host2 = HostRecord.safeParse(value);
    if (host2.success) return host2.data;
    const proxy = ProxyRecord.safeParse(value);
    return proxy.success ? proxy.data : null;
  } catch {
    return null;
  }
}
function recordShadowIds(r) {
  if (r.record?.role === "proxy") return { setId: r.record.setId, shadowIds: r.record.shadowIds };
  const setId = r.gateVars.VSS_SHADOW_SET ?? null;
  const shadowIds = Object.entries(r.gateVars).filter(([name]) => name !== "VSS_SHADOW_SET").map(([, id]) => id);
  return { setId, shadowIds };
}

// src-main/engine/platform/windows/snapshot-state.ts
function newSnapshotState(facts) {
  return {
    volumeId: "",
    volumePath: "",
    vmIds: [],
    applicationConsistent: false,
    providerId: "",
    alias: "FERRY_VOL1",
    setId: null,
    shadowIds: [],
    session: null,
    importAttemptedOn: [],
    importedOn: null,
    importedShadowIds: [],
    exposeAttemptedOn: [],
    exposed: null,
    deleted: false,
    ...facts
  };
}
var SnapshotRegistry = class {
  states = /* @__PURE__ */ new Map();
  get(snapshotId) {
    return this.states.get(snapshotId);
  }
  put(state) {
    this.states.set(state.snapshotId, state);
    return state;
  }
};
function formatMetadataRef(hostId, cabPath) {
  return `${hostId}|${cabPath}`;
}
function parseMetadataRef(ref) {
  const i = ref.indexOf("|");
  if (i <= 0) return null;
  return { hostId: ref.slice(0, i), cabPath: ref.slice(i + 1) };
}

// src-main/engine/platform/windows/recovery.ts
function stateFromRecords(snapshotId, scans, workRoot) {
  const folder = snapshotFolderName(snapshotId);
  let state;
  for (const { target, records } of scans) {
    for (const r of records.filter((x) => x.folder === folder || x.record?.snapshotId === snapshotId)) {
      const ids = recordShadowIds(r);
      const hostId = r.record?.hostId ?? target.id;
      const s = state ??= newSnapshotState({ snapshotId, hostId, paths: snapshotPaths(workRoot, snapshotId) });
      s.exposeAttemptedOn = [.../* @__PURE__ */ new Set([...s.exposeAttemptedOn, target.id])];
      if (r.record?.role === "proxy") {
        s.importedOn = target.id;
        s.importAttemptedOn = [.../* @__PURE__ */ new Set([...s.importAttemptedOn, target.id])];
        s.importedShadowIds = ids.shadowIds;
        s.setId ??= ids.setId;
        if (s.shadowIds.length === 0) s.shadowIds = ids.shadowIds;
        continue;
      }
      s.hostId = hostId;
      if (r.record) {
        s.volumeId = r.record.volumeId;
        s.volumePath = r.record.volumePath;
        s.vmIds = r.record.vmIds;
        s.applicationConsistent = r.record.applicationConsistent;
        s.providerId = r.record.providerId;
        s.alias = r.record.alias;
      }
      s.setId = ids.setId ?? s.setId;
      if (ids.shadowIds.length > 0) s.shadowIds = ids.shadowIds;
    }
  }
  return state;
}
function leftoversFrom(scans, listed) {
  const leftovers = [];
  for (const { target, records } of scans) {
    const present = listed.get(target.id) ?? null;
    for (const r of records) {
      const { shadowIds } = recordShadowIds(r);
      leftovers.push({
        snapshotId: r.record?.snapshotId ?? r.folder,
        shadowIds: present ? shadowIds.filter((id) => present.has(id)) : shadowIds,
        where: target.id
      });
    }
  }
  return leftovers;
}

// src-main/engine/platform/windows/script-runner.ts
var ScriptRunner = class {
  constructor(executor) {
    this.executor = executor;
  }
  executor;
  /** Runs a snippet and returns its FERRY_JSON value. */
  async ps(target, step, script, timeoutMs) {
    const result = await this.executor.run({ program: "powershell", script, server: target.server, timeoutMs });
    if (result.exitCode !== 0) throw powerShellFailureError(step, target.name, result);
    try {
      return extractPsJson(result.stdout);
    } catch (e) {
      throw badOutputError(step, target.name, e instanceof Error ? e.message : String(e));
    }
  }
  /** Runs a DiskShadow script; failures inside it are in the transcript, for the caller to judge. */
  async dsh(target, step, script, timeoutMs) {
    const result = await this.executor.run({ program: "diskshadow", script, server: target.server, timeoutMs });
    const transcript = parseDiskShadow(result.stdout);
    if (transcript.commands.length === 0 && transcript.failures.length === 0) {
      const why = (result.stderr.trim() || result.stdout.trim()).split(/\r?\n/).slice(-3).join(" ") || `exit code ${result.exitCode}`;
      throw winError(WinCode.DiskShadowFailed, `${step} on ${target.name}: DiskShadow did not run the script (${why}).`, {
        hint: "DiskShadow needs an elevated administrator on Windows Server; check that diskshadow.exe runs on the server.",
        server: target.name,
        step,
        exitCode: result.exitCode
      });
    }
    return transcript;
  }
};

// src-main/engine/platform/windows/server-directory.ts
var ServerDirectory = class {
  constructor(configured, localServerId) {
    this.configured = configured;
    this.localServerId = localServerId;
  }
  configured;
  localServerId;
  connectById = /* @__PURE__ */ new Map();
  /** Remember how to reach a server once its facts told us its id. */
  learn(id, connectName) {
    this.connectById.set(id.toLowerCase(), connectName);
  }
  target(idOrName) {
    const key = idOrName.toLowerCase();
    const connect2 = this.connectById.get(key) ?? this.configured.find((c) => c.connectName.toLowerCase() === key || shortName(c.connectName) === key)?.connectName ?? idOrName;
    const id = [...this.connectById.entries()].find(([, name]) => name === connect2)?.[0] ?? shortName(connect2);
    const local = this.localServerId !== void 0 && id === this.localServerId.toLowerCase();
    return { id, server: local ? void 0 : connect2, name: connect2 };
  }
  /** Every server Ferry knows: configured ones and any learned later (e.g. a proxy checked in the wizard). */
  all() {
    const names = /* @__PURE__ */ new Set([...this.configured.map((c) => c.connectName), ...this.connectById.values()]);
    const seen = /* @__PURE__ */ new Set();
    const out = [];
    for (const name of names) {
      const t = this.target(name);
      if (seen.has(t.id)) continue;
      seen.add(t.id);
      out.push(t);
    }
    return out;
  }
};
function shortName(name) {
  return name.split(".")[0].toLowerCase();
}

// src-main/engine/platform/windows/server-facts.ts
import { z as z4 } from "zod";
var list = (item) => z4.preprocess((v) => v === null || v === void 0 ? [] : Array.isArray(v) ? v : [v], z4.array(item));
var num = z4.preprocess((v) => {
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  if (v === null || v === void 0 || v === "") return 0;
  return v;
}, z4.number());
var optNum = z4.preprocess((v) => {
  if (v === null || v === void 0 || v === "") return null;
  if (typeof v === "string" && Number.isFinite(Number(v))) return Number(v);
  return v;
}, z4.number().nullable());
var str = z4.preprocess((v) => v === null || v === void 0 ? "" : typeof v === "number" || typeof v === "boolean" ? String(v) : v, z4.string());
var optStr = z4.preprocess((v) => v === null || v === void 0 || v === "" ? null : v, z4.string().nullable());
var bool = z4.preprocess((v) => typeof v === "string" ? v.toLowerCase() === "true" : v ?? false, z4.boolean());
function normalizeDate(value) {
  if (typeof value !== "string" || value === "") return null;
  const legacy = /^\/?Date\((-?\d+)(?:[+-]\d{4})?\)\/?$/.exec(value.replace(/\\/g, ""));
  if (legacy) return new Date(Number(legacy[1])).toISOString();
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
var date = z4.preprocess(normalizeDate, z4.string().nullable());
function enumText(names) {
  return z4.preprocess((v) => typeof v === "number" ? names[v] ?? String(v) : v ?? "", z4.string());
}
var VM_STATE = {
  1: "Other",
  2: "Running",
  3: "Off",
  4: "Stopping",
  6: "Saved",
  9: "Paused",
  10: "Starting",
  11: "Reset",
  32773: "Saving",
  32776: "Pausing",
  32777: "Resuming",
  32779: "FastSaved",
  32780: "FastSaving"
};
var VHD_FORMAT = { 2: "VHD", 3: "VHDX", 4: "VHDSet" };
var VHD_TYPE = { 2: "Fixed", 3: "Dynamic", 4: "Differencing" };
var CONTROLLER = { 0: "IDE", 1: "SCSI", 2: "PMEM" };
var SERVICE_STATUS = { 1: "Stopped", 2: "StartPending", 3: "StopPending", 4: "Running" };
var CLUSTER_NODE_STATE = { [-1]: "Unknown", 0: "Up", 1: "Down", 2: "Paused", 3: "Joining" };
var CLUSTER_RESOURCE_STATE = { [-1]: "Unknown", 0: "Inherited", 1: "Initializing", 2: "Online", 3: "Offline", 4: "Failed" };
var Provider = z4.object({ Id: str, Name: str, Version: str, Type: num });
var Disk = z4.object({
  Number: num,
  UniqueId: str,
  SerialNumber: str,
  FriendlyName: str,
  BusType: str,
  Guid: str,
  Signature: str,
  IsOffline: bool,
  IsBoot: bool,
  IsSystem: bool,
  IsClustered: bool,
  Size: num
});
var Volume = z4.object({
  Path: str,
  DriveLetter: str,
  FileSystem: str,
  Label: str,
  Size: num,
  SizeRemaining: num,
  AccessPaths: list(str),
  DiskUniqueId: str
});
var Csv = z4.object({
  Name: str,
  Id: str,
  OwnerNode: str,
  State: enumText(CLUSTER_RESOURCE_STATE),
  Path: str,
  VolumeName: str,
  Size: num,
  FreeSpace: num,
  DiskIdGuid: str,
  DiskSignature: str
});
var Vhd = z4.object({
  Path: str,
  Format: enumText(VHD_FORMAT),
  Type: enumText(VHD_TYPE),
  Size: num,
  FileSize: num,
  BlockSize: num,
  LogicalSectorSize: num,
  PhysicalSectorSize: num,
  DiskIdentifier: str,
  ParentPath: optStr
});
var Drive = z4.object({
  ControllerType: enumText(CONTROLLER),
  ControllerNumber: num,
  ControllerLocation: num,
  Path: optStr,
  DiskNumber: optNum,
  VolumePath: optStr,
  Chain: list(Vhd),
  ChainError: optStr.optional()
});
var ReferencePoint = z4.object({
  InstanceId: str,
  ReferencePointType: num,
  ConsistencyLevel: num,
  RctIds: list(str),
  VirtualDiskIds: list(str)
});
var Vm = z4.object({
  Name: str,
  Id: str,
  State: enumText(VM_STATE),
  Generation: num,
  Version: str,
  Path: str,
  ConfigurationLocation: str,
  SnapshotFileLocation: str,
  IsClustered: bool,
  CheckpointCount: num,
  Drives: list(Drive),
  ReferencePoints: list(ReferencePoint)
});
var Report = z4.object({
  SchemaVersion: num,
  CollectedAt: date,
  ComputerName: str,
  Domain: str,
  Os: z4.object({
    Caption: str,
    Version: str,
    BuildNumber: str,
    ProductType: num,
    Architecture: str,
    LastBootUpTime: date
  }),
  HyperV: bool,
  IsAdmin: bool,
  CpuCores: num,
  MemoryBytes: num,
  SystemDriveFreeBytes: num,
  ClusterService: enumText(SERVICE_STATUS),
  Cluster: z4.object({ Name: str, Nodes: list(z4.object({ Name: str, State: enumText(CLUSTER_NODE_STATE) })) }).nullable().optional(),
  ClusterError: optStr.optional(),
  Csvs: list(Csv),
  Volumes: list(Volume),
  Disks: list(Disk),
  Providers: list(Provider),
  Vms: list(Vm)
});
var PROVIDER_TYPES = ["unknown", "system", "software", "hardware", "fileshare"];
function serverFactsFromJson(value) {
  const r = Report.parse(value);
  return {
    computerName: r.ComputerName,
    domain: r.Domain,
    os: {
      caption: r.Os.Caption,
      version: r.Os.Version,
      build: Number.parseInt(r.Os.BuildNumber || r.Os.Version.split(".")[2] || "0", 10) || 0,
      productType: r.Os.ProductType,
      architecture: r.Os.Architecture,
      lastBootUpTime: r.Os.LastBootUpTime
    },
    hyperV: r.HyperV,
    isAdmin: r.IsAdmin,
    cpuCores: r.CpuCores,
    memoryBytes: r.MemoryBytes,
    systemDriveFreeBytes: r.SystemDriveFreeBytes,
    clusterService: serviceState(r.ClusterService),
    cluster: r.Cluster ? { name: r.Cluster.Name, nodes: r.Cluster.Nodes.map((n) => ({ name: n.Name, state: n.State })) } : null,
    clusterError: r.ClusterError ?? null,
    csvs: r.Csvs.map((c) => ({
      name: c.Name,
      ownerNode: c.OwnerNode,
      state: c.State,
      path: c.Path.replace(/\\+$/, ""),
      volumeGuidPath: c.VolumeName,
      sizeBytes: c.Size,
      freeBytes: c.FreeSpace,
      diskGuid: maybeGuid(c.DiskIdGuid),
      diskSignature: parseSignature(c.DiskSignature)
    })),
    volumes: r.Volumes.map((v) => ({
      guidPath: v.Path,
      driveLetter: /^[A-Za-z]$/.test(v.DriveLetter) ? v.DriveLetter.toUpperCase() : null,
      fileSystem: v.FileSystem,
      label: v.Label,
      sizeBytes: v.Size,
      freeBytes: v.SizeRemaining,
      accessPaths: v.AccessPaths,
      diskUniqueId: normalizeLun(v.DiskUniqueId)
    })),
    disks: r.Disks.map((d) => ({
      number: d.Number,
      uniqueId: normalizeLun(d.UniqueId),
      serial: d.SerialNumber.trim(),
      friendlyName: d.FriendlyName,
      busType: d.BusType,
      guid: maybeGuid(d.Guid),
      signature: parseSignature(d.Signature),
      isOffline: d.IsOffline,
      isBoot: d.IsBoot,
      isSystem: d.IsSystem,
      isClustered: d.IsClustered,
      sizeBytes: d.Size
    })),
    providers: r.Providers.map((p) => ({
      id: maybeGuid(p.Id) ?? p.Id,
      name: p.Name,
      version: p.Version,
      type: PROVIDER_TYPES[p.Type] ?? "unknown"
    })),
    vms: r.Vms.map((vm2) => ({
      id: maybeGuid(vm2.Id)?.slice(1, -1) ?? vm2.Id.toLowerCase(),
      name: vm2.Name,
      state: vm2.State,
      generation: vm2.Generation,
      configVersion: vm2.Version,
      path: vm2.Path,
      configurationLocation: vm2.ConfigurationLocation,
      snapshotFileLocation: vm2.SnapshotFileLocation,
      isClustered: vm2.IsClustered,
      checkpointCount: vm2.CheckpointCount,
      drives: vm2.Drives.map((d) => ({
        controllerType: d.ControllerType,
        controllerNumber: d.ControllerNumber,
        controllerLocation: d.ControllerLocation,
        path: d.Path,
        passThroughDiskNumber: d.Path ? null : d.DiskNumber,
        volumeGuidPath: d.VolumePath,
        chain: d.Chain.map((c) => ({
          path: c.Path,
          format: vhdFormat(c.Format),
          type: vhdType(c.Type),
          sizeBytes: c.Size,
          fileSizeBytes: c.FileSize,
          blockSize: c.BlockSize,
          logicalSectorSize: c.LogicalSectorSize,
          physicalSectorSize: c.PhysicalSectorSize,
          diskIdentifier: c.DiskIdentifier,
          parentPath: c.ParentPath
        })),
        chainError: d.ChainError ?? null
      })),
      referencePoints: vm2.ReferencePoints.map((rp) => ({
        instanceId: rp.InstanceId,
        type: rp.ReferencePointType,
        consistencyLevel: rp.ConsistencyLevel,
        rctIds: rp.RctIds,
        virtualDiskIds: rp.VirtualDiskIds
      }))
    })),
    collectedAt: r.CollectedAt
  };
}
function serviceState(text) {
  const t = text.toLowerCase();
  if (t === "absent") return "absent";
  if (t === "running") return "running";
  if (t === "stopped") return "stopped";
  return "other";
}
function maybeGuid(text) {
  try {
    return text ? normalizeGuid(text) : null;
  } catch {
    return null;
  }
}
function parseSignature(text) {
  const t = text.trim();
  if (t === "" || t === "0") return null;
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t, 16);
  if (/^\d+$/.test(t)) return Number(t);
  if (/^[0-9a-f]+$/i.test(t)) return parseInt(t, 16);
  return null;
}
function normalizeLun(text) {
  return text.trim().toUpperCase().replace(/[\s:-]/g, "");
}
function vhdFormat(text) {
  const t = text.toLowerCase();
  return t === "vhd" || t === "vhdx" || t === "vhdset" ? t : "unknown";
}
function vhdType(text) {
  const t = text.toLowerCase();
  return t === "fixed" || t === "dynamic" || t === "differencing" ? t : "unknown";
}

// src-main/engine/platform/windows/windows-platform.ts
var DEFAULT_TIMEOUTS = {
  commandMs: 5 * 6e4,
  inventoryMs: 10 * 6e4,
  createMs: 30 * 6e4,
  holdMs: 24 * 36e5,
  importMs: 30 * 6e4,
  releaseMs: 15 * 6e4,
  abortMs: 2 * 6e4
};
var VOLUME_ALIAS = "FERRY_VOL1";
var CabPayload = z5.object({ length: z5.number(), sha256: z5.string(), base64: z5.string() });
var MountState = z5.object({ state: z5.enum(["absent", "created", "empty", "not-empty", "mounted"]) });
var Removed = z5.object({ removed: z5.array(z5.string()).nullable().optional(), kept: z5.array(z5.string()).nullable().optional() });
var WindowsPlatform = class {
  constructor(options) {
    this.options = options;
    this.run = new ScriptRunner(options.executor);
    this.directory = new ServerDirectory(
      [...options.hosts.map((connectName) => ({ connectName, role: "hyperv-host" })), ...(options.servers ?? []).map((connectName) => ({ connectName, role: "server" }))],
      options.localServerId
    );
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.clock = options.clock ?? systemClock;
    this.workRoot = options.workRoot ?? DEFAULT_WORK_ROOT;
    this.pollIntervalMs = options.pollIntervalMs ?? 2e3;
    assertScriptSafePath(this.workRoot, "Ferry work folder");
    this.proxies = new ProxyAdmin({ run: this.run, workRoot: this.workRoot, commandTimeoutMs: this.timeouts.commandMs, deployer: options.agentDeployer, now: () => this.isoNow() });
  }
  options;
  kind = "windows";
  run;
  directory;
  registry = new SnapshotRegistry();
  timeouts;
  clock;
  workRoot;
  pollIntervalMs;
  proxies;
  win = null;
  /** The Windows view of the last inventory (chains, providers, RCT), or null before the first one. */
  windowsInventory() {
    return this.win;
  }
  // ---------- inventory and proxies ----------
  async inventory() {
    const outcomes = await Promise.all(
      this.directory.configured.map(async (c) => {
        try {
          const facts = await this.facts(this.directory.target(c.connectName), c.role === "hyperv-host", this.timeouts.inventoryMs, "Inventory");
          return { ok: true, report: { connectName: c.connectName, role: c.role, facts } };
        } catch (e) {
          return { ok: false, name: c.connectName, error: FerryError.from(e) };
        }
      })
    );
    const reports = [];
    const failures = [];
    for (const o of outcomes) {
      if (o.ok) reports.push(o.report);
      else failures.push(o);
    }
    if (reports.length === 0 && failures.length > 0) throw failures[0].error;
    for (const r of reports) this.directory.learn(serverId(r.facts.computerName || r.connectName), r.connectName);
    const win = buildWindowsInventory(reports);
    win.warnings.unshift(...failures.map((f) => `${f.name}: not inventoried (${f.error.message})`));
    this.win = win;
    return toDomainInventory(win);
  }
  async checkProxy(serverIdOrName) {
    const inv = await this.ensureInventory();
    const target = this.directory.target(serverIdOrName);
    let probe;
    try {
      const facts = await this.facts(target, false, this.timeouts.commandMs, "Readiness check");
      this.directory.learn(serverId(facts.computerName || target.id), target.name);
      probe = { serverId: target.id, reachable: true, facts };
    } catch (e) {
      const err = FerryError.from(e);
      probe = { serverId: target.id, reachable: false, reason: err.message, fix: hintOf(err) ?? "Check that the server is on and reachable over WinRM, then run the check again." };
    }
    return evaluateProxyReadiness(probe, inv, this.options.readinessPolicy ?? DEFAULT_READINESS_POLICY);
  }
  async installProxy(serverIdOrName, log) {
    const checks = await this.checkProxy(serverIdOrName);
    await this.proxies.install(this.directory.target(serverIdOrName), checks, log);
  }
  async uninstallProxy(serverIdOrName, log) {
    await this.proxies.uninstall(this.directory.target(serverIdOrName), log);
  }
  agentEndpoint(serverIdOrName) {
    return this.proxies.endpoint(this.directory.target(serverIdOrName));
  }
  // ---------- snapshot lifecycle ----------
  async createSnapshot(req, log) {
    const known = this.registry.get(req.snapshotId);
    if (known && !known.deleted) {
      if (known.shadowIds.length > 0 && known.session?.end === null) return this.createdSnapshot(known);
      throw new FerryError(ErrorCode.Conflict, `Snapshot ${req.snapshotId} was already attempted; delete it before creating it again.`, {
        hint: "Call deleteSnapshot for this id first (it cleans up whatever the earlier attempt left)."
      });
    }
    const inv = await this.ensureInventory();
    const host2 = this.hostOf(inv, req.hostId);
    const target = this.directory.target(host2.id);
    const volume = this.volumeOf(inv, req.volumeId);
    const provider = host2.hardwareProvider;
    if (!provider) {
      throw winError(WinCode.NoHardwareProvider, `${target.name} has no VSS hardware provider; a transportable snapshot of ${volume.displayPath} is not possible.`, {
        hint: "Install and configure the storage vendor's VSS hardware provider on the host, then refresh the inventory.",
        server: target.name,
        step: "Snapshot"
      });
    }
    this.assertVmsOnVolume(inv, req, volume);
    const paths = snapshotPaths(this.workRoot, req.snapshotId);
    const record = {
      ferry: 1,
      role: "host",
      snapshotId: req.snapshotId,
      hostId: host2.id,
      volumeId: volume.id,
      volumePath: volume.shadowPath,
      vmIds: req.vmIds,
      applicationConsistent: req.applicationConsistent,
      providerId: provider.id,
      alias: VOLUME_ALIAS,
      createdAt: this.isoNow()
    };
    const label = `snapshot ${req.snapshotId} of ${volume.shadowPath} on ${host2.id}`;
    await this.run.ps(
      target,
      "Prepare snapshot",
      prepareHostSnapshotPs({
        dir: paths.dir,
        gatePath: paths.gate,
        gateText: gateScript({ label, dir: paths.dir, aliases: [VOLUME_ALIAS], holdSeconds: Math.max(60, Math.floor(this.timeouts.holdMs / 1e3) - 60) }),
        recordPath: paths.record,
        recordJson: JSON.stringify(record)
      }),
      this.timeouts.commandMs
    );
    const state = this.registry.put(
      newSnapshotState({
        snapshotId: req.snapshotId,
        hostId: host2.id,
        paths,
        volumeId: volume.id,
        volumePath: volume.shadowPath,
        vmIds: [...req.vmIds],
        applicationConsistent: req.applicationConsistent,
        providerId: provider.id,
        alias: VOLUME_ALIAS
      })
    );
    const consistency = req.applicationConsistent ? "application-consistent (Hyper-V VSS writer)" : "crash-consistent";
    log("info", `${target.name}: creating a transportable snapshot of ${volume.displayPath} with ${provider.name}, ${consistency}, ${req.vmIds.length} VM(s)`);
    const session = HostSession.start({
      executor: this.options.executor,
      clock: this.clock,
      server: target.server,
      serverName: target.name,
      paths,
      script: hostCreateScript({ label, cabPath: paths.cab, gatePath: paths.gate, volumes: [{ path: volume.shadowPath, alias: VOLUME_ALIAS }], providerId: provider.id, applicationConsistent: req.applicationConsistent }),
      holdTimeoutMs: this.timeouts.holdMs,
      commandTimeoutMs: this.timeouts.commandMs,
      pollIntervalMs: this.pollIntervalMs
    });
    state.session = session;
    let outcome;
    try {
      outcome = await session.waitForCreated(this.clock.now() + this.timeouts.createMs);
    } catch (e) {
      await this.abortSession(state, log);
      throw e;
    }
    if (outcome.kind === "created") {
      const setId = outcome.vars.VSS_SHADOW_SET ?? null;
      const shadowId = outcome.vars[VOLUME_ALIAS] ?? null;
      if (setId && shadowId) {
        state.setId = setId;
        state.shadowIds = [shadowId];
        log("info", `${target.name}: shadow copy ${shadowId} created (set ${setId}); the VSS session stays open until the proxy is done`);
        return this.createdSnapshot(state);
      }
      await this.abortSession(state, log);
      throw winError(WinCode.GateNoIds, `${target.name}: DiskShadow created the snapshot but the gate could not read its ids.`, {
        hint: "Ferry aborted the session and will delete the snapshot. Report this: the DiskShadow version on the host does not export aliases as environment variables.",
        server: target.name,
        step: "Snapshot",
        shadowIds: state.shadowIds
      });
    }
    if (outcome.kind === "timeout") {
      await this.abortSession(state, log);
      throw winError(WinCode.CreateTimeout, `${target.name}: the snapshot of ${volume.displayPath} was not created within ${Math.round(this.timeouts.createMs / 6e4)} min.`, {
        hint: 'A VSS writer or the hardware provider hangs: check "vssadmin list writers" and the provider on the host. Ferry aborted the session.',
        server: target.name,
        step: "Snapshot",
        retryable: true
      });
    }
    throw this.sessionEndedError(state, outcome.end, target.name);
  }
  async importSnapshot(snap, proxyServerId, log) {
    const state = await this.stateOf(snap);
    const proxy = this.directory.target(proxyServerId);
    if (state.importedOn === proxy.id) {
      log("info", `${proxy.name}: snapshot ${state.snapshotId} is already imported`);
      return;
    }
    if (state.importedOn) {
      throw winError(WinCode.AlreadyImported, `Snapshot ${state.snapshotId} is already imported on ${state.importedOn}; a transportable snapshot can be imported only once.`, {
        hint: "Expose it on the server that imported it, or delete it and take a new one.",
        server: proxy.name,
        step: "Import"
      });
    }
    const inv = await this.ensureInventory();
    this.assertOutsideCluster(inv, state, proxy);
    const host2 = this.directory.target(state.hostId);
    if (proxy.id !== host2.id) await this.shipCab(state, host2, proxy);
    log("info", `${proxy.name}: importing snapshot ${state.snapshotId} from ${host2.name}`);
    state.importAttemptedOn = [.../* @__PURE__ */ new Set([...state.importAttemptedOn, proxy.id])];
    const t = await this.run.dsh(proxy, "Import", proxyImportScript({ label: `snapshot ${state.snapshotId} from ${state.hostId}`, cabPath: state.paths.cab }), this.timeouts.importMs);
    if (t.failures.length > 0) throw vssFailureError("Import", proxy.name, t.failures[0]);
    const ids = t.shadows.map((s) => s.shadowId);
    if (ids.length === 0) throw vssFailureError("Import", proxy.name, { hresult: 2147754784, errorText: null });
    if (state.shadowIds.length > 0 && !state.shadowIds.every((id) => ids.includes(id))) {
      log("warning", `${proxy.name}: imported shadow ids ${ids.join(", ")} differ from the host's ${state.shadowIds.join(", ")}`);
    }
    state.importedOn = proxy.id;
    state.importedShadowIds = ids;
    state.setId ??= t.shadowSetId;
    log("info", `${proxy.name}: imported shadow copy ${ids.join(", ")} (hidden, read-only)`);
  }
  async exposeSnapshot(snap, serverIdOrName, log) {
    const state = await this.stateOf(snap);
    const target = this.directory.target(serverIdOrName);
    if (state.exposed?.serverId === target.id) return state.exposed.result;
    const inv = await this.ensureInventory();
    const volume = this.volumeOf(inv, state.volumeId);
    if (state.importedOn !== target.id) {
      if (state.importedOn || target.id !== state.hostId) {
        throw winError(WinCode.NotImported, `Snapshot ${state.snapshotId} is not imported on ${target.name}${state.importedOn ? ` (it is on ${state.importedOn})` : ""}.`, {
          hint: "Import the snapshot on the server first; only the importing server can expose it.",
          server: target.name,
          step: "Expose"
        });
      }
      log("info", `${target.name}: on-host processing, importing the snapshot on its own host first`);
      await this.importSnapshot(snap, serverIdOrName, log);
    }
    const mountPoint = state.paths.mountPoint;
    state.exposeAttemptedOn = [.../* @__PURE__ */ new Set([...state.exposeAttemptedOn, target.id])];
    const before = MountState.parse(await this.run.ps(target, "Prepare mount folder", mountPointStatePs({ mountPoint, create: true }), this.timeouts.commandMs));
    if (before.state === "not-empty") {
      throw winError(WinCode.MountPointBusy, `${target.name}: the mount folder ${mountPoint} is not empty.`, {
        hint: "Remove the files from that folder (it belongs to Ferry) or run the leftover cleanup, then retry.",
        server: target.name,
        step: "Expose"
      });
    }
    if (before.state === "mounted") {
      log("info", `${target.name}: snapshot ${state.snapshotId} is already exposed at ${mountPoint}`);
    } else {
      const shadowId = state.importedShadowIds[0] ?? state.shadowIds[0];
      const t = await this.run.dsh(target, "Expose", exposeScript({ label: `snapshot ${state.snapshotId}`, exposures: [{ shadowId, mountPoint }] }), this.timeouts.commandMs);
      if (t.failures.length > 0) throw vssFailureError("Expose", target.name, t.failures[0]);
      if (t.exposedAs.length === 0) {
        throw winError(WinCode.ExposeUnconfirmed, `${target.name}: DiskShadow did not confirm that the snapshot is exposed at ${mountPoint}.`, {
          hint: "Check the mount folder on the server; keep the DiskShadow transcript for support.",
          server: target.name,
          step: "Expose"
        });
      }
    }
    const root = stripTrailingBackslash(mountPoint);
    const result = { root, disks: exposedDisks(inv, volume, state.vmIds, root) };
    state.exposed = { serverId: target.id, result };
    log("info", `${target.name}: snapshot exposed read-only at ${root} (${result.disks.length} disk(s))`);
    return result;
  }
  async unexposeSnapshot(snapshotId, serverIdOrName, log) {
    const target = this.directory.target(serverIdOrName);
    const state = this.registry.get(snapshotId);
    if (state && !state.exposeAttemptedOn.includes(target.id)) return;
    const mountPoint = state?.paths.mountPoint ?? snapshotPaths(this.workRoot, snapshotId).mountPoint;
    const probe = MountState.parse(await this.run.ps(target, "Unexpose", mountPointStatePs({ mountPoint, create: false }), this.timeouts.commandMs));
    if (probe.state === "mounted") {
      const t = await this.run.dsh(target, "Unexpose", unexposeScript({ label: `snapshot ${snapshotId}`, mountPoints: [mountPoint] }), this.timeouts.commandMs);
      const failure = t.failures[0];
      if (failure && !isObjectNotFound(failure)) throw vssFailureError("Unexpose", target.name, failure);
      log("info", `${target.name}: snapshot ${snapshotId} unexposed from ${stripTrailingBackslash(mountPoint)}`);
    } else {
      log("info", `${target.name}: snapshot ${snapshotId} is not exposed (${describeMount(probe.state)})`);
    }
    if (state) {
      state.exposeAttemptedOn = state.exposeAttemptedOn.filter((id) => id !== target.id);
      if (state.exposed?.serverId === target.id) state.exposed = null;
    }
  }
  async deleteSnapshot(snapshotId, log) {
    const state = this.registry.get(snapshotId) ?? await this.recover(snapshotId);
    if (!state) {
      log("info", `Snapshot ${snapshotId}: nothing left on any known server`);
      return;
    }
    if (state.deleted) return;
    const errors = [];
    const attempt = async (what) => {
      try {
        await what();
      } catch (e) {
        errors.push(FerryError.from(e));
      }
    };
    if (state.session && !state.session.end && state.shadowIds.length === 0) await this.abortSession(state, log);
    const target = this.deleteTarget(state);
    for (const serverId2 of state.exposeAttemptedOn) await attempt(() => this.unexposeSnapshot(snapshotId, serverId2, log));
    let deleted = false;
    let proxyFailed = false;
    const importers = [.../* @__PURE__ */ new Set([...state.importedOn ? [state.importedOn] : [], ...state.importAttemptedOn])];
    if (target) {
      for (const serverId2 of importers) {
        const before = errors.length;
        await attempt(async () => {
          deleted = await this.deleteShadows(this.directory.target(serverId2), state, target, log) || deleted;
        });
        proxyFailed ||= errors.length > before;
      }
    }
    await attempt(() => this.releaseHost(state, log));
    if (target && !deleted && !proxyFailed && !importers.includes(state.hostId)) {
      await attempt(async () => {
        await this.deleteShadows(this.directory.target(state.hostId), state, target, log);
      });
    }
    if (errors.length === 0) {
      for (const id of [.../* @__PURE__ */ new Set([state.hostId, ...importers])]) {
        await attempt(async () => {
          Removed.parse(await this.run.ps(this.directory.target(id), "Clean up", removeWorkPs({ dir: state.paths.dir, mountPoint: state.paths.mountPoint }), this.timeouts.commandMs));
        });
      }
    }
    if (errors.length > 0) {
      log("error", `Snapshot ${snapshotId}: cleanup incomplete: ${errors.map((e) => e.message).join(" | ")}`);
      throw errors[0];
    }
    state.deleted = true;
    state.session = null;
    log("info", `Snapshot ${snapshotId}: deleted`);
  }
  async listLeftovers() {
    const scans = await this.scanRecords();
    const listed = /* @__PURE__ */ new Map();
    for (const { target, records } of scans) {
      if (records.length === 0) continue;
      try {
        const t = await this.run.dsh(target, "Leftover scan", listShadowsScript(), this.timeouts.commandMs);
        listed.set(target.id, new Set(t.shadows.map((s) => s.shadowId)));
      } catch {
        listed.set(target.id, null);
      }
    }
    return leftoversFrom(scans, listed);
  }
  // ---------- helpers ----------
  /** Carries the .cab from the host to the proxy through the console (no second-hop credentials needed). */
  async shipCab(state, host2, proxy) {
    const cab = CabPayload.parse(await this.run.ps(host2, "Read snapshot metadata", readCabPs({ cabPath: state.paths.cab }), this.timeouts.commandMs));
    const bytes = Buffer.from(cab.base64, "base64");
    const sha2562 = createHash2("sha256").update(bytes).digest("hex").toUpperCase();
    if (bytes.length !== cab.length || sha2562 !== cab.sha256.toUpperCase() || bytes.subarray(0, 4).toString("latin1") !== "MSCF") {
      throw winError(WinCode.BadCab, `${host2.name}: the snapshot metadata file ${state.paths.cab} is not a valid .cab.`, {
        hint: "Delete this snapshot and take a new one; if it repeats, check the host's disk and antivirus exclusions for the Ferry work folder.",
        server: host2.name,
        step: "Import"
      });
    }
    const record = { ferry: 1, role: "proxy", snapshotId: state.snapshotId, hostId: state.hostId, setId: state.setId, shadowIds: state.shadowIds, importedAt: this.isoNow() };
    await this.run.ps(
      proxy,
      "Copy snapshot metadata",
      writeProxyCabPs({ dir: state.paths.dir, cabPath: state.paths.cab, recordPath: state.paths.record, recordJson: JSON.stringify(record), base64: cab.base64, sha256: sha2562 }),
      this.timeouts.commandMs
    );
  }
  async facts(target, includeVms, timeoutMs, step) {
    const value = await this.run.ps(target, step, serverFactsPs({ includeVms }), timeoutMs);
    try {
      return serverFactsFromJson(value);
    } catch (e) {
      throw winError(WinCode.BadOutput, `${step} of ${target.name}: unexpected data (${e instanceof Error ? e.message.split("\n")[0] : String(e)}).`, {
        hint: "Keep the server's inventory output and report it (a newer Windows or PowerShell version?).",
        server: target.name,
        step
      });
    }
  }
  async ensureInventory() {
    if (!this.win) await this.inventory();
    return this.win;
  }
  hostOf(inv, hostId) {
    const host2 = inv.hosts.find((h) => h.id === hostId.toLowerCase());
    if (!host2) {
      throw winError(WinCode.UnknownServer, `Host ${hostId} is not in the Windows inventory.`, { hint: "Add the host to the console and refresh the inventory.", server: hostId });
    }
    return host2;
  }
  volumeOf(inv, volumeId) {
    const volume = inv.volumes.find((v) => v.id === volumeId);
    if (!volume) {
      throw winError(WinCode.UnknownVolume, `Volume ${volumeId} is not in the Windows inventory.`, { hint: "Refresh the inventory; the volume may have been renamed or moved." });
    }
    return volume;
  }
  /** The Hyper-V writer needs every volume a VM uses in the same set, or the VM is silently left out. */
  assertVmsOnVolume(inv, req, volume) {
    for (const vmId of req.vmIds) {
      const vm2 = inv.vms.find((v) => v.id === vmId);
      if (!vm2) throw winError(WinCode.UnknownVm, `VM ${vmId} is not in the Windows inventory.`, { hint: "Refresh the inventory; the VM may have been removed or moved to another host." });
      const others = volumesOfVm(vm2).filter((id) => id !== volume.id);
      if (req.applicationConsistent && others.length > 0) {
        throw winError(WinCode.VmSpansVolumes, `${vm2.name} has files on ${others.length + 1} volumes; an application-consistent snapshot of ${volume.displayPath} alone would leave it out.`, {
          hint: "Move all files of the VM (disks, checkpoints, configuration) to one volume, or back it up crash-consistently.",
          step: "Snapshot"
        });
      }
    }
  }
  assertOutsideCluster(inv, state, server) {
    const volume = inv.volumes.find((v) => v.id === state.volumeId);
    if (!volume || volume.kind !== "csv") return;
    const cluster = inv.clusters.find((c) => c.id === volume.clusterId);
    if (cluster?.nodeIds.includes(server.id)) {
      throw winError(WinCode.ImportOnClusterNode, `${server.name} is a node of cluster ${cluster.name}; a transportable snapshot of its CSV ${volume.displayPath} must be imported outside the cluster.`, {
        hint: "Use an off-host proxy that is not a node of this cluster (duplicate disk signatures break the cluster).",
        server: server.name,
        step: "Import"
      });
    }
  }
  createdSnapshot(state) {
    const provider = this.win?.hosts.find((h) => h.id === state.hostId)?.hardwareProvider;
    return {
      snapshotId: state.snapshotId,
      shadowIds: [...state.shadowIds],
      provider: provider ? `${provider.name} ${provider.id}` : state.providerId,
      metadataRef: formatMetadataRef(state.hostId, state.paths.cab)
    };
  }
  async stateOf(snap) {
    const state = this.registry.get(snap.snapshotId) ?? await this.recover(snap.snapshotId, parseMetadataRef(snap.metadataRef)?.hostId);
    if (!state || state.deleted) {
      throw winError(WinCode.UnknownSnapshot, `Snapshot ${snap.snapshotId} is not known on any server.`, {
        hint: "It was deleted or never created; take a new snapshot."
      });
    }
    return state;
  }
  /** After a restart: rebuild a snapshot's state from the records on the servers. */
  async recover(snapshotId, hostHint) {
    const state = stateFromRecords(snapshotId, await this.scanRecords(hostHint), this.workRoot);
    return state ? this.registry.put(state) : void 0;
  }
  async scanRecords(firstServer) {
    const all = this.directory.all();
    const targets = firstServer ? [this.directory.target(firstServer), ...all.filter((t) => t.id !== firstServer)] : all;
    const out = [];
    for (const target of targets) {
      try {
        out.push({ target, records: parseFolderRecords(await this.run.ps(target, "Leftover scan", listFerryRecordsPs({ snapshotsRoot: snapshotsRoot(this.workRoot) }), this.timeouts.commandMs)) });
      } catch {
      }
    }
    return out;
  }
  deleteTarget(state) {
    if (state.setId) return { setId: state.setId };
    const ids = [.../* @__PURE__ */ new Set([...state.shadowIds, ...state.importedShadowIds])];
    return ids.length > 0 ? { shadowIds: ids } : null;
  }
  /** `delete shadows` on one server; true when something was deleted, false when it was not there. */
  async deleteShadows(server, state, target, log) {
    const t = await this.run.dsh(server, "Delete", deleteShadowsScript({ label: `snapshot ${state.snapshotId}`, target }), this.timeouts.commandMs);
    const failure = t.failures[0];
    if (failure && !isObjectNotFound(failure)) throw vssFailureError("Delete", server.name, failure);
    const deleted = t.deletedCount ?? 0;
    log("info", deleted > 0 ? `${server.name}: deleted ${deleted} shadow copy(ies) of snapshot ${state.snapshotId}` : `${server.name}: no shadow copy of snapshot ${state.snapshotId} left`);
    return deleted > 0;
  }
  async releaseHost(state, log) {
    const host2 = this.directory.target(state.hostId);
    if (!state.session) {
      await this.run.ps(host2, "Release snapshot", signalGatePs({ dir: state.paths.dir, flagPath: state.paths.releaseFlag, flag: "release" }), this.timeouts.commandMs);
      return;
    }
    if (state.session.end) return;
    const end = await state.session.release(this.timeouts.releaseMs);
    if (!end) {
      log("warning", `${host2.name}: DiskShadow did not finish "end backup" in time; stopping it`);
      await state.session.abort(this.timeouts.abortMs);
      return;
    }
    if (end.kind === "failed") {
      log("warning", `${host2.name}: the host session ended with an error before BackupComplete: ${FerryError.from(end.error).message}`);
      return;
    }
    const t = parseDiskShadow(end.result.stdout);
    const failure = failureAfter(t, "end backup");
    if (failure) {
      log("warning", `${host2.name}: "end backup" failed (${vssFailureError("End backup", host2.name, failure).message}); the VMs' backup state was not marked complete`);
    } else {
      log("info", `${host2.name}: backup completed (BackupComplete sent, VSS session closed)`);
    }
  }
  async abortSession(state, log) {
    if (!state.session) return;
    const end = await state.session.abort(this.timeouts.abortMs);
    if (end.kind === "exited") this.adoptIds(state, parseDiskShadow(end.result.stdout));
    log("warning", `${this.directory.target(state.hostId).name}: snapshot session aborted${state.shadowIds.length ? `; shadow copy ${state.shadowIds.join(", ")} will be deleted` : ""}`);
  }
  /** Ids printed by `create` (readable once DiskShadow has exited), kept so cleanup can target them. */
  adoptIds(state, t) {
    const shadowId = t.aliases[state.alias];
    if (shadowId && !state.shadowIds.includes(shadowId)) state.shadowIds = [...state.shadowIds, shadowId];
    state.setId ??= t.shadowSetId;
  }
  sessionEndedError(state, end, hostName) {
    if (end.kind === "failed") return FerryError.from(end.error);
    const t = parseDiskShadow(end.result.stdout);
    this.adoptIds(state, t);
    if (t.failures.length > 0) return vssFailureError("Snapshot", hostName, t.failures[0]);
    return winError(WinCode.SessionEnded, `${hostName}: DiskShadow ended before the snapshot was reported (exit code ${end.result.exitCode}).`, {
      hint: "Keep the DiskShadow transcript for support; check that the gate script in the Ferry work folder can run (cmd.exe, antivirus).",
      server: hostName,
      step: "Snapshot",
      shadowIds: state.shadowIds
    });
  }
  isoNow() {
    return new Date(this.clock.now()).toISOString();
  }
};
function failureAfter(t, command) {
  return t.failures.find((f) => f.command?.toLowerCase() === command);
}
function hintOf(e) {
  const d = e.details;
  return d && typeof d === "object" && "hint" in d && typeof d.hint === "string" ? d.hint : void 0;
}
function describeMount(state) {
  return state === "absent" ? "no mount folder" : state === "not-empty" ? "the folder holds files, nothing mounted" : "empty folder";
}

// src-main/engine/platform/windows/local-executor.ts
import { randomBytes as randomBytes3 } from "node:crypto";
import { rm as rm2, writeFile as writeFile2 } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as join6 } from "node:path";

// src-main/engine/platform/windows/executor.ts
function describeTarget(cmd) {
  return `${cmd.program} on ${cmd.server ?? "this machine"}`;
}

// src-main/engine/platform/windows/process-runner.ts
import { spawn as spawn2 } from "node:child_process";
import { StringDecoder } from "node:string_decoder";
var MAX_OUTPUT_BYTES = 64 * 1024 * 1024;
var TAIL_CHARS = 4e3;
var NodeProcessRunner = class {
  constructor(os2 = process.platform) {
    this.os = os2;
  }
  os;
  run(spec) {
    return new Promise((resolve4, reject) => {
      if (spec.signal?.aborted) {
        reject(cancelled(spec.label, ""));
        return;
      }
      const child = spawn2(spec.file, spec.args, {
        stdio: ["pipe", "pipe", "pipe"],
        windowsHide: true,
        // own process group on POSIX so the whole tree can be killed with one signal
        detached: this.os !== "win32",
        env: spec.env ? { ...process.env, ...spec.env } : process.env
      });
      const out = new StringDecoder("utf8");
      const err = new StringDecoder("utf8");
      let stdout = "";
      let stderr = "";
      let bytes = 0;
      let stopReason = null;
      let settled = false;
      const stop = (reason) => {
        if (stopReason) return;
        stopReason = reason;
        killTree(child.pid, this.os);
      };
      const timer = setTimeout(() => stop("timeout"), spec.timeoutMs);
      const onAbort = () => stop("abort");
      spec.signal?.addEventListener("abort", onAbort, { once: true });
      const settle = (fn) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        spec.signal?.removeEventListener("abort", onAbort);
        fn();
      };
      const count = (chunk) => {
        bytes += chunk.length;
        if (bytes > MAX_OUTPUT_BYTES) stop("output");
      };
      child.stdout.on("data", (chunk) => {
        count(chunk);
        stdout += out.write(chunk);
      });
      child.stderr.on("data", (chunk) => {
        count(chunk);
        stderr += err.write(chunk);
      });
      child.stdin.on("error", () => void 0);
      child.on(
        "error",
        (e) => settle(
          () => reject(
            new FerryError(WinCode.ExecFailed, `Could not start ${spec.label}: ${e.message}`, {
              hint: `Check that ${spec.file} exists on this machine and can be run by the console's account.`
            })
          )
        )
      );
      child.on(
        "close",
        (code, signal) => settle(() => {
          stdout += out.end();
          stderr += err.end();
          if (stopReason === "abort") reject(cancelled(spec.label, stdout));
          else if (stopReason === "timeout") {
            reject(
              new FerryError(WinCode.ExecTimeout, `${spec.label} did not finish within ${Math.round(spec.timeoutMs / 1e3)} s and was stopped.`, {
                hint: "The server may be overloaded or a VSS writer hangs; check the server, then retry.",
                stdoutTail: stdout.slice(-TAIL_CHARS)
              })
            );
          } else if (stopReason === "output") {
            reject(new FerryError(WinCode.OutputTooLarge, `${spec.label} printed more than ${MAX_OUTPUT_BYTES} bytes and was stopped.`, { hint: "Report this with the script that was run." }));
          } else resolve4({ exitCode: code ?? (signal ? 128 : -1), stdout, stderr });
        })
      );
      child.stdin.end(spec.stdin ?? "");
    });
  }
};
function cancelled(label, stdout) {
  return new FerryError(ErrorCode.Cancelled, `${label} was cancelled.`, { hint: "Cancelled on request.", stdoutTail: stdout.slice(-TAIL_CHARS) });
}
function killTree(pid, os2) {
  if (pid === void 0) return;
  try {
    if (os2 === "win32") {
      spawn2("taskkill", ["/pid", String(pid), "/T", "/F"], { windowsHide: true, stdio: "ignore" }).on("error", () => void 0);
    } else {
      process.kill(-pid, "SIGKILL");
    }
  } catch {
  }
}

// src-main/engine/platform/windows/local-executor.ts
var POWERSHELL_ARGS = ["-NoProfile", "-NonInteractive", "-Command", "-"];
function powershellBootstrap(script) {
  const payload = Buffer.from(script, "utf8").toString("base64");
  const transport = "System.Management.Automation.Remoting.PSRemotingTransportException";
  return [
    "try { [Console]::OutputEncoding = [Text.Encoding]::UTF8 } catch {};",
    `try { & ([scriptblock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${payload}')))); exit 0 }`,
    "catch { $ferryE = $_.Exception;",
    `while ($ferryE -and -not ($ferryE -is [${transport}]) -and $ferryE.InnerException) { $ferryE = $ferryE.InnerException };`,
    `if ($ferryE -is [${transport}]) { [Console]::Error.WriteLine('FERRY_REMOTING_ERROR:' + $ferryE.ErrorCode + ':' + ($ferryE.Message -replace '\\s+', ' ')) }`,
    "else { [Console]::Error.WriteLine('FERRY_ERROR: ' + ($_.Exception.Message -replace '\\s+', ' ')) };",
    "exit 1 }"
  ].join(" ") + "\r\n";
}
var LocalExecutor = class {
  runner;
  powershellExe;
  diskshadowExe;
  tempDir;
  constructor(options = {}) {
    this.runner = options.runner ?? new NodeProcessRunner();
    this.powershellExe = options.powershellExe ?? "powershell.exe";
    this.diskshadowExe = options.diskshadowExe ?? "diskshadow.exe";
    this.tempDir = options.tempDir ?? tmpdir();
  }
  async run(cmd) {
    if (cmd.server !== void 0) throw new Error(`LocalExecutor cannot run on ${cmd.server}; use RemoteExecutor`);
    const label = describeTarget(cmd);
    if (cmd.program === "powershell") {
      return this.runner.run({
        file: this.powershellExe,
        args: POWERSHELL_ARGS,
        stdin: powershellBootstrap(cmd.script),
        timeoutMs: cmd.timeoutMs,
        signal: cmd.signal,
        label
      });
    }
    const file = join6(this.tempDir, `ferry-${randomBytes3(8).toString("hex")}.dsh`);
    try {
      await writeFile2(file, toCrlf(cmd.script), { encoding: "latin1", mode: 384 });
      return await this.runner.run({ file: this.diskshadowExe, args: ["/s", file], timeoutMs: cmd.timeoutMs, signal: cmd.signal, label });
    } finally {
      await rm2(file, { force: true });
    }
  }
};
function toCrlf(text) {
  return text.replace(/\r?\n/g, CRLF);
}

// src-main/engine/platform/windows/remote-executor.ts
var CRED_USER_ENV = "FERRY_CRED_USER";
var CRED_SECRET_ENV = "FERRY_CRED_SECRET";
var EXIT_MARKER = "FERRY_EXIT_CODE=";
function remoteWrapperScript(p) {
  const payload = Buffer.from(p.program === "diskshadow" ? toCrlf(p.script) : p.script, "utf8").toString("base64");
  const lines = [
    "$ErrorActionPreference = 'Stop'",
    `$ferryPayload = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${payload}'))`,
    `$ferryParams = @{ ComputerName = ${psq(p.server)}; ErrorAction = 'Stop' }`
  ];
  if (p.authentication) lines.push(`$ferryParams.Authentication = ${psq(p.authentication)}`);
  if (p.useSsl) lines.push("$ferryParams.UseSSL = $true");
  if (p.port) lines.push(`$ferryParams.Port = ${Math.trunc(p.port)}`);
  if (p.withCredential) {
    lines.push(
      `$ferrySecure = ConvertTo-SecureString -String $env:${CRED_SECRET_ENV} -AsPlainText -Force`,
      `$ferryParams.Credential = New-Object System.Management.Automation.PSCredential($env:${CRED_USER_ENV}, $ferrySecure)`,
      `Remove-Item -LiteralPath Env:${CRED_SECRET_ENV}, Env:${CRED_USER_ENV} -ErrorAction SilentlyContinue`
    );
  }
  if (p.program === "powershell") {
    lines.push("Invoke-Command @ferryParams -ArgumentList $ferryPayload -ScriptBlock { param($ferryScript) & ([scriptblock]::Create($ferryScript)) }");
  } else {
    lines.push(
      "Invoke-Command @ferryParams -ArgumentList $ferryPayload -ScriptBlock {",
      "  param($ferryDsh)",
      "  $ErrorActionPreference = 'Continue'",
      "  $file = Join-Path $env:TEMP ('ferry-' + [guid]::NewGuid().ToString('N') + '.dsh')",
      "  try {",
      "    [IO.File]::WriteAllText($file, $ferryDsh, [Text.Encoding]::ASCII)",
      "    & (Join-Path $env:SystemRoot 'System32\\diskshadow.exe') /s $file 2>&1 | ForEach-Object { [string]$_ }",
      `    '${EXIT_MARKER}' + $LASTEXITCODE`,
      "  } finally { Remove-Item -LiteralPath $file -Force -ErrorAction SilentlyContinue }",
      "}"
    );
  }
  return lines.join("\n") + "\n";
}
var RemoteExecutor = class {
  constructor(options) {
    this.options = options;
    this.runner = options.runner ?? new NodeProcessRunner();
    this.local = options.local ?? new LocalExecutor({ runner: this.runner, powershellExe: options.powershellExe });
  }
  options;
  runner;
  local;
  async run(cmd) {
    if (cmd.server === void 0) return this.local.run(cmd);
    const credential = await this.credentialFor(cmd.server);
    const wrapper = remoteWrapperScript({
      server: cmd.server,
      program: cmd.program,
      script: cmd.script,
      withCredential: credential !== null,
      authentication: this.options.authentication,
      useSsl: this.options.useSsl,
      port: this.options.port
    });
    const result = await this.runner.run({
      file: this.options.powershellExe ?? "powershell.exe",
      args: POWERSHELL_ARGS,
      stdin: powershellBootstrap(wrapper),
      env: credential ? { [CRED_USER_ENV]: credential.user, [CRED_SECRET_ENV]: credential.secret } : void 0,
      timeoutMs: cmd.timeoutMs,
      signal: cmd.signal,
      label: describeTarget(cmd)
    });
    const masked = mask(result, credential);
    return cmd.program === "diskshadow" ? takeExitMarker(masked) : masked;
  }
  async credentialFor(server) {
    try {
      return await this.options.credentials.get(server);
    } catch {
      throw new FerryError(WinCode.Credentials, `No usable credentials for ${server}.`, {
        hint: "Store credentials for this server in the console (an account in its local Administrators group), or run the console as such an account.",
        server
      });
    }
  }
};
function mask(result, credential) {
  const secret = credential?.secret;
  if (!secret) return result;
  const hide = (s) => s.split(secret).join("***");
  return { exitCode: result.exitCode, stdout: hide(result.stdout), stderr: hide(result.stderr) };
}
function takeExitMarker(result) {
  const lines = result.stdout.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = new RegExp(`^${EXIT_MARKER}(-?\\d+)\\s*$`).exec(lines[i].trim());
    if (m) {
      lines.splice(i, 1);
      return { exitCode: result.exitCode === 0 ? Number(m[1]) : result.exitCode, stdout: lines.join("\n"), stderr: result.stderr };
    }
  }
  return result;
}

// src-main/engine/platform/windows/secret-credentials.ts
import { z as z6 } from "zod";
var StoredCredential = z6.object({ user: z6.string().min(1), secret: z6.string().min(1) }).strict();
var SecretCredentials = class {
  constructor(secrets, names = {}) {
    this.secrets = secrets;
    this.names = names;
  }
  secrets;
  names;
  async get(server) {
    const name = this.nameFor(server);
    if (!name) return null;
    const text = await this.secrets.get(name);
    if (text === null) {
      throw new FerryError(WinCode.Credentials, `The credential "${name}" for ${server} is not in Ferry's secret store.`, {
        hint: `Store it under that name as {"user": "DOMAIN\\\\account", "secret": "\u2026"}, or remove the reference from platform.json to use Ferry's own Windows identity.`,
        server
      });
    }
    try {
      return StoredCredential.parse(JSON.parse(text));
    } catch {
      throw new FerryError(WinCode.Credentials, `The credential "${name}" for ${server} is not {"user": \u2026, "secret": \u2026}.`, {
        hint: "Store it again in that form.",
        server
      });
    }
  }
  nameFor(server) {
    const key = server.toLowerCase();
    const own = Object.entries(this.names.servers ?? {}).find(([name]) => name.toLowerCase() === key);
    return own?.[1] ?? this.names.default;
  }
};

// src-main/engine/platform/create-platform.ts
var PLATFORM_KINDS = ["lab", "windows"];
async function createPlatform(choice2) {
  const kind = choice2.kind ?? "lab";
  if (kind === "windows") return { platform: windowsPlatform(choice2), lab: null, labCreatedNow: false };
  mkdirSync2(choice2.dataDir, { recursive: true });
  const labCreatedNow = await ensureLab(choice2.dataDir);
  const lab = new LabPlatform(choice2.dataDir, new LabAgents(choice2.dataDir, choice2.secrets, choice2.labAgentCommand ?? null), { stepDelayMs: choice2.labStepDelayMs ?? 0 });
  return { platform: lab, lab, labCreatedNow };
}
function windowsPlatform(choice2) {
  const os2 = choice2.os ?? process.platform;
  if (os2 !== "win32") {
    throw new FerryError(ErrorCode.InvalidParams, `The windows platform needs Windows: it runs powershell.exe and diskshadow.exe and reaches the Hyper-V hosts over WinRM, and this machine runs ${os2}.`, {
      hint: "Run Ferry on a Windows machine in the hosts' domain, or use the lab platform here (--platform lab, the default)."
    });
  }
  const file = join7(choice2.dataDir, PLATFORM_CONFIG_FILE);
  const config = readPlatformConfig(choice2.dataDir)?.windows;
  if (!config) {
    throw new FerryError(ErrorCode.InvalidParams, `The windows platform needs ${file} with a "windows" section listing the Hyper-V hosts.`, {
      hint: 'Create it (format in the README, "Real Hyper-V: the windows platform"), then start Ferry again.'
    });
  }
  return new WindowsPlatform({
    executor: choice2.executor ?? windowsExecutor(config, choice2.secrets),
    hosts: config.hosts,
    servers: config.servers,
    localServerId: config.localServerId,
    workRoot: config.workRoot,
    timeouts: config.timeouts,
    pollIntervalMs: config.pollIntervalMs
  });
}
function windowsExecutor(config, secrets, runner) {
  return new RemoteExecutor({ ...config.winrm, credentials: new SecretCredentials(secrets, config.credentials), runner });
}

// src-main/engine/store/store.ts
import { DatabaseSync } from "node:sqlite";

// src-main/engine/store/schema.ts
var MIGRATIONS = [
  `CREATE TABLE config (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE proxies (id TEXT PRIMARY KEY, server_id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, doc TEXT NOT NULL);
   CREATE TABLE repositories (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
   CREATE TABLE jobs (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE, doc TEXT NOT NULL);
   CREATE TABLE sessions (id TEXT PRIMARY KEY, job_id TEXT NOT NULL, started_at TEXT NOT NULL, result TEXT NOT NULL, doc TEXT NOT NULL);
   CREATE INDEX sessions_job ON sessions(job_id, started_at);
   CREATE TABLE session_log (session_id TEXT NOT NULL, seq INTEGER NOT NULL, at TEXT NOT NULL, level TEXT NOT NULL, vm_id TEXT, text TEXT NOT NULL,
     PRIMARY KEY (session_id, seq));
   CREATE TABLE restore_points (id TEXT PRIMARY KEY, job_id TEXT NOT NULL, created_at TEXT NOT NULL, doc TEXT NOT NULL);
   CREATE INDEX restore_points_job ON restore_points(job_id, created_at);
   CREATE TABLE snapshot_ledger (snapshot_id TEXT PRIMARY KEY, session_id TEXT NOT NULL, volume_id TEXT NOT NULL, host_id TEXT NOT NULL,
     exposed_on TEXT, stage TEXT NOT NULL, shadow_ids TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);`
];
function migrate(db) {
  const current = Number(db.prepare("PRAGMA user_version").get().user_version);
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.exec("BEGIN");
    try {
      db.exec(MIGRATIONS[v]);
      db.exec(`PRAGMA user_version = ${v + 1}`);
      db.exec("COMMIT");
    } catch (e) {
      db.exec("ROLLBACK");
      throw e;
    }
  }
}

// src-main/engine/store/store.ts
var Store = class {
  db;
  constructor(path10) {
    this.db = new DatabaseSync(path10);
    this.db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;");
    migrate(this.db);
  }
  close() {
    this.db.close();
  }
  /** Runs fn in one transaction: all of it or nothing. */
  tx(fn) {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const r = fn();
      this.db.exec("COMMIT");
      return r;
    } catch (e) {
      this.db.exec("ROLLBACK");
      throw e;
    }
  }
  // ---------- config ----------
  getConfig(key) {
    const r = this.db.prepare("SELECT value FROM config WHERE key = ?").get(key);
    return r ? String(r.value) : null;
  }
  setConfig(key, value) {
    this.db.prepare("INSERT INTO config(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(key, value);
  }
  // ---------- proxies ----------
  listProxies() {
    return this.docs("SELECT doc FROM proxies ORDER BY name");
  }
  getProxy(id) {
    return this.doc("SELECT doc FROM proxies WHERE id = ?", id);
  }
  putProxy(p) {
    this.db.prepare("INSERT INTO proxies(id, server_id, name, doc) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc, name = excluded.name").run(p.id, p.serverId, p.name, JSON.stringify(p));
  }
  deleteProxy(id) {
    this.db.prepare("DELETE FROM proxies WHERE id = ?").run(id);
  }
  // ---------- repositories ----------
  listRepositories() {
    return this.docs("SELECT doc FROM repositories ORDER BY name");
  }
  getRepository(id) {
    return this.doc("SELECT doc FROM repositories WHERE id = ?", id);
  }
  putRepository(r) {
    this.db.prepare("INSERT INTO repositories(id, doc) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc").run(r.id, JSON.stringify(r));
  }
  // ---------- jobs ----------
  listJobs() {
    return this.docs("SELECT doc FROM jobs ORDER BY name COLLATE NOCASE");
  }
  getJob(id) {
    return this.doc("SELECT doc FROM jobs WHERE id = ?", id);
  }
  findJobByName(name) {
    return this.doc("SELECT doc FROM jobs WHERE name = ? COLLATE NOCASE", name);
  }
  putJob(j) {
    this.db.prepare("INSERT INTO jobs(id, name, doc) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc, name = excluded.name").run(j.id, j.spec.name, JSON.stringify(j));
  }
  deleteJob(id) {
    this.db.prepare("DELETE FROM jobs WHERE id = ?").run(id);
  }
  // ---------- sessions ----------
  putSession(s) {
    this.db.prepare(
      "INSERT INTO sessions(id, job_id, started_at, result, doc) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc, result = excluded.result"
    ).run(s.id, s.jobId, s.startedAt, s.result, JSON.stringify(s));
  }
  getSession(id) {
    return this.doc("SELECT doc FROM sessions WHERE id = ?", id);
  }
  listSessions(jobId, limit = 200) {
    return jobId ? this.docs("SELECT doc FROM sessions WHERE job_id = ? ORDER BY started_at DESC LIMIT ?", jobId, limit) : this.docs("SELECT doc FROM sessions ORDER BY started_at DESC LIMIT ?", limit);
  }
  listRunningSessions() {
    return this.docs("SELECT doc FROM sessions WHERE result = 'Running'");
  }
  appendLog(sessionId, line) {
    this.db.prepare("INSERT INTO session_log(session_id, seq, at, level, vm_id, text) VALUES (?, ?, ?, ?, ?, ?)").run(sessionId, line.seq, line.at, line.level, line.vmId, line.text);
  }
  getLog(sessionId) {
    const rows = this.db.prepare("SELECT seq, at, level, vm_id, text FROM session_log WHERE session_id = ? ORDER BY seq").all(sessionId);
    return rows.map((r) => ({
      seq: Number(r.seq),
      at: String(r.at),
      level: r.level,
      vmId: r.vm_id === null ? null : String(r.vm_id),
      text: String(r.text)
    }));
  }
  // ---------- restore points ----------
  putRestorePoint(p) {
    this.db.prepare("INSERT INTO restore_points(id, job_id, created_at, doc) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc").run(p.id, p.jobId, p.createdAt, JSON.stringify(p));
  }
  getRestorePoint(id) {
    return this.doc("SELECT doc FROM restore_points WHERE id = ?", id);
  }
  listRestorePoints(jobId) {
    return jobId ? this.docs("SELECT doc FROM restore_points WHERE job_id = ? ORDER BY created_at DESC", jobId) : this.docs("SELECT doc FROM restore_points ORDER BY created_at DESC");
  }
  // ---------- snapshot ledger ----------
  /** Written before the platform is asked to create anything, so a crash at any later point is recoverable. */
  ledgerInsert(row2) {
    this.db.prepare(
      "INSERT INTO snapshot_ledger(snapshot_id, session_id, volume_id, host_id, exposed_on, stage, shadow_ids, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ).run(row2.snapshotId, row2.sessionId, row2.volumeId, row2.hostId, row2.exposedOn, row2.stage, JSON.stringify(row2.shadowIds), row2.createdAt, row2.updatedAt);
  }
  ledgerUpdate(snapshotId, patch, at) {
    const cur = this.ledgerGet(snapshotId);
    if (!cur) return;
    const next = { ...cur, ...patch };
    this.db.prepare("UPDATE snapshot_ledger SET stage = ?, shadow_ids = ?, exposed_on = ?, updated_at = ? WHERE snapshot_id = ?").run(next.stage, JSON.stringify(next.shadowIds), next.exposedOn, at, snapshotId);
  }
  ledgerGet(snapshotId) {
    const r = this.db.prepare("SELECT * FROM snapshot_ledger WHERE snapshot_id = ?").get(snapshotId);
    return r ? toLedgerRow(r) : null;
  }
  /** Snapshots whose release was not confirmed: what start-up cleanup must deal with. */
  ledgerOpen() {
    return this.db.prepare("SELECT * FROM snapshot_ledger WHERE stage NOT IN ('deleted') ORDER BY created_at").all().map(toLedgerRow);
  }
  ledgerAll() {
    return this.db.prepare("SELECT * FROM snapshot_ledger ORDER BY created_at").all().map(toLedgerRow);
  }
  // ---------- helpers ----------
  doc(sql, ...args) {
    const r = this.db.prepare(sql).get(...args);
    return r ? JSON.parse(String(r.doc)) : null;
  }
  docs(sql, ...args) {
    return this.db.prepare(sql).all(...args).map((r) => JSON.parse(String(r.doc)));
  }
};
function toLedgerRow(r) {
  return {
    snapshotId: String(r.snapshot_id),
    sessionId: String(r.session_id),
    volumeId: String(r.volume_id),
    hostId: String(r.host_id),
    exposedOn: r.exposed_on === null ? null : String(r.exposed_on),
    stage: r.stage,
    shadowIds: JSON.parse(String(r.shadow_ids)),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at)
  };
}

// src-main/engine/repository/repo.ts
import path9 from "node:path";

// src-main/engine/repository/chunk-index.ts
import fs2 from "node:fs/promises";
import path3 from "node:path";

// src-main/engine/repository/fs-util.ts
import { randomBytes as randomBytes4 } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
function errnoCode(e) {
  return typeof e === "object" && e !== null && "code" in e && typeof e.code === "string" ? e.code : void 0;
}
function isNotFound(e) {
  return errnoCode(e) === "ENOENT";
}
function messageOf(e) {
  return e instanceof Error ? e.message : String(e);
}
function asWriteError(what, e) {
  if (e instanceof FerryError) return e;
  return new FerryError(ErrorCode.RepoWrite, `${what}: ${messageOf(e)}`);
}
function tempName(dir, hint) {
  return path.join(dir, `${hint}.${process.pid}.${randomBytes4(6).toString("hex")}.tmp`);
}
async function fsyncDir(dir) {
  let fh;
  try {
    fh = await fs.open(dir, "r");
    await fh.sync();
  } catch (e) {
    const code = errnoCode(e);
    if (code !== "EISDIR" && code !== "EPERM" && code !== "EINVAL" && code !== "EBADF") throw e;
  } finally {
    await fh?.close();
  }
}
async function writeFileAtomic2(target, data, tmpDir) {
  const tmp = tempName(tmpDir, path.basename(target));
  try {
    const fh = await fs.open(tmp, "wx");
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await fsyncDir(path.dirname(target));
}
async function readIfExists(file) {
  try {
    return await fs.readFile(file);
  } catch (e) {
    if (isNotFound(e)) return void 0;
    throw e;
  }
}
async function listDir(dir) {
  try {
    return await fs.readdir(dir);
  } catch (e) {
    if (isNotFound(e)) return [];
    throw e;
  }
}

// src-main/engine/repository/layout.ts
import path2 from "node:path";
var PACK_EXT = ".pack";
var PACK_INDEX_EXT = ".idx";
var MANIFEST_EXT = ".fmf";
var RepoLayout = class {
  constructor(root) {
    this.root = root;
  }
  root;
  get config() {
    return path2.join(this.root, "config.json");
  }
  get lock() {
    return path2.join(this.root, "lock");
  }
  get gcState() {
    return path2.join(this.root, "gc.json");
  }
  get packsDir() {
    return path2.join(this.root, "packs");
  }
  get pointsDir() {
    return path2.join(this.root, "points");
  }
  get manifestsDir() {
    return path2.join(this.root, "manifests");
  }
  /** Temp files live inside the repository so a rename into place never crosses file systems. */
  get tmpDir() {
    return path2.join(this.root, "tmp");
  }
  /** Every directory a fresh repository needs. */
  get dirs() {
    return [this.packsDir, this.pointsDir, this.manifestsDir, this.tmpDir];
  }
  /** Two-level fan-out keeps any one directory small. */
  packFanoutDir(packId) {
    return path2.join(this.packsDir, packId.slice(0, 2));
  }
  packFile(packId) {
    return path2.join(this.packFanoutDir(packId), packId + PACK_EXT);
  }
  packIndexFile(packId) {
    return path2.join(this.packFanoutDir(packId), packId + PACK_INDEX_EXT);
  }
  pointFile(pointId) {
    return path2.join(this.pointsDir, pointId + ".json");
  }
  pointManifestDir(pointId) {
    return path2.join(this.manifestsDir, pointId);
  }
  /** Manifests are named by position, so disk keys (which contain '/') never become path parts. */
  manifestFile(pointId, diskIndex) {
    return path2.join(this.pointManifestDir(pointId), `${diskIndex}${MANIFEST_EXT}`);
  }
};

// src-main/engine/repository/pack-format.ts
import { crc32 } from "node:zlib";

// src-main/engine/repository/codec.ts
import zlib from "node:zlib";
import { compressSync as lz4Compress, decompressFrameSync as lz4DecompressFrame, uncompressSync as lz4Uncompress } from "lz4-napi";
var CODECS = ["none", "lz4", "zstd"];
var CODEC_IDS = { none: 0, lz4: 1, zstd: 2 };
function isCodec(s) {
  return typeof s === "string" && CODECS.includes(s);
}
function codecId(codec) {
  return CODEC_IDS[codec];
}
function codecFromId(id) {
  return CODECS.find((c) => CODEC_IDS[c] === id);
}
var LZ4_FRAME_MAGIC = 407708164;
async function decompressChunk(stored, codec, rawLength) {
  let raw;
  switch (codec) {
    case "none":
      raw = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
      break;
    case "lz4": {
      const isFrame = stored.byteLength >= 4 && Buffer.from(stored.buffer, stored.byteOffset, 4).readUInt32LE(0) === LZ4_FRAME_MAGIC;
      raw = isFrame ? lz4DecompressFrame(asBuffer(stored)) : lz4Uncompress(stored);
      break;
    }
    case "zstd":
      raw = zlib.zstdDecompressSync(stored, { maxOutputLength: Math.max(1, rawLength) });
      break;
  }
  if (raw.byteLength !== rawLength) {
    throw new Error(`decompressed to ${raw.byteLength} bytes, expected ${rawLength}`);
  }
  return raw;
}
function asBuffer(b) {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

// src-main/engine/repository/hash.ts
import { createHash as createHash3 } from "node:crypto";
var CHUNK_HASH_RE = /^[0-9a-f]{64}$/;
function isChunkHash(s) {
  return typeof s === "string" && CHUNK_HASH_RE.test(s);
}
function sha256Hex(data) {
  return createHash3("sha256").update(data).digest("hex");
}
function sha256(data) {
  return createHash3("sha256").update(data).digest();
}

// src-main/engine/repository/pack-format.ts
var PACK_MAGIC = Buffer.from("FERRYPK1", "ascii");
var PACK_HEADER_BYTES = 16;
var RECORD_MAGIC = Buffer.from("FCHK", "ascii");
var RECORD_HEADER_BYTES = 56;
var INDEX_MAGIC = Buffer.from("FERRYIX1", "ascii");
var INDEX_HEADER_BYTES = 20;
var INDEX_ENTRY_BYTES = 52;
var TRAILER_BYTES = 32;
var MAX_CHUNK_BYTES = 4294967295;
function packHeader() {
  const b = Buffer.alloc(PACK_HEADER_BYTES);
  PACK_MAGIC.copy(b, 0);
  return b;
}
function encodeRecordHeader(hash, stored, codec, rawLength) {
  const h = Buffer.alloc(RECORD_HEADER_BYTES);
  RECORD_MAGIC.copy(h, 0);
  Buffer.from(hash, "hex").copy(h, 4);
  h.writeUInt8(codecId(codec), 36);
  h.writeUInt32LE(rawLength, 40);
  h.writeUInt32LE(stored.byteLength, 44);
  h.writeUInt32LE(crc32(stored), 48);
  h.writeUInt32LE(crc32(h.subarray(0, 52)), 52);
  return h;
}
function recordAt(image, pos) {
  if (pos + RECORD_HEADER_BYTES > image.byteLength) return void 0;
  const h = image.subarray(pos, pos + RECORD_HEADER_BYTES);
  if (!h.subarray(0, 4).equals(RECORD_MAGIC) || h.readUInt32LE(52) !== crc32(h.subarray(0, 52))) return void 0;
  const codec = codecFromId(h.readUInt8(36));
  const storedLength = h.readUInt32LE(44);
  const end = pos + RECORD_HEADER_BYTES + storedLength;
  if (codec === void 0 || end > image.byteLength) return void 0;
  if (crc32(image.subarray(pos + RECORD_HEADER_BYTES, end)) !== h.readUInt32LE(48)) return void 0;
  return { hash: h.subarray(4, 36).toString("hex"), offset: pos, rawLength: h.readUInt32LE(40), storedLength, codec };
}
function scanPack(image) {
  const entries = [];
  if (image.byteLength < PACK_HEADER_BYTES || !image.subarray(0, 8).equals(PACK_MAGIC)) {
    return { entries, validBytes: 0 };
  }
  let pos = PACK_HEADER_BYTES;
  let validBytes = pos;
  while (pos + RECORD_HEADER_BYTES <= image.byteLength) {
    const entry = recordAt(image, pos);
    if (entry) {
      entries.push(entry);
      pos = validBytes = entry.offset + RECORD_HEADER_BYTES + entry.storedLength;
      continue;
    }
    const next = image.indexOf(RECORD_MAGIC, pos + 1);
    if (next < 0) break;
    pos = next;
  }
  return { entries, validBytes };
}
function encodePackIndex(entries, packBytes) {
  const body = Buffer.alloc(INDEX_HEADER_BYTES + entries.length * INDEX_ENTRY_BYTES);
  INDEX_MAGIC.copy(body, 0);
  body.writeUInt32LE(entries.length, 8);
  body.writeBigUInt64LE(BigInt(packBytes), 12);
  entries.forEach((e, i) => {
    const at = INDEX_HEADER_BYTES + i * INDEX_ENTRY_BYTES;
    Buffer.from(e.hash, "hex").copy(body, at);
    body.writeBigUInt64LE(BigInt(e.offset), at + 32);
    body.writeUInt32LE(e.rawLength, at + 40);
    body.writeUInt32LE(e.storedLength, at + 44);
    body.writeUInt8(codecId(e.codec), at + 48);
  });
  return Buffer.concat([body, sha256(body)]);
}
function decodePackIndex(buf) {
  if (buf.byteLength < INDEX_HEADER_BYTES + TRAILER_BYTES || !buf.subarray(0, 8).equals(INDEX_MAGIC)) return void 0;
  const body = buf.subarray(0, buf.byteLength - TRAILER_BYTES);
  if (!sha256(body).equals(buf.subarray(body.byteLength))) return void 0;
  const count = body.readUInt32LE(8);
  if (body.byteLength !== INDEX_HEADER_BYTES + count * INDEX_ENTRY_BYTES) return void 0;
  const entries = [];
  for (let i = 0; i < count; i++) {
    const at = INDEX_HEADER_BYTES + i * INDEX_ENTRY_BYTES;
    const codec = codecFromId(body.readUInt8(at + 48));
    if (codec === void 0) return void 0;
    entries.push({
      hash: body.subarray(at, at + 32).toString("hex"),
      offset: Number(body.readBigUInt64LE(at + 32)),
      rawLength: body.readUInt32LE(at + 40),
      storedLength: body.readUInt32LE(at + 44),
      codec
    });
  }
  return { entries, packBytes: Number(body.readBigUInt64LE(12)) };
}

// src-main/engine/repository/chunk-index.ts
var ChunkIndex = class {
  constructor(layout) {
    this.layout = layout;
  }
  layout;
  byHash = /* @__PURE__ */ new Map();
  packs = /* @__PURE__ */ new Map();
  get(hash) {
    return this.byHash.get(hash);
  }
  has(hash) {
    return this.byHash.has(hash);
  }
  get chunkCount() {
    return this.byHash.size;
  }
  packIds() {
    return [...this.packs.keys()];
  }
  pack(packId) {
    return this.packs.get(packId);
  }
  /**
   * Record a pack's entries. `preferThis`: point existing hashes at this pack (gc copies live chunks into
   * a new pack before deleting the old one, so the new copy must win).
   */
  setPack(packId, state, preferThis = false) {
    this.packs.set(packId, state);
    for (const entry of state.entries) this.addEntry(packId, entry, preferThis);
  }
  /** One chunk appended to the pack being written. */
  addEntry(packId, entry, preferThis = false) {
    if (preferThis || !this.byHash.has(entry.hash)) this.byHash.set(entry.hash, { packId, entry });
  }
  removePack(packId) {
    const state = this.packs.get(packId);
    if (!state) return;
    this.packs.delete(packId);
    for (const e of state.entries) {
      if (this.byHash.get(e.hash)?.packId === packId) this.byHash.delete(e.hash);
    }
  }
  /** Load every pack in the repository. */
  async load() {
    await this.refresh();
  }
  /**
   * Bring the index up to date with the directory: new packs are loaded, vanished ones dropped, and
   * packs that were unsealed are read again (another process may have appended to or sealed them).
   * `skip` = packs this process is writing itself.
   */
  async refresh(skip = /* @__PURE__ */ new Set()) {
    const onDisk = await this.listPackFiles();
    for (const packId of this.packIds()) {
      if (!onDisk.has(packId) && !skip.has(packId)) this.removePack(packId);
    }
    for (const [packId, files] of onDisk) {
      if (skip.has(packId)) continue;
      const known = this.packs.get(packId);
      if (known?.sealed) continue;
      if (!files.pack) continue;
      if (known && !files.index && await this.sizeOf(packId) === known.scannedBytes) continue;
      const state = await this.readPackState(packId, files.index);
      if (!state) continue;
      if (known) this.removePack(packId);
      this.setPack(packId, state);
    }
  }
  async readPackState(packId, hasIndexFile) {
    if (hasIndexFile) {
      const buf = await readIfExists(this.layout.packIndexFile(packId));
      const decoded = buf && decodePackIndex(buf);
      if (decoded) return { entries: decoded.entries, sealed: true, validBytes: decoded.packBytes };
    }
    const image = await readIfExists(this.layout.packFile(packId));
    if (!image) return void 0;
    const { entries, validBytes } = scanPack(image);
    return { entries, sealed: false, validBytes, scannedBytes: image.byteLength };
  }
  async sizeOf(packId) {
    try {
      return (await fs2.stat(this.layout.packFile(packId))).size;
    } catch (e) {
      if (isNotFound(e)) return void 0;
      throw e;
    }
  }
  async listPackFiles() {
    const found = /* @__PURE__ */ new Map();
    for (const fan of await listDir(this.layout.packsDir)) {
      let names;
      try {
        names = await fs2.readdir(path3.join(this.layout.packsDir, fan));
      } catch (e) {
        if (isNotFound(e) || errnoCode(e) === "ENOTDIR") continue;
        throw e;
      }
      for (const name of names) {
        const ext = name.endsWith(PACK_EXT) ? PACK_EXT : name.endsWith(PACK_INDEX_EXT) ? PACK_INDEX_EXT : void 0;
        if (!ext) continue;
        const packId = name.slice(0, -ext.length);
        const slot = found.get(packId) ?? { pack: false, index: false };
        if (ext === PACK_EXT) slot.pack = true;
        else slot.index = true;
        found.set(packId, slot);
      }
    }
    return found;
  }
};

// src-main/engine/repository/chunk-store.ts
var ChunkStore = class {
  constructor(index, reader) {
    this.index = index;
    this.reader = reader;
  }
  index;
  reader;
  /** Set while this process holds the write lock: then nobody else changes packs and a miss is a real miss. */
  authoritative = false;
  /** Packs this process is appending to; a refresh must not reload them from disk. */
  ownPacks = () => /* @__PURE__ */ new Set();
  has(hash) {
    return this.index.has(hash);
  }
  /** Location, looking at the directory again on a miss (another process may have written or repacked it). */
  async locate(hash) {
    const hit = this.index.get(hash);
    if (hit || this.authoritative) return hit;
    await this.index.refresh(this.ownPacks());
    return this.index.get(hash);
  }
  /** Read, decompress and re-hash one chunk; the problem is returned, not thrown (verify collects them). */
  async tryRead(hash) {
    let location = await this.locate(hash);
    for (let attempt = 0; ; attempt++) {
      if (!location) return { ok: false, reason: "chunk missing from repository" };
      let got;
      try {
        got = await this.reader.readStored(location.packId, location.entry);
      } catch (e) {
        if (isNotFound(e) && attempt === 0 && !this.authoritative) {
          await this.reader.drop(location.packId);
          await this.index.refresh(this.ownPacks());
          location = this.index.get(hash);
          continue;
        }
        return { ok: false, reason: isNotFound(e) ? `pack ${location.packId} missing` : `read error: ${messageOf(e)}` };
      }
      if ("problem" in got) return { ok: false, reason: got.problem };
      const { entry } = location;
      let data;
      try {
        data = await decompressChunk(got.stored, entry.codec, entry.rawLength);
      } catch (e) {
        return { ok: false, reason: `chunk cannot be decompressed (${entry.codec}): ${messageOf(e)}` };
      }
      if (sha256Hex(data) !== hash) return { ok: false, reason: "chunk content does not match its hash" };
      return { ok: true, data, location };
    }
  }
  /** Decompressed chunk bytes, verified against the hash; RepoCorrupt (or NotFound) otherwise. */
  async read(hash) {
    const got = await this.tryRead(hash);
    if (got.ok) return got.data;
    throw new FerryError(ErrorCode.RepoCorrupt, `Chunk ${hash}: ${got.reason}`, { hash });
  }
};

// src-main/engine/repository/gc.ts
import fs4 from "node:fs/promises";

// src-main/engine/repository/gc-state.ts
import { z as z7 } from "zod";
var GcState = z7.object({
  generation: z7.number().int().nonnegative(),
  phase: z7.enum(["mark", "sweep", "done"]),
  startedAt: z7.string(),
  finishedAt: z7.string().optional()
});
async function readGcState(layout) {
  const buf = await readIfExists(layout.gcState);
  if (!buf) return void 0;
  try {
    const parsed = GcState.safeParse(JSON.parse(buf.toString("utf8")));
    return parsed.success ? parsed.data : void 0;
  } catch {
    return void 0;
  }
}
async function writeGcState(layout, state) {
  await writeFileAtomic2(layout.gcState, JSON.stringify(state) + "\n", layout.tmpDir);
}

// src-main/engine/repository/pack-appender.ts
import { randomBytes as randomBytes5 } from "node:crypto";
import fs3 from "node:fs/promises";

// src-main/engine/repository/mutex.ts
var Mutex = class {
  tail = Promise.resolve();
  run(section) {
    const result = this.tail.then(section, section);
    this.tail = result.catch(() => void 0);
    return result;
  }
};

// src-main/engine/repository/pack-appender.ts
var DEFAULT_PACK_TARGET_BYTES = 64 * 1024 * 1024;
function newPackId() {
  return randomBytes5(16).toString("hex");
}
var PackAppender = class {
  constructor(layout, index, targetBytes = DEFAULT_PACK_TARGET_BYTES, mode = "dedupe") {
    this.layout = layout;
    this.index = index;
    this.targetBytes = targetBytes;
    this.mode = mode;
  }
  layout;
  index;
  targetBytes;
  mode;
  active;
  mutex = new Mutex();
  /** Pack ids being written by this process (readers must not rescan them as if abandoned). */
  get activePackId() {
    return this.active?.id;
  }
  /** Bytes appended (record header + payload), or 0 when the chunk is already stored. */
  append(hash, stored, codec, rawLength) {
    return this.mutex.run(async () => {
      if (this.mode === "dedupe" && this.index.has(hash)) return 0;
      const pack = this.active ?? await this.openNewPack();
      const header = encodeRecordHeader(hash, stored, codec, rawLength);
      const offset = pack.size;
      try {
        await pack.fh.writev([header, stored], offset);
      } catch (e) {
        await this.abandonAfterFailedWrite(pack, offset);
        throw asWriteError(`writing chunk ${hash} to pack ${pack.id}`, e);
      }
      const entry = { hash, offset, rawLength, storedLength: stored.byteLength, codec };
      pack.size += RECORD_HEADER_BYTES + stored.byteLength;
      pack.entries.push(entry);
      pack.dirty = true;
      this.index.addEntry(pack.id, entry, this.mode === "copy");
      if (pack.size >= this.targetBytes) await this.sealActive();
      return RECORD_HEADER_BYTES + stored.byteLength;
    });
  }
  /** Make every chunk appended so far durable (called before a point that may reference them commits). */
  flush() {
    return this.mutex.run(async () => {
      const pack = this.active;
      if (!pack) return;
      try {
        if (pack.dirty) await pack.fh.sync();
        if (pack.dirEntryDirty) await fsyncDir(this.layout.packFanoutDir(pack.id));
      } catch (e) {
        throw asWriteError(`flushing pack ${pack.id}`, e);
      }
      pack.dirty = false;
      pack.dirEntryDirty = false;
    });
  }
  /** Seal the active pack (if any); the next append starts a new one. */
  seal() {
    return this.mutex.run(() => this.sealActive());
  }
  /** Drop the open pack without sealing it: what a crash leaves behind (crash tests, failed gc). */
  async abandon() {
    const pack = this.active;
    this.active = void 0;
    await pack?.fh.close().catch(() => void 0);
  }
  async openNewPack() {
    const id = newPackId();
    try {
      await fs3.mkdir(this.layout.packFanoutDir(id), { recursive: true });
      const fh = await fs3.open(this.layout.packFile(id), "wx");
      await fh.write(packHeader(), 0, PACK_HEADER_BYTES, 0);
      this.active = { id, fh, size: PACK_HEADER_BYTES, entries: [], dirty: true, dirEntryDirty: true };
      this.index.setPack(id, { entries: [], sealed: false, validBytes: PACK_HEADER_BYTES });
      return this.active;
    } catch (e) {
      throw asWriteError(`creating pack ${id}`, e);
    }
  }
  async sealActive() {
    const pack = this.active;
    if (!pack) return;
    this.active = void 0;
    try {
      await pack.fh.sync();
      await pack.fh.close();
      await writeFileAtomic2(this.layout.packIndexFile(pack.id), encodePackIndex(pack.entries, pack.size), this.layout.tmpDir);
    } catch (e) {
      await pack.fh.close().catch(() => void 0);
      throw asWriteError(`sealing pack ${pack.id}`, e);
    }
    this.index.setPack(pack.id, { entries: pack.entries, sealed: true, validBytes: pack.size });
  }
  async abandonAfterFailedWrite(pack, goodSize) {
    try {
      await pack.fh.truncate(goodSize);
      await this.sealActive();
    } catch {
      await this.abandon();
    }
  }
};

// src-main/engine/repository/gc.ts
async function collectGarbage(ctx, options = {}) {
  const threshold = options.repackThreshold ?? 0.2;
  const previous = await readGcState(ctx.layout);
  const generation = (previous?.generation ?? 0) + 1;
  const startedAt = (/* @__PURE__ */ new Date()).toISOString();
  await writeGcState(ctx.layout, { generation, phase: "mark", startedAt });
  const { live, pointsScanned } = await markLive(ctx);
  await ctx.onStep?.("marked");
  await writeGcState(ctx.layout, { generation, phase: "sweep", startedAt });
  const report = {
    generation,
    pointsScanned,
    liveChunks: live.size,
    chunksRemoved: 0,
    packsDeleted: 0,
    packsRewritten: 0,
    bytesFreed: 0,
    packsSkipped: []
  };
  const copier = new PackAppender(ctx.layout, ctx.index, ctx.packTargetBytes, "copy");
  try {
    for (const packId of ctx.index.packIds()) await sweepPack(ctx, packId, live, threshold, copier, report);
    await copier.seal();
  } catch (e) {
    await copier.abandon();
    throw e;
  }
  await ctx.onStep?.("swept");
  await writeGcState(ctx.layout, { generation, phase: "done", startedAt, finishedAt: (/* @__PURE__ */ new Date()).toISOString() });
  return report;
}
async function markLive(ctx) {
  for (const id of await ctx.points.orphanManifestDirs()) await ctx.points.deleteManifests(id);
  const live = /* @__PURE__ */ new Set();
  const points = await ctx.points.list();
  for (const point of points) {
    for (const disk of point.disks) {
      let blocks;
      try {
        ({ blocks } = await ctx.points.readManifest(point, disk));
      } catch (e) {
        throw new FerryError(ErrorCode.RepoCorrupt, `gc stopped before deleting anything: ${messageOf(e)}`, { pointId: point.id });
      }
      for (const b of blocks) live.add(b.hash);
    }
  }
  return { live, pointsScanned: points.length };
}
async function sweepPack(ctx, packId, live, threshold, copier, report) {
  const state = ctx.index.pack(packId);
  if (!state) return;
  const isLive = (e) => live.has(e.hash) && ctx.index.get(e.hash)?.packId === packId;
  const keep = state.entries.filter(isLive);
  const liveBytes = keep.reduce((s, e) => s + RECORD_HEADER_BYTES + e.storedLength, 0);
  const size = await fileSize(ctx.layout.packFile(packId));
  if (keep.length > 0 && keep.length === state.entries.length) return;
  if (keep.length > 0) {
    if ((size - liveBytes) / Math.max(1, size) < threshold) return;
    const copies = [];
    for (const entry of keep) {
      const got = await ctx.reader.readStored(packId, entry);
      if ("problem" in got) {
        report.packsSkipped.push(packId);
        return;
      }
      copies.push({ entry, stored: got.stored });
    }
    for (const { entry, stored } of copies) await copier.append(entry.hash, stored, entry.codec, entry.rawLength);
    await copier.flush();
    await copier.seal();
    report.packsRewritten++;
    report.bytesFreed -= liveBytes;
    await ctx.onStep?.("pack-rewritten");
  } else {
    report.packsDeleted++;
  }
  report.chunksRemoved += state.entries.length - keep.length;
  report.bytesFreed += size + await fileSize(ctx.layout.packIndexFile(packId));
  await deletePack(ctx, packId);
  await ctx.onStep?.("pack-deleted");
}
async function deletePack(ctx, packId) {
  await ctx.reader.drop(packId);
  ctx.index.removePack(packId);
  const dir = ctx.layout.packFanoutDir(packId);
  await fs4.rm(ctx.layout.packIndexFile(packId), { force: true });
  await fsyncDir(dir);
  try {
    await fs4.rm(ctx.layout.packFile(packId), { force: true });
  } catch (e) {
    if (errnoCode(e) !== "EBUSY" && errnoCode(e) !== "EPERM") throw e;
  }
  await fsyncDir(dir);
}
async function fileSize(file) {
  try {
    return (await fs4.stat(file)).size;
  } catch {
    return 0;
  }
}

// src-main/engine/repository/config.ts
import { randomUUID as randomUUID3 } from "node:crypto";
import fs5 from "node:fs/promises";
import { z as z8 } from "zod";
var REPO_FORMAT = "ferry-repository";
var REPO_FORMAT_VERSION = 1;
var RepoConfig = z8.object({
  format: z8.literal(REPO_FORMAT),
  version: z8.number().int(),
  id: z8.string(),
  createdAt: z8.string()
});
async function readConfig(layout) {
  let text;
  try {
    const st = await fs5.stat(layout.root);
    if (!st.isDirectory()) throw new FerryError(ErrorCode.RepoMissing, `Not a Ferry repository: ${layout.root} is not a directory`);
    text = await fs5.readFile(layout.config, "utf8");
  } catch (e) {
    if (e instanceof FerryError) throw e;
    if (isNotFound(e)) throw new FerryError(ErrorCode.RepoMissing, `Not a Ferry repository: ${layout.root} (no config.json)`);
    throw new FerryError(ErrorCode.RepoCorrupt, `Cannot read repository config in ${layout.root}: ${messageOf(e)}`);
  }
  let parsed;
  try {
    parsed = RepoConfig.safeParse(JSON.parse(text));
  } catch (e) {
    throw new FerryError(ErrorCode.RepoCorrupt, `Repository config in ${layout.root} is not valid JSON: ${messageOf(e)}`);
  }
  if (!parsed.success) {
    throw new FerryError(ErrorCode.RepoCorrupt, `Repository config in ${layout.root} is not a Ferry repository config`);
  }
  if (parsed.data.version !== REPO_FORMAT_VERSION) {
    throw new FerryError(
      ErrorCode.RepoCorrupt,
      `Repository ${layout.root} has format version ${parsed.data.version}; this Ferry reads version ${REPO_FORMAT_VERSION} only`,
      { version: parsed.data.version, supported: REPO_FORMAT_VERSION }
    );
  }
  return parsed.data;
}
async function createRepoFiles(layout) {
  const existing = await listDir(layout.root).catch((e) => {
    throw new FerryError(ErrorCode.RepoWrite, `Cannot read ${layout.root}: ${messageOf(e)}`);
  });
  if (existing.includes("config.json")) {
    throw new FerryError(ErrorCode.RepoCorrupt, `${layout.root} is already a repository; open it instead of creating it`);
  }
  const ours = /* @__PURE__ */ new Set(["packs", "points", "manifests", "tmp"]);
  const foreign = existing.filter((n) => !ours.has(n));
  if (foreign.length > 0) {
    throw new FerryError(
      ErrorCode.RepoCorrupt,
      `Cannot create a repository in ${layout.root}: the directory is not empty (${foreign.slice(0, 3).join(", ")}${foreign.length > 3 ? ", \u2026" : ""})`
    );
  }
  const config = {
    format: REPO_FORMAT,
    version: REPO_FORMAT_VERSION,
    id: randomUUID3(),
    createdAt: (/* @__PURE__ */ new Date()).toISOString()
  };
  try {
    for (const dir of layout.dirs) await fs5.mkdir(dir, { recursive: true });
    await writeFileAtomic2(layout.config, JSON.stringify(config, null, 2) + "\n", layout.tmpDir);
  } catch (e) {
    throw new FerryError(ErrorCode.RepoWrite, `Cannot create repository in ${layout.root}: ${messageOf(e)}`);
  }
  return config;
}

// src-main/engine/repository/lock.ts
import { randomBytes as randomBytes6 } from "node:crypto";
import fs6 from "node:fs/promises";
import os from "node:os";
import path4 from "node:path";
import { z as z9 } from "zod";
var HEARTBEAT_MS = 6e4;
var LOCK_STALE_MS = 10 * 6e4;
var LockOwner = z9.object({ pid: z9.number().int(), hostname: z9.string(), token: z9.string(), acquiredAt: z9.string() });
function isPidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoCode(e) !== "ESRCH";
  }
}
function describe(owner) {
  return `pid ${owner.pid} on ${owner.hostname} since ${owner.acquiredAt}`;
}
var RepoLock = class _RepoLock {
  constructor(layout, owner) {
    this.layout = layout;
    this.owner = owner;
    this.heartbeat = setInterval(() => {
      const now = /* @__PURE__ */ new Date();
      fs6.utimes(layout.lock, now, now).catch(() => void 0);
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }
  layout;
  owner;
  heartbeat;
  static async acquire(layout) {
    const owner = {
      pid: process.pid,
      hostname: os.hostname(),
      token: randomBytes6(8).toString("hex"),
      acquiredAt: (/* @__PURE__ */ new Date()).toISOString()
    };
    for (let round = 0; round < 5; round++) {
      if (await tryCreate(layout, owner)) return new _RepoLock(layout, owner);
      const holder = await readOwner(layout);
      if (holder === "gone") continue;
      const abandoned = await lockAgeMs(layout) > LOCK_STALE_MS;
      if (holder === "unreadable") {
        if (!abandoned) {
          throw new FerryError(ErrorCode.RepoLocked, `Repository ${layout.root} has an unreadable lock file; remove ${layout.lock} if no backup is running`);
        }
        await takeOverStale(layout, void 0);
        continue;
      }
      const ownerDead = holder.hostname === owner.hostname && !isPidAlive(holder.pid);
      if (!ownerDead && !abandoned) {
        throw new FerryError(ErrorCode.RepoLocked, `Repository ${layout.root} is locked by ${describe(holder)}`, {
          pid: holder.pid,
          hostname: holder.hostname
        });
      }
      await takeOverStale(layout, holder);
    }
    throw new FerryError(ErrorCode.RepoLocked, `Repository ${layout.root}: could not take the lock (contended)`);
  }
  /** Stop the heartbeat but leave the file: what a crashed process leaves behind (tests). */
  abandon() {
    clearInterval(this.heartbeat);
  }
  /** Remove the lock if it is still ours. */
  async release() {
    clearInterval(this.heartbeat);
    const holder = await readOwner(this.layout);
    if (holder !== "gone" && holder !== "unreadable" && holder.token === this.owner.token) {
      await fs6.rm(this.layout.lock, { force: true });
    }
  }
};
async function tryCreate(layout, owner) {
  const tmp = tempName(layout.tmpDir, "lock");
  try {
    await fs6.writeFile(tmp, JSON.stringify(owner), { flag: "wx" });
    try {
      await fs6.link(tmp, layout.lock);
    } catch (e) {
      const code = errnoCode(e);
      if (code === "EEXIST") return false;
      if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EXDEV") throw e;
      try {
        await fs6.writeFile(layout.lock, JSON.stringify(owner), { flag: "wx" });
      } catch (e2) {
        if (errnoCode(e2) === "EEXIST") return false;
        throw e2;
      }
    }
    await fsyncDir(layout.root);
    return true;
  } catch (e) {
    throw new FerryError(ErrorCode.RepoWrite, `Cannot create lock file ${layout.lock}: ${messageOf(e)}`);
  } finally {
    await fs6.rm(tmp, { force: true });
  }
}
async function lockAgeMs(layout) {
  try {
    return Date.now() - (await fs6.stat(layout.lock)).mtimeMs;
  } catch {
    return 0;
  }
}
async function readOwner(layout) {
  const buf = await readIfExists(layout.lock);
  if (!buf) return "gone";
  try {
    const parsed = LockOwner.safeParse(JSON.parse(buf.toString("utf8")));
    return parsed.success ? parsed.data : "unreadable";
  } catch {
    return "unreadable";
  }
}
async function takeOverStale(layout, stale) {
  const aside = path4.join(layout.tmpDir, `stale-lock.${process.pid}.${randomBytes6(4).toString("hex")}`);
  try {
    await fs6.rename(layout.lock, aside);
  } catch (e) {
    if (isNotFound(e)) return;
    throw new FerryError(ErrorCode.RepoWrite, `Cannot remove stale lock ${layout.lock}: ${messageOf(e)}`);
  }
  const moved = await readIfExists(aside);
  let movedToken;
  try {
    movedToken = moved ? LockOwner.parse(JSON.parse(moved.toString("utf8"))).token : void 0;
  } catch {
    movedToken = void 0;
  }
  if (movedToken !== stale?.token) {
    await fs6.link(aside, layout.lock).catch(() => void 0);
    await fs6.rm(aside, { force: true });
    throw new FerryError(ErrorCode.RepoLocked, `Repository ${layout.root} was locked by another writer while taking over a stale lock`);
  }
  await fs6.rm(aside, { force: true });
}

// src-main/engine/repository/pack-reader.ts
import fs7 from "node:fs/promises";
import { crc32 as crc322 } from "node:zlib";
var MAX_OPEN_PACKS = 16;
var PackReader = class {
  constructor(layout) {
    this.layout = layout;
  }
  layout;
  open = /* @__PURE__ */ new Map();
  /** The stored (compressed) bytes of one record, or the problem that makes them unusable. ENOENT propagates. */
  async readStored(packId, entry) {
    const slot = await this.acquire(packId);
    try {
      const buf = Buffer.allocUnsafe(RECORD_HEADER_BYTES + entry.storedLength);
      const { bytesRead } = await slot.fh.read(buf, 0, buf.byteLength, entry.offset);
      if (bytesRead < buf.byteLength) return { problem: "pack file truncated" };
      const header = buf.subarray(0, RECORD_HEADER_BYTES);
      const headerIntact = header.readUInt32LE(52) === crc322(header.subarray(0, 52)) && header.subarray(4, 36).toString("hex") === entry.hash && header.readUInt32LE(44) === entry.storedLength;
      if (!headerIntact) return { problem: "record header damaged" };
      const stored = buf.subarray(RECORD_HEADER_BYTES);
      if (crc322(stored) !== header.readUInt32LE(48)) return { problem: "stored data damaged (checksum mismatch)" };
      return { stored };
    } finally {
      slot.users--;
    }
  }
  /** Close a pack's handle (before it is deleted, and on close). */
  async drop(packId) {
    const slot = this.open.get(packId);
    if (!slot) return;
    this.open.delete(packId);
    await slot.fh.close().catch(() => void 0);
  }
  async closeAll() {
    await Promise.all([...this.open.keys()].map((id) => this.drop(id)));
  }
  async acquire(packId) {
    let slot = this.open.get(packId);
    if (slot) {
      this.open.delete(packId);
      this.open.set(packId, slot);
      slot.users++;
      return slot;
    }
    const fh = await fs7.open(this.layout.packFile(packId), "r");
    slot = this.open.get(packId);
    if (slot) {
      await fh.close();
    } else {
      slot = { fh, users: 0 };
      this.open.set(packId, slot);
    }
    slot.users++;
    await this.evictIdle();
    return slot;
  }
  async evictIdle() {
    for (const [id, slot] of this.open) {
      if (this.open.size <= MAX_OPEN_PACKS) return;
      if (slot.users === 0) await this.drop(id);
    }
  }
};

// src-main/engine/repository/point-format.ts
import { randomBytes as randomBytes7 } from "node:crypto";
import { z as z10 } from "zod";
var POINT_FORMAT = "ferry-point";
var POINT_FORMAT_VERSION = 1;
var POINT_ID_RE = /^[0-9]{8}T[0-9]{9}Z-[0-9a-f]{8}$/;
var PointDiskRecord = z10.object({
  diskKey: z10.string(),
  virtualSize: z10.number().int().nonnegative(),
  storedBytes: z10.number().int().nonnegative(),
  sourcePath: z10.string(),
  /** manifest file name inside manifests/<pointId>/ */
  manifest: z10.string(),
  /** sha256 of the whole manifest file: a swapped or stale manifest is detected, not restored */
  manifestSha256: z10.string(),
  blockCount: z10.number().int().nonnegative()
});
var PointRecord = z10.object({
  format: z10.literal(POINT_FORMAT),
  version: z10.literal(POINT_FORMAT_VERSION),
  id: z10.string(),
  createdAt: z10.string(),
  labels: z10.record(z10.string(), z10.string()),
  disks: z10.array(PointDiskRecord)
});
function newPointId(at) {
  return `${at.toISOString().replace(/[-:.]/g, "")}-${randomBytes7(4).toString("hex")}`;
}
function isPointId(s) {
  return POINT_ID_RE.test(s);
}
function encodePoint(p) {
  const record = { format: POINT_FORMAT, version: POINT_FORMAT_VERSION, ...p };
  return JSON.stringify(record, null, 1) + "\n";
}
function decodePoint(text) {
  const parsed = PointRecord.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`not a valid point file: ${parsed.error.issues[0]?.message ?? "schema mismatch"}`);
  return parsed.data;
}
function toPointInfo(p) {
  return {
    id: p.id,
    createdAt: p.createdAt,
    labels: { ...p.labels },
    disks: p.disks.map((d) => ({ diskKey: d.diskKey, virtualSize: d.virtualSize, storedBytes: d.storedBytes, sourcePath: d.sourcePath }))
  };
}
function comparePoints(a, b) {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

// src-main/engine/repository/point-store.ts
import fs8 from "node:fs/promises";
import path5 from "node:path";

// src-main/engine/repository/manifest-format.ts
import { z as z11 } from "zod";
var MAGIC = Buffer.from("FERRYMF1", "ascii");
var ENTRY_BYTES = 44;
var TRAILER_BYTES2 = 32;
var ManifestHeader = z11.object({
  diskKey: z11.string(),
  virtualSize: z11.number().int().nonnegative(),
  blockSize: z11.number().int().positive(),
  sourcePath: z11.string(),
  blockCount: z11.number().int().nonnegative(),
  meta: z11.record(z11.string(), z11.unknown()).optional()
});
function encodeManifest(m) {
  const header = Buffer.from(
    JSON.stringify({
      diskKey: m.diskKey,
      virtualSize: m.virtualSize,
      blockSize: m.blockSize,
      sourcePath: m.sourcePath,
      blockCount: m.blocks.length,
      meta: m.meta
    }),
    "utf8"
  );
  const body = Buffer.alloc(MAGIC.byteLength + 4 + header.byteLength + m.blocks.length * ENTRY_BYTES);
  MAGIC.copy(body, 0);
  body.writeUInt32LE(header.byteLength, 8);
  header.copy(body, 12);
  let at = 12 + header.byteLength;
  for (const b of m.blocks) {
    body.writeBigUInt64LE(BigInt(b.offset), at);
    body.writeUInt32LE(b.length, at + 8);
    Buffer.from(b.hash, "hex").copy(body, at + 12);
    at += ENTRY_BYTES;
  }
  return Buffer.concat([body, sha256(body)]);
}
function decodeManifest(buf) {
  if (buf.byteLength < MAGIC.byteLength + 4 + TRAILER_BYTES2 || !buf.subarray(0, 8).equals(MAGIC)) {
    throw new Error("not a Ferry manifest");
  }
  const body = buf.subarray(0, buf.byteLength - TRAILER_BYTES2);
  if (!sha256(body).equals(buf.subarray(body.byteLength))) throw new Error("manifest checksum mismatch");
  const headerLen = body.readUInt32LE(8);
  if (12 + headerLen > body.byteLength) throw new Error("manifest header truncated");
  const parsed = ManifestHeader.safeParse(JSON.parse(body.subarray(12, 12 + headerLen).toString("utf8")));
  if (!parsed.success) throw new Error(`manifest header invalid: ${parsed.error.message}`);
  const h = parsed.data;
  let at = 12 + headerLen;
  if (body.byteLength - at !== h.blockCount * ENTRY_BYTES) throw new Error("manifest block table has the wrong size");
  const blocks = new Array(h.blockCount);
  for (let i = 0; i < h.blockCount; i++, at += ENTRY_BYTES) {
    blocks[i] = {
      offset: Number(body.readBigUInt64LE(at)),
      length: body.readUInt32LE(at + 8),
      hash: body.subarray(at + 12, at + 44).toString("hex")
    };
  }
  const manifest = {
    diskKey: h.diskKey,
    virtualSize: h.virtualSize,
    blockSize: h.blockSize,
    sourcePath: h.sourcePath,
    blocks
  };
  if (h.meta !== void 0) manifest.meta = h.meta;
  return manifest;
}

// src-main/engine/repository/point-store.ts
var PointStore = class {
  constructor(layout) {
    this.layout = layout;
  }
  layout;
  /** Committed points, oldest first. A damaged point file is an error, never silently skipped. */
  async list() {
    const names = await listDir(this.layout.pointsDir);
    const ids = names.filter((n) => n.endsWith(".json")).map((n) => n.slice(0, -".json".length)).filter(isPointId);
    const points = [];
    for (const id of ids) {
      const p = await this.tryGet(id);
      if (p) points.push(p);
    }
    return points.sort(comparePoints);
  }
  async get(id) {
    const p = isPointId(id) ? await this.tryGet(id) : void 0;
    if (!p) throw new FerryError(ErrorCode.NotFound, `Restore point ${id} not found`, { pointId: id });
    return p;
  }
  async exists(id) {
    return isPointId(id) && await this.tryGet(id) !== void 0;
  }
  async tryGet(id) {
    const file = this.layout.pointFile(id);
    let text;
    try {
      text = await fs8.readFile(file, "utf8");
    } catch (e) {
      if (isNotFound(e)) return void 0;
      throw new FerryError(ErrorCode.RepoCorrupt, `Cannot read point file ${file}: ${messageOf(e)}`);
    }
    let p;
    try {
      p = decodePoint(text);
    } catch (e) {
      throw new FerryError(ErrorCode.RepoCorrupt, `Point file ${file} is damaged: ${messageOf(e)}`, { pointId: id });
    }
    if (p.id !== id) throw new FerryError(ErrorCode.RepoCorrupt, `Point file ${file} holds point ${p.id}`, { pointId: id });
    return p;
  }
  /** The manifest of one disk, checked against the checksum the point file recorded. */
  async readManifest(point, disk) {
    const file = path5.join(this.layout.pointManifestDir(point.id), disk.manifest);
    const fail2 = (why) => new FerryError(ErrorCode.RepoCorrupt, `Manifest of disk ${disk.diskKey} in point ${point.id} ${why}`, {
      pointId: point.id,
      diskKey: disk.diskKey
    });
    if (path5.basename(disk.manifest) !== disk.manifest) throw fail2("has an invalid file name");
    let buf;
    try {
      buf = await fs8.readFile(file);
    } catch (e) {
      throw fail2(isNotFound(e) ? "is missing" : `cannot be read: ${messageOf(e)}`);
    }
    if (sha256(buf).toString("hex") !== disk.manifestSha256) throw fail2("does not match its checksum");
    let m;
    try {
      m = decodeManifest(buf);
    } catch (e) {
      throw fail2(`is damaged: ${messageOf(e)}`);
    }
    if (m.diskKey !== disk.diskKey) throw fail2(`names disk ${m.diskKey}`);
    return m;
  }
  /** Write one manifest of a point under construction (durable, but invisible until the point file exists). */
  async writeManifest(pointId, diskIndex, m) {
    const dir = this.layout.pointManifestDir(pointId);
    const file = this.layout.manifestFile(pointId, diskIndex);
    const bytes = encodeManifest(m);
    await fs8.mkdir(dir, { recursive: true });
    await fsyncDir(this.layout.manifestsDir);
    await writeFileAtomic2(file, bytes, this.layout.tmpDir);
    return { manifest: path5.basename(file), manifestSha256: sha256(bytes).toString("hex") };
  }
  /** The commit step: after this rename the point exists. Everything it references must already be durable. */
  async writePoint(p) {
    await writeFileAtomic2(this.layout.pointFile(p.id), encodePoint(p), this.layout.tmpDir);
  }
  /** Point file first (the point disappears atomically), then its manifests. */
  async deletePoint(id) {
    await fs8.rm(this.layout.pointFile(id), { force: true });
    await fsyncDir(this.layout.pointsDir);
    await this.deleteManifests(id);
  }
  async deleteManifests(id) {
    await fs8.rm(this.layout.pointManifestDir(id), { recursive: true, force: true });
  }
  /** Manifest directories with no point file: a commit or forget that did not finish. */
  async orphanManifestDirs() {
    const committed = new Set((await listDir(this.layout.pointsDir)).map((n) => n.replace(/\.json$/, "")));
    return (await listDir(this.layout.manifestsDir)).filter((id) => !committed.has(id));
  }
};

// src-main/engine/repository/manifest-validate.ts
var DISK_KEY_RE = /^[A-Za-z0-9._:/-]{1,200}$/;
function invalid(diskKey, why) {
  return new FerryError(ErrorCode.InvalidParams, `Disk manifest '${diskKey}': ${why}`);
}
function isCount(n) {
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
}
function validateManifestInput(m) {
  const key = String(m.diskKey);
  if (typeof m.diskKey !== "string" || !DISK_KEY_RE.test(m.diskKey)) {
    throw invalid(key, "diskKey must be 1-200 characters of [A-Za-z0-9._:/-]");
  }
  if (!isCount(m.virtualSize)) throw invalid(key, `virtualSize ${m.virtualSize} is not a non-negative integer`);
  if (!isCount(m.blockSize) || m.blockSize === 0) throw invalid(key, `blockSize ${m.blockSize} is not a positive integer`);
  if (typeof m.sourcePath !== "string") throw invalid(key, "sourcePath must be a string");
  if (m.meta !== void 0 && (typeof m.meta !== "object" || m.meta === null || Array.isArray(m.meta))) {
    throw invalid(key, "meta must be a plain object");
  }
  if (!Array.isArray(m.blocks)) throw invalid(key, "blocks must be an array");
  let end = 0;
  m.blocks.forEach((b, i) => {
    if (!isCount(b.offset)) throw invalid(key, `block ${i}: offset ${b.offset} is not a non-negative integer`);
    if (!isCount(b.length) || b.length === 0 || b.length > MAX_CHUNK_BYTES) {
      throw invalid(key, `block ${i}: length ${b.length} is out of range`);
    }
    if (b.offset < end) throw invalid(key, `block ${i} at offset ${b.offset} overlaps or is out of order`);
    end = b.offset + b.length;
    if (end > m.virtualSize) throw invalid(key, `block ${i} ends at ${end}, beyond virtualSize ${m.virtualSize}`);
    if (!isChunkHash(b.hash)) throw invalid(key, `block ${i}: hash is not lowercase hex SHA-256`);
  });
}

// src-main/engine/repository/types.ts
var PARENT_POINT_LABEL = "parentPointId";

// src-main/engine/repository/point-writer.ts
var RepoPointWriter = class {
  constructor(host2, labels, now = /* @__PURE__ */ new Date()) {
    this.host = host2;
    this.labels = labels;
    for (const [k, v] of Object.entries(labels)) {
      if (typeof v !== "string") throw new FerryError(ErrorCode.InvalidParams, `Label ${k} must be a string`);
    }
    this.labels = { ...labels };
    this.createdAt = now.toISOString();
    this.id = newPointId(now);
  }
  host;
  labels;
  id;
  createdAt;
  disks = [];
  diskKeys = /* @__PURE__ */ new Set();
  pendingAdds = /* @__PURE__ */ new Set();
  state = "open";
  committing = Promise.resolve();
  addDisk(m) {
    const add = this.doAddDisk(m);
    this.pendingAdds.add(add);
    return add.finally(() => this.pendingAdds.delete(add));
  }
  async doAddDisk(m) {
    this.expectOpen("add a disk to");
    validateManifestInput(m);
    if (this.diskKeys.has(m.diskKey)) {
      throw new FerryError(ErrorCode.InvalidParams, `Disk ${m.diskKey} was already added to point ${this.id}`);
    }
    this.diskKeys.add(m.diskKey);
    const slot = this.disks.length;
    this.disks.push(void 0);
    try {
      await this.host.ensureWritable();
      const storedBytes = this.checkChunksPresent(m);
      const written = await this.host.points.writeManifest(this.id, slot, m);
      this.disks[slot] = {
        diskKey: m.diskKey,
        virtualSize: m.virtualSize,
        storedBytes,
        sourcePath: m.sourcePath,
        blockCount: m.blocks.length,
        ...written
      };
    } catch (e) {
      this.diskKeys.delete(m.diskKey);
      throw asWriteError(`Adding disk ${m.diskKey} to point ${this.id}`, e);
    }
  }
  /** Every block must name a stored chunk of exactly its length; returns the disk's distinct stored bytes. */
  checkChunksPresent(m) {
    const seen = /* @__PURE__ */ new Set();
    let storedBytes = 0;
    for (const b of m.blocks) {
      if (seen.has(b.hash)) continue;
      seen.add(b.hash);
      const loc = this.host.chunks.index.get(b.hash);
      if (!loc) {
        throw new FerryError(ErrorCode.RepoWrite, `Disk ${m.diskKey}: block at ${b.offset} references chunk ${b.hash}, which is not stored`);
      }
      if (loc.entry.rawLength !== b.length) {
        throw new FerryError(
          ErrorCode.InvalidParams,
          `Disk ${m.diskKey}: block at ${b.offset} has length ${b.length} but chunk ${b.hash} holds ${loc.entry.rawLength} bytes`
        );
      }
      storedBytes += loc.entry.storedLength;
    }
    return storedBytes;
  }
  commit() {
    const run = this.doCommit();
    this.committing = run.catch(() => void 0);
    return run;
  }
  async doCommit() {
    this.expectOpen("commit");
    this.state = "committing";
    try {
      await Promise.all(this.pendingAdds);
      const disks = this.disks.filter((d) => d !== void 0);
      if (disks.length === 0) throw new FerryError(ErrorCode.InvalidParams, `Point ${this.id} has no disks`);
      await this.host.ensureWritable();
      const parent = this.labels[PARENT_POINT_LABEL];
      if (parent !== void 0 && !await this.host.points.exists(parent)) {
        throw new FerryError(ErrorCode.NotFound, `Parent point ${parent} of point ${this.id} does not exist`);
      }
      await this.host.flushChunks();
      await this.host.beforePointRename?.(this.id);
      const record = { id: this.id, createdAt: this.createdAt, labels: this.labels, disks };
      await this.host.points.writePoint(record);
      this.state = "committed";
      this.host.writerFinished(this);
      return toPointInfo(record);
    } catch (e) {
      if (this.state === "committing") this.state = "open";
      throw asWriteError(`Committing point ${this.id}`, e);
    }
  }
  async abort() {
    await this.committing;
    if (this.state === "committed" || this.state === "aborted") return;
    this.state = "aborted";
    await Promise.allSettled(this.pendingAdds);
    this.host.writerFinished(this);
    await this.host.points.deleteManifests(this.id).catch(() => void 0);
  }
  expectOpen(what) {
    if (this.state !== "open") {
      throw new FerryError(ErrorCode.InvalidParams, `Cannot ${what} point ${this.id}: it is ${this.state}`);
    }
  }
};

// src-main/engine/repository/recovery.ts
import fs9 from "node:fs/promises";
import path6 from "node:path";
async function recoverAfterCrash(layout, index, points) {
  await fs9.mkdir(layout.tmpDir, { recursive: true });
  for (const name of await listDir(layout.tmpDir)) {
    await fs9.rm(path6.join(layout.tmpDir, name), { recursive: true, force: true });
  }
  await index.refresh();
  for (const packId of index.packIds()) {
    const state = index.pack(packId);
    if (!state || state.sealed) continue;
    const fh = await fs9.open(layout.packFile(packId), "r+");
    try {
      await fh.truncate(state.validBytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await writeFileAtomic2(layout.packIndexFile(packId), encodePackIndex(state.entries, state.validBytes), layout.tmpDir);
    index.setPack(packId, { ...state, sealed: true });
  }
  for (const id of await points.orphanManifestDirs()) await points.deleteManifests(id);
}

// src-main/engine/repository/restore-raw.ts
import { randomBytes as randomBytes8 } from "node:crypto";
import fs10 from "node:fs/promises";
import path7 from "node:path";

// src-main/engine/repository/pipeline.ts
async function orderedPipeline(items, width, produce, consume) {
  const inFlight = [];
  let next = 0;
  const start = () => {
    const p = produce(items[next++]);
    p.catch(() => void 0);
    inFlight.push(p);
  };
  while (next < items.length && inFlight.length < width) start();
  for (let i = 0; i < items.length; i++) {
    const result = await inFlight.shift();
    if (next < items.length) start();
    await consume(result, items[i], i);
  }
}

// src-main/engine/repository/restore-raw.ts
var READ_AHEAD = 4;
async function copyBlocks(m, chunks, sink, onProgress) {
  const total = m.blocks.reduce((s, b) => s + b.length, 0);
  let done = 0;
  onProgress?.(0, total);
  await orderedPipeline(m.blocks, READ_AHEAD, (b) => chunks.read(b.hash), async (data, b) => {
    if (!isAllZero2(data)) await sink.write(b.offset, data);
    done += b.length;
    onProgress?.(done, total);
  });
}
async function restoreRawFile(m, chunks, outPath, onProgress) {
  const tmp = path7.join(path7.dirname(outPath), `.${path7.basename(outPath)}.ferry-restore-${randomBytes8(4).toString("hex")}`);
  let fh;
  try {
    fh = await fs10.open(tmp, "wx");
    await fh.truncate(m.virtualSize);
    const out = fh;
    await copyBlocks(m, chunks, { write: (offset, data) => writeFully(out, data, offset) }, onProgress);
    await fh.sync();
    await fh.close();
    fh = void 0;
    await fs10.rename(tmp, outPath);
    await fsyncDir(path7.dirname(outPath));
  } catch (e) {
    await fh?.close().catch(() => void 0);
    await fs10.rm(tmp, { force: true });
    if (e instanceof FerryError) throw e;
    throw new FerryError(ErrorCode.RepoWrite, `Cannot write restored disk ${m.diskKey} to ${outPath}: ${messageOf(e)}`);
  }
}
async function writeFully(fh, data, position) {
  let written = 0;
  while (written < data.byteLength) {
    const { bytesWritten } = await fh.write(data, written, data.byteLength - written, position + written);
    written += bytesWritten;
  }
}
var zeroBuffers = /* @__PURE__ */ new Map();
function isAllZero2(data) {
  let zeros2 = zeroBuffers.get(data.byteLength);
  if (!zeros2) {
    zeros2 = Buffer.alloc(data.byteLength);
    if (zeroBuffers.size < 8) zeroBuffers.set(data.byteLength, zeros2);
  }
  return data.equals(zeros2);
}

// src-main/engine/repository/restore-vhdx.ts
import { randomBytes as randomBytes9 } from "node:crypto";
import fs11 from "node:fs/promises";
import path8 from "node:path";

// src-main/engine/repository/sector-aligner.ts
var SectorAligner = class {
  constructor(out, sector) {
    this.out = out;
    this.sector = sector;
  }
  out;
  sector;
  pendingStart = 0;
  pending = [];
  pendingBytes = 0;
  async write(offset, data) {
    const pendingEnd = this.pendingStart + this.pendingBytes;
    if (this.pendingBytes > 0 && offset < this.alignUp(pendingEnd)) {
      if (offset < pendingEnd) throw new Error(`write at ${offset} goes backwards (pending data up to ${pendingEnd})`);
      this.push(Buffer.alloc(offset - pendingEnd));
    } else {
      await this.flushAll();
      this.pendingStart = offset - offset % this.sector;
      this.push(Buffer.alloc(offset - this.pendingStart));
    }
    this.push(data);
    await this.flushAlignedPrefix();
  }
  /** Emit whatever is pending, zero-padded to a whole sector. */
  async flushAll() {
    if (this.pendingBytes === 0) return;
    const padded = this.alignUp(this.pendingBytes) - this.pendingBytes;
    if (padded > 0) this.push(Buffer.alloc(padded));
    await this.emit(this.pendingBytes);
  }
  async flushAlignedPrefix() {
    const whole = this.pendingBytes - this.pendingBytes % this.sector;
    if (whole > 0) await this.emit(whole);
  }
  async emit(bytes) {
    const all = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    const rest = all.subarray(bytes);
    await this.out.write(this.pendingStart, all.subarray(0, bytes));
    this.pendingStart += bytes;
    this.pending = rest.byteLength > 0 ? [Buffer.from(rest)] : [];
    this.pendingBytes = rest.byteLength;
  }
  push(b) {
    if (b.byteLength === 0) return;
    this.pending.push(b);
    this.pendingBytes += b.byteLength;
  }
  alignUp(n) {
    return Math.ceil(n / this.sector) * this.sector;
  }
};

// src-main/engine/repository/restore-vhdx.ts
var MiB5 = 1024 * 1024;
function metaNumber(m, key) {
  const v = m.meta?.[key];
  return typeof v === "number" ? v : void 0;
}
function vhdxGeometry(m, opts) {
  const sectorOf = (n) => n === 512 || n === 4096 ? n : void 0;
  const logicalSectorSize = opts.logicalSectorSize ?? sectorOf(metaNumber(m, "logicalSectorSize")) ?? 512;
  const physicalSectorSize = opts.physicalSectorSize ?? sectorOf(metaNumber(m, "physicalSectorSize")) ?? logicalSectorSize;
  const blockSize = opts.blockSize ?? metaNumber(m, "vhdxBlockSize") ?? 32 * MiB5;
  return { blockSize, logicalSectorSize, physicalSectorSize };
}
async function restoreVhdxFile(m, chunks, outPath, opts = {}, onProgress) {
  const geometry = vhdxGeometry(m, opts);
  if (m.virtualSize === 0 || m.virtualSize % geometry.logicalSectorSize !== 0) {
    throw new FerryError(
      ErrorCode.DiskUnsupported,
      `Disk ${m.diskKey} (${m.virtualSize} bytes) cannot be a VHDX: the size must be a positive multiple of ${geometry.logicalSectorSize}-byte sectors; restore it raw`
    );
  }
  const tmp = path8.join(path8.dirname(outPath), `.${path8.basename(outPath)}.ferry-restore-${randomBytes9(4).toString("hex")}.vhdx`);
  let writer;
  try {
    await createDynamicVhdx(tmp, { virtualSize: m.virtualSize, ...geometry });
    writer = await VhdxWriter.open(tmp);
    const target = writer;
    const aligner = new SectorAligner({ write: (offset, data) => target.write(offset, data) }, geometry.logicalSectorSize);
    await copyBlocks(m, chunks, aligner, onProgress);
    await aligner.flushAll();
    await writer.close();
    writer = void 0;
    await syncFile(tmp);
    await fs11.rename(tmp, outPath);
    await fsyncDir(path8.dirname(outPath));
  } catch (e) {
    await writer?.close().catch(() => void 0);
    await fs11.rm(tmp, { force: true });
    if (e instanceof FerryError) throw e;
    throw new FerryError(ErrorCode.RepoWrite, `Cannot write restored disk ${m.diskKey} to ${outPath}: ${messageOf(e)}`);
  }
}
async function syncFile(file) {
  const fh = await fs11.open(file, "r+");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

// src-main/engine/repository/retention.ts
var DAY_MS = 24 * 60 * 60 * 1e3;
function pointsToForget(points, policy, now) {
  const { keepLast, keepDays, match = {} } = policy;
  if (keepLast === void 0 && keepDays === void 0) {
    throw new FerryError(ErrorCode.InvalidParams, "A retention policy needs keepLast and/or keepDays (refusing to forget every point)");
  }
  if (keepLast !== void 0 && !(Number.isSafeInteger(keepLast) && keepLast >= 0)) {
    throw new FerryError(ErrorCode.InvalidParams, `keepLast ${keepLast} must be a non-negative integer`);
  }
  if (keepDays !== void 0 && !(Number.isFinite(keepDays) && keepDays >= 0)) {
    throw new FerryError(ErrorCode.InvalidParams, `keepDays ${keepDays} must be a non-negative number`);
  }
  const inScope = points.filter((p) => Object.entries(match).every(([k, v]) => p.labels[k] === v)).sort(comparePoints);
  const keep = /* @__PURE__ */ new Set();
  if (keepLast !== void 0 && keepLast > 0) for (const p of inScope.slice(-keepLast)) keep.add(p.id);
  if (keepDays !== void 0) {
    const cutoff = now.getTime() - keepDays * DAY_MS;
    for (const p of inScope) if (Date.parse(p.createdAt) >= cutoff) keep.add(p.id);
  }
  return inScope.filter((p) => !keep.has(p.id));
}

// src-main/engine/repository/verify.ts
var READ_AHEAD2 = 4;
var DamageLog = class {
  byKey = /* @__PURE__ */ new Map();
  add(diskKey, offset, length, reason) {
    const key = `${diskKey}\0${reason}`;
    let entry = this.byKey.get(key);
    if (!entry) {
      entry = { diskKey, ranges: [], reason };
      this.byKey.set(key, entry);
    }
    const last = entry.ranges[entry.ranges.length - 1];
    if (last && last.offset + last.length === offset) last.length += length;
    else entry.ranges.push({ offset, length });
  }
  get all() {
    return [...this.byKey.values()];
  }
};
async function verifyPoint(point, points, chunks, onProgress) {
  const damage = new DamageLog();
  const manifests = [];
  for (const disk of point.disks) {
    try {
      manifests.push(await points.readManifest(point, disk));
    } catch (e) {
      damage.add(disk.diskKey, 0, disk.virtualSize, `manifest unreadable: ${messageOf(e)}`);
    }
  }
  const total = manifests.reduce((sum, m) => sum + m.blocks.reduce((s, b) => s + b.length, 0), 0);
  let done = 0;
  let chunksChecked = 0;
  let bytesChecked = 0;
  const verdicts = /* @__PURE__ */ new Map();
  const check = (b) => {
    let v = verdicts.get(b.hash);
    if (!v) {
      v = chunks.tryRead(b.hash).then((r) => {
        chunksChecked++;
        bytesChecked += b.length;
        return r.ok ? void 0 : r.reason;
      });
      verdicts.set(b.hash, v);
    }
    return v;
  };
  onProgress?.(0, total);
  for (const m of manifests) {
    await orderedPipeline(m.blocks, READ_AHEAD2, check, (problem, b) => {
      if (problem !== void 0) damage.add(m.diskKey, b.offset, b.length, problem);
      done += b.length;
      onProgress?.(done, total);
    });
  }
  const damaged = damage.all;
  return { ok: damaged.length === 0, pointId: point.id, chunksChecked, bytesChecked, damaged };
}

// src-main/engine/repository/repo.ts
var Repo = class _Repo {
  constructor(dir, layout, index, options) {
    this.dir = dir;
    this.layout = layout;
    this.index = index;
    this.options = options;
    this.reader = new PackReader(layout);
    this.chunks = new ChunkStore(index, this.reader);
    this.points = new PointStore(layout);
  }
  dir;
  layout;
  index;
  options;
  chunks;
  points;
  reader;
  session;
  openWriters = /* @__PURE__ */ new Set();
  putsInFlight = /* @__PURE__ */ new Set();
  /** forget/gc running in this process: backups wait for it to finish (RepoLocked meanwhile) */
  maintenance;
  closed = false;
  static async create(dir, options = {}) {
    const layout = new RepoLayout(path9.resolve(dir));
    await createRepoFiles(layout);
    return _Repo.open(dir, options);
  }
  static async open(dir, options = {}) {
    const layout = new RepoLayout(path9.resolve(dir));
    await readConfig(layout);
    const index = new ChunkIndex(layout);
    try {
      await index.load();
    } catch (e) {
      throw new FerryError(ErrorCode.RepoCorrupt, `Cannot load the chunk index of ${layout.root}: ${messageOf(e)}`);
    }
    return new _Repo(layout.root, layout, index, options);
  }
  static async openOrCreate(dir, options = {}) {
    try {
      return await _Repo.open(dir, options);
    } catch (e) {
      if (e instanceof FerryError && e.code === ErrorCode.RepoMissing) return _Repo.create(dir, options);
      throw e;
    }
  }
  // ---------- chunks ----------
  async hasChunk(hash) {
    return this.chunks.has(hash);
  }
  putChunk(hash, stored, codec, rawLength) {
    const put = this.doPutChunk(hash, stored, codec, rawLength);
    this.putsInFlight.add(put);
    void put.catch(() => void 0).finally(() => this.putsInFlight.delete(put));
    return put;
  }
  async doPutChunk(hash, stored, codec, rawLength) {
    this.expectOpen();
    this.expectNoMaintenance();
    validateChunkArgs(hash, stored, codec, rawLength);
    const session = await this.writeSession();
    this.expectNoMaintenance();
    if (this.chunks.has(hash)) return 0;
    if (this.options.verifyOnPut !== false) await checkChunkContent(hash, stored, codec, rawLength);
    return session.appender.append(hash, stored, codec, rawLength);
  }
  async readChunk(hash) {
    this.expectOpen();
    if (!isChunkHash(hash)) throw new FerryError(ErrorCode.InvalidParams, `Not a chunk hash: ${hash}`);
    if (!await this.chunks.locate(hash)) throw new FerryError(ErrorCode.NotFound, `Chunk ${hash} is not stored`, { hash });
    return this.chunks.read(hash);
  }
  // ---------- points ----------
  beginPoint(labels) {
    this.expectOpen();
    this.expectNoMaintenance();
    const writer = new RepoPointWriter(this.writerHost(), labels);
    this.openWriters.add(writer);
    return writer;
  }
  async listPoints() {
    this.expectOpen();
    return (await this.points.list()).map(toPointInfo);
  }
  async getPoint(id) {
    this.expectOpen();
    return toPointInfo(await this.points.get(id));
  }
  async readManifest(pointId, diskKey) {
    this.expectOpen();
    const { point, disk } = await this.findDisk(pointId, diskKey);
    return this.points.readManifest(point, disk);
  }
  async verify(pointId, onProgress) {
    this.expectOpen();
    return verifyPoint(await this.points.get(pointId), this.points, this.chunks, onProgress);
  }
  async restoreRaw(pointId, diskKey, outPath, onProgress) {
    this.expectOpen();
    const manifest = await this.readManifest(pointId, diskKey);
    await restoreRawFile(manifest, this.chunks, outPath, onProgress);
  }
  /** Restore one disk as a dynamic VHDX (sparse: only non-zero data is allocated); atomic like restoreRaw. */
  async restoreVhdx(pointId, diskKey, outPath, onProgress, options) {
    this.expectOpen();
    const manifest = await this.readManifest(pointId, diskKey);
    await restoreVhdxFile(manifest, this.chunks, outPath, options, onProgress);
  }
  // ---------- retention ----------
  /**
   * Forget the points the policy does not keep (point file first, so each disappears atomically).
   * Their chunks stay until gc(). Needs the write lock; refused while a point is being written.
   */
  forget(policy, now = /* @__PURE__ */ new Date()) {
    return this.exclusive("forget", async () => {
      const all = await this.points.list();
      const doomed = new Set(pointsToForget(all, policy, now).map((p) => p.id));
      for (const id of doomed) {
        await this.points.deletePoint(id);
        await this.options.faults?.afterForgetPoint?.(id);
      }
      return {
        removed: all.filter((p) => doomed.has(p.id)).map(toPointInfo),
        kept: all.filter((p) => !doomed.has(p.id)).map(toPointInfo)
      };
    });
  }
  /** Remove chunks no committed point references. Needs the write lock; refused while a point is being written. */
  gc(options) {
    return this.exclusive("gc", async (session) => {
      await session.appender.seal();
      return collectGarbage(
        {
          layout: this.layout,
          index: this.index,
          reader: this.reader,
          points: this.points,
          packTargetBytes: this.options.packTargetBytes ?? DEFAULT_PACK_TARGET_BYTES,
          onStep: this.options.faults?.gcStep
        },
        options
      );
    });
  }
  // ---------- lifecycle ----------
  /** Aborts points still under construction, seals the open pack and releases the lock. */
  async close() {
    if (this.closed) return;
    await Promise.allSettled([...this.openWriters].map((w) => w.abort()));
    this.closed = true;
    const session = await this.session?.catch(() => void 0);
    try {
      await session?.appender.seal();
    } finally {
      await session?.lock.release();
      await this.reader.closeAll();
    }
  }
  /**
   * @internal Tests only: stop as if the process died now. Nothing is sealed, fsynced or unlocked;
   * the lock file stays behind for the next opener to judge.
   */
  async simulateCrash() {
    this.closed = true;
    const session = await this.session?.catch(() => void 0);
    session?.lock.abandon();
    await session?.appender.abandon();
    await this.reader.closeAll();
  }
  // ---------- internals ----------
  expectOpen() {
    if (this.closed) throw new FerryError(ErrorCode.Internal, `Repository ${this.dir} is closed`);
  }
  expectNoMaintenance() {
    if (this.maintenance) throw new FerryError(ErrorCode.RepoLocked, `Repository ${this.dir} is busy: ${this.maintenance} is running`);
  }
  /** forget/gc: the lock, no other maintenance, no point under construction, no chunk write in flight. */
  async exclusive(what, run) {
    this.expectOpen();
    this.expectNoMaintenance();
    if (this.openWriters.size > 0) {
      throw new FerryError(ErrorCode.RepoLocked, `Cannot run ${what} on ${this.dir} while ${this.openWriters.size} restore point(s) are being written`);
    }
    this.maintenance = what;
    try {
      const session = await this.writeSession();
      await Promise.allSettled([...this.putsInFlight]);
      return await run(session);
    } finally {
      this.maintenance = void 0;
    }
  }
  /** The first write takes the lock and tidies up after any crashed writer; readers never get here. */
  writeSession() {
    if (!this.session) {
      const starting = (async () => {
        const lock = await RepoLock.acquire(this.layout);
        try {
          await recoverAfterCrash(this.layout, this.index, this.points);
        } catch (e) {
          await lock.release();
          throw new FerryError(ErrorCode.RepoWrite, `Cannot recover repository ${this.dir} after an interrupted write: ${messageOf(e)}`);
        }
        const appender = new PackAppender(this.layout, this.index, this.options.packTargetBytes ?? DEFAULT_PACK_TARGET_BYTES);
        this.chunks.authoritative = true;
        this.chunks.ownPacks = () => new Set(appender.activePackId ? [appender.activePackId] : []);
        return { lock, appender };
      })();
      this.session = starting;
      starting.catch(() => {
        if (this.session === starting) this.session = void 0;
      });
    }
    return this.session;
  }
  writerHost() {
    return {
      chunks: this.chunks,
      points: this.points,
      ensureWritable: async () => {
        this.expectOpen();
        this.expectNoMaintenance();
        await this.writeSession();
      },
      flushChunks: async () => (await this.writeSession()).appender.flush(),
      beforePointRename: this.options.faults?.beforePointRename,
      writerFinished: (w) => this.openWriters.delete(w)
    };
  }
  async findDisk(pointId, diskKey) {
    const point = await this.points.get(pointId);
    const disk = point.disks.find((d) => d.diskKey === diskKey);
    if (!disk) throw new FerryError(ErrorCode.NotFound, `Point ${pointId} has no disk ${diskKey}`, { pointId, diskKey });
    return { point, disk };
  }
};
function validateChunkArgs(hash, stored, codec, rawLength) {
  const bad = (why) => new FerryError(ErrorCode.InvalidParams, `putChunk ${String(hash)}: ${why}`);
  if (!isChunkHash(hash)) throw bad("hash must be lowercase hex SHA-256");
  if (!isCodec(codec)) throw bad(`unknown codec ${String(codec)}`);
  if (!(stored instanceof Uint8Array) || stored.byteLength === 0 || stored.byteLength > MAX_CHUNK_BYTES) throw bad("stored data is empty or too large");
  if (!Number.isSafeInteger(rawLength) || rawLength < 1 || rawLength > MAX_CHUNK_BYTES) throw bad(`rawLength ${rawLength} is out of range`);
  if (codec === "none" && stored.byteLength !== rawLength) throw bad(`codec none but ${stored.byteLength} stored bytes for rawLength ${rawLength}`);
}
async function checkChunkContent(hash, stored, codec, rawLength) {
  let raw;
  try {
    raw = await decompressChunk(stored, codec, rawLength);
  } catch (e) {
    throw new FerryError(ErrorCode.InvalidParams, `putChunk ${hash}: stored data does not decode as ${codec}: ${messageOf(e)}`);
  }
  if (sha256Hex(raw) !== hash) throw new FerryError(ErrorCode.InvalidParams, `putChunk ${hash}: content does not match the hash`);
}

// src-main/engine/repo-pool.ts
var LOCK_WAIT_MS = 12e4;
var RepoPool = class {
  open = /* @__PURE__ */ new Map();
  /** Runs fn with the repository open for writing; retries while another process holds the lock. */
  async use(dir, fn, signal) {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let wait = 50; ; wait = Math.min(wait * 2, 2e3)) {
      try {
        return await this.withHandle(dir, fn);
      } catch (e) {
        if (!(e instanceof FerryError) || e.code !== ErrorCode.RepoLocked || Date.now() > deadline) throw e;
        await sleep(wait, signal);
      }
    }
  }
  /**
   * Runs fn on a fresh read-only view (list, verify, restore): readers never take the lock, and a fresh
   * open sees what other processes (agents) wrote since.
   */
  async read(dir, fn) {
    const repo = await Repo.open(dir);
    try {
      return await fn(repo);
    } finally {
      await repo.close();
    }
  }
  /** @deprecated writer handle that stays open until closeAll(); use `use()` instead. */
  get(dir) {
    return this.acquire(dir).repo;
  }
  async closeAll() {
    const all = [...this.open.values()];
    this.open.clear();
    for (const r of all) await (await r.repo.catch(() => null))?.close();
  }
  async withHandle(dir, fn) {
    const entry = this.acquire(dir);
    entry.users++;
    try {
      return await fn(await entry.repo);
    } finally {
      entry.users--;
      if (entry.users === 0 && this.open.get(dir) === entry) {
        this.open.delete(dir);
        await (await entry.repo.catch(() => null))?.close();
      }
    }
  }
  acquire(dir) {
    const existing = this.open.get(dir);
    if (existing) return existing;
    const repo = Repo.openOrCreate(dir, { verifyOnPut: false });
    const entry = { repo, users: 0 };
    repo.catch(() => {
      if (this.open.get(dir) === entry) this.open.delete(dir);
    });
    this.open.set(dir, entry);
    return entry;
  }
};

// src-main/engine/datamover/in-process-mover.ts
import { availableParallelism } from "node:os";

// src-main/engine/datamover/busy-clock.ts
var BusyClock = class {
  active = 0;
  since = 0;
  total = 0;
  start() {
    if (this.active++ === 0) this.since = performance.now();
  }
  stop() {
    if (this.active === 0) return;
    if (--this.active === 0) this.total += performance.now() - this.since;
  }
  /** busy ms so far, including a span still open */
  get ms() {
    return this.total + (this.active > 0 ? performance.now() - this.since : 0);
  }
  async time(work) {
    this.start();
    try {
      return await work();
    } finally {
      this.stop();
    }
  }
};

// src-main/engine/datamover/block-grid.ts
async function* cellsOfExtents(extents, blockSize, virtualSize) {
  let next = 0;
  for await (const e of extents) {
    if (e.kind !== "data" || e.length === 0) continue;
    yield* cellsOfSpan({ start: e.offset, end: e.offset + e.length }, blockSize, virtualSize, next);
    next = Math.max(next, alignUp(e.offset + e.length, blockSize));
  }
}
function* cellsOfSpans(spans, blockSize, virtualSize) {
  for (const s of spans) yield* cellsOfSpan(s, blockSize, virtualSize, 0);
}
function* cellsOfSpan(s, blockSize, virtualSize, notBefore) {
  for (let c = Math.max(notBefore, alignDown(s.start, blockSize)); c < s.end; c += blockSize) {
    yield { offset: c, length: Math.min(blockSize, virtualSize - c) };
  }
}
var alignDown = (n, unit) => Math.floor(n / unit) * unit;
var alignUp = (n, unit) => Math.ceil(n / unit) * unit;

// src-main/engine/datamover/change-tracking.ts
function planBackup(input, virtualSize) {
  const { changedRanges: ranges, baseManifest: base, blockSize } = input;
  if (!ranges) return base ? { mode: "full", reason: "no change data was given for this disk" } : { mode: "full" };
  if (!base) return { mode: "full", reason: "there is no previous restore point of this disk to build on" };
  if (base.virtualSize !== virtualSize) return { mode: "full", reason: `the disk size changed (${base.virtualSize} \u2192 ${virtualSize} bytes)` };
  if (base.blockSize !== blockSize) return { mode: "full", reason: `the job block size changed (${base.blockSize} \u2192 ${blockSize} bytes)` };
  const bad = ranges.find((r) => !isCount2(r?.offset) || !isCount2(r?.length) || r.offset + r.length > virtualSize);
  if (bad) return { mode: "full", reason: `the change data has a range outside the disk (offset ${String(bad?.offset)}, length ${String(bad?.length)})` };
  const offGrid = firstOffGrid(base.blocks, blockSize, virtualSize);
  if (offGrid !== void 0) return { mode: "full", reason: `the previous restore point is not cut on this block grid (block at ${offGrid})` };
  const changed = changedSpans(ranges, blockSize, virtualSize);
  return { mode: "incremental", base, changed, changedBytes: changed.reduce((n, s) => n + s.end - s.start, 0) };
}
function changedSpans(ranges, blockSize, virtualSize) {
  const cells = ranges.filter((r) => r.length > 0).map((r) => ({ start: alignDown(r.offset, blockSize), end: Math.min(virtualSize, alignUp(r.offset + r.length, blockSize)) })).sort((a, b) => a.start - b.start);
  const merged = [];
  for (const c of cells) {
    const last = merged[merged.length - 1];
    if (last && c.start <= last.end) last.end = Math.max(last.end, c.end);
    else merged.push({ ...c });
  }
  return merged;
}
function mergeIncremental(base, changed, fresh) {
  const kept = [];
  let reusedBytes = 0;
  let s = 0;
  for (const b of base) {
    while (s < changed.length && changed[s].end <= b.offset) s++;
    const hit = s < changed.length && changed[s].start < b.offset + b.length;
    if (!hit) {
      kept.push(b);
      reusedBytes += b.length;
    }
  }
  const blocks = [];
  let i = 0;
  let j = 0;
  while (i < kept.length || j < fresh.length) {
    if (j >= fresh.length || i < kept.length && kept[i].offset < fresh[j].offset) blocks.push(kept[i++]);
    else blocks.push(fresh[j++]);
  }
  return { blocks, reusedBytes };
}
function isCount2(n) {
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
}
function firstOffGrid(blocks, blockSize, virtualSize) {
  let end = 0;
  for (const b of blocks) {
    const crosses = Math.floor(b.offset / blockSize) !== Math.floor((b.offset + b.length - 1) / blockSize);
    if (b.offset < end || crosses || b.offset + b.length > virtualSize) return b.offset;
    end = b.offset + b.length;
  }
  return void 0;
}

// src-main/engine/datamover/semaphore.ts
var Semaphore = class {
  constructor(free) {
    this.free = free;
  }
  free;
  waiters = [];
  async acquire() {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise((resolve4) => this.waiters.push(resolve4));
  }
  release() {
    const next = this.waiters.shift();
    if (next) next();
    else this.free++;
  }
};

// src-main/engine/datamover/throttle.ts
import { setTimeout as sleep2 } from "node:timers/promises";
var MiB6 = 1024 * 1024;
var Throttle = class {
  bytesPerMs;
  nextAt = 0;
  constructor(mibPerSec) {
    if (!(Number.isFinite(mibPerSec) && mibPerSec > 0)) throw new FerryError(ErrorCode.InvalidParams, `Throttle ${mibPerSec} MiB/s must be a positive number`);
    this.bytesPerMs = mibPerSec * MiB6 / 1e3;
  }
  /** Waits until `bytes` more may be read; an abort ends the wait with E_CANCELLED. */
  async take(bytes, signal) {
    const now = performance.now();
    const startAt = Math.max(now, this.nextAt);
    this.nextAt = startAt + bytes / this.bytesPerMs;
    const wait = startAt - now;
    if (wait < 1) return;
    try {
      await sleep2(wait, void 0, { signal });
    } catch {
      throw new FerryError(ErrorCode.Cancelled, "Stopped by the user");
    }
  }
};

// src-main/engine/datamover/task.ts
var emptyStats = () => ({
  bytesProcessed: 0,
  bytesRead: 0,
  bytesTransferred: 0,
  zeroBytes: 0,
  dedupedBytes: 0,
  newRawBytes: 0,
  busyMs: { source: 0, proxy: 0, network: 0, target: 0 },
  elapsedMs: 0
});

// src-main/engine/datamover/disk-pipeline.ts
var MiB7 = 1024 * 1024;
var PROGRESS_EVERY_MS = 100;
var MIN_SLOTS = 4;
var MAX_SLOTS = 64;
var DiskPipeline = class {
  constructor(task, disk, repo, settings, hooks, onEvent, signal) {
    this.task = task;
    this.disk = disk;
    this.repo = repo;
    this.settings = settings;
    this.hooks = hooks;
    this.onEvent = onEvent;
    this.signal = signal;
    this.throttles = [settings.throttle, task.throttleMBps ? new Throttle(task.throttleMBps) : void 0].filter((t) => t !== void 0);
  }
  task;
  disk;
  repo;
  settings;
  hooks;
  onEvent;
  signal;
  stats = emptyStats();
  fresh = [];
  /** hashes being stored by this task right now: a second copy in flight is a duplicate, not a new chunk */
  storing = /* @__PURE__ */ new Set();
  source = new BusyClock();
  target = new BusyClock();
  cpuMs = 0;
  startedAt = performance.now();
  lastProgress = 0;
  throttles;
  async run() {
    const { task, disk } = this;
    const plan = planBackup(task, disk.virtualSize);
    this.announce(plan);
    const cells = plan.mode === "incremental" ? iterate(cellsOfSpans(plan.changed, task.blockSize, disk.virtualSize)) : cellsOfExtents(disk.extents(), task.blockSize, disk.virtualSize);
    await this.pump(cells);
    this.fresh.sort((a, b) => a.offset - b.offset);
    const { blocks, reusedBytes } = plan.mode === "incremental" ? mergeIncremental(plan.base.blocks, plan.changed, this.fresh) : { blocks: this.fresh, reusedBytes: 0 };
    if (plan.mode === "incremental") this.stats.reusedBytes = reusedBytes;
    this.stats.bytesProcessed = disk.virtualSize;
    this.progress(true);
    return {
      manifest: {
        diskKey: task.diskKey,
        virtualSize: disk.virtualSize,
        blockSize: task.blockSize,
        sourcePath: task.sourcePath,
        // Held in memory until the point is written: ~130 bytes per non-zero block (see the closing note).
        blocks,
        meta: { sourceFormat: disk.format, logicalSectorSize: disk.logicalSectorSize, chunkHash: "sha256", backupMode: plan.mode }
      },
      stats: this.snapshot(),
      mode: plan.mode,
      ...plan.mode === "full" && plan.reason ? { fullReason: plan.reason } : {}
    };
  }
  announce(plan) {
    const { disk } = this;
    const mib = (n) => `${(n / MiB7).toFixed(0)} MiB`;
    this.log("info", `Reading ${disk.path} (${disk.format}, ${mib(disk.virtualSize)}) from the exposed snapshot`);
    if (plan.mode === "incremental") {
      this.log("info", `Change tracking: ${this.task.changedRanges?.length ?? 0} changed range(s) \u2192 reading ${mib(plan.changedBytes)}; the rest is taken from the previous restore point`);
    } else if (plan.reason) {
      this.log("warning", `Change tracking chain is broken (${plan.reason}): reading the whole disk (full)`);
    }
  }
  /** Feeds cells through the pipeline with at most `slots` blocks between read and write. */
  async pump(cells) {
    const slotCount = Math.max(MIN_SLOTS, Math.min(MAX_SLOTS, Math.floor(this.settings.inflightBytes / this.task.blockSize)));
    const slots = new Semaphore(slotCount);
    const reads = new Semaphore(Math.max(1, this.settings.readAhead));
    const inflight = /* @__PURE__ */ new Set();
    let failure;
    try {
      for await (const cell of cells) {
        await slots.acquire();
        if (failure || this.signal.aborted) {
          slots.release();
          break;
        }
        try {
          for (const t of this.throttles) await t.take(cell.length, this.signal);
          await reads.acquire();
        } catch (e) {
          slots.release();
          throw e;
        }
        const p = this.moveBlock(cell, reads).catch((e) => {
          failure ??= { error: e };
        }).finally(() => {
          slots.release();
          inflight.delete(p);
        });
        inflight.add(p);
      }
    } finally {
      await Promise.allSettled([...inflight]);
    }
    if (failure) throw failure.error;
    if (this.signal.aborted) throw new FerryError(ErrorCode.Cancelled, "Stopped by the user");
  }
  async moveBlock(cell, reads) {
    const { stats, task, settings } = this;
    let data;
    this.source.start();
    try {
      this.hooks.beforeRead?.(task);
      data = await this.disk.read(cell.offset, cell.length);
    } finally {
      this.source.stop();
      reads.release();
    }
    stats.bytesRead += cell.length;
    stats.bytesProcessed = Math.max(stats.bytesProcessed, cell.offset + cell.length);
    this.progress();
    const digested = await settings.processor.digest(data);
    this.cpuMs += digested.ms;
    if (digested.digest.zero) {
      stats.zeroBytes += cell.length;
      return;
    }
    const { hash } = digested.digest;
    this.fresh.push({ offset: cell.offset, length: cell.length, hash });
    if (this.storing.has(hash)) return this.duplicate(digested.job, cell.length);
    this.storing.add(hash);
    try {
      if (await this.repo.hasChunk(hash)) return this.duplicate(digested.job, cell.length);
      const packed = await settings.processor.pack(digested.job, task.compression, cell.length);
      this.cpuMs += packed.ms;
      const written = await this.write(hash, packed.data, packed.codec, cell.length).finally(() => settings.processor.recycle(packed.data));
      if (written > 0) {
        stats.bytesTransferred += written;
        stats.newRawBytes += cell.length;
      } else {
        stats.dedupedBytes += cell.length;
      }
    } catch (e) {
      settings.processor.drop(digested.job);
      throw e;
    } finally {
      this.storing.delete(hash);
    }
  }
  duplicate(job, length) {
    this.settings.processor.drop(job);
    this.stats.dedupedBytes += length;
  }
  async write(hash, data, codec, rawLength) {
    this.target.start();
    try {
      this.hooks.beforeWrite?.(this.task);
      return await this.repo.putChunk(hash, data, codec, rawLength);
    } catch (e) {
      throw e instanceof FerryError ? e : new FerryError(ErrorCode.RepoWrite, `Writing to the repository failed: ${e.message}`);
    } finally {
      this.target.stop();
    }
  }
  snapshot() {
    const s = this.stats;
    s.elapsedMs = performance.now() - this.startedAt;
    s.busyMs = {
      source: this.source.ms,
      // CPU ms summed over the processor's threads, as a share of all of them
      proxy: this.cpuMs / this.settings.processor.parallelism,
      // No network hop in this process: the repository is written directly. The agent transport fills it.
      network: 0,
      target: this.target.ms
    };
    return structuredClone(s);
  }
  progress(force = false) {
    const now = performance.now();
    if (!force && now - this.lastProgress < PROGRESS_EVERY_MS) return;
    this.lastProgress = now;
    this.onEvent({ type: "progress", bytesTotal: this.disk.virtualSize, stats: this.snapshot() });
  }
  log(level, text) {
    this.onEvent({ type: "log", level, text });
  }
};
async function* iterate(items) {
  yield* items;
}

// src-main/engine/datamover/worker-pool.ts
import { existsSync as existsSync2 } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

// src-main/engine/datamover/block-worker.ts
import { createHash as createHash4 } from "node:crypto";
import v8 from "node:v8";
import vm from "node:vm";
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import zlib2 from "node:zlib";
import { compressSync, uncompressSync } from "lz4-napi";
var WORKER_ROLE = "ferry-block-worker";
var zeros = Buffer.alloc(0);
function asBuffer2(b) {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}
function isAllZero3(b) {
  if (zeros.length < b.length) zeros = Buffer.alloc(b.length);
  return asBuffer2(b).equals(zeros.subarray(0, b.length));
}
function digestBlock(b) {
  if (isAllZero3(b)) return { zero: true };
  return { zero: false, hash: createHash4("sha256").update(b).digest("hex") };
}
var ZSTD_LEVEL = { high: 3, extreme: 9 };
function compressWith(level, raw) {
  if (level === "optimal") return { codec: "lz4", out: compressSync(asBuffer2(raw)) };
  const zstdLevel = ZSTD_LEVEL[level];
  if (zstdLevel === void 0) return null;
  return { codec: "zstd", out: zlib2.zstdCompressSync(raw, { params: { [zlib2.constants.ZSTD_c_compressionLevel]: zstdLevel } }) };
}
function decompressWith(codec, stored, rawLength) {
  if (codec === "lz4") return uncompressSync(stored);
  return zlib2.zstdDecompressSync(stored, { maxOutputLength: Math.max(1, rawLength) });
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
  if (!decompressWith(c.codec, c.out, raw.length).equals(asBuffer2(raw))) {
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

// src-main/engine/datamover/worker-pool.ts
var IDLE_SHUTDOWN_MS = 15e3;
function blockWorkerUrl() {
  const bundled = new URL("./block-worker.js", import.meta.url);
  const source = new URL("./block-worker.ts", import.meta.url);
  const exists = (u) => u.protocol === "file:" && existsSync2(fileURLToPath(u));
  return exists(bundled) || !exists(source) ? bundled : source;
}
var Slot = class {
  worker;
  /** requests awaiting a reply, by `${op}:${job}` */
  pending = /* @__PURE__ */ new Map();
  /** digested blocks it holds for a later pack/drop */
  held = /* @__PURE__ */ new Set();
  dead = false;
  constructor(url, onDeath) {
    this.worker = new Worker(url, { workerData: { role: WORKER_ROLE } });
    this.worker.unref();
    this.worker.on("message", (r) => {
      const key = `${r.op === "error" ? r.of : r.op}:${r.job}`;
      const p = this.pending.get(key);
      if (!p) return;
      this.pending.delete(key);
      this.refresh();
      if (r.op === "error") p.reject(new FerryError(ErrorCode.Internal, `Block worker: ${r.message}`));
      else p.resolve(r);
    });
    this.worker.on("error", (e) => onDeath(this, e));
    this.worker.on("exit", (code) => onDeath(this, new Error(`exited with code ${code}`)));
  }
  get load() {
    return this.pending.size + this.held.size;
  }
  request(req, transfer = []) {
    return new Promise((resolve4, reject) => {
      this.pending.set(`${req.op}:${req.job}`, { resolve: resolve4, reject });
      this.refresh();
      this.worker.postMessage(req, transfer);
    });
  }
  /** Keep the process alive exactly while an answer is owed. */
  refresh() {
    if (this.pending.size > 0) this.worker.ref();
    else this.worker.unref();
  }
  failAll(e) {
    this.dead = true;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
    this.held.clear();
  }
};
var WorkerPool = class {
  constructor(parallelism, url = blockWorkerUrl()) {
    this.parallelism = parallelism;
    this.url = url;
    if (!Number.isInteger(parallelism) || parallelism < 1) throw new Error(`worker count ${parallelism} must be a positive integer`);
  }
  parallelism;
  url;
  slots = [];
  owner = /* @__PURE__ */ new Map();
  /** output buffers travel main → worker → main and are reused, so written chunks leave no garbage here */
  buffers = new BufferRecycler();
  nextJob = 1;
  idleTimer;
  closed = false;
  async digest(data) {
    const slot = this.pick();
    const job = this.nextJob++;
    const own = exclusiveBuffer(data);
    const r = await this.call(slot, { op: "digest", job, data: own }, [own.buffer]);
    if (r.op !== "digest") throw new Error(`unexpected reply ${r.op}`);
    if (!r.digest.zero) {
      slot.held.add(job);
      this.owner.set(job, slot);
    }
    return { job, digest: r.digest, ms: r.ms };
  }
  async pack(job, level, rawLength) {
    const slot = this.release(job);
    if (!slot) throw new FerryError(ErrorCode.Internal, `Block ${job} is not held by a worker (the worker stopped)`);
    const out = this.buffers.take(rawLength);
    const r = await this.call(slot, { op: "pack", job, level, out }, [out.buffer]);
    if (r.op !== "pack") throw new Error(`unexpected reply ${r.op}`);
    return { codec: r.codec, data: r.data, ms: r.ms };
  }
  recycle(data) {
    this.buffers.give(data);
  }
  drop(job) {
    const slot = this.release(job);
    if (slot && !slot.dead) slot.worker.postMessage({ op: "drop", job });
    this.scheduleIdle();
  }
  async close() {
    this.closed = true;
    clearTimeout(this.idleTimer);
    const all = this.slots.splice(0);
    for (const s of all) s.failAll(new FerryError(ErrorCode.Cancelled, "Block worker pool closed"));
    await Promise.all(all.map((s) => s.worker.terminate()));
  }
  async call(slot, req, transfer = []) {
    clearTimeout(this.idleTimer);
    try {
      return await slot.request(req, transfer);
    } finally {
      this.scheduleIdle();
    }
  }
  release(job) {
    const slot = this.owner.get(job);
    this.owner.delete(job);
    slot?.held.delete(job);
    return slot;
  }
  /** The least loaded worker; a new one while the pool is below its size. */
  pick() {
    if (this.closed) throw new FerryError(ErrorCode.Internal, "Block worker pool is closed");
    const idle = this.slots.find((s) => s.load === 0);
    if (idle) return idle;
    if (this.slots.length < this.parallelism) {
      const slot = new Slot(this.url, (s, e) => this.onDeath(s, e));
      this.slots.push(slot);
      return slot;
    }
    return this.slots.reduce((a, b) => b.load < a.load ? b : a);
  }
  onDeath(slot, e) {
    if (slot.dead) return;
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    for (const job of slot.held) this.owner.delete(job);
    slot.failAll(new FerryError(ErrorCode.Internal, `A block worker stopped: ${e.message}`));
    void slot.worker.terminate();
  }
  /** After a quiet spell the threads go: their memory is not worth keeping between backups. */
  scheduleIdle() {
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
};
var BufferRecycler = class _BufferRecycler {
  static MAX_POOLED_BYTES = 64 * 1024 * 1024;
  free = /* @__PURE__ */ new Map();
  pooledBytes = 0;
  take(minBytes) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(minBytes, 4096)));
    const buf = this.free.get(size)?.pop();
    if (buf) this.pooledBytes -= size;
    return new Uint8Array(buf ?? new ArrayBuffer(size));
  }
  give(data) {
    const buf = data.buffer;
    const size = buf.byteLength;
    if (!(buf instanceof ArrayBuffer) || size & size - 1 || this.pooledBytes + size > _BufferRecycler.MAX_POOLED_BYTES) return;
    const list2 = this.free.get(size) ?? [];
    list2.push(buf);
    this.free.set(size, list2);
    this.pooledBytes += size;
  }
  clear() {
    this.free.clear();
    this.pooledBytes = 0;
  }
};
function exclusiveBuffer(data) {
  if (data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer) return data;
  const copy = new Uint8Array(data.byteLength);
  copy.set(data);
  return copy;
}

// src-main/engine/datamover/in-process-mover.ts
var MiB8 = 1024 * 1024;
var sharedPool;
function defaultProcessor() {
  sharedPool ??= new WorkerPool(Math.max(1, availableParallelism()));
  return sharedPool;
}
var InProcessDataMover = class {
  constructor(repos, hooks = {}, options = {}) {
    this.repos = repos;
    this.hooks = hooks;
    this.options = options;
  }
  repos;
  hooks;
  options;
  async run(task, onEvent, signal) {
    const settings = {
      processor: this.options.processor ?? defaultProcessor(),
      inflightBytes: this.options.inflightBytes ?? 32 * MiB8,
      readAhead: this.options.readAhead ?? 2,
      throttle: this.options.throttle
    };
    return this.repos.use(
      task.repositoryDir,
      async (repo) => {
        const disk = await openDisk(task.sourcePath);
        try {
          return await new DiskPipeline(task, disk, repo, settings, this.hooks, onEvent, signal).run();
        } finally {
          await disk.close();
        }
      },
      signal
    );
  }
};

// src-main/engine/util/semaphore.ts
var KeyedSemaphore = class {
  used = /* @__PURE__ */ new Map();
  waiters = /* @__PURE__ */ new Map();
  inUse(key) {
    return this.used.get(key) ?? 0;
  }
  async acquire(key, limit, signal) {
    while (this.inUse(key) >= limit) {
      if (signal?.aborted) throw signal.reason;
      await new Promise((resolve4, reject) => {
        const q = this.waiters.get(key) ?? [];
        const wake = () => {
          signal?.removeEventListener("abort", onAbort);
          resolve4();
        };
        const onAbort = () => {
          this.waiters.set(key, (this.waiters.get(key) ?? []).filter((w) => w !== wake));
          reject(signal?.reason);
        };
        q.push(wake);
        this.waiters.set(key, q);
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    }
    this.used.set(key, this.inUse(key) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used.set(key, this.inUse(key) - 1);
      this.waiters.get(key)?.shift()?.();
    };
  }
};

// src-main/engine/orchestrator/schedule.ts
var DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
var minutesOf = (hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
function nextRun(s, from, lastRun = null) {
  switch (s.kind) {
    case "none":
      return null;
    case "periodic": {
      const base = lastRun ?? from;
      const next = new Date(base.getTime() + s.everyMinutes * 6e4);
      return next > from ? next : new Date(from.getTime() + 6e4);
    }
    case "daily":
    case "weekly": {
      const m = minutesOf(s.at);
      for (let d = 0; d <= 7; d++) {
        const c = new Date(from.getFullYear(), from.getMonth(), from.getDate() + d, Math.floor(m / 60), m % 60, 0, 0);
        if (c <= from) continue;
        if (s.kind === "weekly" && !s.days.includes(DAYS[c.getDay()])) continue;
        return c;
      }
      return null;
    }
  }
}
function inWindow(w, at) {
  if (!w.enabled) return true;
  const now = at.getHours() * 60 + at.getMinutes();
  const start = minutesOf(w.start);
  const end = minutesOf(w.end);
  if (start === end) return true;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

// src-main/engine/util/ids.ts
import { randomBytes as randomBytes10 } from "node:crypto";
function newId(prefix) {
  const d = (/* @__PURE__ */ new Date()).toISOString().replace(/[-:TZ.]/g, "").slice(0, 14);
  return `${prefix}-${d}-${randomBytes10(3).toString("hex")}`;
}

// src-main/engine/orchestrator/plan.ts
function planSnapshots(job, inv, candidates) {
  const byVolume = /* @__PURE__ */ new Map();
  for (const vmId of job.vmIds) {
    const vm2 = inv.vms.find((v) => v.id === vmId);
    if (!vm2 || vm2.disks.length === 0) continue;
    const volumeId = vm2.disks[0].volumeId;
    byVolume.set(volumeId, [...byVolume.get(volumeId) ?? [], vmId]);
  }
  const load = /* @__PURE__ */ new Map();
  const groups = [];
  const chunks = [];
  for (const [volumeId, vmIds] of byVolume) {
    for (let i = 0; i < vmIds.length; i += job.maxVmsPerSnapshot) chunks.push([volumeId, vmIds.slice(i, i + job.maxVmsPerSnapshot)]);
  }
  for (const [volumeId, vmIds] of chunks) {
    const vol = inv.volumes.find((v) => v.id === volumeId);
    const base = { volumeId, volumePath: vol?.path ?? volumeId, hostId: vol?.ownerHostId ?? "", vmIds };
    const p = job.processing;
    if (p.mode === "on-host") {
      groups.push({ ...base, mode: "on-host", proxy: null, warning: null, failReason: null });
      continue;
    }
    const pool = p.proxySelection === "automatic" ? candidates : candidates.filter((c) => p.pinnedProxyIds.includes(c.proxy.id));
    const eligible = pool.filter((c) => c.eligibleVolumeIds.includes(volumeId));
    if (eligible.length > 0) {
      const loadOf = (c) => (c.tasksInUse + (load.get(c.proxy.id) ?? 0)) / c.proxy.maxTasks;
      eligible.sort((a, b) => loadOf(a) - loadOf(b) || b.proxy.maxTasks - a.proxy.maxTasks);
      const chosen = eligible[0].proxy;
      load.set(chosen.id, (load.get(chosen.id) ?? 0) + vmIds.length);
      groups.push({ ...base, mode: "off-host", proxy: chosen, warning: null, failReason: null });
      continue;
    }
    const reason = noProxyReason(pool, p.proxySelection, base.volumePath, volumeId);
    if (p.failoverToOnHost) {
      groups.push({ ...base, mode: "on-host", proxy: null, warning: `Failed over to on-host backup: no eligible off-host proxy (${reason})`, failReason: null });
    } else {
      groups.push({ ...base, mode: "none", proxy: null, warning: null, failReason: `No eligible off-host proxy (${reason}) and failover to on-host is off` });
    }
  }
  return groups;
}
function noProxyReason(pool, selection, volumePath, volumeId) {
  if (pool.length === 0) return selection === "automatic" ? "no off-host proxy is configured" : "the pinned proxies no longer exist";
  return pool.map((c) => `${c.proxy.name}: ${c.notReadyReason ?? (c.eligibleVolumeIds.includes(volumeId) ? "busy" : `cannot serve ${volumePath}`)}`).join("; ");
}

// src-main/engine/inventory/eligibility.ts
var serverFailures = (checks) => checks.filter((c) => !c.volumeId && c.status === "fail");
function eligibleVolumes(checks) {
  if (serverFailures(checks).length > 0) return [];
  return checks.filter((c) => c.volumeId && c.status === "pass").map((c) => c.volumeId);
}

// src-main/engine/orchestrator/job-options.ts
var BLOCK = { "256K": 256 * 1024, "512K": 512 * 1024, "1M": 1024 * 1024, "4M": 4 * 1024 * 1024 };
var blockSizeBytes = (b) => BLOCK[b];

// src-main/engine/orchestrator/session-recorder.ts
var PERSIST_EVERY_MS = 1e3;
var SessionRecorder = class {
  constructor(view, store, sink) {
    this.view = view;
    this.store = store;
    this.sink = sink;
    store.putSession(view);
  }
  view;
  store;
  sink;
  nextLogSeq = 1;
  lastPersist = 0;
  get id() {
    return this.view.id;
  }
  log(level, text, vmId = null) {
    const line = { seq: this.nextLogSeq++, at: nowIso(), level, vmId, text };
    this.store.appendLog(this.view.id, line);
    this.sink.log(this.view.id, line);
  }
  vm(vmId) {
    const v = this.view.vms.find((x) => x.vmId === vmId);
    if (!v) throw new Error(`session ${this.view.id}: unknown VM ${vmId}`);
    return v;
  }
  patchVm(vmId, patch, persist = true) {
    Object.assign(this.vm(vmId), patch);
    this.changed(persist);
  }
  addSnapshot(s) {
    this.view.snapshots.push(s);
    this.changed(true);
  }
  snapshotStage(snapshotId, stage, note) {
    const s = this.view.snapshots.find((x) => x.id === snapshotId);
    if (!s) return;
    s.stage = stage;
    s.history.push(note ? { stage, at: nowIso(), note } : { stage, at: nowIso() });
    this.changed(true);
  }
  /** Any change: listeners always hear it (the hub throttles); the store gets it now or within a second. */
  changed(persistNow = false) {
    const now = Date.now();
    if (persistNow || now - this.lastPersist >= PERSIST_EVERY_MS) {
      this.lastPersist = now;
      this.store.putSession(this.view);
    }
    this.sink.state(this.view);
  }
};

// src-main/engine/orchestrator/session-runner.ts
var PARALLEL_GROUPS = 4;
var ON_HOST_SLOTS = 2;
var WINDOW_CHECK_MS = 1e3;
var SessionRunner = class {
  constructor(job, deps, opts = { trigger: "manual" }) {
    this.job = job;
    this.deps = deps;
    this.opts = opts;
    const view = {
      id: newId("s"),
      jobId: job.id,
      jobName: job.spec.name,
      result: "Running",
      reason: "",
      startedAt: nowIso(),
      endedAt: null,
      progress: 0,
      stats: { bytesRead: 0, bytesProcessed: 0, bytesTransferred: 0, ratePerSec: 0, dedupeRatio: 0, compressionRatio: 0, busy: { source: 0, proxy: 0, network: 0, target: 0 }, bottleneck: null },
      vms: [],
      snapshots: [],
      restorePointId: null
    };
    this.rec = new SessionRecorder(view, deps.store, deps.sink);
  }
  job;
  deps;
  opts;
  rec;
  abort = new AbortController();
  diskStats = /* @__PURE__ */ new Map();
  started = Date.now();
  /** graceful stop: nothing new starts, what runs finishes */
  stopping = false;
  stopReason = "";
  get id() {
    return this.rec.id;
  }
  /**
   * graceful: VMs in flight finish and get into the restore point, nothing new starts;
   * immediate: in-flight disks are cancelled (those VMs get no restore point). Snapshots are released either way.
   */
  stop(mode = "immediate", reason = "Stopped by the user") {
    if (this.abort.signal.aborted) return;
    this.stopReason = reason;
    if (mode === "graceful") {
      if (!this.stopping) this.rec.log("warning", `${reason}: graceful stop, VMs in progress finish, nothing new starts`);
      this.stopping = true;
      return;
    }
    this.stopping = true;
    this.rec.log("warning", `${reason}: immediate stop, in-flight disks are cancelled, snapshots will be released`);
    this.abort.abort(new FerryError(ErrorCode.Cancelled, reason));
  }
  async run() {
    const rec = this.rec;
    const spec = this.job.spec;
    const windowTimer = this.watchWindow();
    try {
      rec.log("info", `Job ${spec.name} started (${this.opts.trigger}, ${spec.processing.mode} processing)`);
      const inv = await this.deps.platform.inventory();
      this.initVms(inv);
      const outcomes = [];
      let todo = this.rec.view.vms.filter((v) => v.status === "Pending").map((v) => v.vmId);
      for (let attempt = 0; todo.length > 0; attempt++) {
        if (attempt > 0) {
          rec.log("warning", `Retry ${attempt} of ${spec.retries.count} for ${todo.length} failed VM(s) in ${spec.retries.intervalSec} s`);
          await sleep(spec.retries.intervalSec * 1e3, this.abort.signal);
          for (const vmId of todo) rec.patchVm(vmId, { status: "Pending", progress: 0, message: `Retry ${attempt}` });
        }
        outcomes.push(...await this.runPass(inv, todo));
        todo = this.rec.view.vms.filter((v) => v.status === "Failed" && todo.includes(v.vmId)).map((v) => v.vmId);
        if (attempt >= spec.retries.count || this.stopping) break;
      }
      await this.commitRestorePoint(inv, outcomes);
    } catch (e) {
      const err = FerryError.from(e);
      if (err.code !== ErrorCode.Cancelled) {
        rec.log("error", `Session failed: ${err.message}`);
        this.finish("Failed", err.message);
        return rec.view;
      }
    } finally {
      clearInterval(windowTimer);
    }
    this.finishFromVms();
    return rec.view;
  }
  /** One pass over some VMs: plan their snapshots, run up to PARALLEL_GROUPS at once. */
  async runPass(inv, vmIds) {
    const candidates = this.job.spec.processing.mode === "off-host" ? await this.proxyCandidates() : [];
    const groups = planSnapshots({ ...this.job.spec, vmIds }, inv, candidates);
    const outcomes = [];
    const queue = [...groups];
    const worker = async () => {
      for (let g = queue.shift(); g; g = queue.shift()) {
        if (this.stopping) {
          for (const vmId of g.vmIds) this.rec.patchVm(vmId, { status: "Failed", message: `Not processed: ${this.stopReason}` });
          continue;
        }
        outcomes.push(...await this.runGroup(g, inv));
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_GROUPS, groups.length) }, worker));
    return outcomes;
  }
  /** A session still running when its backup window closes is stopped (snapshots released). */
  watchWindow() {
    const w = this.job.spec.window;
    if (!w.enabled || !inWindow(w, this.deps.clock())) return void 0;
    const t = setInterval(() => {
      if (!inWindow(w, this.deps.clock())) this.stop("immediate", `The backup window (${w.start}\u2013${w.end}) ended`);
    }, WINDOW_CHECK_MS);
    t.unref?.();
    return t;
  }
  // ---------- setup ----------
  initVms(inv) {
    for (const vmId of this.opts.vmIds ?? this.job.spec.vmIds) {
      const vm2 = inv.vms.find((v) => v.id === vmId);
      const row2 = {
        vmId,
        vmName: vm2?.name ?? vmId,
        status: vm2 ? "Pending" : "Failed",
        progress: 0,
        processingMode: this.job.spec.processing.mode === "off-host" ? "off-host" : "on-host",
        proxyServerId: null,
        bytesTotal: vm2 ? vm2.disks.reduce((a, d) => a + d.virtualSizeBytes, 0) : 0,
        bytesRead: 0,
        message: vm2 ? "Waiting for snapshot" : "VM no longer exists in the inventory"
      };
      this.rec.view.vms.push(row2);
      if (!vm2) this.rec.log("error", `VM ${vmId} was not found in the inventory`, vmId);
    }
    this.rec.changed(true);
  }
  async proxyCandidates() {
    const out = [];
    for (const proxy of this.deps.store.listProxies()) {
      const checks = await this.deps.platform.checkProxy(proxy.serverId).catch(() => null);
      const failure = checks ? serverFailures(checks)[0]?.reason ?? null : "readiness check failed";
      out.push({ proxy, eligibleVolumeIds: checks ? eligibleVolumes(checks) : [], notReadyReason: failure, tasksInUse: this.deps.slots.inUse(proxy.id) });
      if (failure) this.rec.log("warning", `Proxy ${proxy.name} is not ready: ${failure}`);
    }
    return out;
  }
  // ---------- one volume snapshot ----------
  async runGroup(g, inv) {
    const rec = this.rec;
    const hostName = inv.hosts.find((h) => h.id === g.hostId)?.name ?? g.hostId;
    if (g.mode === "none") {
      for (const vmId of g.vmIds) rec.patchVm(vmId, { status: "Failed", message: g.failReason ?? "not processed" });
      rec.log("error", `${g.volumePath}: ${g.failReason}`);
      return [];
    }
    const readerServerId = g.mode === "off-host" && g.proxy ? g.proxy.serverId : g.hostId;
    const readerName = inv.hosts.find((h) => h.id === readerServerId)?.name ?? readerServerId;
    if (g.warning) {
      rec.log("warning", `${g.volumePath}: ${g.warning}`);
      for (const vmId of g.vmIds) rec.patchVm(vmId, { message: g.warning });
    }
    for (const vmId of g.vmIds) rec.patchVm(vmId, { processingMode: g.mode === "off-host" ? "off-host" : "on-host", proxyServerId: g.mode === "off-host" ? readerServerId : null });
    rec.log("info", `${g.volumePath}: ${g.vmIds.length} VM(s) in one ${g.mode} snapshot on ${hostName}${g.mode === "off-host" ? `, read by proxy ${readerName}` : ""}`);
    for (const vmId of g.vmIds) rec.patchVm(vmId, { message: `Waiting for a snapshot slot on ${g.volumePath}` });
    const releaseVolume = await this.deps.volumeSnapshots.acquire(g.volumeId, this.deps.maxSnapshotsPerVolume, this.abort.signal).catch((e) => {
      for (const vmId of g.vmIds) rec.patchVm(vmId, { status: "Failed", message: FerryError.from(e).message });
      return null;
    });
    if (!releaseVolume) return [];
    try {
      return await this.snapshotLifecycle(g, inv, hostName, readerServerId, readerName);
    } finally {
      releaseVolume();
    }
  }
  async snapshotLifecycle(g, inv, hostName, readerServerId, readerName) {
    const rec = this.rec;
    const snapshotId = newId("snap");
    const log = (level, text) => rec.log(level, text);
    this.deps.store.ledgerInsert({ snapshotId, sessionId: rec.id, volumeId: g.volumeId, hostId: g.hostId, exposedOn: null, stage: "planned", shadowIds: [], createdAt: nowIso(), updatedAt: nowIso() });
    rec.addSnapshot({ id: snapshotId, volumeId: g.volumeId, volumePath: g.volumePath, hostId: g.hostId, proxyServerId: g.mode === "off-host" ? readerServerId : null, vmIds: g.vmIds, stage: "planned", history: [{ stage: "planned", at: nowIso() }] });
    let created = null;
    let exposedOn = null;
    const outcomes = [];
    try {
      for (const vmId of g.vmIds) rec.patchVm(vmId, { status: "Running", message: "Creating snapshot" });
      created = await this.deps.platform.createSnapshot({ snapshotId, hostId: g.hostId, volumeId: g.volumeId, vmIds: g.vmIds, applicationConsistent: this.job.spec.applicationConsistent }, log);
      this.ledger(snapshotId, { stage: "created", shadowIds: created.shadowIds });
      rec.snapshotStage(snapshotId, "created", `on ${hostName}, shadow ${created.shadowIds.join(", ")}`);
      this.throwIfStopped();
      if (g.mode === "off-host") {
        await this.deps.platform.importSnapshot(created, readerServerId, log);
        this.ledger(snapshotId, { stage: "imported", exposedOn: readerServerId });
        rec.snapshotStage(snapshotId, "imported", `on ${readerName}`);
        this.throwIfStopped();
      }
      exposedOn = readerServerId;
      this.ledger(snapshotId, { exposedOn: readerServerId });
      const exposed = await this.deps.platform.exposeSnapshot(created, readerServerId, log);
      this.ledger(snapshotId, { stage: "exposed" });
      rec.snapshotStage(snapshotId, "exposed", `on ${readerName} at ${exposed.root}`);
      outcomes.push(...await this.moveDisks(g, exposed));
    } catch (e) {
      const err = FerryError.from(e);
      rec.snapshotStage(snapshotId, "failed", err.message);
      rec.log("error", `${g.volumePath}: ${err.message}`);
      for (const vmId of g.vmIds) {
        if (rec.vm(vmId).status === "Running" || rec.vm(vmId).status === "Pending") rec.patchVm(vmId, { status: "Failed", message: err.message });
      }
    } finally {
      await this.release(snapshotId, exposedOn);
    }
    return outcomes;
  }
  /** Step 4, on every path: dismount from the reader, delete on the storage. Failures stay in the ledger. */
  async release(snapshotId, exposedOn) {
    const rec = this.rec;
    const log = (level, text) => rec.log(level, text);
    try {
      if (exposedOn) await this.deps.platform.unexposeSnapshot(snapshotId, exposedOn, log);
      this.ledger(snapshotId, { stage: "released" });
      rec.snapshotStage(snapshotId, "released");
      await this.deps.platform.deleteSnapshot(snapshotId, log);
      this.ledger(snapshotId, { stage: "deleted" });
      rec.snapshotStage(snapshotId, "deleted");
    } catch (e) {
      rec.log("error", `Could not release snapshot ${snapshotId}: ${FerryError.from(e).message}. It stays in the ledger and is cleaned at the next start.`);
    }
  }
  async moveDisks(g, exposed) {
    const slotKey = g.mode === "off-host" && g.proxy ? g.proxy.id : `host:${g.hostId}`;
    const slotLimit = g.mode === "off-host" && g.proxy ? g.proxy.maxTasks : ON_HOST_SLOTS;
    const rec = this.rec;
    const queue = exposed.disks.filter((d) => g.vmIds.includes(d.vmId));
    const repo = this.deps.store.getRepository(this.job.spec.repositoryId);
    if (!repo) throw new FerryError(ErrorCode.RepoMissing, `Repository ${this.job.spec.repositoryId} no longer exists`);
    const outcomes = [];
    const failedVms = /* @__PURE__ */ new Set();
    const remaining = /* @__PURE__ */ new Map();
    for (const d of queue) remaining.set(d.vmId, (remaining.get(d.vmId) ?? 0) + 1);
    for (const vmId of g.vmIds) rec.patchVm(vmId, { message: "Waiting for a task slot" });
    const worker = async () => {
      for (let d = queue.shift(); d; d = queue.shift()) {
        if (this.abort.signal.aborted) throw this.abort.signal.reason;
        const releaseSlot = await this.deps.slots.acquire(slotKey, slotLimit, this.abort.signal);
        const vmName = rec.vm(d.vmId).vmName;
        const key = `${d.vmId}/${d.diskIndex}`;
        rec.patchVm(d.vmId, { message: `Reading disk ${d.diskIndex}` });
        try {
          const result = await this.deps.mover.run(
            {
              taskId: `${rec.id}:${key}`,
              sourcePath: d.path,
              diskKey: key,
              repositoryDir: repo.path,
              blockSize: blockSizeBytes(this.job.spec.blockSize),
              compression: this.job.spec.compression,
              runOn: g.mode === "off-host" ? g.proxy?.serverId : void 0
            },
            (ev) => {
              if (ev.type === "log") rec.log(ev.level, `${vmName}: ${ev.text}`, d.vmId);
              else this.onDiskProgress(d.vmId, key, ev.stats);
            },
            this.abort.signal
          );
          this.onDiskProgress(d.vmId, key, result.stats);
          outcomes.push({ vmId: d.vmId, diskIndex: d.diskIndex, result });
          rec.log("info", `${vmName}: disk ${d.diskIndex} done, ${fmtBytes(result.stats.bytesRead)} read, ${fmtBytes(result.stats.bytesTransferred)} transferred`, d.vmId);
        } catch (e) {
          const err = FerryError.from(e);
          failedVms.add(d.vmId);
          rec.patchVm(d.vmId, { status: "Failed", message: `Disk ${d.diskIndex}: ${err.message}` });
          rec.log("error", `${vmName}: disk ${d.diskIndex} failed: ${err.message}`, d.vmId);
          if (err.code === ErrorCode.Cancelled) throw err;
        } finally {
          releaseSlot();
        }
        const left = (remaining.get(d.vmId) ?? 1) - 1;
        remaining.set(d.vmId, left);
        if (left === 0 && !failedVms.has(d.vmId)) {
          const g2 = rec.vm(d.vmId);
          rec.patchVm(d.vmId, { status: g.warning ? "Warning" : "Success", progress: 1, message: g.warning ?? "Success" });
          rec.log("info", `${g2.vmName}: processed successfully`, d.vmId);
        }
      }
    };
    const results = await Promise.allSettled(Array.from({ length: Math.max(1, slotLimit) }, () => worker()));
    const rejected = results.find((r) => r.status === "rejected");
    if (rejected) throw rejected.reason;
    return outcomes.filter((o) => !failedVms.has(o.vmId));
  }
  onDiskProgress(vmId, key, stats) {
    this.diskStats.set(key, stats);
    let vmProcessed = 0;
    let vmRead = 0;
    const total = { bytesRead: 0, bytesProcessed: 0, bytesTransferred: 0, zero: 0, newRaw: 0, elapsed: 0, source: 0, proxy: 0, network: 0, target: 0 };
    for (const [k, s] of this.diskStats) {
      if (k.startsWith(`${vmId}/`)) {
        vmProcessed += s.bytesProcessed;
        vmRead += s.bytesRead;
      }
      total.bytesRead += s.bytesRead;
      total.bytesProcessed += s.bytesProcessed;
      total.bytesTransferred += s.bytesTransferred;
      total.zero += s.zeroBytes;
      total.newRaw += s.newRawBytes;
      total.elapsed += s.elapsedMs;
      total.source += s.busyMs.source;
      total.proxy += s.busyMs.proxy;
      total.network += s.busyMs.network;
      total.target += s.busyMs.target;
    }
    const vm2 = this.rec.vm(vmId);
    vm2.bytesRead = vmRead;
    vm2.progress = vm2.bytesTotal > 0 ? Math.min(1, vmProcessed / vm2.bytesTotal) : 1;
    const all = this.rec.view.vms.reduce((a, v) => a + v.bytesTotal, 0);
    const elapsed = Math.max(1e-3, (Date.now() - this.started) / 1e3);
    this.rec.view.progress = all > 0 ? Math.min(1, total.bytesProcessed / all) : 0;
    this.rec.view.stats = {
      bytesRead: total.bytesRead,
      bytesProcessed: total.bytesProcessed,
      bytesTransferred: total.bytesTransferred,
      ratePerSec: total.bytesProcessed / elapsed,
      // dedupe: non-zero data read vs new data kept; compression: new data kept vs bytes written
      dedupeRatio: total.newRaw > 0 ? (total.bytesRead - total.zero) / total.newRaw : 0,
      compressionRatio: total.bytesTransferred > 0 ? total.newRaw / total.bytesTransferred : 0,
      ...bottleneckOf(total)
    };
    this.rec.changed(false);
  }
  // ---------- restore point and result ----------
  async commitRestorePoint(inv, outcomes) {
    if (outcomes.length === 0) return;
    const repoRow = this.deps.store.getRepository(this.job.spec.repositoryId);
    if (!repoRow) throw new FerryError(ErrorCode.RepoMissing, `Repository ${this.job.spec.repositoryId} no longer exists`);
    await this.deps.repos.use(repoRow.path, async (repo) => {
      const w = repo.beginPoint({ jobId: this.job.id, sessionId: this.rec.id, jobName: this.job.spec.name });
      try {
        for (const o of outcomes) await w.addDisk(o.result.manifest);
        const info = await w.commit();
        const disks = outcomes.map((o) => {
          const vm2 = inv.vms.find((v) => v.id === o.vmId);
          return {
            vmId: o.vmId,
            vmName: vm2?.name ?? o.vmId,
            diskIndex: o.diskIndex,
            sourcePath: vm2?.disks[o.diskIndex]?.path ?? o.result.manifest.sourcePath,
            virtualSizeBytes: o.result.manifest.virtualSize,
            storedBytes: o.result.stats.bytesTransferred
          };
        });
        this.deps.store.putRestorePoint({ id: info.id, jobId: this.job.id, sessionId: this.rec.id, repositoryId: repoRow.id, createdAt: info.createdAt, disks, lastVerify: null });
        this.rec.view.restorePointId = info.id;
        this.rec.log("info", `Restore point ${info.id} created with ${disks.length} disk(s)`);
      } catch (e) {
        await w.abort().catch(() => void 0);
        throw e;
      }
    });
  }
  finishFromVms() {
    const vms = this.rec.view.vms;
    const failed = vms.filter((v) => v.status === "Failed").length;
    const warned = vms.filter((v) => v.status === "Warning").length;
    if (this.stopping) return this.finish("Stopped", this.stopReason);
    if (failed > 0) return this.finish("Failed", `${failed} of ${vms.length} VM(s) failed: ${vms.find((v) => v.status === "Failed")?.message}`);
    if (warned > 0) return this.finish("Warning", vms.find((v) => v.status === "Warning")?.message ?? "Completed with warnings");
    this.finish("Success", `${vms.length} VM(s) processed`);
  }
  finish(result, reason) {
    this.rec.view.result = result;
    this.rec.view.reason = reason;
    this.rec.view.endedAt = nowIso();
    if (result === "Success") this.rec.view.progress = 1;
    this.rec.log(result === "Failed" ? "error" : result === "Success" ? "info" : "warning", `Session ended: ${result}. ${reason}`);
    this.rec.changed(true);
  }
  ledger(snapshotId, patch) {
    this.deps.store.ledgerUpdate(snapshotId, patch, nowIso());
  }
  throwIfStopped() {
    if (this.abort.signal.aborted) throw this.abort.signal.reason;
  }
};
function bottleneckOf(t) {
  const pct = (ms) => t.elapsed > 0 ? Math.min(100, Math.round(ms / t.elapsed * 100)) : 0;
  const busy = { source: pct(t.source), proxy: pct(t.proxy), network: pct(t.network), target: pct(t.target) };
  const stages = [["Source", busy.source], ["Proxy", busy.proxy], ["Network", busy.network], ["Target", busy.target]];
  const top = stages.reduce((a, b) => b[1] > a[1] ? b : a);
  return { busy, bottleneck: top[1] > 0 ? top[0] : null };
}
function fmtBytes(n) {
  const u = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (n >= 1024 && i < u.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${u[i]}`;
}

// src-main/engine/orchestrator/orchestrator.ts
var SCHEDULER_TICK_MS = 15e3;
var Orchestrator = class {
  running = /* @__PURE__ */ new Map();
  deps;
  schedulerTimer = null;
  constructor(deps) {
    this.deps = {
      ...deps,
      slots: new KeyedSemaphore(),
      volumeSnapshots: new KeyedSemaphore(),
      maxSnapshotsPerVolume: deps.maxSnapshotsPerVolume ?? 2,
      clock: deps.clock ?? (() => /* @__PURE__ */ new Date())
    };
  }
  /** Starts a session in the background and returns its id at once. */
  start(job, opts = { trigger: "manual" }) {
    for (const r of this.running.values()) {
      if (r.jobId === job.id) throw new FerryError(ErrorCode.JobRunning, `Job ${job.spec.name} is already running (session ${r.runner.id})`);
    }
    const runner = new SessionRunner(job, this.deps, opts);
    const done = runner.run().then((view) => {
      const current = this.deps.store.getJob(job.id);
      if (current) this.deps.store.putJob(this.withNextRun({ ...current, lastResult: view.result, lastRunAt: view.startedAt }));
      this.deps.sink.ended?.(view);
    }).finally(() => this.running.delete(runner.id));
    this.running.set(runner.id, { runner, done, jobId: job.id });
    return runner.id;
  }
  /** The live view of a running session (fresher than the store, which is written at most once a second). */
  liveView(sessionId) {
    return this.running.get(sessionId)?.runner.rec.view ?? null;
  }
  isRunning(sessionId) {
    return this.running.has(sessionId);
  }
  /** Task slots of a proxy in use right now, across sessions (for the console's proxy list). */
  tasksInUse(proxyId) {
    return this.deps.slots.inUse(proxyId);
  }
  runningJobIds() {
    return [...this.running.values()].map((r) => r.jobId);
  }
  stop(sessionId, mode = "immediate") {
    const r = this.running.get(sessionId);
    if (!r) throw new FerryError(ErrorCode.Conflict, `Session ${sessionId} is not running`);
    r.runner.stop(mode);
  }
  /** Resolves when the session has ended (immediately if it is not running). */
  async wait(sessionId) {
    await this.running.get(sessionId)?.done;
  }
  async stopAll() {
    this.stopScheduler();
    for (const r of this.running.values()) r.runner.stop("immediate", "Ferry is shutting down");
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }
  // ---------- schedules ----------
  /** The job with its next scheduled start computed from now. */
  withNextRun(job) {
    const next = job.spec.enabled ? nextRun(job.spec.schedule, this.deps.clock(), job.lastRunAt ? new Date(job.lastRunAt) : null) : null;
    return { ...job, nextRunAt: next ? next.toISOString() : null };
  }
  /** Starts due jobs; returns the session ids started (the timer calls this; tests call it directly). */
  tick() {
    const now = this.deps.clock();
    const started = [];
    for (const job of this.deps.store.listJobs()) {
      if (!job.spec.enabled || !job.nextRunAt || new Date(job.nextRunAt) > now) continue;
      if (this.runningJobIds().includes(job.id)) continue;
      if (!inWindow(job.spec.window, now)) {
        this.deps.store.putJob(this.withNextRun({ ...job, lastRunAt: job.lastRunAt }));
        continue;
      }
      this.deps.store.putJob({ ...job, nextRunAt: null });
      started.push(this.start(job, { trigger: "schedule" }));
    }
    return started;
  }
  startScheduler() {
    if (this.schedulerTimer) return;
    this.schedulerTimer = setInterval(() => this.tick(), SCHEDULER_TICK_MS);
    this.schedulerTimer.unref?.();
  }
  stopScheduler() {
    if (this.schedulerTimer) clearInterval(this.schedulerTimer);
    this.schedulerTimer = null;
  }
  // ---------- crash recovery ----------
  /**
   * After a crash: sessions left 'Running' are marked failed, and every snapshot in the ledger that was not
   * confirmed deleted — plus any the platform still reports — is dismounted and deleted. One log line each.
   */
  async recover(log) {
    const { store, platform } = this.deps;
    for (const s of store.listRunningSessions()) {
      if (this.running.has(s.id)) continue;
      store.putSession({ ...s, result: "Failed", reason: "Interrupted: Ferry stopped while this session was running", endedAt: nowIso() });
    }
    const cleaned = [];
    const failed = [];
    const open5 = store.ledgerOpen().filter((r) => !this.isRunning(r.sessionId));
    const leftovers = await platform.listLeftovers().catch(() => []);
    const ids = /* @__PURE__ */ new Set([...open5.map((r) => r.snapshotId), ...leftovers.map((l) => l.snapshotId)]);
    for (const id of ids) {
      const row2 = open5.find((r) => r.snapshotId === id);
      try {
        if (row2?.exposedOn) await platform.unexposeSnapshot(id, row2.exposedOn, log);
        await platform.deleteSnapshot(id, log);
        if (row2) store.ledgerUpdate(id, { stage: "deleted" }, nowIso());
        log("warning", `Cleaned up snapshot ${id} left behind by an interrupted session${row2 ? ` (${row2.sessionId}, was ${row2.stage})` : " (not in the ledger)"}`);
        cleaned.push(id);
      } catch (e) {
        log("error", `Could not clean up snapshot ${id}: ${FerryError.from(e).message}`);
        failed.push(id);
      }
    }
    return { cleaned, failed };
  }
};

// src-main/engine/tasks.ts
var TaskManager = class {
  constructor(onUpdate) {
    this.onUpdate = onUpdate;
  }
  onUpdate;
  tasks = /* @__PURE__ */ new Map();
  get(id) {
    return this.tasks.get(id) ?? null;
  }
  /** Starts fn in the background; its return value becomes the task result. */
  start(title, fn) {
    const task = { id: newId("t"), title, state: "running", progress: 0, log: [], error: null, result: null };
    this.tasks.set(task.id, task);
    const emit2 = () => this.onUpdate(structuredClone(task));
    const ctx = {
      log: (level, text) => {
        task.log.push({ at: nowIso(), level, text });
        emit2();
      },
      progress: (f) => {
        task.progress = Math.max(0, Math.min(1, f));
        emit2();
      }
    };
    emit2();
    const done = (async () => {
      try {
        task.result = await fn(ctx);
        task.state = "succeeded";
        task.progress = 1;
      } catch (e) {
        const err = FerryError.from(e);
        task.state = "failed";
        task.error = { code: err.code, message: err.message };
        task.log.push({ at: nowIso(), level: "error", text: err.message });
      }
      emit2();
      return structuredClone(task);
    })();
    return { id: task.id, done };
  }
};

// src-main/engine/secrets.ts
import { chmod, mkdir as mkdir5, readFile as readFile2, rm as rm3 } from "node:fs/promises";
import { join as join8 } from "node:path";
var safeName = (name) => {
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(name)) throw new Error(`invalid secret name ${name}`);
  return name;
};
var FileSecretStore = class {
  constructor(dir, codec = { encode: (v) => Buffer.from(v, "utf8"), decode: (b) => b.toString("utf8") }) {
    this.dir = dir;
    this.codec = codec;
  }
  dir;
  codec;
  async get(name) {
    try {
      return this.codec.decode(await readFile2(join8(this.dir, safeName(name))));
    } catch (e) {
      if (e.code === "ENOENT") return null;
      throw e;
    }
  }
  async set(name, value) {
    await mkdir5(this.dir, { recursive: true, mode: 448 });
    const path10 = join8(this.dir, safeName(name));
    await writeFileAtomic(path10, this.codec.encode(value));
    await chmod(path10, 384);
  }
  async delete(name) {
    await rm3(join8(this.dir, safeName(name)), { force: true });
  }
};

// src-main/engine/datamover/remote/agent-client.ts
import { connect } from "node:tls";
import { X509Certificate as X509Certificate2 } from "node:crypto";

// src-main/engine/datamover/remote/protocol.ts
import { z as z12 } from "zod";
var MAX_AGENT_LINE = 64 * 1024 * 1024;
var ErrorBody = z12.object({ code: z12.string(), message: z12.string() });
var ToAgent = z12.discriminatedUnion("t", [
  z12.object({ t: z12.literal("hello"), token: z12.string().max(256), version: z12.string() }),
  // The task body is validated by the agent against DiskTask's shape (see agent-server).
  z12.object({ t: z12.literal("task"), task: z12.record(z12.string(), z12.unknown()) }),
  z12.object({ t: z12.literal("cancel") })
]);
var FromAgent = z12.discriminatedUnion("t", [
  z12.object({ t: z12.literal("welcome"), version: z12.string(), serverId: z12.string() }),
  z12.object({ t: z12.literal("denied"), error: ErrorBody }),
  z12.object({ t: z12.literal("event"), event: z12.record(z12.string(), z12.unknown()) }),
  z12.object({ t: z12.literal("done"), result: z12.record(z12.string(), z12.unknown()) }),
  z12.object({ t: z12.literal("failed"), error: ErrorBody })
]);
var compatible = (a, b) => a.split(".").slice(0, 2).join(".") === b.split(".").slice(0, 2).join(".");

// src-main/engine/datamover/remote/ndjson.ts
function writeFrame(socket, frame) {
  socket.write(`${JSON.stringify(frame)}
`);
}
function readLines(socket, maxLine, onLine, onTooLong) {
  let buf = "";
  let dead = false;
  socket.setEncoding("utf8");
  socket.on("data", (chunk) => {
    if (dead) return;
    buf += chunk;
    for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (line.length > 0) onLine(line);
    }
    if (buf.length > maxLine) {
      dead = true;
      onTooLong();
    }
  });
}

// src-main/engine/datamover/remote/agent-client.ts
var CONNECT_TIMEOUT_MS = 1e4;
function runOnAgent(ep, consoleVersion, task, onEvent, signal) {
  return new Promise((resolve4, reject) => {
    let settled = false;
    let welcomed = false;
    const finish = (err, result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      socket.destroy();
      if (err) reject(err);
      else resolve4(result);
    };
    const socket = connect({
      host: ep.host,
      port: ep.port,
      ca: [ep.certPem],
      // The agent's certificate is self-signed for its host: trust exactly that certificate, nothing else.
      checkServerIdentity: (_host, cert) => {
        const pinned = new X509Certificate2(ep.certPem).fingerprint256;
        return cert.fingerprint256 === pinned && pinned === ep.fingerprint256 ? void 0 : new FerryError(ErrorCode.AgentAuth, `Agent on ${ep.serverName} presented certificate ${cert.fingerprint256}, expected the pinned ${ep.fingerprint256}`);
      }
    });
    const timer = setTimeout(() => finish(new FerryError(ErrorCode.AgentUnreachable, `Agent on ${ep.serverName} (${ep.host}:${ep.port}) did not answer within ${CONNECT_TIMEOUT_MS / 1e3} s`)), CONNECT_TIMEOUT_MS);
    const onAbort = () => {
      if (!socket.destroyed) writeFrame(socket, { t: "cancel" });
      finish(new FerryError(ErrorCode.Cancelled, "Stopped by the user"));
    };
    signal.addEventListener("abort", onAbort, { once: true });
    socket.once("secureConnect", () => writeFrame(socket, { t: "hello", token: ep.token, version: consoleVersion }));
    socket.on(
      "error",
      (e) => finish(e instanceof FerryError ? e : new FerryError(welcomed ? ErrorCode.AgentLost : ErrorCode.AgentUnreachable, `Agent on ${ep.serverName}: ${e.message}`))
    );
    socket.on("close", () => finish(new FerryError(ErrorCode.AgentLost, `Connection to the agent on ${ep.serverName} was lost during the task`)));
    readLines(
      socket,
      MAX_AGENT_LINE,
      (line) => {
        let frame;
        try {
          frame = FromAgent.parse(JSON.parse(line));
        } catch {
          return finish(new FerryError(ErrorCode.AgentLost, `Agent on ${ep.serverName} sent a malformed frame`));
        }
        switch (frame.t) {
          case "welcome":
            if (!compatible(frame.version, consoleVersion)) {
              return finish(new FerryError(ErrorCode.AgentVersion, `Agent on ${ep.serverName} is version ${frame.version}, the console is ${consoleVersion}: re-run the proxy wizard to upgrade the agent`));
            }
            welcomed = true;
            clearTimeout(timer);
            writeFrame(socket, { t: "task", task });
            return;
          case "denied":
            return finish(new FerryError(frame.error.code, `Agent on ${ep.serverName} refused the console: ${frame.error.message}`));
          case "event":
            return onEvent(frame.event);
          case "done":
            return finish(null, frame.result);
          case "failed":
            return finish(new FerryError(frame.error.code, frame.error.message));
        }
      },
      () => finish(new FerryError(ErrorCode.AgentLost, `Agent on ${ep.serverName} sent a frame over ${MAX_AGENT_LINE} bytes`))
    );
  });
}

// src-main/engine/datamover/remote/agent-mover.ts
var ATTEMPTS = 3;
var RETRYABLE = /* @__PURE__ */ new Set([ErrorCode.AgentLost, ErrorCode.AgentUnreachable]);
var RoutingDataMover = class {
  constructor(local, endpoint, consoleVersion) {
    this.local = local;
    this.endpoint = endpoint;
    this.consoleVersion = consoleVersion;
  }
  local;
  endpoint;
  consoleVersion;
  async run(task, onEvent, signal) {
    if (!task.runOn) return this.local.run(task, onEvent, signal);
    for (let attempt = 1; ; attempt++) {
      const ep = await this.endpoint(task.runOn);
      if (!ep) throw new FerryError(ErrorCode.AgentUnreachable, `No Ferry agent is installed on ${task.runOn}: re-run the proxy wizard`);
      try {
        if (attempt === 1) onEvent({ type: "log", level: "info", text: `Data mover: agent on ${ep.serverName} (${ep.host}:${ep.port}, TLS, pinned certificate)` });
        return await runOnAgent(ep, this.consoleVersion, task, onEvent, signal);
      } catch (e) {
        const err = FerryError.from(e);
        if (!RETRYABLE.has(err.code) || attempt >= ATTEMPTS || signal.aborted) throw err;
        onEvent({ type: "log", level: "warning", text: `${err.message}; reconnecting (attempt ${attempt + 1} of ${ATTEMPTS}), the task resumes` });
      }
    }
  }
};

// src-main/engine/engine.ts
var DEFAULT_REPOSITORY_ID = "repo-default";
async function createEngine(opts) {
  const secrets = opts.secrets ?? new FileSecretStore(join9(opts.dataDir, "secrets"));
  const { platform, lab, labCreatedNow } = await createPlatform({ kind: opts.platform, dataDir: opts.dataDir, secrets, labAgentCommand: opts.agentCommand ?? null, labStepDelayMs: opts.labStepDelayMs });
  mkdirSync3(opts.dataDir, { recursive: true });
  const store = new Store(join9(opts.dataDir, "ferry.db"));
  const repos = new RepoPool();
  const local = new InProcessDataMover(repos, lab ? labMoverHooks(lab.faults) : {});
  const mover = new RoutingDataMover(local, (serverId2) => platform.agentEndpoint(serverId2), opts.version);
  const orchestrator = new Orchestrator({ store, platform, mover, repos, sink: opts.sink });
  const tasks = new TaskManager(opts.onTask);
  if (!store.getRepository(DEFAULT_REPOSITORY_ID)) {
    store.putRepository({ id: DEFAULT_REPOSITORY_ID, name: "Default backup repository", path: join9(opts.dataDir, "repository"), capacityBytes: 0, usedBytes: 0, restorePoints: 0 });
  }
  return {
    dataDir: opts.dataDir,
    store,
    platform,
    lab,
    repos,
    mover,
    orchestrator,
    tasks,
    labCreatedNow,
    async close() {
      await orchestrator.stopAll();
      await repos.closeAll();
      lab?.close();
      store.close();
    }
  };
}

// src-shared/contract/methods.ts
import { z as z14 } from "zod";

// src-shared/domain.ts
import { z as z13 } from "zod";
var Id = z13.string().min(1).max(128).regex(/^[A-Za-z0-9._:-]+$/, "letters, digits, . _ : - only");
var Volume2 = z13.object({
  id: Id,
  /** Windows-style label shown to admins, e.g. C:\ClusterStorage\Volume1 or D:\ */
  path: z13.string(),
  /** 'csv' volumes belong to a cluster; 'local' SAN LUNs to one standalone host */
  kind: z13.enum(["csv", "local"]),
  clusterId: Id.nullable(),
  /** standalone host owning the LUN, or current CSV owner node */
  ownerHostId: Id,
  sizeBytes: z13.number().nonnegative(),
  usedBytes: z13.number().nonnegative(),
  lun: z13.string()
});
var VirtualDisk = z13.object({
  index: z13.number().int().nonnegative(),
  /** path on the host volume */
  path: z13.string(),
  format: z13.enum(["vhdx", "vhd", "raw"]),
  virtualSizeBytes: z13.number().nonnegative(),
  fileSizeBytes: z13.number().nonnegative(),
  volumeId: Id
});
var Vm2 = z13.object({
  id: Id,
  name: z13.string(),
  hostId: Id,
  clusterId: Id.nullable(),
  state: z13.enum(["Running", "Off"]),
  disks: z13.array(VirtualDisk)
});
var Host = z13.object({
  id: Id,
  name: z13.string(),
  clusterId: Id.nullable(),
  os: z13.string(),
  hyperV: z13.boolean(),
  vssHardwareProvider: z13.string().nullable(),
  /** LUNs this server can see on the SAN */
  visibleLuns: z13.array(z13.string()),
  cpuCores: z13.number().int().positive(),
  freeDiskBytes: z13.number().nonnegative(),
  /** role in the lab: Hyper-V host or a plain server usable as a proxy */
  role: z13.enum(["hyperv-host", "server"])
});
var Cluster = z13.object({ id: Id, name: z13.string(), nodeIds: z13.array(Id), csvIds: z13.array(Id) });
var Inventory = z13.object({
  hosts: z13.array(Host),
  clusters: z13.array(Cluster),
  volumes: z13.array(Volume2),
  vms: z13.array(Vm2)
});
var CheckStatus = z13.enum(["pass", "fail", "warning"]);
var ReadinessCheck = z13.object({
  id: z13.string(),
  title: z13.string(),
  status: CheckStatus,
  reason: z13.string(),
  fix: z13.string().optional(),
  /** for per-volume checks: which volume */
  volumeId: Id.optional()
});
var Proxy = z13.object({
  id: Id,
  serverId: Id,
  name: z13.string(),
  description: z13.string(),
  maxTasks: z13.number().int().min(1).max(64),
  /** volumes this proxy can back up off-host (visible, not a node of the CSV's cluster) */
  eligibleVolumeIds: z13.array(Id),
  status: z13.enum(["ready", "unavailable"]),
  lastCheckAt: z13.string(),
  createdAt: z13.string()
});
var Repository = z13.object({
  id: Id,
  name: z13.string(),
  path: z13.string(),
  capacityBytes: z13.number().nonnegative(),
  usedBytes: z13.number().nonnegative(),
  restorePoints: z13.number().int().nonnegative()
});
var ProcessingMode = z13.discriminatedUnion("mode", [
  z13.object({ mode: z13.literal("on-host") }),
  z13.object({
    mode: z13.literal("off-host"),
    proxySelection: z13.enum(["automatic", "pinned"]),
    pinnedProxyIds: z13.array(Id),
    failoverToOnHost: z13.boolean()
  })
]);
var Compression = z13.enum(["none", "optimal", "high", "extreme"]);
var HHMM = z13.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use HH:MM (24-hour)");
var Weekday = z13.enum(["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]);
var Schedule = z13.discriminatedUnion("kind", [
  z13.object({ kind: z13.literal("none") }),
  z13.object({ kind: z13.literal("daily"), at: HHMM }),
  z13.object({ kind: z13.literal("weekly"), at: HHMM, days: z13.array(Weekday).min(1, "Pick at least one day") }),
  z13.object({ kind: z13.literal("periodic"), everyMinutes: z13.number().int().min(5).max(24 * 60) })
]);
var BackupWindow = z13.object({ enabled: z13.boolean(), start: HHMM, end: HHMM });
var BlockSize = z13.enum(["256K", "512K", "1M", "4M"]);
var JobSpec = z13.object({
  name: z13.string().trim().min(1, "Name is required").max(64),
  description: z13.string().max(500).default(""),
  vmIds: z13.array(Id).min(1, "Select at least one VM"),
  repositoryId: Id,
  processing: ProcessingMode,
  compression: Compression.default("optimal"),
  blockSize: BlockSize.default("1M"),
  applicationConsistent: z13.boolean().default(true),
  /** VMs that share one volume snapshot (hardware providers allow at most 8 per shadow copy set) */
  maxVmsPerSnapshot: z13.number().int().min(1).max(8).default(8),
  /** automatic retries of failed VMs within the session */
  retries: z13.object({ count: z13.number().int().min(0).max(10), intervalSec: z13.number().int().min(0).max(3600) }).default({ count: 2, intervalSec: 10 }),
  schedule: Schedule.default({ kind: "none" }),
  window: BackupWindow.default({ enabled: false, start: "22:00", end: "06:00" }),
  enabled: z13.boolean().default(true)
}).superRefine((j, ctx) => {
  const p = j.processing;
  if (p.mode === "off-host" && p.proxySelection === "pinned" && p.pinnedProxyIds.length === 0) {
    ctx.addIssue({ code: "custom", path: ["processing", "pinnedProxyIds"], message: "Pick at least one proxy" });
  }
});
var SessionResult = z13.enum(["Running", "Success", "Warning", "Failed", "Stopped"]);
var Job = z13.object({
  id: Id,
  spec: JobSpec,
  createdAt: z13.string(),
  lastResult: SessionResult.nullable(),
  lastRunAt: z13.string().nullable(),
  /** next scheduled start (ISO), null when not scheduled or disabled */
  nextRunAt: z13.string().nullable().default(null)
});
var SnapshotStage = z13.enum(["planned", "created", "imported", "exposed", "released", "deleted", "failed"]);
var SnapshotView = z13.object({
  id: Id,
  volumeId: Id,
  volumePath: z13.string(),
  hostId: Id,
  /** proxy server that imported it; null for on-host processing */
  proxyServerId: Id.nullable(),
  vmIds: z13.array(Id),
  stage: SnapshotStage,
  history: z13.array(z13.object({ stage: SnapshotStage, at: z13.string(), note: z13.string().optional() }))
});
var VmTaskStatus = z13.enum(["Pending", "Running", "Success", "Warning", "Failed"]);
var VmTaskView = z13.object({
  vmId: Id,
  vmName: z13.string(),
  status: VmTaskStatus,
  /** 0..1 */
  progress: z13.number().min(0).max(1),
  processingMode: z13.enum(["off-host", "on-host"]),
  proxyServerId: Id.nullable(),
  bytesTotal: z13.number().nonnegative(),
  bytesRead: z13.number().nonnegative(),
  message: z13.string()
});
var BottleneckStage = z13.enum(["Source", "Proxy", "Network", "Target"]);
var SessionStats = z13.object({
  bytesRead: z13.number().nonnegative(),
  bytesProcessed: z13.number().nonnegative(),
  bytesTransferred: z13.number().nonnegative(),
  ratePerSec: z13.number().nonnegative(),
  dedupeRatio: z13.number().nonnegative(),
  compressionRatio: z13.number().nonnegative(),
  /** busy % of each pipeline stage, measured in the data mover (not guessed) */
  busy: z13.object({ source: z13.number(), proxy: z13.number(), network: z13.number(), target: z13.number() }).default({ source: 0, proxy: 0, network: 0, target: 0 }),
  /** the stage that was busiest, as admins know it; null before any data moved */
  bottleneck: BottleneckStage.nullable().default(null)
});
var SessionView = z13.object({
  id: Id,
  jobId: Id,
  jobName: z13.string(),
  result: SessionResult,
  reason: z13.string(),
  startedAt: z13.string(),
  endedAt: z13.string().nullable(),
  /** 0..1 over all disks */
  progress: z13.number().min(0).max(1),
  stats: SessionStats,
  vms: z13.array(VmTaskView),
  snapshots: z13.array(SnapshotView),
  restorePointId: Id.nullable()
});
var LogLevel = z13.enum(["info", "warning", "error"]);
var LogLine = z13.object({
  seq: z13.number().int().nonnegative(),
  at: z13.string(),
  level: LogLevel,
  vmId: Id.nullable(),
  text: z13.string()
});
var RestorePointDisk = z13.object({
  vmId: Id,
  vmName: z13.string(),
  diskIndex: z13.number().int().nonnegative(),
  sourcePath: z13.string(),
  virtualSizeBytes: z13.number().nonnegative(),
  storedBytes: z13.number().nonnegative()
});
var RestorePoint = z13.object({
  id: Id,
  jobId: Id,
  sessionId: Id,
  repositoryId: Id,
  createdAt: z13.string(),
  disks: z13.array(RestorePointDisk),
  lastVerify: z13.object({ at: z13.string(), ok: z13.boolean(), summary: z13.string() }).nullable()
});
var TaskView = z13.object({
  id: Id,
  title: z13.string(),
  state: z13.enum(["running", "succeeded", "failed"]),
  progress: z13.number().min(0).max(1),
  log: z13.array(z13.object({ at: z13.string(), level: LogLevel, text: z13.string() })),
  error: z13.object({ code: z13.string(), message: z13.string() }).nullable(),
  /** operation-specific result (e.g. the created proxy id, verify summary) */
  result: z13.record(z13.string(), z13.unknown()).nullable()
});
var AppInfo = z13.object({
  version: z13.string(),
  platform: z13.enum(["lab", "windows"]),
  dataDir: z13.string(),
  labCreatedNow: z13.boolean(),
  host: z13.enum(["electron", "web", "cli", "test"])
});

// src-shared/contract/methods.ts
var none = z14.object({}).strict();
var byId = z14.object({ id: Id }).strict();
var ok2 = z14.object({ ok: z14.literal(true) });
var taskRef = z14.object({ taskId: Id });
var ProxyDraft = z14.object({
  serverId: Id,
  description: z14.string().max(500).default(""),
  maxTasks: z14.number().int().min(1, "At least 1 task").max(64, "At most 64 tasks")
}).strict();
var methods = {
  "app.info": { params: none, result: AppInfo },
  "inventory.get": { params: none, result: Inventory },
  "proxies.list": { params: none, result: z14.array(Proxy) },
  /** Readiness of a server as an off-host proxy: one row per requirement, per volume where it matters. */
  "proxies.check": { params: z14.object({ serverId: Id }).strict(), result: z14.array(ReadinessCheck) },
  /** Installs and registers the proxy; progress and log on the returned task. */
  "proxies.create": { params: ProxyDraft, result: taskRef },
  "proxies.remove": { params: byId, result: ok2 },
  "repositories.list": { params: none, result: z14.array(Repository) },
  "jobs.list": { params: none, result: z14.array(Job) },
  "jobs.get": { params: byId, result: Job },
  "jobs.create": { params: JobSpec, result: Job },
  "jobs.delete": { params: byId, result: ok2 },
  "jobs.update": { params: z14.object({ id: Id, spec: JobSpec }).strict(), result: Job },
  "jobs.setEnabled": { params: z14.object({ id: Id, enabled: z14.boolean() }).strict(), result: Job },
  "jobs.start": { params: byId, result: z14.object({ sessionId: Id }) },
  "sessions.list": {
    params: z14.object({ jobId: Id.optional() }).strict(),
    result: z14.array(SessionView)
  },
  /** Snapshot for the session streams; apply events with seq > this seq. */
  "sessions.get": {
    params: byId,
    result: z14.object({ session: SessionView, log: z14.array(LogLine), seq: z14.number().int().nonnegative() })
  },
  /** graceful: VMs in flight finish, nothing new starts; immediate: in-flight VMs get no restore point. Snapshots are released either way. */
  "sessions.stop": { params: z14.object({ id: Id, mode: z14.enum(["graceful", "immediate"]).default("immediate") }).strict(), result: ok2 },
  /** A new session of the same job for the VMs that failed in this one. */
  "sessions.retry": { params: byId, result: z14.object({ sessionId: Id }) },
  "restorePoints.list": { params: z14.object({ jobId: Id.optional() }).strict(), result: z14.array(RestorePoint) },
  "restorePoints.verify": { params: byId, result: taskRef },
  "tasks.get": { params: byId, result: TaskView }
};
function isMethodName(name) {
  return Object.prototype.hasOwnProperty.call(methods, name);
}

// src-main/service/dispatcher.ts
var Dispatcher = class {
  constructor(handlers) {
    this.handlers = handlers;
  }
  handlers;
  async dispatch(method, params) {
    try {
      if (!isMethodName(method)) throw new FerryError(ErrorCode.UnknownMethod, `Unknown method ${method}`);
      const spec = methods[method];
      const parsed = spec.params.safeParse(params ?? {});
      if (!parsed.success) {
        throw new FerryError(ErrorCode.InvalidParams, `${method}: ${formatIssues(parsed.error)}`, { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) });
      }
      const handler = this.handlers[method];
      const result = await handler(parsed.data);
      const checked = spec.result.safeParse(result);
      if (!checked.success) throw new FerryError(ErrorCode.Internal, `${method}: result does not match the contract: ${formatIssues(checked.error)}`);
      return { ok: true, result: checked.data };
    } catch (e) {
      return { ok: false, error: FerryError.from(e).toPayload() };
    }
  }
};
function formatIssues(err) {
  return err.issues.map((i) => `${i.path.length ? i.path.join(".") : "params"}: ${i.message}`).join("; ");
}

// src-main/service/handlers.ts
import { statfs } from "node:fs/promises";

// src-main/engine/util/dir-size.ts
import { readdir as readdir2, stat as stat4 } from "node:fs/promises";
import { join as join10 } from "node:path";
async function dirSize(dir) {
  const entries = await readdir2(dir, { withFileTypes: true }).catch(() => []);
  let total = 0;
  for (const e of entries) {
    const p = join10(dir, e.name);
    if (e.isDirectory()) total += await dirSize(p);
    else if (e.isFile()) total += (await stat4(p).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

// src-main/service/handlers.ts
var notFound = (what, id) => new FerryError(ErrorCode.NotFound, `${what} ${id} does not exist`);
function createHandlers(engine, hub, hostInfo) {
  const { store, platform, orchestrator, tasks } = engine;
  const requireJob = (id) => store.getJob(id) ?? (() => {
    throw notFound("Job", id);
  })();
  async function validateJobSpec(spec, selfId) {
    const clash = store.findJobByName(spec.name);
    if (clash && clash.id !== selfId) throw new FerryError(ErrorCode.Conflict, `A job named ${spec.name} already exists`);
    const inv = await platform.inventory();
    const missing = spec.vmIds.filter((id) => !inv.vms.some((v) => v.id === id));
    if (missing.length) throw new FerryError(ErrorCode.InvalidParams, `vmIds: unknown VM(s) ${missing.join(", ")}`);
    if (!store.getRepository(spec.repositoryId)) throw new FerryError(ErrorCode.InvalidParams, `repositoryId: unknown repository ${spec.repositoryId}`);
    if (spec.processing.mode === "off-host" && spec.processing.proxySelection === "pinned") {
      const unknown = spec.processing.pinnedProxyIds.filter((id) => !store.getProxy(id));
      if (unknown.length) throw new FerryError(ErrorCode.InvalidParams, `processing.pinnedProxyIds: unknown proxy ${unknown.join(", ")}`);
    }
  }
  return {
    "app.info": () => ({ version: hostInfo.version, platform: platform.kind, dataDir: engine.dataDir, labCreatedNow: engine.labCreatedNow, host: hostInfo.host }),
    "inventory.get": () => platform.inventory(),
    "proxies.list": () => store.listProxies(),
    "proxies.check": async ({ serverId: serverId2 }) => {
      const inv = await platform.inventory();
      if (!inv.hosts.some((h) => h.id === serverId2)) throw notFound("Server", serverId2);
      return platform.checkProxy(serverId2);
    },
    "proxies.create": async (draft) => {
      const inv = await platform.inventory();
      const server = inv.hosts.find((h) => h.id === draft.serverId);
      if (!server) throw notFound("Server", draft.serverId);
      if (store.listProxies().some((p) => p.serverId === draft.serverId)) {
        throw new FerryError(ErrorCode.Conflict, `${server.name} is already an off-host backup proxy`);
      }
      const checks = await platform.checkProxy(draft.serverId);
      const volumes = eligibleVolumes(checks);
      if (volumes.length === 0) {
        const why = checks.filter((c) => c.status === "fail").map((c) => `${c.title}: ${c.reason}`).join("; ");
        throw new FerryError(ErrorCode.ProxyNotReady, `${server.name} cannot serve as an off-host proxy for any volume: ${why}`);
      }
      const t = tasks.start(`Add off-host backup proxy ${server.name}`, async (ctx) => {
        ctx.log("info", `Readiness: ${volumes.length} volume(s) can be backed up off-host by ${server.name}`);
        ctx.progress(0.1);
        await platform.installProxy(draft.serverId, (level, text) => ctx.log(level, text));
        ctx.progress(0.9);
        const proxy = {
          id: newId("px"),
          serverId: server.id,
          name: server.name,
          description: draft.description,
          maxTasks: draft.maxTasks,
          eligibleVolumeIds: volumes,
          status: "ready",
          lastCheckAt: nowIso(),
          createdAt: nowIso()
        };
        store.putProxy(proxy);
        hub.changed("proxies");
        ctx.log("info", `Proxy ${server.name} registered with ${draft.maxTasks} concurrent task(s)`);
        return { proxyId: proxy.id };
      });
      return { taskId: t.id };
    },
    "proxies.remove": async ({ id }) => {
      const proxy = store.getProxy(id);
      if (!proxy) throw notFound("Proxy", id);
      const pinning = store.listJobs().filter((j) => j.spec.processing.mode === "off-host" && j.spec.processing.proxySelection === "pinned" && j.spec.processing.pinnedProxyIds.includes(id));
      if (pinning.length > 0) {
        throw new FerryError(ErrorCode.ProxyInUse, `Proxy ${proxy.name} is pinned by job(s) ${pinning.map((j) => j.spec.name).join(", ")}: change those jobs first`);
      }
      await platform.uninstallProxy(proxy.serverId, () => void 0);
      store.deleteProxy(id);
      hub.changed("proxies");
      return { ok: true };
    },
    "repositories.list": async () => {
      const out = [];
      for (const r of store.listRepositories()) {
        const fs12 = await statfs(engine.dataDir).catch(() => null);
        out.push({
          ...r,
          capacityBytes: fs12 ? fs12.blocks * fs12.bsize : 0,
          usedBytes: await dirSize(r.path),
          restorePoints: store.listRestorePoints().filter((p) => p.repositoryId === r.id).length
        });
      }
      return out;
    },
    "jobs.list": () => store.listJobs(),
    "jobs.get": ({ id }) => requireJob(id),
    "jobs.create": async (spec) => {
      await validateJobSpec(spec, null);
      const job = orchestrator.withNextRun({ id: newId("job"), spec, createdAt: nowIso(), lastResult: null, lastRunAt: null, nextRunAt: null });
      store.putJob(job);
      hub.changed("jobs");
      return job;
    },
    "jobs.update": async ({ id, spec }) => {
      const current = requireJob(id);
      await validateJobSpec(spec, id);
      const job = orchestrator.withNextRun({ ...current, spec });
      store.putJob(job);
      hub.changed("jobs");
      return job;
    },
    "jobs.setEnabled": ({ id, enabled }) => {
      const current = requireJob(id);
      const job = orchestrator.withNextRun({ ...current, spec: { ...current.spec, enabled } });
      store.putJob(job);
      hub.changed("jobs");
      return job;
    },
    "jobs.delete": ({ id }) => {
      const job = requireJob(id);
      if (orchestrator.runningJobIds().includes(id)) throw new FerryError(ErrorCode.JobRunning, `Job ${job.spec.name} is running: stop it first`);
      store.deleteJob(id);
      hub.changed("jobs");
      return { ok: true };
    },
    "jobs.start": ({ id }) => {
      const sessionId = orchestrator.start(requireJob(id));
      hub.changed("sessions");
      return { sessionId };
    },
    "sessions.list": ({ jobId }) => store.listSessions(jobId).map((s) => orchestrator.liveView(s.id) ?? s),
    "sessions.get": ({ id }) => {
      const seq = hub.currentSeq;
      const session = orchestrator.liveView(id) ?? store.getSession(id);
      if (!session) throw notFound("Session", id);
      return { session, log: store.getLog(id), seq };
    },
    "sessions.stop": ({ id, mode }) => {
      if (!store.getSession(id)) throw notFound("Session", id);
      orchestrator.stop(id, mode);
      return { ok: true };
    },
    "sessions.retry": ({ id }) => {
      const session = orchestrator.liveView(id) ?? store.getSession(id);
      if (!session) throw notFound("Session", id);
      if (session.result === "Running") throw new FerryError(ErrorCode.JobRunning, "The session is still running");
      const failed = session.vms.filter((v) => v.status === "Failed").map((v) => v.vmId);
      if (failed.length === 0) throw new FerryError(ErrorCode.Conflict, "No VM failed in this session: nothing to retry");
      const sessionId = orchestrator.start(requireJob(session.jobId), { trigger: "retry", vmIds: failed });
      hub.changed("sessions");
      return { sessionId };
    },
    "restorePoints.list": ({ jobId }) => store.listRestorePoints(jobId),
    "restorePoints.verify": async ({ id }) => {
      const point = store.getRestorePoint(id);
      if (!point) throw notFound("Restore point", id);
      const repoRow = store.getRepository(point.repositoryId);
      if (!repoRow) throw notFound("Repository", point.repositoryId);
      const t = tasks.start(`Verify restore point ${id}`, async (ctx) => {
        ctx.log("info", `Re-reading and re-hashing every chunk of ${point.disks.length} disk(s)`);
        const report = await engine.repos.read(repoRow.path, (repo) => repo.verify(id, (done, total) => ctx.progress(total > 0 ? done / total : 1)));
        const summary2 = report.ok ? `OK: ${report.chunksChecked} chunks, ${report.bytesChecked} bytes verified` : `DAMAGED: ${report.damaged.map((d) => `${d.diskKey} (${d.reason})`).join("; ")}`;
        ctx.log(report.ok ? "info" : "error", summary2);
        store.putRestorePoint({ ...point, lastVerify: { at: nowIso(), ok: report.ok, summary: summary2 } });
        hub.changed("restorePoints");
        return { ok: report.ok, summary: summary2 };
      });
      return { taskId: t.id };
    },
    "tasks.get": ({ id }) => tasks.get(id) ?? (() => {
      throw notFound("Task", id);
    })()
  };
}

// src-main/service/hub.ts
var TICK_MS = 100;
var EventHub = class {
  seq = 0;
  listeners = /* @__PURE__ */ new Set();
  pendingState = /* @__PURE__ */ new Map();
  pendingLog = /* @__PURE__ */ new Map();
  timer = null;
  /** Current seq: a snapshot taken now reflects every event up to it. */
  get currentSeq() {
    return this.seq;
  }
  listen(l) {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  sessionState(view) {
    this.pendingState.set(view.id, view);
    if (view.result !== "Running") this.flush();
    else this.schedule();
  }
  sessionLog(sessionId, line) {
    const arr = this.pendingLog.get(sessionId) ?? [];
    arr.push(line);
    this.pendingLog.set(sessionId, arr);
    this.schedule();
  }
  task(view) {
    this.publish("task.updated", view.id, view);
  }
  changed(what) {
    this.publish("app.changed", "*", { what });
  }
  flush() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const [id, lines] of this.pendingLog) this.publish("session.log", id, { lines });
    this.pendingLog.clear();
    for (const [id, view] of this.pendingState) this.publish("session.state", id, structuredClone(view));
    this.pendingState.clear();
  }
  schedule() {
    if (!this.timer) this.timer = setTimeout(() => this.flush(), TICK_MS);
  }
  publish(topic, key, payload) {
    const seq = ++this.seq;
    for (const l of this.listeners) l(topic, key, seq, payload);
  }
};

// src-shared/contract/protocol.ts
import { z as z15 } from "zod";
var MAX_FRAME_BYTES = 1024 * 1024;
var ReqFrame = z15.object({
  t: z15.literal("req"),
  id: z15.number().int().nonnegative(),
  method: z15.string().max(64),
  params: z15.unknown()
});
var SubFrame = z15.object({ t: z15.literal("sub"), topic: z15.string().max(64), key: z15.string().max(128) });
var UnsubFrame = z15.object({ t: z15.literal("unsub"), topic: z15.string().max(64), key: z15.string().max(128) });
var ClientFrame = z15.discriminatedUnion("t", [ReqFrame, SubFrame, UnsubFrame]);

// src-shared/contract/events.ts
import { z as z16 } from "zod";
var ChangedWhat = z16.enum(["jobs", "proxies", "sessions", "restorePoints", "inventory", "repositories"]);
var events = {
  /** Latest session state, throttled to ≈10 Hz in main (latest wins). key = session id */
  "session.state": SessionView,
  /** Log lines batched per tick. key = session id */
  "session.log": z16.object({ lines: z16.array(LogLine) }),
  /** Long operation (proxy install, verify, restore). key = task id */
  "task.updated": TaskView,
  /** List invalidation: refetch what changed. key = '*' */
  "app.changed": z16.object({ what: ChangedWhat })
};
function isTopicName(name) {
  return Object.prototype.hasOwnProperty.call(events, name);
}

// src-main/service/connection.ts
function openConnection(dispatcher, hub, send) {
  const subs = /* @__PURE__ */ new Set();
  const subKey = (topic, key) => `${topic}\0${key}`;
  const off = hub.listen((topic, key, seq, payload) => {
    if (subs.has(subKey(topic, key))) send({ t: "evt", topic, key, seq, payload });
  });
  const fail2 = (id, e) => send({ t: "res", id, ok: false, error: e.toPayload() });
  return {
    receive(raw) {
      let data = raw;
      if (typeof raw === "string") {
        if (raw.length > MAX_FRAME_BYTES) return fail2(0, new FerryError(ErrorCode.BadFrame, `Frame larger than ${MAX_FRAME_BYTES} bytes`));
        try {
          data = JSON.parse(raw);
        } catch {
          return fail2(0, new FerryError(ErrorCode.BadFrame, "Frame is not valid JSON"));
        }
      }
      const parsed = ClientFrame.safeParse(data);
      if (!parsed.success) {
        const id = typeof data?.id === "number" ? data.id : 0;
        return fail2(id, new FerryError(ErrorCode.BadFrame, `Malformed frame: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`));
      }
      const frame = parsed.data;
      if (frame.t === "req") {
        void dispatcher.dispatch(frame.method, frame.params).then(
          (r) => send(r.ok ? { t: "res", id: frame.id, ok: true, result: r.result } : { t: "res", id: frame.id, ok: false, error: r.error })
        );
        return;
      }
      if (!isTopicName(frame.topic)) return fail2(0, new FerryError(ErrorCode.UnknownTopic, `Unknown topic ${frame.topic}`));
      if (frame.t === "sub") subs.add(subKey(frame.topic, frame.key));
      else subs.delete(subKey(frame.topic, frame.key));
    },
    close() {
      off();
      subs.clear();
    }
  };
}

// src-main/service/service.ts
async function createService(opts) {
  const hub = new EventHub();
  const engine = await createEngine({
    dataDir: opts.dataDir,
    labStepDelayMs: opts.labStepDelayMs,
    sink: {
      state: (v) => hub.sessionState(v),
      ended: () => {
        for (const what of ["sessions", "jobs", "restorePoints", "repositories"]) hub.changed(what);
      },
      log: (id, line) => hub.sessionLog(id, line)
    },
    onTask: (t) => hub.task(t),
    version: opts.host.version,
    agentCommand: opts.agentCommand,
    platform: opts.platform
  });
  const say = opts.onStartupLog ?? (() => void 0);
  if (engine.labCreatedNow) say("info", `Created a fresh lab in ${opts.dataDir}: 2 standalone Hyper-V hosts, cluster CLU01 with 3 nodes and 2 CSVs, 8 VMs`);
  await engine.orchestrator.recover(say);
  if (opts.scheduler !== false) engine.orchestrator.startScheduler();
  const dispatcher = new Dispatcher(createHandlers(engine, hub, opts.host));
  return {
    engine,
    hub,
    dispatcher,
    connect: (send) => openConnection(dispatcher, hub, send),
    async close() {
      hub.flush();
      await engine.close();
    }
  };
}

// src-main/cli/data-dir.ts
import { homedir } from "node:os";
import { join as join11 } from "node:path";
function defaultDataDir() {
  if (process.env.FERRY_DATA) return process.env.FERRY_DATA;
  if (process.platform === "win32") return join11(process.env.APPDATA ?? join11(homedir(), "AppData", "Roaming"), "Ferry");
  if (process.platform === "darwin") return join11(homedir(), "Library", "Application Support", "Ferry");
  return join11(process.env.XDG_DATA_HOME ?? join11(homedir(), ".local", "share"), "ferry");
}

// src-main/cli/paths.ts
import { existsSync as existsSync3, readFileSync as readFileSync4 } from "node:fs";
import { dirname as dirname6, join as join12 } from "node:path";
import { fileURLToPath as fileURLToPath2 } from "node:url";
var here = dirname6(fileURLToPath2(import.meta.url));
function appRoot() {
  let dir = here;
  for (let i = 0; i < 6; i++) {
    if (existsSync3(join12(dir, "package.json"))) return dir;
    dir = dirname6(dir);
  }
  return process.cwd();
}
var rendererDir = () => join12(appRoot(), "out", "renderer");
var VERSION = (() => {
  try {
    return JSON.parse(readFileSync4(join12(appRoot(), "package.json"), "utf8")).version;
  } catch {
    return "0.0.0";
  }
})();
function agentCommand() {
  const cli = join12(appRoot(), "out", "main", "cli.js");
  return existsSync3(cli) ? [process.execPath, cli] : null;
}

// src-main/cli/agent-command.ts
import { readFile as readFile3 } from "node:fs/promises";

// src-main/hosts/agent/agent-server.ts
import { createServer } from "node:tls";
import { timingSafeEqual } from "node:crypto";
import { z as z17 } from "zod";
var HELLO_TIMEOUT_MS = 1e4;
var DiskTaskShape = z17.object({
  taskId: z17.string().min(1),
  sourcePath: z17.string().min(1),
  diskKey: z17.string().min(1),
  repositoryDir: z17.string().min(1),
  blockSize: z17.number().int().positive().max(64 * 1024 * 1024),
  compression: z17.enum(["none", "optimal", "high", "extreme"])
}).passthrough();
async function startAgentServer(opts) {
  let running = 0;
  const log = opts.log ?? (() => void 0);
  const server = createServer({ cert: opts.certPem, key: opts.keyPem, minVersion: "TLSv1.2" }, (socket) => {
    let authed = false;
    let abort = null;
    const helloTimer = setTimeout(() => socket.destroy(), HELLO_TIMEOUT_MS);
    const deny = (code, message) => {
      writeFrame(socket, { t: "denied", error: { code, message } });
      socket.end();
    };
    socket.on("error", () => abort?.abort(new FerryError(ErrorCode.AgentLost, "console connection lost")));
    socket.on("close", () => {
      clearTimeout(helloTimer);
      abort?.abort(new FerryError(ErrorCode.AgentLost, "console connection lost"));
    });
    readLines(
      socket,
      MAX_AGENT_LINE,
      (line) => {
        let frame;
        try {
          frame = ToAgent.parse(JSON.parse(line));
        } catch {
          return deny(ErrorCode.BadFrame, "malformed frame");
        }
        if (!authed) {
          if (frame.t !== "hello") return deny(ErrorCode.AgentAuth, "hello expected first");
          const a = Buffer.from(frame.token);
          const b = Buffer.from(opts.token);
          if (a.length !== b.length || !timingSafeEqual(a, b)) return deny(ErrorCode.AgentAuth, "wrong pairing token");
          authed = true;
          clearTimeout(helloTimer);
          writeFrame(socket, { t: "welcome", version: opts.version, serverId: opts.serverId });
          return;
        }
        if (frame.t === "cancel") return abort?.abort(new FerryError(ErrorCode.Cancelled, "Stopped by the user"));
        if (frame.t !== "task" || abort) return deny(ErrorCode.BadFrame, "one task per connection");
        const parsed = DiskTaskShape.safeParse(frame.task);
        if (!parsed.success) return deny(ErrorCode.InvalidParams, `bad task: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
        const task = parsed.data;
        abort = new AbortController();
        running++;
        log(`task ${task.taskId}: ${task.sourcePath} \u2192 ${task.repositoryDir}`);
        opts.mover.run({ ...task, runOn: void 0 }, (event) => writeFrame(socket, { t: "event", event }), abort.signal).then(
          (result) => writeFrame(socket, { t: "done", result }),
          (e) => writeFrame(socket, { t: "failed", error: FerryError.from(e).toPayload() })
        ).finally(async () => {
          socket.end();
          if (--running === 0) await opts.onIdle?.().catch(() => void 0);
        });
      },
      () => deny(ErrorCode.BadFrame, "frame too large")
    );
  });
  await new Promise((resolve4, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.bind ?? "127.0.0.1", () => resolve4());
  });
  return {
    port: server.address().port,
    close: () => new Promise((r) => server.close(() => r()))
  };
}

// src-main/cli/usage.ts
var UsageError = class extends Error {
};

// src-main/cli/agent-command.ts
var agentCommandSpec = {
  usage: "ferry agent --server-id ID --cert FILE --key FILE --token-file FILE [--port N] [--bind ADDR] [--exit-with-parent]",
  summary: "Run the Ferry data mover agent on an off-host proxy (TLS, pinned certificate, pairing token)",
  options: {
    "server-id": { type: "string" },
    cert: { type: "string" },
    key: { type: "string" },
    "token-file": { type: "string" },
    port: { type: "string" },
    bind: { type: "string" },
    "exit-with-parent": { type: "boolean" },
    // Lab only: the simulated proxy's data-path faults (read error, repository write failure).
    "lab-faults": { type: "string" }
  },
  async run({ values }, io) {
    const need = (k) => {
      const v = values[k];
      if (typeof v !== "string" || !v) throw new UsageError(`--${k} is required`);
      return v;
    };
    const serverId2 = need("server-id");
    const [certPem, keyPem, token] = await Promise.all([readFile3(need("cert"), "utf8"), readFile3(need("key"), "utf8"), readFile3(need("token-file"), "utf8")]);
    const port = typeof values.port === "string" ? Number(values.port) : 6170;
    const repos = new RepoPool();
    const server = await startAgentServer({
      serverId: serverId2,
      version: VERSION,
      certPem,
      keyPem,
      token: token.trim(),
      mover: new InProcessDataMover(repos, typeof values["lab-faults"] === "string" ? labMoverHooks(new LabFaults(values["lab-faults"])) : {}),
      port,
      bind: typeof values.bind === "string" ? values.bind : "127.0.0.1",
      // The repository has one writer at a time: hand the lock back as soon as this agent is idle.
      onIdle: () => repos.closeAll(),
      log: (t) => io.err(`agent ${serverId2}: ${t}`)
    });
    io.out(`FERRY_AGENT_READY port=${server.port} version=${VERSION}`);
    await new Promise((resolve4) => {
      process.once("SIGTERM", resolve4);
      process.once("SIGINT", resolve4);
      if (values["exit-with-parent"]) {
        process.stdin.resume();
        process.stdin.once("end", resolve4);
        process.stdin.once("close", resolve4);
      }
    });
    await server.close();
    await repos.closeAll();
    process.exit(0);
  }
};

// src-main/cli/disk-commands.ts
import { stat as stat5 } from "node:fs/promises";
import { resolve as resolve2 } from "node:path";

// src-main/cli/disk-backup.ts
import { basename as basename2 } from "node:path";
var SOURCE_LABEL = "sourcePath";
var KIND_LABEL = "kind";
var DISK_BACKUP_KIND = "disk-backup";
function diskKeyOf(file) {
  return basename2(file).replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 200) || "disk";
}
async function findBase(repo, file, diskKey) {
  const candidates = (await repo.listPoints()).filter((p) => p.labels[SOURCE_LABEL] === file && p.disks.some((d) => d.diskKey === diskKey)).sort((a, b) => a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt.localeCompare(b.createdAt));
  const newest = candidates[candidates.length - 1];
  return newest ? { pointId: newest.id, manifest: await repo.readManifest(newest.id, diskKey) } : void 0;
}
async function backupDisk(repo, req, onEvent, signal) {
  const diskKey = diskKeyOf(req.file);
  const base = req.changedRanges ? await findBase(repo, req.file, diskKey) : void 0;
  const mover = new InProcessDataMover({ use: (_dir, fn) => fn(repo) });
  const result = await mover.run(
    {
      taskId: `cli:${diskKey}`,
      sourcePath: req.file,
      diskKey,
      repositoryDir: repo.dir,
      blockSize: req.blockSize,
      compression: req.compression,
      changedRanges: req.changedRanges,
      baseManifest: base?.manifest,
      throttleMBps: req.throttleMBps
    },
    onEvent,
    signal
  );
  const incremental = result.mode === "incremental" && base !== void 0;
  const labels = { [KIND_LABEL]: DISK_BACKUP_KIND, [SOURCE_LABEL]: req.file };
  if (incremental) labels[PARENT_POINT_LABEL] = base.pointId;
  const writer = repo.beginPoint(labels);
  try {
    await writer.addDisk(result.manifest);
    const point = await writer.commit();
    return { pointId: point.id, diskKey, ...incremental ? { parentPointId: base.pointId } : {}, result };
  } catch (e) {
    await writer.abort();
    throw e;
  }
}

// src-main/cli/changed-ranges.ts
import { readFile as readFile4 } from "node:fs/promises";
import { z as z18 } from "zod";
var Range = z18.object({ offset: z18.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), length: z18.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER) });
var RangesFile = z18.union([z18.array(Range), z18.object({ ranges: z18.array(Range) }).transform((o) => o.ranges)]);
async function readChangedRanges(file) {
  let text;
  try {
    text = await readFile4(file, "utf8");
  } catch (e) {
    throw new UsageError(`--changed ${file}: ${e.message}`);
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--changed ${file} is not JSON: ${e.message}`);
  }
  const parsed = RangesFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`--changed ${file} must be a JSON array of {"offset": n, "length": n} (${issue.path.join(".") || "top level"}: ${issue.message})`);
  }
  return parsed.data;
}
function checkRangesFit(ranges, virtualSize, file) {
  const bad = ranges.find((r) => r.offset + r.length > virtualSize);
  if (bad) throw new UsageError(`--changed ${file}: range at ${bad.offset} (+${bad.length}) lies beyond the end of the disk (${virtualSize} bytes)`);
}

// src-main/cli/progress.ts
var REDRAW_EVERY_MS = 100;
var BAR_WIDTH = 24;
function fmtBytes2(n) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}
var ProgressReporter = class {
  constructor(label, io) {
    this.label = label;
    this.io = io;
  }
  label;
  io;
  startedAt = performance.now();
  lastDraw = 0;
  lastStep = -1;
  drawn = false;
  update(done, total) {
    const pct = total > 0 ? Math.min(100, Math.floor(done / total * 100)) : 100;
    const secs = (performance.now() - this.startedAt) / 1e3;
    const rate = secs > 0 ? `${fmtBytes2(done / secs)}/s` : "";
    const tty2 = this.io.tty;
    if (tty2) {
      const now = performance.now();
      if (now - this.lastDraw < REDRAW_EVERY_MS && pct < 100) return;
      this.lastDraw = now;
      const filled = Math.round(pct / 100 * BAR_WIDTH);
      const line = `${this.label} [${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}] ${String(pct).padStart(3)}%  ${fmtBytes2(done)} of ${fmtBytes2(total)}  ${rate}`;
      tty2.write(`\r${line.slice(0, Math.max(20, (tty2.columns ?? 100) - 1)).padEnd(Math.min(line.length + 4, (tty2.columns ?? 100) - 1))}`);
      this.drawn = true;
      return;
    }
    const step = Math.floor(pct / 10);
    if (step <= this.lastStep) return;
    this.lastStep = step;
    this.io.err(`${this.label}: ${pct}% (${fmtBytes2(done)} of ${fmtBytes2(total)}${rate ? `, ${rate}` : ""})`);
  }
  /** Clears the bar so the next line starts clean. */
  finish() {
    if (this.io.tty && this.drawn) this.io.tty.write("\r\x1B[2K");
    this.drawn = false;
  }
};

// src-main/cli/disk-commands.ts
var KiB2 = 1024;
var MiB9 = 1024 * KiB2;
var BLOCK_SIZES = { "256K": 256 * KiB2, "512K": 512 * KiB2, "1M": MiB9, "4M": 4 * MiB9 };
var COMPRESSION = { none: "none", lz4: "optimal", zstd3: "high", zstd9: "extreme" };
var repoOpt = { repo: { type: "string" } };
function requireString(name, v) {
  if (typeof v !== "string" || v.length === 0) throw new UsageError(`${name} is required`);
  return v;
}
function choice(name, v, table, fallback) {
  const key = typeof v === "string" ? v.toUpperCase() in table ? v.toUpperCase() : v.toLowerCase() : fallback;
  const hit = table[key];
  if (hit === void 0) throw new UsageError(`${name} must be one of ${Object.keys(table).join(", ")}`);
  return hit;
}
function positiveNumber(name, v) {
  if (v === void 0) return void 0;
  const n = typeof v === "string" && /^\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
  if (!(n > 0)) throw new UsageError(`${name} must be a positive number`);
  return n;
}
async function openExisting(dir) {
  return Repo.open(resolve2(dir));
}
async function withRepo(dir, fn) {
  const repo = await openExisting(dir);
  try {
    return await fn(repo);
  } finally {
    await repo.close();
  }
}
function abortOnSigint() {
  const ac = new AbortController();
  const stop = () => ac.abort();
  process.once("SIGINT", stop);
  return { signal: ac.signal, dispose: () => process.off("SIGINT", stop) };
}
function summary(s) {
  const secs = s.elapsedMs / 1e3;
  return `read ${fmtBytes2(s.bytesRead)}, stored ${fmtBytes2(s.bytesTransferred)} new, ${fmtBytes2(s.dedupedBytes)} deduplicated, ${fmtBytes2(s.zeroBytes)} zero, in ${secs.toFixed(1)} s`;
}
var diskCommands = {
  "disk backup": {
    usage: "ferry disk backup FILE --repo DIR [--block-size 256K|512K|1M|4M] [--compression lz4|zstd3|zstd9|none] [--changed RANGES.json] [--throttle MIBPS] [--json]",
    summary: "Back up one disk file (VHDX, VHD or raw; parents next to it) as a new restore point; prints its id",
    options: { ...repoOpt, "block-size": { type: "string" }, compression: { type: "string" }, changed: { type: "string" }, throttle: { type: "string" }, json: { type: "boolean" } },
    positionals: 1,
    async run({ values, positionals }, cliIo) {
      const io = cliIo;
      const repoDir = resolve2(requireString("--repo", values.repo));
      const file = resolve2(positionals[0]);
      const blockSize = choice("--block-size", values["block-size"], BLOCK_SIZES, "1M");
      const compression = choice("--compression", values.compression, COMPRESSION, "lz4");
      const throttleMBps = positiveNumber("--throttle", values.throttle);
      const changedFile = typeof values.changed === "string" ? values.changed : void 0;
      const changedRanges = changedFile ? await readChangedRanges(changedFile) : void 0;
      const st = await stat5(file).catch(() => null);
      if (!st?.isFile()) throw new UsageError(`${positionals[0]} is not a disk file`);
      const disk = await openDisk(file);
      const virtualSize = disk.virtualSize;
      await disk.close();
      if (changedRanges && changedFile) checkRangesFit(changedRanges, virtualSize, changedFile);
      const repo = await Repo.openOrCreate(repoDir, { verifyOnPut: false });
      const progress = new ProgressReporter("backup", io);
      const sigint = abortOnSigint();
      try {
        const outcome = await backupDisk(
          repo,
          { file, blockSize, compression, changedRanges, throttleMBps },
          (e) => {
            if (e.type === "progress") progress.update(e.stats.bytesProcessed, e.bytesTotal);
            else if (e.level !== "info") {
              progress.finish();
              io.err(`${e.level}: ${e.text}`);
            }
          },
          sigint.signal
        );
        progress.finish();
        const { result } = outcome;
        if (values.json) {
          io.out(
            JSON.stringify({
              id: outcome.pointId,
              diskKey: outcome.diskKey,
              mode: result.mode ?? "full",
              ...result.fullReason ? { fullReason: result.fullReason } : {},
              ...outcome.parentPointId ? { parentPointId: outcome.parentPointId } : {},
              virtualSize,
              blockSize,
              compression,
              stats: result.stats
            })
          );
        } else {
          io.err(`${result.mode === "incremental" ? "Incremental" : "Full"} backup of ${file}: ${summary(result.stats)}`);
          io.out(outcome.pointId);
        }
        return 0;
      } finally {
        sigint.dispose();
        progress.finish();
        await repo.close();
      }
    }
  },
  "disk restore": {
    usage: "ferry disk restore --repo DIR --point ID --out FILE [--format raw|vhdx] [--disk KEY] [--force]",
    summary: "Restore the disk of a restore point to a raw image or a dynamic VHDX (byte-identical content)",
    options: { ...repoOpt, point: { type: "string" }, out: { type: "string" }, format: { type: "string" }, disk: { type: "string" }, force: { type: "boolean" } },
    async run({ values }, cliIo) {
      const io = cliIo;
      const repoDir = requireString("--repo", values.repo);
      const pointId = requireString("--point", values.point);
      const out = resolve2(requireString("--out", values.out));
      const format = choice("--format", values.format, { raw: "raw", vhdx: "vhdx" }, "raw");
      if (!values.force && await stat5(out).catch(() => null)) throw new UsageError(`${out} exists; pass --force to replace it`);
      return withRepo(repoDir, async (repo) => {
        const point = await repo.getPoint(pointId);
        const diskKey = pickDisk(point, values.disk);
        const progress = new ProgressReporter("restore", io);
        const onProgress = (done, total) => progress.update(done, total);
        try {
          if (format === "vhdx") await repo.restoreVhdx(point.id, diskKey, out, onProgress);
          else await repo.restoreRaw(point.id, diskKey, out, onProgress);
        } finally {
          progress.finish();
        }
        io.out(`Restored ${diskKey} from ${point.id} to ${out} (${format})`);
        return 0;
      });
    }
  },
  "repo verify": {
    usage: "ferry repo verify --repo DIR [--point ID] [--json]",
    summary: "Re-read and re-hash every chunk of one or all restore points; exit 1 and name the damage if any",
    options: { ...repoOpt, point: { type: "string" }, json: { type: "boolean" } },
    async run({ values }, cliIo) {
      const io = cliIo;
      const repoDir = requireString("--repo", values.repo);
      return withRepo(repoDir, async (repo) => {
        const points = typeof values.point === "string" ? [await repo.getPoint(values.point)] : await repo.listPoints();
        const reports = [];
        for (const p of points) {
          const progress = new ProgressReporter(`verify ${p.id}`, io);
          try {
            reports.push(await repo.verify(p.id, (done, total) => progress.update(done, total)));
          } finally {
            progress.finish();
          }
        }
        const ok3 = reports.every((r) => r.ok);
        if (values.json) io.out(JSON.stringify({ ok: ok3, points: reports }));
        else {
          if (reports.length === 0) io.out("The repository has no restore points");
          for (const r of reports) {
            if (r.ok) io.out(`OK ${r.pointId}: ${r.chunksChecked} chunks, ${fmtBytes2(r.bytesChecked)} re-read and re-hashed`);
            for (const d of r.damaged) {
              const ranges = d.ranges.map((x) => `${x.offset}+${x.length}`).join(", ");
              io.out(`DAMAGED ${r.pointId}: disk ${d.diskKey}: ${d.reason}; ranges ${ranges}`);
            }
          }
        }
        return ok3 ? 0 : 1;
      });
    }
  },
  "repo forget": {
    usage: "ferry repo forget --repo DIR --keep-last N",
    summary: "Forget all but the newest N restore points (their chunks are freed by repo gc)",
    options: { ...repoOpt, "keep-last": { type: "string" } },
    async run({ values }, io) {
      const repoDir = requireString("--repo", values.repo);
      const raw = requireString("--keep-last", values["keep-last"]);
      if (!/^\d+$/.test(raw)) throw new UsageError("--keep-last must be a whole number");
      const keepLast = Number(raw);
      return withRepo(repoDir, async (repo) => {
        const { removed, kept } = await repo.forget({ keepLast });
        for (const p of removed) io.out(`forgot ${p.id} (${p.createdAt})`);
        io.out(`Forgot ${removed.length} restore point(s), kept ${kept.length}. Run 'ferry repo gc' to free their space.`);
        return 0;
      });
    }
  },
  "repo gc": {
    usage: "ferry repo gc --repo DIR",
    summary: "Delete chunks no restore point needs any more (never one a live point references)",
    options: repoOpt,
    async run({ values }, io) {
      const repoDir = requireString("--repo", values.repo);
      return withRepo(repoDir, async (repo) => {
        const r = await repo.gc();
        io.out(`Removed ${r.chunksRemoved} chunk(s), freed ${fmtBytes2(r.bytesFreed)} (${r.packsDeleted} pack(s) deleted, ${r.packsRewritten} rewritten); ${r.liveChunks} live chunks in ${r.pointsScanned} point(s)`);
        if (r.packsSkipped.length > 0) io.err(`warning: ${r.packsSkipped.length} pack(s) were left alone because a live chunk in them is unreadable; run 'ferry repo verify'`);
        return 0;
      });
    }
  }
};
function pickDisk(point, wanted) {
  if (typeof wanted === "string") {
    if (!point.disks.some((d) => d.diskKey === wanted)) throw new FerryError(ErrorCode.NotFound, `Restore point ${point.id} has no disk ${wanted}`);
    return wanted;
  }
  if (point.disks.length !== 1) throw new UsageError(`restore point ${point.id} has ${point.disks.length} disks (${point.disks.map((d) => d.diskKey).join(", ")}); pick one with --disk KEY`);
  return point.disks[0].diskKey;
}

// src-main/hosts/web/web-host.ts
import { createServer as createServer2 } from "node:http";
import { randomBytes as randomBytes11, timingSafeEqual as timingSafeEqual2 } from "node:crypto";
import { readFile as readFile5 } from "node:fs/promises";
import { extname, join as join13, normalize, sep as sep2 } from "node:path";
import { WebSocketServer } from "ws";
var MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2"
};
var CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; frame-ancestors 'none'";
function tokenMatches(expected, given) {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual2(a, b);
}
async function startWebHost(opts) {
  const token = opts.token ?? randomBytes11(24).toString("hex");
  const bind = opts.bindAddress ?? "127.0.0.1";
  let port = 0;
  const server = createServer2((req, res) => void serveStatic(opts.staticDir, req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on("upgrade", (req, socket, head) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const origin = req.headers.origin;
    const allowedOrigins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
    const reject = (status) => {
      socket.write(`HTTP/1.1 ${status}\r
Connection: close\r
\r
`);
      socket.destroy();
    };
    if (url.pathname !== "/rpc") return reject("404 Not Found");
    if (!tokenMatches(token, url.searchParams.get("token"))) return reject("401 Unauthorized");
    if (origin !== void 0 && !allowedOrigins.includes(origin)) return reject("403 Forbidden");
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });
  const attach = (ws) => {
    const conn = opts.service.connect((frame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    });
    ws.on("message", (data) => conn.receive(data.toString()));
    ws.on("close", () => conn.close());
    ws.on("error", () => conn.close());
  };
  await new Promise((resolve4, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, bind, () => resolve4());
  });
  port = server.address().port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    port,
    async close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
      await new Promise((r) => server.close(() => r()));
    }
  };
}
async function serveStatic(root, req, res) {
  const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
  const rel = pathname === "/" ? "index.html" : pathname.slice(1);
  const full = normalize(join13(root, rel));
  if (!full.startsWith(normalize(root) + sep2) || req.method !== "GET") {
    res.writeHead(404).end();
    return;
  }
  try {
    const body = await readFile5(full);
    res.writeHead(200, {
      "content-type": MIME[extname(full)] ?? "application/octet-stream",
      "content-security-policy": CSP,
      "x-content-type-options": "nosniff",
      "cache-control": "no-store"
    });
    res.end(body);
  } catch {
    res.writeHead(404, { "content-type": "text/plain" }).end("Not found");
  }
}

// src-main/cli/cli.ts
var dataOpt = { data: { type: "string" } };
var dataDirOf = (v) => resolve3(typeof v.data === "string" ? v.data : defaultDataDir());
async function withClient(dataDir, io, fn) {
  const service = await createService({ dataDir, host: { host: "cli", version: VERSION }, agentCommand: agentCommand(), scheduler: false, onStartupLog: (_l, t) => io.err(t) });
  const client = createClient(createMemoryTransport(service.connect));
  try {
    return await fn(client, service);
  } finally {
    client.close();
    await service.close();
  }
}
function findJob(jobs, name) {
  const job = jobs.find((j) => j.spec.name.toLowerCase() === name.toLowerCase() || j.id === name);
  if (!job) throw new FerryError(ErrorCode.NotFound, `No job named ${name}`);
  return job;
}
var commands = {
  agent: agentCommandSpec,
  ...diskCommands,
  "lab init": {
    usage: "ferry lab init [--data DIR]",
    summary: "Create a fresh lab (simulated Hyper-V hosts, cluster, SAN, proxies; real VHDX disks) in DIR",
    options: dataOpt,
    async run({ values }, io) {
      const dir = dataDirOf(values);
      const created = await ensureLab(dir);
      io.out(created ? `Created a fresh lab in ${dir}` : `A lab already exists in ${dir}; nothing changed`);
      return 0;
    }
  },
  serve: {
    usage: "ferry serve [--data DIR] [--port N] [--step-delay MS] [--platform lab|windows]",
    summary: "Run the console as a web host on 127.0.0.1 and print its URL with the access token",
    options: { ...dataOpt, port: { type: "string" }, "step-delay": { type: "string" }, platform: { type: "string" } },
    async run({ values }, io) {
      const port = values.port === void 0 ? 0 : parseIntArg("--port", values.port, 0, 65535);
      const delay = values["step-delay"] === void 0 ? 400 : parseIntArg("--step-delay", values["step-delay"], 0, 6e4);
      const platform = values.platform === void 0 ? "lab" : parsePlatformArg(values.platform);
      const dataDir = dataDirOf(values);
      const service = await createService({ dataDir, host: { host: "web", version: VERSION }, labStepDelayMs: delay, agentCommand: agentCommand(), platform, onStartupLog: (_l, t) => io.out(t) });
      const host2 = await startWebHost({ service, staticDir: rendererDir(), port });
      io.out(`Data folder: ${dataDir}`);
      io.out(`Platform: ${platform}`);
      io.out(`Ferry console (web host) ready: ${host2.url}`);
      await new Promise((res) => {
        const stop = () => res();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      await host2.close();
      await service.close();
      return 0;
    }
  },
  "job list": {
    usage: "ferry job list [--data DIR]",
    summary: "List backup jobs with their processing mode and last result",
    options: dataOpt,
    async run({ values }, io) {
      return withClient(dataDirOf(values), io, async (c) => {
        const jobs = await c.call("jobs.list", {});
        if (jobs.length === 0) io.out("No jobs yet. Create one in the console (Home \u2192 New backup job).");
        for (const j of jobs) {
          const p = j.spec.processing;
          const mode = p.mode === "on-host" ? "on-host" : `off-host (${p.proxySelection}${p.failoverToOnHost ? ", failover to on-host" : ""})`;
          io.out(`${j.spec.name}	${j.spec.vmIds.length} VM(s)	${mode}	${j.lastResult ?? "never run"}`);
        }
        return 0;
      });
    }
  },
  "job run": {
    usage: "ferry job run NAME [--data DIR]",
    summary: "Run a job now, print its progress, exit non-zero unless it succeeds (Success or Warning)",
    options: dataOpt,
    positionals: 1,
    async run({ values, positionals }, io) {
      return withClient(dataDirOf(values), io, async (c) => {
        const job = findJob(await c.call("jobs.list", {}), positionals[0]);
        const { sessionId } = await c.call("jobs.start", { id: job.id });
        let lastLogSeq = 0;
        let lastPct = -1;
        const printLines = (lines) => lines.filter((l) => l.seq > lastLogSeq).forEach((l) => {
          lastLogSeq = l.seq;
          io.out(`${l.at.slice(11, 19)} ${l.level.padEnd(7)} ${l.text}`);
        });
        const done = new Promise((res) => {
          c.subscribe("session.log", sessionId, (p) => printLines(p.lines));
          c.subscribe("session.state", sessionId, (v) => {
            const pct = Math.floor(v.progress * 100);
            if (v.result === "Running" && pct >= lastPct + 10) {
              lastPct = pct;
              io.out(`progress ${pct}%`);
            }
            if (v.result !== "Running") res(v);
          });
          void c.call("sessions.get", { id: sessionId }).then((snap) => {
            printLines(snap.log);
            if (snap.session.result !== "Running") res(snap.session);
          });
        });
        const view = await done;
        io.out(`Result: ${view.result} \u2014 ${view.reason}${view.restorePointId ? ` (restore point ${view.restorePointId})` : ""}`);
        return view.result === "Success" || view.result === "Warning" ? 0 : 1;
      });
    }
  },
  verify: {
    usage: "ferry verify --job NAME [--point ID] [--data DIR]",
    summary: "Re-read and re-hash a job's latest (or the given) restore point",
    options: { ...dataOpt, job: { type: "string" }, point: { type: "string" } },
    async run({ values }, io) {
      const name = requireString2("--job", values.job);
      return withClient(dataDirOf(values), io, async (c) => {
        const job = findJob(await c.call("jobs.list", {}), name);
        const points = await c.call("restorePoints.list", { jobId: job.id });
        const point = typeof values.point === "string" ? points.find((p) => p.id === values.point) : points[0];
        if (!point) throw new FerryError(ErrorCode.NotFound, `Job ${job.spec.name} has no ${values.point ? `restore point ${values.point}` : "restore point yet"}`);
        const { taskId } = await c.call("restorePoints.verify", { id: point.id });
        const final = await waitTask(c, taskId);
        io.out(`${point.id}: ${String(final.result?.summary ?? final.error?.message)}`);
        return final.state === "succeeded" && final.result?.ok === true ? 0 : 1;
      });
    }
  },
  restore: {
    usage: "ferry restore --job NAME --vm VM --disk N --out FILE [--point ID] [--data DIR]",
    summary: "Restore one disk of a restore point to a raw image file",
    options: { ...dataOpt, job: { type: "string" }, vm: { type: "string" }, disk: { type: "string" }, out: { type: "string" }, point: { type: "string" } },
    async run({ values }, io) {
      const name = requireString2("--job", values.job);
      const vmName = requireString2("--vm", values.vm);
      const diskIndex = parseIntArg("--disk", requireString2("--disk", values.disk), 0, 255);
      const out = resolve3(requireString2("--out", values.out));
      return withClient(dataDirOf(values), io, async (c, s) => {
        const job = findJob(await c.call("jobs.list", {}), name);
        const points = await c.call("restorePoints.list", { jobId: job.id });
        const point = typeof values.point === "string" ? points.find((p) => p.id === values.point) : points[0];
        if (!point) throw new FerryError(ErrorCode.NotFound, `Job ${job.spec.name} has no restore point${values.point ? ` ${values.point}` : ""}`);
        const disk = point.disks.find((d) => (d.vmName.toLowerCase() === vmName.toLowerCase() || d.vmId === vmName) && d.diskIndex === diskIndex);
        if (!disk) throw new FerryError(ErrorCode.NotFound, `Restore point ${point.id} has no disk ${diskIndex} of VM ${vmName}`);
        const repoRow = s.engine.store.getRepository(point.repositoryId);
        if (!repoRow) throw new FerryError(ErrorCode.RepoMissing, `Repository ${point.repositoryId} is not registered`);
        let lastPct = -1;
        await s.engine.repos.read(
          repoRow.path,
          (repo) => repo.restoreRaw(point.id, `${disk.vmId}/${disk.diskIndex}`, out, (done, total) => {
            const pct = total ? Math.floor(done / total * 100) : 100;
            if (pct >= lastPct + 10) {
              lastPct = pct;
              io.out(`restoring ${pct}%`);
            }
          })
        );
        io.out(`Restored ${disk.vmName} disk ${diskIndex} (${disk.virtualSizeBytes} bytes) from ${point.id} to ${out}`);
        return 0;
      });
    }
  }
};
async function waitTask(c, taskId) {
  return new Promise((res) => {
    const finish = (t) => {
      if (t.state === "running") return;
      off();
      res(t);
    };
    const off = c.subscribe("task.updated", taskId, finish);
    void c.call("tasks.get", { id: taskId }).then(finish);
  });
}
function requireString2(name, v) {
  if (typeof v !== "string" || v.length === 0) throw new UsageError(`${name} is required`);
  return v;
}
function parseIntArg(name, v, min, max) {
  const n = typeof v === "string" && /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}`);
  return n;
}
function parsePlatformArg(v) {
  const kind = PLATFORM_KINDS.find((k) => k === v);
  if (!kind) throw new UsageError(`--platform must be one of ${PLATFORM_KINDS.join(", ")}`);
  return kind;
}
function help(io) {
  io.out(`Ferry ${VERSION} \u2014 off-host backup for Hyper-V

Usage: ferry <command> [options]   (ferry <command> --help for details)
`);
  for (const c of Object.values(commands)) io.out(`  ${c.usage.padEnd(78)} ${c.summary}`);
}
async function runCli(argv, io) {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    help(io);
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === "--version") {
    io.out(VERSION);
    return 0;
  }
  const name = [`${argv[0]} ${argv[1] ?? ""}`, argv[0]].find((k) => commands[k.trim()]);
  const cmd = name ? commands[name.trim()] : void 0;
  if (!name || !cmd) {
    io.err(`ferry: unknown command '${argv.slice(0, 2).join(" ")}'. Run 'ferry --help'.`);
    return 2;
  }
  const rest = argv.slice(name.trim().split(" ").length);
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(`Usage: ${cmd.usage}

${cmd.summary}`);
    return 0;
  }
  try {
    const parsed = parseArgs({ args: rest, options: cmd.options, allowPositionals: true, strict: true });
    const want = cmd.positionals ?? 0;
    if (parsed.positionals.length !== want) throw new UsageError(want ? `expected ${want} argument(s), got ${parsed.positionals.length}` : `unexpected argument '${parsed.positionals[0]}'`);
    return await cmd.run({ values: parsed.values, positionals: parsed.positionals }, io);
  } catch (e) {
    if (e instanceof UsageError || e.code?.startsWith("ERR_PARSE_ARGS")) {
      io.err(`ferry: ${e.message}
Usage: ${cmd.usage}`);
      return 2;
    }
    const err = FerryError.from(e);
    io.err(`ferry: ${err.code}: ${err.message}`);
    return 1;
  }
}

// src-main/cli/main.ts
process.stdout.on("error", (e) => {
  if (e.code === "EPIPE") process.exit(0);
});
var tty = process.stderr.isTTY ? { columns: process.stderr.columns, write: (s) => void process.stderr.write(s) } : void 0;
runCli(process.argv.slice(2), { out: (l) => process.stdout.write(`${l}
`), err: (l) => process.stderr.write(`${l}
`), tty }).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`ferry: E_INTERNAL: ${e.stack ?? String(e)}
`);
    process.exitCode = 1;
  }
);
