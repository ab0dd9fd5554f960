// VHDX metadata region (reference §3.5): the table of items and the disk parameters they hold.
import { ascii, isPowerOfTwo, readU64LE, writeU64LE } from './bytes';
import { diskCorrupt, diskUnsupported } from './errors';
import { readGuid, writeGuid } from './guid';
import {
  FileParameterFlag,
  MAX_BLOCK_SIZE,
  MAX_METADATA_ITEM_LENGTH,
  MAX_TABLE_ENTRIES,
  MAX_VIRTUAL_SIZE,
  METADATA_SIGNATURE,
  METADATA_TABLE_SIZE,
  MetadataFlag,
  MetadataGuid,
  MIN_BLOCK_SIZE,
  PARENT_LOCATOR_TYPE_VHDX,
} from './vhdx-format';

export interface MetadataEntry {
  guid: string;
  /** Relative to the start of the metadata region. */
  offset: number;
  length: number;
  flags: number;
}

export interface VhdxParameters {
  blockSize: number;
  leaveBlockAllocated: boolean;
  hasParent: boolean;
  virtualSize: number;
  logicalSectorSize: 512 | 4096;
  physicalSectorSize: 512 | 4096;
  page83Id: string;
  /** Present iff hasParent. */
  parentLocator?: ParentLocator;
}

/** Key/value pairs of a VHDX parent locator (parent_linkage, relative_path, ...). */
export type ParentLocator = Map<string, string>;

const KNOWN_ITEMS = new Set<string>(Object.values(MetadataGuid));

export function parseMetadataTable(buf: Uint8Array, regionLength: number, path: string): MetadataEntry[] {
  if (buf.length < METADATA_TABLE_SIZE) throw diskCorrupt(path, 'metadata table is shorter than 64 KiB');
  if (ascii(buf, 0, 8) !== METADATA_SIGNATURE) throw diskCorrupt(path, "metadata table signature is not 'metadata'");
  const view = new DataView(buf.buffer, buf.byteOffset, METADATA_TABLE_SIZE);
  const count = view.getUint16(10, true);
  if (count > MAX_TABLE_ENTRIES) throw diskCorrupt(path, `metadata table entry count ${count} exceeds ${MAX_TABLE_ENTRIES}`);
  const entries: MetadataEntry[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) {
    const at = 32 + i * 32;
    const entry: MetadataEntry = {
      guid: readGuid(buf, at),
      offset: view.getUint32(at + 16, true),
      length: view.getUint32(at + 20, true),
      flags: view.getUint32(at + 24, true),
    };
    const what = `metadata item ${entry.guid}`;
    if (entry.length > MAX_METADATA_ITEM_LENGTH) throw diskCorrupt(path, `${what}: length ${entry.length} exceeds 1 MiB`);
    if (entry.length > 0 && entry.offset < METADATA_TABLE_SIZE) {
      throw diskCorrupt(path, `${what}: offset ${entry.offset} lies inside the metadata table`);
    }
    if (entry.offset + entry.length > regionLength) {
      throw diskCorrupt(path, `${what}: offset ${entry.offset} + length ${entry.length} runs past the metadata region (${regionLength} bytes)`);
    }
    if (seen.has(entry.guid)) throw diskCorrupt(path, `${what} is listed twice`);
    seen.add(entry.guid);
    if (!KNOWN_ITEMS.has(entry.guid)) {
      if (entry.flags & MetadataFlag.isRequired) throw diskUnsupported(path, `unknown required ${what}`);
      continue;
    }
    entries.push(entry);
  }
  return entries;
}

