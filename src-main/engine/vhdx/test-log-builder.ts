// Test-only: builds VHDX log entries byte by byte (Ferry's writer never uses the log), so replay can be
// tested against exact expectations.
import { writeU64LE } from './bytes';
import { crc32c } from './crc32c';
import { writeGuid } from './guid';
import { patchFile, readFileRange } from './test-helpers';
import { HEADER_OFFSETS } from './vhdx-format';
import { headerChecksum } from './vhdx-header';

export type TestDescriptor = { kind: 'data'; fileOffset: number; sector: Buffer } | { kind: 'zero'; fileOffset: number; length: number };

export interface TestEntry {
  logGuid: string;
  sequenceNumber: bigint;
  tail: number;
  flushedFileOffset: number;
  lastFileOffset: number;
  descriptors: TestDescriptor[];
}

export function buildLogEntry(e: TestEntry): Buffer {
  const dataCount = e.descriptors.filter((d) => d.kind === 'data').length;
  const descSectors = Math.ceil((e.descriptors.length + 2) / 128);
  const buf = Buffer.alloc((descSectors + dataCount) * 4096);
  buf.write('loge', 0, 'latin1');
  buf.writeUInt32LE(buf.length, 8);
  buf.writeUInt32LE(e.tail, 12);
  buf.writeBigUInt64LE(e.sequenceNumber, 16);
  buf.writeUInt32LE(e.descriptors.length, 24);
  writeGuid(e.logGuid, buf, 32);
  writeU64LE(buf, 48, e.flushedFileOffset);
  writeU64LE(buf, 56, e.lastFileOffset);
  let data = descSectors;
  e.descriptors.forEach((d, i) => {
    const at = 64 + i * 32;
    writeU64LE(buf, at + 16, d.fileOffset);
    buf.writeBigUInt64LE(e.sequenceNumber, at + 24);
    if (d.kind === 'zero') {
      buf.write('zero', at, 'latin1');
      writeU64LE(buf, at + 8, d.length);
      return;
    }
    buf.write('desc', at, 'latin1');
    d.sector.copy(buf, at + 4, 4092, 4096); // TrailingBytes
    d.sector.copy(buf, at + 8, 0, 8); // LeadingBytes
    const s = data++ * 4096;
    buf.write('data', s, 'latin1');
    buf.writeUInt32LE(Number(e.sequenceNumber >> 32n), s + 4);
    d.sector.copy(buf, s + 8, 8, 4092);
    buf.writeUInt32LE(Number(e.sequenceNumber & 0xffffffffn), s + 4092);
  });
  buf.writeUInt32LE(crc32c(buf), 4);
  return buf;
}

/** Writes `entry` at `position` of the circular log region, wrapping at its end. */
export async function writeLogEntry(path: string, logOffset: number, logLength: number, position: number, entry: Buffer): Promise<void> {
  const first = Math.min(entry.length, logLength - position);
  await patchFile(path, logOffset + position, entry.subarray(0, first));
  if (first < entry.length) await patchFile(path, logOffset, entry.subarray(first));
}

/** Sets LogGuid in both header slots (keeping their sequence numbers) and fixes their checksums. */
export async function setLogGuid(path: string, logGuid: string): Promise<void> {
  for (const offset of HEADER_OFFSETS) {
    const h = await readFileRange(path, offset, 4096);
    writeGuid(logGuid, h, 48);
    h.writeUInt32LE(headerChecksum(h), 4);
    await patchFile(path, offset, h);
  }
}
