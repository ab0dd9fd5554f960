// Garbage collection: mark every chunk a committed point references, then sweep packs of everything else.
// Runs under the write lock with no point being written, so no point can start needing a chunk mid-gc.
// Crash safety comes from the order of each step:
//   - a pack is rewritten by copying its live chunks into a NEW sealed pack before the old one is touched;
//   - a pack is deleted index-file first, so a half-deleted pack is at worst rescanned, never trusted blindly.
import fs from 'node:fs/promises';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { ChunkIndex } from './chunk-index';
import { errnoCode, messageOf } from './fs-util';
import { fsyncDir } from '../util/atomic';
import { pruneDamageMarks } from './damage-prune';
import { readGcState, writeGcState } from './gc-state';
import type { RepoLayout } from './layout';
import { PackAppender } from './pack-appender';
import { RECORD_HEADER_BYTES, type PackEntry } from './pack-format';
import type { PackReader } from './pack-reader';
import type { PointStore } from './point-store';
import type { ChunkHash } from './types';

export type GcStep = 'marked' | 'pack-rewritten' | 'pack-deleted' | 'swept';

export interface GcOptions {
  /** rewrite a pack when at least this fraction of its bytes is garbage (default 0.2; 0 = any garbage) */
  repackThreshold?: number;
}

export interface GcReport {
  generation: number;
  pointsScanned: number;
  liveChunks: number;
  chunksRemoved: number;
  packsDeleted: number;
  packsRewritten: number;
  bytesFreed: number;
  /** packs left alone because a live chunk in them could not be read back intact (run verify) */
  packsSkipped: string[];
}

export interface GcContext {
  layout: RepoLayout;
  index: ChunkIndex;
  reader: PackReader;
  points: PointStore;
  packTargetBytes: number;
  /** crash-simulation hook: throwing stops gc right after that step */
  onStep?: (step: GcStep) => void | Promise<void>;
  /** proves this process still holds the write lock (E_REPO_LOCK_LOST otherwise): checked before each deletion */
  assertHeld: () => Promise<void>;
}

export async function collectGarbage(ctx: GcContext, options: GcOptions = {}): Promise<GcReport> {
  const threshold = options.repackThreshold ?? 0.2;
  const previous = await readGcState(ctx.layout);
  const generation = (previous?.generation ?? 0) + 1;
  const startedAt = new Date().toISOString();
  await writeGcState(ctx.layout, { generation, phase: 'mark', startedAt });

  const { live, pointsScanned } = await markLive(ctx);
  await ctx.onStep?.('marked');
  await writeGcState(ctx.layout, { generation, phase: 'sweep', startedAt });

  const report: GcReport = {
    generation,
    pointsScanned,
    liveChunks: live.size,
    chunksRemoved: 0,
    packsDeleted: 0,
    packsRewritten: 0,
    bytesFreed: 0,
    packsSkipped: [],
  };
  const copier = new PackAppender(ctx.layout, ctx.index, ctx.packTargetBytes, 'copy', ctx.assertHeld);
  try {
    for (const packId of sweepOrder(ctx, live)) await sweepPack(ctx, packId, live, threshold, copier, report);
    await copier.seal();
  } catch (e) {
    await copier.abandon(); // left unsealed, exactly like a crash: the next writer recovers it
    throw e;
  }
  await ctx.onStep?.('swept');
  // Records of damaged copies gc just deleted, of chunks no point needs, have done their job.
  await pruneDamageMarks(ctx.layout, ctx.index, { needed: (hash) => live.has(hash) });
  await writeGcState(ctx.layout, { generation, phase: 'done', startedAt, finishedAt: new Date().toISOString() });
  return report;
}

/** Every chunk referenced by a committed point. Any unreadable manifest stops gc: we must never under-mark. */
async function markLive(ctx: GcContext): Promise<{ live: Set<ChunkHash>; pointsScanned: number }> {
  // Manifests of points that never committed are not roots; drop them first.
  for (const id of await ctx.points.orphanManifestDirs()) await ctx.points.deleteManifests(id);
  const live = new Set<ChunkHash>();
  const points = await ctx.points.list();
  for (const point of points) {
    for (const disk of point.disks) {
      let blocks;
      try {
        ({ blocks } = await ctx.points.readManifest(point, disk));
      } catch (e) {
        throw new FerryError(ErrorCode.RepoCorrupt, `gc stopped before deleting anything: ${messageOf(e)}`, { pointId: point.id });
      }
      for (const b of blocks) live.add(b.hash);
    }
  }
  return { live, pointsScanned: points.length };
}

