// VHDX log (reference §3.7): when the header's LogGuid is set, the metadata updates of an unfinished write
// session sit in the log. They are replayed into the FileSource's in-memory overlay; the file is never written.
import { ascii, KiB, MiB, readU64LE, roundUp } from './bytes';
import { crc32c } from './crc32c';
import { diskCorrupt, diskUnsupported } from './errors';
import type { FileSource } from './file-source';
import { readGuid } from './guid';
import type { FileRange } from './vhdx-region';

export const LOG_SECTOR = 4 * KiB;
const ENTRY_HEADER_SIZE = 64;
const DESCRIPTOR_SIZE = 32;
/** Reading the log means holding it in memory; Windows and qemu use 1 MiB, so anything huge is suspect. */
const MAX_LOG_LENGTH = 256 * MiB;
/** Replayed sectors held in memory (4 GiB worth); a log claiming more is treated as unsupported. */
const MAX_OVERLAY_SECTORS = 1 << 20;
const HEADERS_START = 64 * KiB;
const HEADERS_END = 192 * KiB;

export interface LogDescriptor {
  kind: 'data' | 'zero';
  fileOffset: number;
  /** zero: bytes to zero; data: 4096. */
  length: number;
  /** data: the reconstructed 4 KiB sector. */
  sector?: Buffer;
}

export interface LogEntry {
  /** Position of the entry in the log (bytes from the log start). */
  position: number;
  entryLength: number;
  tail: number;
  sequenceNumber: bigint;
  flushedFileOffset: number;
  lastFileOffset: number;
  descriptors: LogDescriptor[];
}

/**
 * Decode the entry at `position` of the circular `log`, or undefined if there is no valid entry there
 * (wrong signature or GUID, bad checksum, inconsistent descriptors). Pure: used by the fuzz tests.
 */
export function parseLogEntry(log: Uint8Array, position: number, logGuid: string): LogEntry | undefined {
  const L = log.length;
  if (position % LOG_SECTOR !== 0 || position + ENTRY_HEADER_SIZE > L) return undefined;
  const head = Buffer.from(log.buffer, log.byteOffset + position, ENTRY_HEADER_SIZE);
  if (ascii(head, 0, 4) !== 'loge') return undefined;
  const entryLength = head.readUInt32LE(8);
  const tail = head.readUInt32LE(12);
  const sequenceNumber = head.readBigUInt64LE(16);
  const descriptorCount = head.readUInt32LE(24);
  if (entryLength === 0 || entryLength % LOG_SECTOR !== 0 || entryLength > L) return undefined;
  if (sequenceNumber === 0n || readGuid(head, 32) !== logGuid) return undefined;
  const descriptorSectors = Math.ceil((descriptorCount + 2) / 128);
  if (descriptorSectors * LOG_SECTOR > entryLength) return undefined;

  const entry = circularSlice(log, position, entryLength);
  const stored = entry.readUInt32LE(4);
  entry.writeUInt32LE(0, 4);
  const valid = crc32c(entry) === stored;
  entry.writeUInt32LE(stored, 4);
  if (!valid) return undefined;

  const descriptors: LogDescriptor[] = [];
  let dataSector = descriptorSectors;
  for (let i = 0; i < descriptorCount; i++) {
    const d = ENTRY_HEADER_SIZE + i * DESCRIPTOR_SIZE;
    const signature = ascii(entry, d, 4);
    const fileOffset = readU64LE(entry, d + 16);
    if (entry.readBigUInt64LE(d + 24) !== sequenceNumber || fileOffset % LOG_SECTOR !== 0) return undefined;
    if (signature === 'zero') {
      const length = readU64LE(entry, d + 8);
      if (length % LOG_SECTOR !== 0) return undefined;
      descriptors.push({ kind: 'zero', fileOffset, length });
    } else if (signature === 'desc') {
      const s = dataSector++ * LOG_SECTOR;
      if (s + LOG_SECTOR > entryLength) return undefined;
      if (ascii(entry, s, 4) !== 'data') return undefined;
      const seq = (BigInt(entry.readUInt32LE(s + 4)) << 32n) | BigInt(entry.readUInt32LE(s + 4092));
      if (seq !== sequenceNumber) return undefined;
      const sector = Buffer.alloc(LOG_SECTOR);
      entry.copy(sector, 0, d + 8, d + 16); // LeadingBytes
      entry.copy(sector, 8, s + 8, s + 4092);
      entry.copy(sector, 4092, d + 4, d + 8); // TrailingBytes
      descriptors.push({ kind: 'data', fileOffset, length: LOG_SECTOR, sector });
    } else {
      return undefined;
    }
  }
  return {
    position,
    entryLength,
    tail,
    sequenceNumber,
    flushedFileOffset: readU64LE(head, 48),
    lastFileOffset: readU64LE(head, 56),
    descriptors,
  };
}

