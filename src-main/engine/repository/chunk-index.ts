// In-memory map hash → pack location, built from pack indexes (or by rescanning packs that have none).
// This is what makes hasChunk a Map lookup.
import fs from 'node:fs/promises';
import path from 'node:path';
import { listMarks, markKey, type DamageMark } from './damage-marks';
import { errnoCode, isNotFound, listDir, readIfExists } from './fs-util';
import { PACK_EXT, PACK_INDEX_EXT, type RepoLayout } from './layout';
import { decodePackIndex, scanPack, type PackEntry } from './pack-format';
import type { ChunkHash } from './types';

export interface ChunkLocation {
  packId: string;
  entry: PackEntry;
  /** this copy is recorded in damaged/: read only when there is no other, never deduplicated against */
  damaged?: true;
}

export interface PackState {
  entries: PackEntry[];
  /** false: the pack has no valid index file (being written, or its writer crashed) */
  sealed: boolean;
  /** bytes of the intact prefix (for unsealed packs, where a crashed writer's torn tail starts) */
  validBytes: number;
  /** file size when an unsealed pack was scanned: it is rescanned only if it has grown */
  scannedBytes?: number;
  /**
   * An unsealed pack whose scan found more than a torn tail (damaged header, damage between records): it may
   * hold chunks nobody can name, so nothing deletes it (recovery or repair salvages it into quarantine/).
   */
  suspect?: true;
}

export class ChunkIndex {
  private readonly byHash = new Map<ChunkHash, ChunkLocation>();
  private readonly packs = new Map<string, PackState>();
  /** markKey(packId, offset) → hash, of every copy damaged/ records */
  private damaged = new Map<string, ChunkHash>();
  /** hashes stored in more than one place (gc and salvage copies, fresh copies of damaged chunks): usually few */
  private readonly multi = new Set<ChunkHash>();

  constructor(private readonly layout: RepoLayout) {}

  /** The best copy: an undamaged one if there is any, else the damaged one (reads report its actual problem). */
  get(hash: ChunkHash): ChunkLocation | undefined {
    return this.byHash.get(hash);
  }
  /** Stored and not known damaged: what dedupe and a new point may rely on. */
  has(hash: ChunkHash): boolean {
    const loc = this.byHash.get(hash);
    return loc !== undefined && !loc.damaged;
  }
  get chunkCount(): number {
    return this.byHash.size;
  }
  packIds(): string[] {
    return [...this.packs.keys()];
  }
  pack(packId: string): PackState | undefined {
    return this.packs.get(packId);
  }

  /**
   * Record a pack's entries. `preferThis`: point existing hashes at this pack (gc copies live chunks into
   * a new pack before deleting the old one, so the new copy must win).
   */
  setPack(packId: string, state: PackState, preferThis = false): void {
    this.packs.set(packId, state);
    for (const entry of state.entries) this.addEntry(packId, entry, preferThis);
  }

  /** One chunk appended to the pack being written. */
  addEntry(packId: string, entry: PackEntry, preferThis = false): void {
    const damaged = this.damaged.has(markKey(packId, entry.offset));
    const current = this.byHash.get(entry.hash);
    if (current && (current.packId !== packId || current.entry.offset !== entry.offset)) this.multi.add(entry.hash);
    if (!current || (preferThis && !damaged) || (current.damaged && !damaged)) {
      this.byHash.set(entry.hash, damaged ? { packId, entry, damaged } : { packId, entry });
    }
  }

  /**
   * Take the marks of damaged/ into account: a marked copy stops being the chosen one wherever another copy
   * exists (and an unmarked copy becomes eligible again). Costs nothing when the marks did not change.
   */
  setDamaged(marks: readonly DamageMark[]): void {
    const next = new Map(marks.map((m) => [markKey(m.packId, m.offset), m.hash]));
    const changed = new Set<ChunkHash>();
    for (const [key, hash] of next) if (!this.damaged.has(key)) changed.add(hash);
    for (const [key, hash] of this.damaged) if (!next.has(key)) changed.add(hash);
    this.damaged = next;
    if (changed.size === 0) return;
    for (const hash of changed) this.byHash.delete(hash);
    for (const [packId, state] of this.packs) {
      for (const e of state.entries) if (changed.has(e.hash)) this.addEntry(packId, e);
    }
  }