/**
 * Packs with nothing live first: deleting them needs no space, while rewriting a pack needs room for its live
 * chunks. On a full volume that order is what lets gc get going at all.
 */
export function sweepOrder(ctx: Pick<GcContext, 'index'>, live: ReadonlySet<ChunkHash>): string[] {
  const ids = ctx.index.packIds();
  const hasLive = (packId: string) => ctx.index.pack(packId)?.entries.some((e) => live.has(e.hash) && ctx.index.get(e.hash)?.packId === packId) ?? false;
  const dead = ids.filter((id) => !hasLive(id));
  const deadSet = new Set(dead);
  return [...dead, ...ids.filter((id) => !deadSet.has(id))];
}

async function sweepPack(ctx: GcContext, packId: string, live: ReadonlySet<ChunkHash>, threshold: number, copier: PackAppender, report: GcReport): Promise<void> {
  const state = ctx.index.pack(packId);
  if (!state) return;
  if (state.suspect) {
    report.packsSkipped.push(packId); // may hold chunks no index names: never deleted, salvaged by repair
    return;
  }
  // A copy counts as live only where the index points: duplicates (from an interrupted rewrite) are garbage.
  const isLive = (e: PackEntry) => live.has(e.hash) && ctx.index.get(e.hash)?.packId === packId;
  const keep = state.entries.filter(isLive);
  const liveBytes = keep.reduce((s, e) => s + RECORD_HEADER_BYTES + e.storedLength, 0);
  const size = await fileSize(ctx.layout.packFile(packId));
  if (keep.length > 0 && keep.length === state.entries.length) return; // nothing dead
  if (keep.length > 0) {
    if ((size - liveBytes) / Math.max(1, size) < threshold) return;
    if (keep.some((e) => ctx.index.get(e.hash)?.damaged)) {
      report.packsSkipped.push(packId);
      return; // a copy recorded as damaged must not be copied into a pack where nothing marks it (run repair)
    }
    const copies: Array<{ entry: PackEntry; stored: Buffer }> = [];
    for (const entry of keep) {
      const got = await ctx.reader.readStored(packId, entry);
      if ('problem' in got) {
        report.packsSkipped.push(packId);
        return; // never trade a damaged chunk for nothing; verify reports it
      }
      copies.push({ entry, stored: got.stored });
    }
    for (const { entry, stored } of copies) await copier.append(entry.hash, stored, entry.codec, entry.rawLength);
    await copier.flush();
    // The copies must be sealed (durable, indexed) before the original goes.
    await copier.seal();
    report.packsRewritten++;
    report.bytesFreed -= liveBytes;
    await ctx.onStep?.('pack-rewritten');
  } else {
    report.packsDeleted++;
  }
  report.chunksRemoved += state.entries.length - keep.length;
  report.bytesFreed += size + (await fileSize(ctx.layout.packIndexFile(packId)));
  await deletePack(ctx, packId);
  await ctx.onStep?.('pack-deleted');
}

async function deletePack(ctx: GcContext, packId: string): Promise<void> {
  await ctx.assertHeld();
  await ctx.reader.drop(packId);
  ctx.index.removePack(packId);
  const dir = ctx.layout.packFanoutDir(packId);
  await fs.rm(ctx.layout.packIndexFile(packId), { force: true });
  await fsyncDir(dir);
  try {
    await fs.rm(ctx.layout.packFile(packId), { force: true });
  } catch (e) {
    // Windows refuses to delete a file another process has open: the pack stays as an unindexed duplicate
    // (rescanned at open, removed by the next gc). Nothing refers to it, so this is only wasted space.
    if (errnoCode(e) !== 'EBUSY' && errnoCode(e) !== 'EPERM') throw e;
  }
  await fsyncDir(dir);
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await fs.stat(file)).size;
  } catch {
    return 0;
  }
}