function circularSlice(log: Uint8Array, position: number, length: number): Buffer {
  const out = Buffer.alloc(length);
  const first = Math.min(length, log.length - position);
  out.set(log.subarray(position, position + first), 0);
  if (first < length) out.set(log.subarray(0, length - first), first);
  return out;
}

/**
 * The active sequence: runs of valid entries, each following the previous one in the circular log with
 * sequence number +1; the run whose head has the highest sequence number wins (as qemu searches). When the
 * head's Tail points into the run, the entries before it were already complete and are dropped.
 */
export function findActiveSequence(log: Uint8Array, logGuid: string): LogEntry[] | undefined {
  const cache = new Map<number, LogEntry | null>();
  const entryAt = (p: number): LogEntry | undefined => {
    if (!cache.has(p)) cache.set(p, parseLogEntry(log, p, logGuid) ?? null);
    return cache.get(p) ?? undefined;
  };
  let best: LogEntry[] | undefined;
  // A run starting inside an earlier run is a suffix of it (same head, shorter), so it is never better;
  // skipping those keeps the search linear even for a log full of chained entries.
  const inEarlierRun = new Set<number>();
  for (let start = 0; start < log.length; start += LOG_SECTOR) {
    if (inEarlierRun.has(start)) continue;
    const first = entryAt(start);
    if (!first) continue;
    const run = [first];
    const visited = new Set([start]);
    for (;;) {
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
  if (!best) return undefined;
  const tail = best[best.length - 1].tail;
  const tailIndex = best.findIndex((e) => e.position === tail);
  return tailIndex > 0 ? best.slice(tailIndex) : best;
}

/** Higher head sequence number wins; on a tie the longer run (more history to replay). */
function isBetterRun(run: LogEntry[], best: LogEntry[]): boolean {
  const head = run[run.length - 1].sequenceNumber;
  const bestHead = best[best.length - 1].sequenceNumber;
  return head > bestHead || (head === bestHead && run.length > best.length);
}

export interface LogReplay {
  /** Replayed 4 KiB sectors by sector index (file offset / 4096). */
  sectors: Map<number, Buffer>;
  /** File size after replay (qemu rounds growth up to 1 MiB). */
  fileSize: number;
}

/** Apply a sequence in order into an overlay. Pure apart from the size limits it enforces. */
export function replaySequence(entries: LogEntry[], physicalSize: number, path: string): LogReplay {
  const sectors = new Map<number, Buffer>();
  let fileSize = physicalSize;
  const zero = Buffer.alloc(LOG_SECTOR);
  for (const e of entries) {
    if (e.flushedFileOffset > physicalSize) {
      throw diskCorrupt(path, `log entry ${e.sequenceNumber} expects the file to be at least ${e.flushedFileOffset} bytes but it is ${physicalSize}: the file is truncated`);
    }
    if (e.lastFileOffset > fileSize) fileSize = roundUp(e.lastFileOffset, MiB);
  }
  for (const e of entries) {
    for (const d of e.descriptors) {
      if (d.fileOffset + d.length > fileSize) {
        throw diskCorrupt(path, `log entry ${e.sequenceNumber} writes at ${d.fileOffset} (length ${d.length}), past the end of the file`);
      }
      if (sectors.size + d.length / LOG_SECTOR > MAX_OVERLAY_SECTORS) {
        throw diskUnsupported(path, 'the pending log touches more than 4 GiB; replay it on the host first');
      }
      const first = d.fileOffset / LOG_SECTOR;
      if (d.kind === 'data' && d.sector) sectors.set(first, d.sector);
      else for (let s = 0; s < d.length / LOG_SECTOR; s++) sectors.set(first + s, zero);
    }
  }
  return { sectors, fileSize };
}

/** Replay the active log sequence of `source` into its overlay, or refuse with E_DISK_CORRUPT. */
export async function replayLog(source: FileSource, log: FileRange, logGuid: string): Promise<void> {
  if (log.length > MAX_LOG_LENGTH) throw diskUnsupported(source.path, `active log of ${log.length} bytes is larger than Ferry replays (${MAX_LOG_LENGTH})`);
  const bytes = await source.read(log.offset, log.length, 'log');
  const sequence = findActiveSequence(bytes, logGuid);
  if (!sequence) {
    throw diskCorrupt(source.path, `the header says the log must be replayed (LogGuid {${logGuid}}) but the log holds no valid entry sequence`);
  }
  const replay = replaySequence(sequence, source.physicalSize, source.path);
  // Headers are never logged and the log never logs itself: such an entry is garbage, not an update.
  for (const index of replay.sectors.keys()) {
    const at = index * LOG_SECTOR;
    const intoHeaders = at < HEADERS_END && at + LOG_SECTOR > HEADERS_START;
    if (intoHeaders || (at < log.offset + log.length && at + LOG_SECTOR > log.offset)) {
      throw diskCorrupt(source.path, `log entry writes into the ${intoHeaders ? 'headers' : 'log itself'} at file offset ${at}`);
    }
  }
  source.applyOverlay(replay.sectors, replay.fileSize);
}
