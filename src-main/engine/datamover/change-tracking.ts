// Change tracking: decide whether a task can be an incremental, and build its manifest. An incremental
// reads only the grid cells the change data touches and takes every other block (hash and all) from the
// previous point's manifest, so the new manifest still describes the whole disk. Anything that makes the
// base untrustworthy breaks the chain: the task reads everything instead, and says why.
import type { DiskManifestInput, ManifestBlock } from '../repository';
import { alignDown, alignUp, type Span } from './block-grid';
import type { ByteRange } from './task';

export type BackupPlan =
  | { mode: 'full'; /** set when an incremental was asked for but the chain is broken */ reason?: string }
  | { mode: 'incremental'; base: DiskManifestInput; changed: Span[]; changedBytes: number };

export interface ChangeInput {
  changedRanges?: ByteRange[];
  baseManifest?: DiskManifestInput;
  blockSize: number;
  /** why the base named by the task could not be had (point forgotten, manifest unreadable) */
  baseUnavailable?: string;
}

export function planBackup(input: ChangeInput, virtualSize: number): BackupPlan {
  const { changedRanges: ranges, baseManifest: base, blockSize } = input;
  if (!ranges) return base ? { mode: 'full', reason: 'no change data was given for this disk' } : { mode: 'full' };
  if (!base) return { mode: 'full', reason: input.baseUnavailable ?? 'there is no previous restore point of this disk to build on' };
  if (base.virtualSize !== virtualSize) return { mode: 'full', reason: `the disk size changed (${base.virtualSize} → ${virtualSize} bytes)` };
  if (base.blockSize !== blockSize) return { mode: 'full', reason: `the job block size changed (${base.blockSize} → ${blockSize} bytes)` };
  const bad = ranges.find((r) => !isCount(r?.offset) || !isCount(r?.length) || r.offset + r.length > virtualSize);
  if (bad) return { mode: 'full', reason: `the change data has a range outside the disk (offset ${String(bad?.offset)}, length ${String(bad?.length)})` };
  const offGrid = firstOffGrid(base.blocks, blockSize, virtualSize);
  if (offGrid !== undefined) return { mode: 'full', reason: `the previous restore point is not cut on this block grid (block at ${offGrid})` };
  const changed = changedSpans(ranges, blockSize, virtualSize);
  return { mode: 'incremental', base, changed, changedBytes: changed.reduce((n, s) => n + s.end - s.start, 0) };
}

/** Changed ranges widened to whole grid cells, sorted and merged. */
export function changedSpans(ranges: readonly ByteRange[], blockSize: number, virtualSize: number): Span[] {
  const cells = ranges
    .filter((r) => r.length > 0)
    .map((r) => ({ start: alignDown(r.offset, blockSize), end: Math.min(virtualSize, alignUp(r.offset + r.length, blockSize)) }))
    .sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const c of cells) {
    const last = merged[merged.length - 1];
    if (last && c.start <= last.end) last.end = Math.max(last.end, c.end);
    else merged.push({ ...c });
  }
  return merged;
}

/**
 * The incremental's block list: the base's blocks outside the changed spans, plus the blocks just read.
 * Both inputs sorted by offset; so is the result.
 */
export function mergeIncremental(base: readonly ManifestBlock[], changed: readonly Span[], fresh: readonly ManifestBlock[]): { blocks: ManifestBlock[]; reusedBytes: number } {
  const kept: ManifestBlock[] = [];
  let reusedBytes = 0;
  let s = 0;
  for (const b of base) {
    while (s < changed.length && changed[s].end <= b.offset) s++;
    const hit = s < changed.length && changed[s].start < b.offset + b.length;
    if (!hit) {
      kept.push(b);
      reusedBytes += b.length;
    }
  }
  const blocks: ManifestBlock[] = [];
  let i = 0;
  let j = 0;
  while (i < kept.length || j < fresh.length) {
    if (j >= fresh.length || (i < kept.length && kept[i].offset < fresh[j].offset)) blocks.push(kept[i++]);
    else blocks.push(fresh[j++]);
  }
  return { blocks, reusedBytes };
}

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/** Offset of the first base block that is out of order or straddles a grid cell; undefined when all are fine. */
function firstOffGrid(blocks: readonly ManifestBlock[], blockSize: number, virtualSize: number): number | undefined {
  let end = 0;
  for (const b of blocks) {
    const crosses = Math.floor(b.offset / blockSize) !== Math.floor((b.offset + b.length - 1) / blockSize);
    if (b.offset < end || crosses || b.offset + b.length > virtualSize) return b.offset;
    end = b.offset + b.length;
  }
  return undefined;
}
