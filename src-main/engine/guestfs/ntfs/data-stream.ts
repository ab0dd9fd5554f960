// An attribute's content as random-access bytes: resident values, or non-resident runs (possibly split over
// several records by an attribute list) with sparse holes, an uninitialized tail, and LZNT1 compression units.
import { ErrorCode, FerryError } from '../../../../src-shared/contract/errors';
import type { NonResidentAttribute } from './attribute';
import { AttrFlag } from './attribute';
import { corrupt } from './corrupt';
import { lznt1Decompress } from './lznt1';
import type { DataRun } from './run-list';
import { readVolume, type Volume } from './volume';

export interface Stream {
  readonly size: number;
  read(offset: number, length: number): Promise<Buffer>;
}

/** One read of a guest file is bounded: a caller asking for more reads in pieces (memory stays bounded). */
export const MAX_READ = 64 * 1024 * 1024;
/** Runs of one attribute over all its segments. */
const MAX_RUNS = 1_000_000;

function clampRange(size: number, offset: number, length: number): number {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
    throw new FerryError(ErrorCode.InvalidParams, `Read of ${length} bytes at ${offset}: not a valid range`);
  }
  if (length > MAX_READ) throw new FerryError(ErrorCode.InvalidParams, `Read of ${length} bytes: at most ${MAX_READ} per read`);
  return Math.max(0, Math.min(length, size - offset));
}

export function residentStream(value: Buffer): Stream {
  return {
    size: value.length,
    read: async (offset, length) => {
      const n = clampRange(value.length, offset, length);
      return Buffer.from(value.subarray(offset, offset + n));
    },
  };
}

/** The segments of one attribute joined into one run list; gaps, overlaps or a missing first segment are corrupt. */
export function joinSegments(segments: NonResidentAttribute[], what: string): DataRun[] {
  const sorted = [...segments].sort((a, b) => a.startVcn - b.startVcn);
  const runs: DataRun[] = [];
  let nextVcn = 0;
  for (const seg of sorted) {
    if (seg.startVcn !== nextVcn) throw corrupt(`${what}: attribute segments do not join (segment at VCN ${seg.startVcn}, expected ${nextVcn})`);
    for (const run of seg.runs) runs.push(run);
    if (runs.length > MAX_RUNS) throw corrupt(`${what}: more than ${MAX_RUNS} data runs`);
    nextVcn = seg.lastVcn + 1;
  }
  return runs;
}

