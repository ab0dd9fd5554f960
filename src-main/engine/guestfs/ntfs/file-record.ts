// A file as a whole: its base record with the attributes of its extension records joined in, and its streams
// (the unnamed $DATA, named alternate data streams, index allocations) opened from those attributes.
import { type Attribute, type NonResidentAttribute, AttrType } from './attribute';
import { collectAttributeList } from './attribute-list';
import { corrupt } from './corrupt';
import { nonResidentStream, residentStream, type Stream } from './data-stream';
import type { Mft } from './mft';

export interface FileRecord {
  number: number;
  sequence: number;
  isDirectory: boolean;
  attributes: Attribute[];
}

/** The file whose base record is `n`; an unused or extension record is not a file (a stale or corrupt reference). */
export async function loadFile(mft: Mft, n: number, expectSequence?: number): Promise<FileRecord> {
  const base = await mft.record(n);
  if (!base.inUse) throw corrupt(`MFT record ${n} is not in use`);
  if (base.baseRecord !== 0) throw corrupt(`MFT record ${n} is an extension record, not a file`);
  if (expectSequence !== undefined && expectSequence !== 0 && base.sequence !== expectSequence) {
    throw corrupt(`MFT record ${n}: sequence ${base.sequence}, the reference expects ${expectSequence} (stale entry)`);
  }
  const hasList = base.attributes.some((a) => a.type === AttrType.AttributeList);
  const attributes = hasList ? await collectAttributeList(mft.volume, (r) => mft.record(r), base) : base.attributes;
  return { number: n, sequence: base.sequence, isDirectory: base.isDirectory, attributes };
}

export function attributesOf(file: FileRecord, type: number, name?: string): Attribute[] {
  return file.attributes.filter((a) => a.type === type && (name === undefined || a.name === name));
}

/** The stream of attribute (type, name): one resident value or the joined non-resident segments; undefined if absent. */
export function openAttribute(mft: Mft, file: FileRecord, type: number, name: string): Stream | undefined {
  const parts = attributesOf(file, type, name);
  if (parts.length === 0) return undefined;
  const what = `record ${file.number} ${name ? `stream "${name}"` : `attribute 0x${type.toString(16)}`}`;
  const resident = parts.filter((a) => a.resident);
  if (resident.length > 0) {
    if (parts.length !== 1) throw corrupt(`${what}: both resident and non-resident parts`);
    return residentStream(resident[0].value);
  }
  return nonResidentStream(mft.volume, parts as NonResidentAttribute[], what);
}

/** Logical sizes of the data streams: '' is the main stream. */
export function streamSizes(file: FileRecord): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const a of attributesOf(file, AttrType.Data)) {
    if (a.resident) sizes.set(a.name, a.value.length);
    else if (a.startVcn === 0) sizes.set(a.name, a.dataSize);
  }
  return sizes;
}
