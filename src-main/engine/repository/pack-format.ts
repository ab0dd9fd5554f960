// Byte layout of pack files and their indexes. Pure encode/decode, no I/O.
//
// pack  = PACK_MAGIC(8) | 8 reserved | record*
// record = RECORD_MAGIC(4) | hash(32) | codec(1) | 3 reserved | rawLength u32 | storedLength u32
//          | crc32(stored) u32 | crc32(header bytes 0..52) u32 | stored bytes
// Records are self-describing so a pack whose index was never written (crash) or was damaged can be
// rescanned; the two CRCs reject a torn or zero-filled tail without decompressing and hashing every chunk.
//
// index = INDEX_MAGIC(8) | count u32 | packBytes u64 | entry* | sha256(everything before)
// entry = hash(32) | offset u64 | rawLength u32 | storedLength u32 | codec(1) | 3 reserved
import { crc32 } from 'node:zlib';
import { codecFromId, codecId } from './codec';
import { sha256 } from './hash';
import type { ChunkHash, Codec } from './types';

export const PACK_MAGIC = Buffer.from('FERRYPK1', 'ascii');
export const PACK_HEADER_BYTES = 16;
const RECORD_MAGIC = Buffer.from('FCHK', 'ascii');
export const RECORD_HEADER_BYTES = 56;
const INDEX_MAGIC = Buffer.from('FERRYIX1', 'ascii');
const INDEX_HEADER_BYTES = 20;
const INDEX_ENTRY_BYTES = 52;
const TRAILER_BYTES = 32;
export const MAX_CHUNK_BYTES = 0xffff_ffff;

/** Where one chunk sits inside its pack. `offset` is the record start; the payload follows the header. */
export interface PackEntry {
  hash: ChunkHash;
  offset: number;
  rawLength: number;
  storedLength: number;
  codec: Codec;
}

export function packHeader(): Buffer {
  const b = Buffer.alloc(PACK_HEADER_BYTES);
  PACK_MAGIC.copy(b, 0);
  return b;
}

export function encodeRecordHeader(hash: ChunkHash, stored: Uint8Array, codec: Codec, rawLength: number): Buffer {
  const h = Buffer.alloc(RECORD_HEADER_BYTES);
  RECORD_MAGIC.copy(h, 0);
  Buffer.from(hash, 'hex').copy(h, 4);
  h.writeUInt8(codecId(codec), 36);
  h.writeUInt32LE(rawLength, 40);
  h.writeUInt32LE(stored.byteLength, 44);
  h.writeUInt32LE(crc32(stored), 48);
  h.writeUInt32LE(crc32(h.subarray(0, 52)), 52);
  return h;
}

/** The record at `pos` if it is complete and both CRCs hold. */
function recordAt(image: Buffer, pos: number): PackEntry | undefined {
  if (pos + RECORD_HEADER_BYTES > image.byteLength) return undefined;
  const h = image.subarray(pos, pos + RECORD_HEADER_BYTES);
  if (!h.subarray(0, 4).equals(RECORD_MAGIC) || h.readUInt32LE(52) !== crc32(h.subarray(0, 52))) return undefined;
  const codec = codecFromId(h.readUInt8(36));
  const storedLength = h.readUInt32LE(44);
  const end = pos + RECORD_HEADER_BYTES + storedLength;
  if (codec === undefined || end > image.byteLength) return undefined;
  if (crc32(image.subarray(pos + RECORD_HEADER_BYTES, end)) !== h.readUInt32LE(48)) return undefined;
  return { hash: h.subarray(4, 36).toString('hex'), offset: pos, rawLength: h.readUInt32LE(40), storedLength, codec };
}

/** What a record-by-record walk of a pack image found. */
export interface PackScan {
  entries: PackEntry[];
  /** the 8-byte magic is intact */
  headerOk: boolean;
  /** where the last intact record ends: beyond it is only what the scan could not read */
  validBytes: number;
  /** bytes before validBytes that belong to no intact record (damage in the middle, or a damaged header) */
  damagedBytes: number;
  /**
   * The bytes after validBytes are what a crash mid-append leaves, so cutting them loses nothing: none, zeros,
   * less than a record header, or one intact record header whose data runs past the end of the file.
   */
  tailIsTorn: boolean;
}

