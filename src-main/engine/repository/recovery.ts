// Tidy up after a writer that crashed. Runs once, right after this process takes the write lock, so no
// pack, manifest or point it touches can belong to a live writer; tmp/ is shared with processes that do not
// hold the lock (yet), so only temp files of dead owners go.
//
// Recovery never deletes data it cannot prove is garbage. An unsealed pack (its writer died before writing
// its index) is sealed in place only when everything after its last intact record is what an interrupted
// append leaves; a tail it cannot explain is copied to quarantine/ first. A pack with a damaged header or
// damage between records is salvaged: its intact chunks go to a new pack, the original to quarantine/.
// On a full volume a pack that cannot be sealed or salvaged is left as it is (still readable by rescanning).
import fs from 'node:fs/promises';
import { isOutOfSpace, readIfExists } from './fs-util';
import { writeFileAtomic } from '../util/atomic';
import { encodePackIndex, scanPack, type PackScan } from './pack-format';
import type { PointStore } from './point-store';
import { quarantineTail, salvagePack, type SalvageContext } from './salvage';
import { removeAbandonedTempFiles } from './temp-files';

export interface RecoveryContext extends SalvageContext {
  points: PointStore;
}

export interface RecoveryReport {
  packsSealed: number;
  /** packs whose readable chunks were copied out and which were moved to quarantine/ */
  packsSalvaged: string[];
  /** tails (bytes after the last intact record) kept in quarantine/ before they were cut */
  tailsQuarantined: string[];
  /** packs left unsealed because the volume is full (retried by the next writer) */
  packsLeft: string[];
}

export async function recoverAfterCrash(ctx: RecoveryContext): Promise<RecoveryReport> {
  const report: RecoveryReport = { packsSealed: 0, packsSalvaged: [], tailsQuarantined: [], packsLeft: [] };
  await removeAbandonedTempFiles(ctx.layout);
  await ctx.index.refresh();
  for (const packId of ctx.index.packIds()) {
    const state = ctx.index.pack(packId);
    if (!state || state.sealed) continue;
    try {
      await recoverPack(ctx, packId, report);
    } catch (e) {
      if (!isOutOfSpace(e)) throw e;
      report.packsLeft.push(packId);
    }
  }
  // Manifests of points that never committed (or were being forgotten) are unreachable.
  for (const id of await ctx.points.orphanManifestDirs()) await ctx.points.deleteManifests(id);
  return report;
}

async function recoverPack(ctx: RecoveryContext, packId: string, report: RecoveryReport): Promise<void> {
  const { layout, index } = ctx;
  const image = await readIfExists(layout.packFile(packId));
  if (!image) {
    index.removePack(packId);
    return;
  }
  const scan = scanPack(image);
  if (scan.headerOk && scan.damagedBytes === 0) {
    if (!scan.tailIsTorn) report.tailsQuarantined.push(await quarantineTail(layout, packId, scan.validBytes, image.subarray(scan.validBytes)));
    await sealInPlace(ctx, packId, scan);
    report.packsSealed++;
    return;
  }
  if (scan.entries.length === 0 && image.every((b) => b === 0)) {
    // Created, then the crash came before its header was durable: provably nothing in it.
    await fs.rm(layout.packFile(packId), { force: true });
    index.removePack(packId);
    return;
  }
  const why = scan.headerOk ? `${scan.damagedBytes} damaged byte(s) between records` : 'damaged pack header';
  // A copy recorded as damaged (its CRCs can hold while its content fails) must not move where nothing marks it.
  const keep = scan.entries.filter((e) => !index.isMarked(packId, e.offset));
  const result = await salvagePack(ctx, packId, image, keep, `crash recovery found an unsealed pack with ${why}`);
  report.packsSalvaged.push(result.packId);
}

/** Cut the torn tail, make the pack durable, and give it its index. */
async function sealInPlace(ctx: RecoveryContext, packId: string, scan: PackScan): Promise<void> {
  const { layout, index } = ctx;
  await ctx.stillHeld();
  const fh = await fs.open(layout.packFile(packId), 'r+');
  try {
    await fh.truncate(scan.validBytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await writeFileAtomic(layout.packIndexFile(packId), encodePackIndex(scan.entries, scan.validBytes), layout.tmpDir);
  index.removePack(packId);
  index.setPack(packId, { entries: scan.entries, sealed: true, validBytes: scan.validBytes });
}
