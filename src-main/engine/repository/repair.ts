// `repair`: make the repository consistent again after damage, like restic's `repair index` + `repair packs`
// and borg's `check --repair`. Runs under the write lock with nothing else writing.
//   1. every pack is read in full and every record re-checked (CRCs, decompression, SHA-256);
//   2. a sound pack whose index file is missing, damaged or wrong gets it rewritten from its own records;
//   3. a pack with any damage keeps nothing in place: its sound chunks are copied into a new pack and the file
//      moves to quarantine/ (never deleted); the damaged copies are recorded in damaged/;
//   4. the points that reference data the repository no longer holds intact are reported. They heal when a
//      later backup stores the same data again (dedupe no longer finds it, so it is stored; an incremental
//      re-reads blocks whose base chunk is gone), and then verify OK again.
import fs from 'node:fs/promises';
import path from 'node:path';
import { decompressChunk } from './codec';
import { markKey, recordDamage, type DamageRecord } from './damage-marks';
import { pruneDamageMarks } from './damage-prune';
import { listDir, messageOf, readIfExists } from './fs-util';
import { fsyncDir, writeFileAtomic } from '../util/atomic';
import { sha256Hex } from './hash';
import { PACK_INDEX_EXT, PACK_EXT } from './layout';
import { decodePackIndex, encodePackIndex, scanPack, type PackEntry, type PackScan } from './pack-format';
import type { PackReader } from './pack-reader';
import type { PointStore } from './point-store';
import { salvagePack, storedBytesOf, type SalvageContext } from './salvage';
import type { DamagedRanges } from './types';
import { DamageLog } from './verify';

export interface RepairContext extends SalvageContext {
  reader: PackReader;
  points: PointStore;
}

export interface RepairReport {
  packsChecked: number;
  chunksChecked: number;
  /** packs whose index file was missing, damaged or wrong, rewritten from the pack's own records */
  indexesRebuilt: string[];
  /** packs with damage: sound chunks copied to new packs, the file moved to quarantine/ */
  packsSalvaged: Array<{ packId: string; salvaged: number; dropped: number; quarantined: string }>;
  /** damaged chunk copies no longer in packs/ (recorded in damaged/) */
  chunksDropped: number;
  /** index files without their pack (an interrupted gc): removed, they describe nothing */
  strayIndexesRemoved: number;
  /** damage records that were settled (the copy reads sound, or the chunk is stored intact again) */
  marksRemoved: number;
  /** points referencing data not stored intact; they heal when a later backup stores the same data */
  pointsLost: Array<{ pointId: string; damaged: DamagedRanges[] }>;
}

interface CheckedPack {
  scan: PackScan;
  good: PackEntry[];
  /** records intact in the pack but whose content fails (decompression or hash) */
  bad: Array<{ entry: PackEntry; reason: string }>;
  /** copies the index file lists that the pack does not hold intact */
  unreadable: PackEntry[];
  indexRight: boolean;
}

export async function repairRepository(ctx: RepairContext): Promise<RepairReport> {
  const report: RepairReport = {
    packsChecked: 0,
    chunksChecked: 0,
    indexesRebuilt: [],
    packsSalvaged: [],
    chunksDropped: 0,
    strayIndexesRemoved: 0,
    marksRemoved: 0,
    pointsLost: [],
  };
  await ctx.index.refresh();
  report.strayIndexesRemoved = await removeStrayIndexes(ctx);
  const sound = new Set<string>();
  const dropped: DamageRecord[] = [];
  for (const packId of ctx.index.packIds()) {
    await ctx.stillHeld();
    await repairPack(ctx, packId, report, sound, dropped);
  }
  const recorded = await recordDamage(ctx.layout, dropped);
  if (recorded.error) throw new Error(`cannot record the dropped chunks in ${ctx.layout.damagedDir}: ${recorded.error}`);
  await ctx.index.loadDamageMarks();
  report.marksRemoved = await pruneDamageMarks(ctx.layout, ctx.index, { sound });
  report.pointsLost = await pointsThatLostData(ctx);
  return report;
}

async function repairPack(ctx: RepairContext, packId: string, report: RepairReport, sound: Set<string>, dropped: DamageRecord[]): Promise<void> {
  const image = await readIfExists(ctx.layout.packFile(packId));
  if (!image) return;
  report.packsChecked++;
  const checked = await checkPack(image, await readIfExists(ctx.layout.packIndexFile(packId)));
  const { scan, good, bad } = checked;
  const intact = scan.headerOk && scan.damagedBytes === 0 && scan.validBytes === image.byteLength;
  // An intact pack holds every record it ever held (they are contiguous to its end): whatever else its index
  // file lists was never in it, so the index is wrong, not the pack.
  report.chunksChecked += scan.entries.length + (intact ? 0 : checked.unreadable.length);
  if (intact && bad.length === 0) {
    for (const e of good) sound.add(markKey(packId, e.offset));
    if (checked.indexRight) return;
    await writeFileAtomic(ctx.layout.packIndexFile(packId), encodePackIndex(scan.entries, scan.validBytes), ctx.layout.tmpDir);
    ctx.index.removePack(packId);
    ctx.index.setPack(packId, { entries: scan.entries, sealed: true, validBytes: scan.validBytes });
    report.indexesRebuilt.push(packId);
    return;
  }
  await salvageDamaged(ctx, packId, image, checked, report, dropped);
}