/** Could `tail` (everything after the last intact record) be a write the crash interrupted, and nothing else? */
function isTornTail(tail: Buffer): boolean {
  if (tail.byteLength < RECORD_HEADER_BYTES) return true;
  if (tail.every((b) => b === 0)) return true;
  const h = tail.subarray(0, RECORD_HEADER_BYTES);
  const headerIntact = h.subarray(0, 4).equals(RECORD_MAGIC) && h.readUInt32LE(52) === crc32(h.subarray(0, 52));
  return headerIntact && RECORD_HEADER_BYTES + h.readUInt32LE(44) > tail.byteLength;
}

/**
 * Walk the records of a pack image (used when its index is missing or damaged). A damaged record is
 * skipped by searching for the next intact one, so one bad spot does not hide the chunks after it; a damaged
 * pack header does not hide them either (records always start right after it).
 */
export function scanPack(image: Buffer): PackScan {
  const entries: PackEntry[] = [];
  const headerOk = image.byteLength >= PACK_HEADER_BYTES && image.subarray(0, 8).equals(PACK_MAGIC);
  if (image.byteLength < PACK_HEADER_BYTES) {
    return { entries, headerOk, validBytes: 0, damagedBytes: 0, tailIsTorn: image.every((b) => b === 0) };
  }
  let pos = PACK_HEADER_BYTES;
  let validBytes = pos;
  let damagedBytes = 0;
  while (pos + RECORD_HEADER_BYTES <= image.byteLength) {
    const entry = recordAt(image, pos);
    if (entry) {
      entries.push(entry);
      damagedBytes += entry.offset - validBytes;
      pos = validBytes = entry.offset + RECORD_HEADER_BYTES + entry.storedLength;
      continue;
    }
    const next = image.indexOf(RECORD_MAGIC, pos + 1);
    if (next < 0) break;
    pos = next;
  }
  return { entries, headerOk, validBytes, damagedBytes, tailIsTorn: isTornTail(image.subarray(validBytes)) };
}

export function encodePackIndex(entries: readonly PackEntry[], packBytes: number): Buffer {
  const body = Buffer.alloc(INDEX_HEADER_BYTES + entries.length * INDEX_ENTRY_BYTES);
  INDEX_MAGIC.copy(body, 0);
  body.writeUInt32LE(entries.length, 8);
  body.writeBigUInt64LE(BigInt(packBytes), 12);
  entries.forEach((e, i) => {
    const at = INDEX_HEADER_BYTES + i * INDEX_ENTRY_BYTES;
    Buffer.from(e.hash, 'hex').copy(body, at);
    body.writeBigUInt64LE(BigInt(e.offset), at + 32);
    body.writeUInt32LE(e.rawLength, at + 40);
    body.writeUInt32LE(e.storedLength, at + 44);
    body.writeUInt8(codecId(e.codec), at + 48);
  });
  return Buffer.concat([body, sha256(body)]);
}

/** Returns undefined when the index is damaged; the caller then rescans the pack itself. */
export function decodePackIndex(buf: Buffer): { entries: PackEntry[]; packBytes: number } | undefined {
  if (buf.byteLength < INDEX_HEADER_BYTES + TRAILER_BYTES || !buf.subarray(0, 8).equals(INDEX_MAGIC)) return undefined;
  const body = buf.subarray(0, buf.byteLength - TRAILER_BYTES);
  if (!sha256(body).equals(buf.subarray(body.byteLength))) return undefined;
  const count = body.readUInt32LE(8);
  if (body.byteLength !== INDEX_HEADER_BYTES + count * INDEX_ENTRY_BYTES) return undefined;
  const entries: PackEntry[] = [];
  for (let i = 0; i < count; i++) {
    const at = INDEX_HEADER_BYTES + i * INDEX_ENTRY_BYTES;
    const codec = codecFromId(body.readUInt8(at + 48));
    if (codec === undefined) return undefined;
    entries.push({
      hash: body.subarray(at, at + 32).toString('hex'),
      offset: Number(body.readBigUInt64LE(at + 32)),
      rawLength: body.readUInt32LE(at + 40),
      storedLength: body.readUInt32LE(at + 44),
      codec,
    });
  }
  return { entries, packBytes: Number(body.readBigUInt64LE(12)) };
}