/** The index of the run holding `vcn` (runs are contiguous from VCN 0), or -1. */
function findRun(runs: DataRun[], vcn: number): number {
  let lo = 0;
  let hi = runs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = runs[mid];
    if (vcn < r.vcn) hi = mid - 1;
    else if (vcn >= r.vcn + r.length) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** Copies clusters [vcn, vcn+count) as mapped by `runs` into `out` at `outAt`; sparse runs stay zero. */
async function readMapped(volume: Volume, runs: DataRun[], byteOffset: number, out: Buffer, outAt: number, length: number, what: string): Promise<void> {
  const cs = volume.geometry.clusterSize;
  let pos = byteOffset;
  const end = byteOffset + length;
  let i = findRun(runs, Math.floor(pos / cs));
  while (pos < end) {
    if (i < 0 || i >= runs.length) throw corrupt(`${what}: data at byte ${pos} is not mapped by its run list`);
    const run = runs[i];
    const runEnd = Math.min(end, (run.vcn + run.length) * cs);
    if (run.lcn !== undefined) {
      const data = await readVolume(volume, run.lcn * cs + (pos - run.vcn * cs), runEnd - pos, what);
      data.copy(out, outAt + (pos - byteOffset));
    }
    pos = runEnd;
    i++;
  }
}

interface StreamShape {
  dataSize: number;
  initializedSize: number;
  compressed: boolean;
  compressionUnit: number;
}

export function nonResidentStream(volume: Volume, segments: NonResidentAttribute[], what: string): Stream {
  const runs = joinSegments(segments, what);
  const first = segments.find((s) => s.startVcn === 0);
  if (!first) throw corrupt(`${what}: no first attribute segment`);
  const covered = runs.length === 0 ? 0 : (runs[runs.length - 1].vcn + runs[runs.length - 1].length) * volume.geometry.clusterSize;
  if (first.dataSize > covered) throw corrupt(`${what}: data size ${first.dataSize} exceeds its ${covered} mapped bytes`);
  const shape: StreamShape = {
    dataSize: first.dataSize,
    initializedSize: Math.min(first.initializedSize, first.dataSize),
    compressed: (first.flags & AttrFlag.Compressed) !== 0 && first.compressionUnit > 0,
    compressionUnit: first.compressionUnit,
  };
  const units = shape.compressed ? compressionUnits(volume, runs, shape.compressionUnit, what) : undefined;
  return {
    size: shape.dataSize,
    read: async (offset, length) => {
      const n = clampRange(shape.dataSize, offset, length);
      const out = Buffer.alloc(n);
      const live = Math.max(0, Math.min(n, shape.initializedSize - offset));
      if (live === 0) return out;
      if (units) await units.read(offset, out, live);
      else await readMapped(volume, runs, offset, out, 0, live, what);
      return out;
    },
  };
}

/** Reads of a compressed attribute, a unit at a time, with the last few units kept decompressed. */
function compressionUnits(volume: Volume, runs: DataRun[], log2: number, what: string) {
  const cs = volume.geometry.clusterSize;
  const unitClusters = 2 ** log2;
  const unitBytes = unitClusters * cs;
  if (unitBytes > 4 * 1024 * 1024) throw corrupt(`${what}: compression unit of ${unitBytes} bytes`);
  const cache = new Map<number, Promise<Buffer>>();
  const unit = (index: number): Promise<Buffer> => {
    const hit = cache.get(index);
    if (hit) return hit;
    const p = decompressUnit(volume, runs, index * unitClusters, unitClusters, what);
    p.catch(() => cache.delete(index));
    cache.set(index, p);
    if (cache.size > 8) cache.delete(cache.keys().next().value as number);
    return p;
  };
  return {
    read: async (offset: number, out: Buffer, length: number): Promise<void> => {
      for (let pos = offset; pos < offset + length; ) {
        const index = Math.floor(pos / unitBytes);
        const data = await unit(index);
        const from = pos - index * unitBytes;
        const take = Math.min(unitBytes - from, offset + length - pos);
        data.copy(out, pos - offset, from, from + take);
        pos += take;
      }
    },
  };
}

/** A compression unit: all clusters allocated = stored raw; all sparse = zeros; allocated then sparse = LZNT1. */
async function decompressUnit(volume: Volume, runs: DataRun[], startVcn: number, unitClusters: number, what: string): Promise<Buffer> {
  const cs = volume.geometry.clusterSize;
  const out = Buffer.alloc(unitClusters * cs);
  let allocated = 0;
  let sparseSeen = false;
  for (let vcn = startVcn; vcn < startVcn + unitClusters; ) {
    const i = findRun(runs, vcn);
    if (i < 0) break; // past the last run: the tail of the attribute's allocation
    const run = runs[i];
    const take = Math.min(run.vcn + run.length, startVcn + unitClusters) - vcn;
    if (run.lcn === undefined) sparseSeen = true;
    else if (sparseSeen) throw corrupt(`${what}: compression unit at VCN ${startVcn} has data after its hole`);
    else allocated += take;
    vcn += take;
  }
  if (allocated === 0) return out;
  if (allocated === unitClusters || !sparseSeen) {
    await readMapped(volume, runs, startVcn * cs, out, 0, allocated * cs, what);
    return out;
  }
  const packed = Buffer.alloc(allocated * cs);
  await readMapped(volume, runs, startVcn * cs, packed, 0, packed.length, what);
  lznt1Decompress(packed, out);
  return out;
}