async function salvageDamaged(ctx: RepairContext, packId: string, image: Buffer, checked: CheckedPack, report: RepairReport, dropped: DamageRecord[]): Promise<void> {
  const { scan, good, bad, unreadable } = checked;
  const why = [
    !scan.headerOk ? 'damaged pack header' : '',
    scan.damagedBytes > 0 ? `${scan.damagedBytes} damaged byte(s) between records` : '',
    scan.validBytes < image.byteLength ? `${image.byteLength - scan.validBytes} unreadable byte(s) at the end` : '',
    bad.length > 0 ? `${bad.length} chunk(s) whose content fails its check` : '',
    unreadable.length > 0 ? `${unreadable.length} indexed chunk(s) not intact in the pack` : '',
  ].filter(Boolean);
  await ctx.reader.drop(packId);
  const result = await salvagePack(ctx, packId, image, good, `repair: ${why.join(', ')}`);
  const detectedAt = new Date().toISOString();
  for (const { entry, reason } of bad) dropped.push({ hash: entry.hash, packId, offset: entry.offset, reason, detectedAt, by: 'repair' });
  for (const e of unreadable) dropped.push({ hash: e.hash, packId, offset: e.offset, reason: 'record damaged (checksum mismatch)', detectedAt, by: 'repair' });
  report.packsSalvaged.push({ ...result, dropped: bad.length + unreadable.length });
  report.chunksDropped += bad.length + unreadable.length;
}

/** Re-check every record of a pack image against its content, and its index file against the records. */
async function checkPack(image: Buffer, indexFile: Buffer | undefined): Promise<CheckedPack> {
  const scan = scanPack(image);
  const good: PackEntry[] = [];
  const bad: CheckedPack['bad'] = [];
  for (const e of scan.entries) {
    const reason = await contentProblem(image, e);
    if (reason) bad.push({ entry: e, reason });
    else good.push(e);
  }
  const decoded = indexFile && decodePackIndex(indexFile);
  const atOffset = new Map(scan.entries.map((e) => [e.offset, e]));
  const same = (a: PackEntry, b: PackEntry | undefined) =>
    b !== undefined && a.hash === b.hash && a.rawLength === b.rawLength && a.storedLength === b.storedLength && a.codec === b.codec;
  const unreadable = decoded ? decoded.entries.filter((e) => !same(e, atOffset.get(e.offset))) : [];
  const indexRight = !!decoded && decoded.packBytes === scan.validBytes && decoded.entries.length === scan.entries.length && unreadable.length === 0;
  return { scan, good, bad, unreadable, indexRight };
}

async function contentProblem(image: Buffer, e: PackEntry): Promise<string | undefined> {
  let raw: Buffer;
  try {
    raw = await decompressChunk(storedBytesOf(image, e), e.codec, e.rawLength);
  } catch (err) {
    return `chunk cannot be decompressed (${e.codec}): ${messageOf(err)}`;
  }
  return sha256Hex(raw) === e.hash ? undefined : 'chunk content does not match its hash';
}

async function removeStrayIndexes(ctx: RepairContext): Promise<number> {
  let removed = 0;
  for (const fan of await listDir(ctx.layout.packsDir)) {
    const dir = path.join(ctx.layout.packsDir, fan);
    const names = await listDir(dir).catch(() => [] as string[]);
    const packs = new Set(names.filter((n) => n.endsWith(PACK_EXT)).map((n) => n.slice(0, -PACK_EXT.length)));
    for (const n of names) {
      if (!n.endsWith(PACK_INDEX_EXT) || packs.has(n.slice(0, -PACK_INDEX_EXT.length))) continue;
      await fs.rm(path.join(dir, n), { force: true });
      removed++;
    }
    if (removed > 0) await fsyncDir(dir);
  }
  return removed;
}

/** Every committed point's blocks whose chunk is not stored intact any more. */
async function pointsThatLostData(ctx: RepairContext): Promise<RepairReport['pointsLost']> {
  const lost: RepairReport['pointsLost'] = [];
  for (const point of await ctx.points.list()) {
    const damage = new DamageLog();
    for (const disk of point.disks) {
      let blocks;
      try {
        ({ blocks } = await ctx.points.readManifest(point, disk));
      } catch (e) {
        damage.add(disk.diskKey, 0, disk.virtualSize, `manifest unreadable: ${messageOf(e)}`);
        continue;
      }
      for (const b of blocks) {
        if (ctx.index.has(b.hash)) continue;
        damage.add(disk.diskKey, b.offset, b.length, ctx.index.get(b.hash) ? 'only a damaged copy is stored' : 'chunk missing from repository');
      }
    }
    if (damage.all.length > 0) lost.push({ pointId: point.id, damaged: damage.all });
  }
  return lost;
}

