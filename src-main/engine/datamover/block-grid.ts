// The job's block grid: blocks are cut at multiples of the block size, whatever the source format or
// allocation, so the same data at the same offset yields the same chunk in every restore point.
// A cell that holds any data is read whole (unallocated parts read as zeros): full and incremental backups
// then cut identically and an incremental's blocks dedupe against the full's.
import type { DiskExtent } from '../vhdx';

/** One cell of the grid, clipped to the disk's end. */
export interface Cell {
  offset: number;
  length: number;
}

/** Half-open byte span [start, end). */
export interface Span {
  start: number;
  end: number;
}

/** Cells to read for a full backup: every cell touched by allocated data, in disk order, each once. */
export async function* cellsOfExtents(extents: AsyncIterable<DiskExtent>, blockSize: number, virtualSize: number): AsyncGenerator<Cell> {
  let next = 0;
  for await (const e of extents) {
    if (e.kind !== 'data' || e.length === 0) continue;
    yield* cellsOfSpan({ start: e.offset, end: e.offset + e.length }, blockSize, virtualSize, next);
    next = Math.max(next, alignUp(e.offset + e.length, blockSize));
  }
}

/** Cells to read for an incremental: every cell of the (grid-aligned, merged) changed spans. */
export function* cellsOfSpans(spans: readonly Span[], blockSize: number, virtualSize: number): Generator<Cell> {
  for (const s of spans) yield* cellsOfSpan(s, blockSize, virtualSize, 0);
}

function* cellsOfSpan(s: Span, blockSize: number, virtualSize: number, notBefore: number): Generator<Cell> {
  for (let c = Math.max(notBefore, alignDown(s.start, blockSize)); c < s.end; c += blockSize) {
    yield { offset: c, length: Math.min(blockSize, virtualSize - c) };
  }
}

export const alignDown = (n: number, unit: number): number => Math.floor(n / unit) * unit;
export const alignUp = (n: number, unit: number): number => Math.ceil(n / unit) * unit;
