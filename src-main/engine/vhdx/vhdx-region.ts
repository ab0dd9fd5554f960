// VHDX region table (reference §3.4): where the BAT and metadata regions are.
import { ascii, readU64LE, writeU64LE } from './bytes';
import { crc32c } from './crc32c';
import { diskCorrupt, diskUnsupported } from './errors';
import { readGuid, writeGuid } from './guid';
import { MAX_TABLE_ENTRIES, REGION_ALIGNMENT, REGION_TABLE_SIGNATURE, REGION_TABLE_SIZE, RegionGuid } from './vhdx-format';

export interface FileRange {
  offset: number;
  length: number;
}

export interface RegionTable {
  bat: FileRange;
  metadata: FileRange;
}

/** Signature and CRC only: a table failing this is skipped in favour of the other copy. */
export function regionTableIntegrity(buf: Uint8Array): string | undefined {
  if (buf.length < REGION_TABLE_SIZE) return 'region table is shorter than 64 KiB';
  if (ascii(buf, 0, 4) !== REGION_TABLE_SIGNATURE) return "signature is not 'regi'";
  const copy = Buffer.from(buf.subarray(0, REGION_TABLE_SIZE));
  const stored = copy.readUInt32LE(4);
  copy.writeUInt32LE(0, 4);
  if (crc32c(copy) !== stored) return 'CRC-32C checksum mismatch';
  return undefined;
}

/** Decode a table whose integrity already passed. Unknown required regions are refused, unknown optional ones ignored. */
export function parseRegionTable(buf: Uint8Array, path: string, label: string): RegionTable {
  const view = new DataView(buf.buffer, buf.byteOffset, REGION_TABLE_SIZE);
  const count = view.getUint32(8, true);
  if (count > MAX_TABLE_ENTRIES) throw diskCorrupt(path, `${label}: entry count ${count} exceeds ${MAX_TABLE_ENTRIES}`);
  const found: Partial<RegionTable> = {};
  for (let i = 0; i < count; i++) {
    const at = 16 + i * 32;
    const guid = readGuid(buf, at);
    const range = { offset: readU64LE(buf, at + 16), length: view.getUint32(at + 24, true) };
    const required = (view.getUint32(at + 28, true) & 1) === 1;
    const name = guid === RegionGuid.bat ? 'bat' : guid === RegionGuid.metadata ? 'metadata' : undefined;
    if (!name) {
      if (required) throw diskUnsupported(path, `${label}: unknown required region ${guid}`);
      continue;
    }
    if (found[name]) throw diskCorrupt(path, `${label}: the ${name} region is listed twice`);
    checkAligned(range, path, `${label}: ${name} region`);
    found[name] = range;
  }
  if (!found.bat) throw diskCorrupt(path, `${label}: no BAT region`);
  if (!found.metadata) throw diskCorrupt(path, `${label}: no metadata region`);
  return { bat: found.bat, metadata: found.metadata };
}

function checkAligned(r: FileRange, path: string, what: string): void {
  if (r.offset < REGION_ALIGNMENT || r.offset % REGION_ALIGNMENT !== 0) {
    throw diskCorrupt(path, `${what} offset ${r.offset} is not a multiple of 1 MiB at or after 1 MiB`);
  }
  if (r.length === 0 || r.length % REGION_ALIGNMENT !== 0) {
    throw diskCorrupt(path, `${what} length ${r.length} is not a non-zero multiple of 1 MiB`);
  }
}

export function rangesOverlap(a: FileRange, b: FileRange): boolean {
  return a.offset < b.offset + b.length && b.offset < a.offset + a.length;
}

export function serializeRegionTable(t: RegionTable): Buffer {
  const buf = Buffer.alloc(REGION_TABLE_SIZE);
  buf.write(REGION_TABLE_SIGNATURE, 0, 'latin1');
  buf.writeUInt32LE(2, 8);
  const entries: Array<[string, FileRange]> = [
    [RegionGuid.bat, t.bat],
    [RegionGuid.metadata, t.metadata],
  ];
  entries.forEach(([guid, range], i) => {
    const at = 16 + i * 32;
    writeGuid(guid, buf, at);
    writeU64LE(buf, at + 16, range.offset);
    buf.writeUInt32LE(range.length, at + 24);
    buf.writeUInt32LE(1, at + 28); // Required, as Windows writes it
  });
  buf.writeUInt32LE(crc32c(buf), 4);
  return buf;
}
