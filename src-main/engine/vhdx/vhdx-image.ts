// Opens one VHDX file and validates its structure in the order of reference §3.9 (steps 1-6).
// The result describes the file; reading data through it is vhdx-layer's job, chains are vhdx-chain's.
import { ascii, KiB } from './bytes';
import { diskCorrupt } from './errors';
import { FileSource } from './file-source';
import { ZERO_GUID } from './guid';
import { Bat, batGeometry, validateBat, type BatGeometry } from './vhdx-bat';
import {
  FILE_TYPE_SIGNATURE,
  HEADER_OFFSETS,
  HEADER_SIZE,
  METADATA_TABLE_SIZE,
  REGION_ALIGNMENT,
  REGION_TABLE_OFFSETS,
  REGION_TABLE_SIZE,
} from './vhdx-format';
import { selectCurrentHeader, type CurrentHeader } from './vhdx-header';
import { replayLog } from './vhdx-log';
import { decodeMetadataItems, parseMetadataTable, type VhdxParameters } from './vhdx-metadata';
import { parseRegionTable, rangesOverlap, regionTableIntegrity, type FileRange, type RegionTable } from './vhdx-region';

/** Smallest file that can hold the identifier, both headers and both region tables. */
const MIN_FILE_SIZE = 320 * KiB;

export interface VhdxImage {
  source: FileSource;
  current: CurrentHeader;
  regions: RegionTable;
  /** The log region, if the header describes a usable one. */
  log?: FileRange;
  params: VhdxParameters;
  geometry: BatGeometry;
  bat: Bat;
  /** True when a pending log was replayed into the in-memory overlay. */
  logReplayed: boolean;
}

export async function isVhdxSignature(source: FileSource): Promise<boolean> {
  if (source.size < 8) return false;
  return ascii(await source.read(0, 8, 'file type identifier'), 0, 8) === FILE_TYPE_SIGNATURE;
}

/** Parse and validate a VHDX file opened as `source` (which stays owned by the caller). */
export async function loadVhdxImage(source: FileSource): Promise<VhdxImage> {
  const path = source.path;
  if (source.size < MIN_FILE_SIZE) throw diskCorrupt(path, `file is ${source.size} bytes, too small to be a VHDX`);
  if (!(await isVhdxSignature(source))) throw diskCorrupt(path, "no 'vhdxfile' signature at offset 0");

  const slots = await Promise.all(HEADER_OFFSETS.map((o, i) => source.read(o, HEADER_SIZE, `header ${i + 1}`)));
  const current = selectCurrentHeader([slots[0], slots[1]], path);
  const log = logRange(current, source.size, path);

  let logReplayed = false;
  if (current.header.logGuid !== ZERO_GUID) {
    if (!log) throw diskCorrupt(path, 'header has an active log (LogGuid set) but no valid log region');
    await replayLog(source, log, current.header.logGuid);
    logReplayed = true;
  }

  const regions = await readRegionTables(source);
  checkRegions(regions, log, source.size, path);

  const params = await readMetadata(source, regions.metadata);
  const geometry = batGeometry(params);
  const batBytes = geometry.totalEntries * 8;
  if (batBytes > regions.bat.length) {
    throw diskCorrupt(path, `BAT region (${regions.bat.length} bytes) is too small for ${geometry.totalEntries} entries`);
  }
  const bat = new Bat(await source.read(regions.bat.offset, batBytes, 'BAT'), geometry);
  const reserved = [
    { ...regions.bat, name: 'BAT' },
    { ...regions.metadata, name: 'metadata' },
    ...(log ? [{ ...log, name: 'log' }] : []),
  ];
  validateBat(bat, { fileSize: source.size, reserved }, path);
  return { source, current, regions, log, params, geometry, bat, logReplayed };
}

function logRange(current: CurrentHeader, fileSize: number, path: string): FileRange | undefined {
  const { logOffset, logLength, logGuid } = current.header;
  const active = logGuid !== ZERO_GUID;
  if (logLength === 0 && !active) return undefined;
  const aligned =
    logLength > 0 && logLength % REGION_ALIGNMENT === 0 && logOffset >= REGION_ALIGNMENT && logOffset % REGION_ALIGNMENT === 0;
  if (!aligned) {
    if (active) throw diskCorrupt(path, `log region (offset ${logOffset}, length ${logLength}) is not 1 MiB aligned`);
    return undefined; // no active log: the region is never read, so a malformed one is harmless
  }
  if (active && logOffset + logLength > fileSize) {
    throw diskCorrupt(path, `log region (offset ${logOffset}, length ${logLength}) runs past the end of the file`);
  }
  return { offset: logOffset, length: logLength };
}

async function readRegionTables(source: FileSource): Promise<RegionTable> {
  const problems: string[] = [];
  for (let i = 0; i < REGION_TABLE_OFFSETS.length; i++) {
    const buf = await source.read(REGION_TABLE_OFFSETS[i], REGION_TABLE_SIZE, `region table ${i + 1}`);
    const problem = regionTableIntegrity(buf);
    if (problem) {
      problems.push(`region table ${i + 1}: ${problem}`);
      continue;
    }
    return parseRegionTable(buf, source.path, `region table ${i + 1}`);
  }
  throw diskCorrupt(source.path, `no valid region table (${problems.join('; ')})`);
}

function checkRegions(r: RegionTable, log: FileRange | undefined, fileSize: number, path: string): void {
  for (const [name, range] of [['BAT', r.bat], ['metadata', r.metadata]] as const) {
    if (range.offset + range.length > fileSize) {
      throw diskCorrupt(path, `${name} region (offset ${range.offset}, length ${range.length}) runs past the end of the file (${fileSize} bytes)`);
    }
    if (log && rangesOverlap(range, log)) throw diskCorrupt(path, `${name} region overlaps the log`);
  }
  if (rangesOverlap(r.bat, r.metadata)) throw diskCorrupt(path, 'BAT and metadata regions overlap');
}

async function readMetadata(source: FileSource, region: FileRange): Promise<VhdxParameters> {
  const table = await source.read(region.offset, METADATA_TABLE_SIZE, 'metadata table');
  const entries = parseMetadataTable(table, region.length, source.path);
  const items = new Map<string, Uint8Array>();
  for (const e of entries) {
    items.set(e.guid, await source.read(region.offset + e.offset, e.length, `metadata item ${e.guid}`));
  }
  return decodeMetadataItems(items, source.path);
}