/** Turn the raw item bytes (keyed by item GUID) into validated disk parameters. */
export function decodeMetadataItems(items: Map<string, Uint8Array>, path: string): VhdxParameters {
  const item = (guid: string, name: string, minLength: number): DataView => {
    const b = items.get(guid);
    if (!b) throw diskCorrupt(path, `required metadata item '${name}' is missing`);
    if (b.length < minLength) throw diskCorrupt(path, `metadata item '${name}' is ${b.length} bytes, expected ${minLength}`);
    return new DataView(b.buffer, b.byteOffset, b.length);
  };
  const fp = item(MetadataGuid.fileParameters, 'File Parameters', 8);
  const blockSize = fp.getUint32(0, true);
  const fpFlags = fp.getUint32(4, true);
  if (!isPowerOfTwo(blockSize) || blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE) {
    throw diskCorrupt(path, `block size ${blockSize} is not a power of two between 1 MiB and 256 MiB`);
  }
  const logicalSectorSize = sectorSize(item(MetadataGuid.logicalSectorSize, 'Logical Sector Size', 4).getUint32(0, true), 'logical', path);
  const physicalSectorSize = sectorSize(item(MetadataGuid.physicalSectorSize, 'Physical Sector Size', 4).getUint32(0, true), 'physical', path);
  const sizeView = item(MetadataGuid.virtualDiskSize, 'Virtual Disk Size', 8);
  const virtualSize = readU64LE(new Uint8Array(sizeView.buffer, sizeView.byteOffset, 8), 0);
  if (virtualSize === 0 || virtualSize > MAX_VIRTUAL_SIZE || virtualSize % logicalSectorSize !== 0) {
    throw diskCorrupt(path, `virtual disk size ${virtualSize} is not a non-zero multiple of ${logicalSectorSize} up to 64 TiB`);
  }
  const page83 = item(MetadataGuid.page83Data, 'Page 83 Data', 16);
  const hasParent = (fpFlags & FileParameterFlag.hasParent) !== 0;
  const params: VhdxParameters = {
    blockSize,
    leaveBlockAllocated: !hasParent && (fpFlags & FileParameterFlag.leaveBlockAllocated) !== 0,
    hasParent,
    virtualSize,
    logicalSectorSize,
    physicalSectorSize,
    page83Id: readGuid(new Uint8Array(page83.buffer, page83.byteOffset, 16), 0),
  };
  if (hasParent) {
    const loc = items.get(MetadataGuid.parentLocator);
    if (!loc) throw diskCorrupt(path, 'differencing disk (HasParent) without a Parent Locator metadata item');
    params.parentLocator = parseParentLocator(loc, path);
  }
  return params;
}

function sectorSize(value: number, kind: string, path: string): 512 | 4096 {
  if (value === 512 || value === 4096) return value;
  throw diskCorrupt(path, `${kind} sector size ${value} is neither 512 nor 4096`);
}

/** Parent locator item: typed header, then key/value entries pointing at UTF-16LE strings inside the item. */
export function parseParentLocator(buf: Uint8Array, path: string): ParentLocator {
  if (buf.length < 20) throw diskCorrupt(path, `parent locator is ${buf.length} bytes, shorter than its 20-byte header`);
  const type = readGuid(buf, 0);
  if (type !== PARENT_LOCATOR_TYPE_VHDX) throw diskUnsupported(path, `parent locator type ${type} is not the VHDX parent locator`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.length);
  const count = view.getUint16(18, true);
  if (20 + count * 12 > buf.length) throw diskCorrupt(path, `parent locator claims ${count} entries, more than fit in ${buf.length} bytes`);
  const text = (offset: number, length: number, what: string): string => {
    if (length % 2 !== 0 || offset + length > buf.length) {
      throw diskCorrupt(path, `parent locator ${what} (offset ${offset}, length ${length}) is odd-sized or outside the item`);
    }
    return Buffer.from(buf.buffer, buf.byteOffset + offset, length).toString('utf16le');
  };
  const map: ParentLocator = new Map();
  for (let i = 0; i < count; i++) {
    const at = 20 + i * 12;
    const key = text(view.getUint32(at, true), view.getUint16(at + 8, true), `key ${i}`);
    const value = text(view.getUint32(at + 4, true), view.getUint16(at + 10, true), `value ${i}`);
    if (map.has(key)) throw diskCorrupt(path, `parent locator key '${key}' appears twice`);
    map.set(key, value);
  }
  if (!map.get('parent_linkage')) throw diskCorrupt(path, "parent locator has no 'parent_linkage'");
  return map;
}

export function serializeParentLocator(entries: ParentLocator): Buffer {
  const pairs = [...entries].map(([k, v]) => [Buffer.from(k, 'utf16le'), Buffer.from(v, 'utf16le')] as const);
  let cursor = 20 + pairs.length * 12;
  const header = Buffer.alloc(cursor);
  writeGuid(PARENT_LOCATOR_TYPE_VHDX, header, 0);
  header.writeUInt16LE(pairs.length, 18);
  const strings: Buffer[] = [];
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

/** A metadata region (table + items) as Ferry's writer lays it out; `regionLength` is a multiple of 1 MiB. */
export function serializeMetadataRegion(p: VhdxParameters, regionLength: number): Buffer {
  const items: Array<{ guid: string; flags: number; data: Buffer }> = [];
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
  const u32 = (n: number): Buffer => {
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
  region.write(METADATA_SIGNATURE, 0, 'latin1');
  region.writeUInt16LE(items.length, 10);
  let cursor = METADATA_TABLE_SIZE;
  items.forEach((it, i) => {
    const at = 32 + i * 32;
    writeGuid(it.guid, region, at);
    region.writeUInt32LE(cursor, at + 16);
    region.writeUInt32LE(it.data.length, at + 20);
    region.writeUInt32LE(it.flags, at + 24);
    it.data.copy(region, cursor);
    cursor += Math.ceil(it.data.length / 8) * 8; // keep items 8-byte aligned like qemu and Windows
  });
  if (cursor > regionLength) throw new RangeError('metadata items overflow the region');
  return region;
}
