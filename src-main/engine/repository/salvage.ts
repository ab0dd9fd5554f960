// When a pack cannot be trusted as it is (damaged header, damage between records, chunks that fail their
// checks), nothing of it is deleted: its readable chunks are copied into a new sealed pack, and the original
// file moves to quarantine/ with a note saying why. Used by crash recovery and by repair.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ChunkIndex } from './chunk-index';
import { isNotFound } from './fs-util';
import { fsyncDir, writeFileAtomic } from '../util/atomic';
import type { RepoLayout } from './layout';
import { PackAppender } from './pack-appender';
import { RECORD_HEADER_BYTES, type PackEntry } from './pack-format';

export interface SalvageContext {
  layout: RepoLayout;
  index: ChunkIndex;
  packTargetBytes: number;
  stillHeld: () => Promise<void>;
}

export interface SalvageResult {
  packId: string;
  /** chunks copied into new packs */
  salvaged: number;
  /** where the original went */
  quarantined: string;
}

/** The stored bytes of a record inside a pack image. */
export function storedBytesOf(image: Buffer, e: PackEntry): Buffer {
  const start = e.offset + RECORD_HEADER_BYTES;
  return image.subarray(start, start + e.storedLength);
}

/**
 * Copy `keep` (records of `image`, already checked) into a new sealed pack, then move the original pack
 * (and its index file, if any) into quarantine/. A failure while copying removes the partial copy and leaves
 * the original where it was.
 */
export async function salvagePack(ctx: SalvageContext, packId: string, image: Buffer, keep: readonly PackEntry[], reason: string): Promise<SalvageResult> {
  const copier = new PackAppender(ctx.layout, ctx.index, ctx.packTargetBytes, 'copy', ctx.stillHeld);
  try {
    for (const e of keep) await copier.append(e.hash, storedBytesOf(image, e), e.codec, e.rawLength);
    await copier.seal();
  } catch (e) {
    await copier.discardCreated().catch(() => undefined);
    throw e;
  }
  await ctx.stillHeld();
  const quarantined = await quarantinePack(ctx.layout, packId, { reason, salvagedChunks: keep.length, salvagedInto: copier.createdPacks });
  // The copies were indexed first (copy mode prefers them), so this drops only what stayed behind.
  ctx.index.removePack(packId);
  return { packId, salvaged: keep.length, quarantined };
}

/** Move a pack file (and its index) out of packs/, with a note; returns the quarantined pack's path. */
export async function quarantinePack(layout: RepoLayout, packId: string, note: Record<string, unknown>): Promise<string> {
  await fs.mkdir(layout.quarantineDir, { recursive: true });
  const target = path.join(layout.quarantineDir, path.basename(layout.packFile(packId)));
  // The note first: a crash after it and before the move leaves a note without a file, never a file without why.
  await writeFileAtomic(
    path.join(layout.quarantineDir, `${packId}.json`),
    JSON.stringify({ packId, movedAt: new Date().toISOString(), ...note }, null, 1) + '\n',
    layout.tmpDir,
  );
  await fs.rename(layout.packFile(packId), target);
  try {
    await fs.rename(layout.packIndexFile(packId), path.join(layout.quarantineDir, path.basename(layout.packIndexFile(packId))));
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  await fsyncDir(layout.packFanoutDir(packId));
  await fsyncDir(layout.quarantineDir);
  return target;
}

/** Keep a copy of bytes about to be cut off a pack (a tail recovery cannot prove is only a torn write). */
export async function quarantineTail(layout: RepoLayout, packId: string, offset: number, bytes: Buffer): Promise<string> {
  await fs.mkdir(layout.quarantineDir, { recursive: true });
  const target = path.join(layout.quarantineDir, `${packId}.tail-${offset}`);
  await writeFileAtomic(target, bytes, layout.tmpDir);
  return target;
}