  async loadDamageMarks(): Promise<void> {
    this.setDamaged(await listMarks(this.layout));
  }

  /** Is this copy recorded in damaged/? */
  isMarked(packId: string, offset: number): boolean {
    return this.damaged.has(markKey(packId, offset));
  }



  /** Forget a pack; a chunk it was the chosen copy of falls back to another copy where there is one. */
  removePack(packId: string): void {
    const state = this.packs.get(packId);
    if (!state) return;
    this.packs.delete(packId);
    const fallBack = new Set<ChunkHash>();
    for (const e of state.entries) {
      if (this.byHash.get(e.hash)?.packId !== packId) continue;
      this.byHash.delete(e.hash);
      if (this.multi.has(e.hash)) fallBack.add(e.hash);
    }
    if (fallBack.size === 0) return;
    for (const [other, st] of this.packs) {
      for (const e of st.entries) if (fallBack.has(e.hash)) this.addEntry(other, e);
    }
  }

  /** Load every pack in the repository. */
  async load(): Promise<void> {
    await this.refresh();
  }

  /**
   * Bring the index up to date with the directory: new packs are loaded, vanished ones dropped, and
   * packs that were unsealed are read again (another process may have appended to or sealed them).
   * `skip` = packs this process is writing itself.
   */
  async refresh(skip: ReadonlySet<string> = new Set()): Promise<void> {
    await this.loadDamageMarks(); // a verify in another process may have found damage since
    const onDisk = await this.listPackFiles();
    for (const packId of this.packIds()) {
      if (!onDisk.has(packId) && !skip.has(packId)) this.removePack(packId);
    }
    for (const [packId, files] of onDisk) {
      if (skip.has(packId)) continue;
      const known = this.packs.get(packId);
      if (known?.sealed) continue;
      if (!files.pack) continue; // an index without its pack: leftover of an interrupted gc, nothing to read
      if (known && !files.index && (await this.sizeOf(packId)) === known.scannedBytes) continue;
      const state = await this.readPackState(packId, files.index);
      if (!state) continue; // vanished between listing and reading (gc in another process)
      if (known) this.removePack(packId);
      this.setPack(packId, state);
    }
  }

  private async readPackState(packId: string, hasIndexFile: boolean): Promise<PackState | undefined> {
    if (hasIndexFile) {
      const buf = await readIfExists(this.layout.packIndexFile(packId));
      const decoded = buf && decodePackIndex(buf);
      if (decoded) return { entries: decoded.entries, sealed: true, validBytes: decoded.packBytes };
      // A damaged index is not trusted: fall through and rebuild from the pack's self-describing records.
    }
    const image = await readIfExists(this.layout.packFile(packId));
    if (!image) return undefined;
    const scan = scanPack(image);
    const state: PackState = { entries: scan.entries, sealed: false, validBytes: scan.validBytes, scannedBytes: image.byteLength };
    if (!scan.headerOk || scan.damagedBytes > 0 || !scan.tailIsTorn) state.suspect = true;
    return state;
  }

  private async sizeOf(packId: string): Promise<number | undefined> {
    try {
      return (await fs.stat(this.layout.packFile(packId))).size;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  private async listPackFiles(): Promise<Map<string, { pack: boolean; index: boolean }>> {
    const found = new Map<string, { pack: boolean; index: boolean }>();
    for (const fan of await listDir(this.layout.packsDir)) {
      let names: string[];
      try {
        names = await fs.readdir(path.join(this.layout.packsDir, fan));
      } catch (e) {
        if (isNotFound(e) || errnoCode(e) === 'ENOTDIR') continue;
        throw e;
      }
      for (const name of names) {
        const ext = name.endsWith(PACK_EXT) ? PACK_EXT : name.endsWith(PACK_INDEX_EXT) ? PACK_INDEX_EXT : undefined;
        if (!ext) continue;
        const packId = name.slice(0, -ext.length);
        const slot = found.get(packId) ?? { pack: false, index: false };
        if (ext === PACK_EXT) slot.pack = true;
        else slot.index = true;
        found.set(packId, slot);
      }
    }
    return found;
  }
}
