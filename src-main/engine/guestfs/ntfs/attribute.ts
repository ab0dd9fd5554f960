// The attributes of one MFT record: headers walked with every offset and length checked against the record,
// resident values sliced out, non-resident run lists decoded.
import { corrupt, u64 } from './corrupt';
import { type DataRun, decodeRunList } from './run-list';

export const AttrType = {
  StandardInformation: 0x10,
  AttributeList: 0x20,
  FileName: 0x30,
  VolumeName: 0x60,
  VolumeInformation: 0x70,
  Data: 0x80,
  IndexRoot: 0x90,
  IndexAllocation: 0xa0,
  Bitmap: 0xb0,
  ReparsePoint: 0xc0,
  End: 0xffffffff,
} as const;

export const AttrFlag = { Compressed: 0x0001, Encrypted: 0x4000, Sparse: 0x8000 } as const;

interface AttributeBase {
  type: number;
  name: string;
  flags: number;
  id: number;
  /** the MFT record holding this attribute (the base record or an extension record) */
  record: number;
}

export interface ResidentAttribute extends AttributeBase {
  resident: true;
  value: Buffer;
}

export interface NonResidentAttribute extends AttributeBase {
  resident: false;
  startVcn: number;
  lastVcn: number;
  runs: DataRun[];
  /** log2 of clusters per compression unit (0 = not compressed); only meaningful on the first segment */
  compressionUnit: number;
  allocatedSize: number;
  dataSize: number;
  initializedSize: number;
}

export type Attribute = ResidentAttribute | NonResidentAttribute;

function attributeName(buf: Buffer, at: number, length: number): string {
  const chars = buf[at + 9];
  if (chars === 0) return '';
  const offset = buf.readUInt16LE(at + 10);
  if (offset + chars * 2 > length) throw corrupt('attribute name runs past the attribute');
  return buf.toString('utf16le', at + offset, at + offset + chars * 2);
}

function nonResident(buf: Buffer, at: number, length: number, base: AttributeBase, totalClusters: number): NonResidentAttribute {
  if (length < 0x40) throw corrupt('non-resident attribute header too short');
  const startVcn = u64(buf, at + 0x10, 'attribute start VCN');
  const lastRaw = buf.readBigInt64LE(at + 0x18);
  if (lastRaw < -1n || lastRaw > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt('attribute last VCN out of range');
  const lastVcn = Number(lastRaw);
  const runOffset = buf.readUInt16LE(at + 0x20);
  if (runOffset < 0x40 || runOffset > length) throw corrupt('run list offset outside the attribute');
  const runs = decodeRunList(buf, at + runOffset, at + length, startVcn, totalClusters);
  const covered = runs.reduce((n, r) => n + r.length, 0);
  if (lastVcn >= startVcn && covered !== lastVcn - startVcn + 1) throw corrupt(`run list covers ${covered} clusters, header says ${lastVcn - startVcn + 1}`);
  const attr: NonResidentAttribute = {
    ...base,
    resident: false,
    startVcn,
    lastVcn,
    runs,
    compressionUnit: buf.readUInt16LE(at + 0x22),
    allocatedSize: u64(buf, at + 0x28, 'allocated size'),
    dataSize: u64(buf, at + 0x30, 'data size'),
    initializedSize: u64(buf, at + 0x38, 'initialized size'),
  };
  if (attr.compressionUnit > 16) throw corrupt(`compression unit 2^${attr.compressionUnit} clusters`);
  return attr;
}

/**
 * The attributes of a record whose fixups are applied: from `firstOffset` to the end marker, each bounded by
 * `usedSize` (itself bounded by the record).
 */
export function parseAttributes(rec: Buffer, firstOffset: number, usedSize: number, recordNumber: number, totalClusters: number): Attribute[] {
  const attrs: Attribute[] = [];
  let at = firstOffset;
  while (true) {
    if (at + 4 > usedSize) throw corrupt(`record ${recordNumber}: attributes run past the record without an end marker`);
    const type = rec.readUInt32LE(at);
    if (type === AttrType.End) return attrs;
    if (at + 16 > usedSize) throw corrupt(`record ${recordNumber}: attribute header past the record`);
    const length = rec.readUInt32LE(at + 4);
    if (length < 16 || length % 8 !== 0 || at + length > usedSize) throw corrupt(`record ${recordNumber}: attribute length ${length} at ${at} is invalid`);
    const base: AttributeBase = { type, name: attributeName(rec, at, length), flags: rec.readUInt16LE(at + 0x0c), id: rec.readUInt16LE(at + 0x0e), record: recordNumber };
    if (rec[at + 8] === 0) {
      if (length < 0x18) throw corrupt(`record ${recordNumber}: resident attribute header too short`);
      const valueLength = rec.readUInt32LE(at + 0x10);
      const valueOffset = rec.readUInt16LE(at + 0x14);
      if (valueOffset + valueLength > length) throw corrupt(`record ${recordNumber}: resident value runs past its attribute`);
      attrs.push({ ...base, resident: true, value: Buffer.from(rec.subarray(at + valueOffset, at + valueOffset + valueLength)) });
    } else {
      attrs.push(nonResident(rec, at, length, base, totalClusters));
    }
    at += length;
  }
}
