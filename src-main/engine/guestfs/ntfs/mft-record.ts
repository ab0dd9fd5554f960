// One MFT record ("FILE" record): header, fixups, attributes. The buffer handed in is the record's own copy.
import { type Attribute, parseAttributes } from './attribute';
import { corrupt, fileRef } from './corrupt';
import { applyFixups } from './fixups';

export interface MftRecord {
  number: number;
  sequence: number;
  inUse: boolean;
  isDirectory: boolean;
  /** the base record this extension record belongs to; 0 for a base record */
  baseRecord: number;
  attributes: Attribute[];
}

const FLAG_IN_USE = 0x0001;
const FLAG_DIRECTORY = 0x0002;

export function parseMftRecord(buf: Buffer, number: number, totalClusters: number): MftRecord {
  const what = `MFT record ${number}`;
  applyFixups(buf, 'FILE', what);
  const firstOffset = buf.readUInt16LE(0x14);
  const flags = buf.readUInt16LE(0x16);
  const usedSize = buf.readUInt32LE(0x18);
  if (usedSize > buf.length || usedSize < 0x30) throw corrupt(`${what}: used size ${usedSize} does not fit the record`);
  if (firstOffset < 0x2a || firstOffset % 8 !== 0 || firstOffset >= usedSize) throw corrupt(`${what}: first attribute offset ${firstOffset} is invalid`);
  const inUse = (flags & FLAG_IN_USE) !== 0;
  return {
    number,
    sequence: buf.readUInt16LE(0x10),
    inUse,
    isDirectory: (flags & FLAG_DIRECTORY) !== 0,
    baseRecord: fileRef(buf, 0x20).record,
    attributes: inUse ? parseAttributes(buf, firstOffset, usedSize, number, totalClusters) : [],
  };
}
