// Appends chunks to the one pack this process is writing; seals it (fsync + index file) when it is full.
// Only used while holding the repository lock, so no other process appends to our packs.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import type { ChunkIndex } from './chunk-index';
import { asWriteError } from './fs-util';
import { fsyncDir, writeFileAtomic } from '../util/atomic';
import type { RepoLayout } from './layout';
import { Mutex } from './mutex';
import { encodePackIndex, encodeRecordHeader, packHeader, PACK_HEADER_BYTES, RECORD_HEADER_BYTES, type PackEntry } from './pack-format';
import type { ChunkHash, Codec } from './types';

export const DEFAULT_PACK_TARGET_BYTES = 64 * 1024 * 1024;

interface ActivePack {
  id: string;
  fh: fs.FileHandle;
  size: number;
  entries: PackEntry[];
  /** appended since the last fsync */
  dirty: boolean;
  /** the pack file's directory entry has not been fsynced yet */
  dirEntryDirty: boolean;
}

export function newPackId(): string {
  return randomBytes(16).toString('hex');
}

/**
 * 'dedupe': a chunk already in the index is not written again (backups).
 * 'copy': always written, and the index points at the new copy (gc moving live chunks out of a pack).
 */
export type AppendMode = 'dedupe' | 'copy';

export class PackAppender {
  private active: ActivePack | undefined;
  private readonly mutex = new Mutex();
  /** every pack this appender started, sealed or not (a failed backup or salvage removes exactly these) */
  private readonly created: string[] = [];

  constructor(
    private readonly layout: RepoLayout,
    private readonly index: ChunkIndex,
    private readonly targetBytes = DEFAULT_PACK_TARGET_BYTES,
    private readonly mode: AppendMode = 'dedupe',
    /** proves this process still holds the write lock; checked before a pack is started or sealed */
    private readonly stillHeld: () => Promise<void> = async () => undefined,
  ) {}

  /** Pack ids being written by this process (readers must not rescan them as if abandoned). */
  get activePackId(): string | undefined {
    return this.active?.id;
  }

  /** Bytes appended (record header + payload), or 0 when the chunk is already stored. */
  append(hash: ChunkHash, stored: Uint8Array, codec: Codec, rawLength: number): Promise<number> {
    return this.mutex.run(async () => {
      // Checked inside the mutex: two concurrent puts of the same chunk store it once.
      if (this.mode === 'dedupe' && this.index.has(hash)) return 0;
      const pack = this.active ?? (await this.openNewPack());
      const header = encodeRecordHeader(hash, stored, codec, rawLength);
      const offset = pack.size;
      try {
        await pack.fh.writev([header, stored], offset);
      } catch (e) {
        await this.abandonAfterFailedWrite(pack, offset);
        throw asWriteError(`writing chunk ${hash} to pack ${pack.id}`, e);
      }
      const entry: PackEntry = { hash, offset, rawLength, storedLength: stored.byteLength, codec };
      pack.size += RECORD_HEADER_BYTES + stored.byteLength;
      pack.entries.push(entry);
      pack.dirty = true;
      this.index.addEntry(pack.id, entry, this.mode === 'copy');
      if (pack.size >= this.targetBytes) await this.sealActive();
      return RECORD_HEADER_BYTES + stored.byteLength;
    });
  }

  /** Make every chunk appended so far durable (called before a point that may reference them commits). */
  flush(): Promise<void> {
    return this.mutex.run(async () => {
      const pack = this.active;
      if (!pack) return;
      try {
        if (pack.dirty) await pack.fh.sync();
        if (pack.dirEntryDirty) await fsyncDir(this.layout.packFanoutDir(pack.id));
      } catch (e) {
        throw asWriteError(`flushing pack ${pack.id}`, e);
      }
      pack.dirty = false;
      pack.dirEntryDirty = false;
    });
  }

  /** Seal the active pack (if any); the next append starts a new one. */
  seal(): Promise<void> {
    return this.mutex.run(() => this.sealActive());
  }

  /** Drop the open pack without sealing it: what a crash leaves behind (crash tests, failed gc). */
  async abandon(): Promise<void> {
    const pack = this.active;
    this.active = undefined;
    await pack?.fh.close().catch(() => undefined);
  }

  /** Packs this appender started. */
  get createdPacks(): readonly string[] {
    return this.created;
  }

  /**
   * Delete every pack this appender started (index file first, as gc does) and forget their chunks. Only for
   * packs nothing can reference: a failed salvage's partial copy, a failed backup's data before any commit.
   */
  discardCreated(): Promise<number> {
    return this.mutex.run(async () => {
      await this.abandon();
      let bytes = 0;
      for (const id of this.created.splice(0)) {
        this.index.removePack(id);
        for (const file of [this.layout.packIndexFile(id), this.layout.packFile(id)]) {
          bytes += await fs.stat(file).then((st) => st.size, () => 0);
          await fs.rm(file, { force: true });
        }
        await fsyncDir(this.layout.packFanoutDir(id)).catch(() => undefined);
      }
      return bytes;
    });
  }

  private async openNewPack(): Promise<ActivePack> {
    await this.stillHeld();
    const id = newPackId();
    let fh: fs.FileHandle | undefined;
    try {
      await fs.mkdir(this.layout.packFanoutDir(id), { recursive: true });
      fh = await fs.open(this.layout.packFile(id), 'wx');
      this.created.push(id);
      await fh.write(packHeader(), 0, PACK_HEADER_BYTES, 0);
    } catch (e) {
      // Not even the header fits (a full volume): leave no empty pack behind.
      if (fh) {
        await fh.close().catch(() => undefined);
        await fs.rm(this.layout.packFile(id), { force: true }).catch(() => undefined);
      }
      throw asWriteError(`creating pack ${id}`, e);
    }
    this.active = { id, fh, size: PACK_HEADER_BYTES, entries: [], dirty: true, dirEntryDirty: true };
    this.index.setPack(id, { entries: [], sealed: false, validBytes: PACK_HEADER_BYTES });
    return this.active;
  }

  private async sealActive(): Promise<void> {
    const pack = this.active;
    if (!pack) return;
    this.active = undefined;
    try {
      await this.stillHeld();
      await pack.fh.sync();
      await pack.fh.close();
      // The index is written only after the pack is durable: an index never describes bytes that may be lost.
      await writeFileAtomic(this.layout.packIndexFile(pack.id), encodePackIndex(pack.entries, pack.size), this.layout.tmpDir);
    } catch (e) {
      await pack.fh.close().catch(() => undefined);
      // The pack stays unsealed on disk; its chunks stay in the index and are rescanned at the next open.
      throw asWriteError(`sealing pack ${pack.id}`, e);
    }
    this.index.setPack(pack.id, { entries: pack.entries, sealed: true, validBytes: pack.size });
  }

  private async abandonAfterFailedWrite(pack: ActivePack, goodSize: number): Promise<void> {
    // Cut the partial record so the pack stays a clean prefix, then seal what was good.
    try {
      await pack.fh.truncate(goodSize);
      await this.sealActive();
    } catch {
      // Even if this fails the torn record is ignored on rescan (CRC); just stop using this pack.
      await this.abandon();
    }
  }
}
