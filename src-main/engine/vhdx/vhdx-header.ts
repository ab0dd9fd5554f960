// The two VHDX headers (reference §3.3): validation, choosing the current one, and serialising (writer).
import { ascii, readU64LE, writeU64LE } from './bytes';
import { crc32c } from './crc32c';
import { diskCorrupt } from './errors';
import { readGuid, writeGuid } from './guid';
import { HEADER_SIGNATURE, HEADER_SIZE } from './vhdx-format';

export interface VhdxHeader {
  sequenceNumber: bigint;
  fileWriteGuid: string;
  dataWriteGuid: string;
  /** All-zero GUID: no log to replay. */
  logGuid: string;
  logVersion: number;
  version: number;
  logLength: number;
  logOffset: number;
}

export interface CurrentHeader {
  header: VhdxHeader;
  /** 0 or 1: which of the two slots holds it (a writer updates the other slot first). */
  slot: 0 | 1;
}

/** Decode one 4 KiB header slot; returns why it is invalid instead of throwing (the other copy may be fine). */
export function parseHeader(buf: Uint8Array): VhdxHeader | string {
  if (buf.length < HEADER_SIZE) return 'header slot is shorter than 4096 bytes';
  if (ascii(buf, 0, 4) !== HEADER_SIGNATURE) return "signature is not 'head'";
  const view = new DataView(buf.buffer, buf.byteOffset, HEADER_SIZE);
  const stored = view.getUint32(4, true);
  if (headerChecksum(buf) !== stored) return 'CRC-32C checksum mismatch';
  const header: VhdxHeader = {
    sequenceNumber: view.getBigUint64(8, true),
    fileWriteGuid: readGuid(buf, 16),
    dataWriteGuid: readGuid(buf, 32),
    logGuid: readGuid(buf, 48),
    logVersion: view.getUint16(64, true),
    version: view.getUint16(66, true),
    logLength: view.getUint32(68, true),
    logOffset: readU64LE(buf, 72),
  };
  if (header.version !== 1) return `version ${header.version} (expected 1)`;
  if (header.logVersion !== 0) return `log version ${header.logVersion} (expected 0)`;
  return header;
}

export function headerChecksum(buf: Uint8Array): number {
  const copy = Buffer.from(buf.subarray(0, HEADER_SIZE));
  copy.writeUInt32LE(0, 4);
  return crc32c(copy);
}

/**
 * The current header is the only valid one, or the valid one with the larger sequence number.
 * Equal sequence numbers are accepted only when both slots are byte-identical (what qemu does; Disk2VHD
 * writes such files).
 */
export function selectCurrentHeader(slots: [Uint8Array, Uint8Array], path: string): CurrentHeader {
  const parsed = slots.map(parseHeader);
  const [a, b] = parsed;
  if (typeof a === 'string' && typeof b === 'string') {
    throw diskCorrupt(path, `no valid VHDX header (header 1: ${a}; header 2: ${b})`);
  }
  if (typeof a === 'string') return { header: b as VhdxHeader, slot: 1 };
  if (typeof b === 'string') return { header: a, slot: 0 };
  if (a.sequenceNumber > b.sequenceNumber) return { header: a, slot: 0 };
  if (b.sequenceNumber > a.sequenceNumber) return { header: b, slot: 1 };
  if (Buffer.compare(Buffer.from(slots[0].subarray(0, HEADER_SIZE)), Buffer.from(slots[1].subarray(0, HEADER_SIZE))) === 0) {
    return { header: a, slot: 0 };
  }
  throw diskCorrupt(path, `both VHDX headers have sequence number ${a.sequenceNumber} but differ; cannot tell which is current`);
}

export function serializeHeader(h: VhdxHeader): Buffer {
  const buf = Buffer.alloc(HEADER_SIZE);
  buf.write(HEADER_SIGNATURE, 0, 'latin1');
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
