// $ATTRIBUTE_LIST: when a file's attributes do not fit its base record (many names, streams or runs), they spill
// into extension records that the list names. Each extension record must say it belongs to this base record, the
// number of records is capped, and each is read once: a hostile list cannot loop or fan out without bound.
import { type Attribute, AttrType } from './attribute';
import { corrupt, fileRef } from './corrupt';
import { nonResidentStream } from './data-stream';
import type { Volume } from './volume';
import type { MftRecord } from './mft-record';

const MAX_LIST_BYTES = 4 * 1024 * 1024;
const MAX_EXTENSION_RECORDS = 4096;

async function listBytes(volume: Volume, base: MftRecord): Promise<Buffer> {
  const parts = base.attributes.filter((a) => a.type === AttrType.AttributeList);
  if (parts.length !== 1) throw corrupt(`record ${base.number}: ${parts.length} attribute lists`);
  const list = parts[0];
  if (list.resident) return list.value;
  if (list.dataSize > MAX_LIST_BYTES) throw corrupt(`record ${base.number}: attribute list of ${list.dataSize} bytes`);
  const stream = nonResidentStream(volume, [list], `record ${base.number} attribute list`);
  return stream.read(0, stream.size);
}

/** The records named by an attribute list, in list order, without duplicates. */
function listedRecords(list: Buffer, baseNumber: number): number[] {
  const seen = new Set<number>();
  for (let at = 0; at + 0x1a <= list.length; ) {
    const length = list.readUInt16LE(at + 4);
    if (length < 0x1a || length % 8 !== 0 || at + length > list.length) throw corrupt(`record ${baseNumber}: attribute list entry length ${length} is invalid`);
    const nameChars = list[at + 6];
    if (nameChars > 0 && list[at + 7] + nameChars * 2 > length) throw corrupt(`record ${baseNumber}: attribute list entry name runs past the entry`);
    const record = fileRef(list, at + 0x10).record;
    if (record !== baseNumber) seen.add(record);
    if (seen.size > MAX_EXTENSION_RECORDS) throw corrupt(`record ${baseNumber}: attribute list names more than ${MAX_EXTENSION_RECORDS} records`);
    at += length;
  }
  return [...seen];
}

/** All attributes of a base record that has an attribute list: its own plus those of its extension records. */
export async function collectAttributeList(volume: Volume, readRecord: (n: number) => Promise<MftRecord>, base: MftRecord): Promise<Attribute[]> {
  const list = await listBytes(volume, base);
  const attrs = base.attributes.filter((a) => a.type !== AttrType.AttributeList);
  for (const n of listedRecords(list, base.number)) {
    const ext = await readRecord(n);
    if (!ext.inUse || ext.baseRecord !== base.number) throw corrupt(`record ${base.number}: its attribute list names record ${n}, which belongs to record ${ext.baseRecord}`);
    for (const a of ext.attributes) if (a.type !== AttrType.AttributeList) attrs.push(a);
  }
  return attrs;
}
