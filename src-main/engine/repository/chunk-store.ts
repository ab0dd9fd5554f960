// Chunks by hash: lookup, append (through the pack appender) and verified reads.
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { ChunkIndex, ChunkLocation } from './chunk-index';
import { decompressChunk } from './codec';
import { isNotFound, messageOf } from './fs-util';
import { sha256Hex } from './hash';
import type { PackReader } from './pack-reader';
import type { ChunkHash } from './types';

/**
 * A failed read says what kind of failure it was: 'content' (the stored copy is damaged: worth recording in
 * damaged/), 'io' (the read itself failed: may be passing), 'missing' (no copy at all).
 */
export type ChunkRead =
  | { ok: true; data: Buffer; location: ChunkLocation }
  | { ok: false; reason: string; kind: 'missing' }
  | { ok: false; reason: string; kind: 'io' | 'content'; location: ChunkLocation };

export class ChunkStore {
  /** Set while this process holds the write lock: then nobody else changes packs and a miss is a real miss. */
  authoritative = false;
  /** Packs this process is appending to; a refresh must not reload them from disk. */
  ownPacks: () => ReadonlySet<string> = () => new Set();

  constructor(
    readonly index: ChunkIndex,
    private readonly reader: PackReader,
  ) {}

  has(hash: ChunkHash): boolean {
    return this.index.has(hash);
  }

  /** Location, looking at the directory again on a miss (another process may have written or repacked it). */
  async locate(hash: ChunkHash): Promise<ChunkLocation | undefined> {
    const hit = this.index.get(hash);
    if (hit || this.authoritative) return hit;
    await this.index.refresh(this.ownPacks());
    return this.index.get(hash);
  }

  /** Read, decompress and re-hash one chunk; the problem is returned, not thrown (verify collects them). */
  async tryRead(hash: ChunkHash): Promise<ChunkRead> {
    let location = await this.locate(hash);
    for (let attempt = 0; ; attempt++) {
      if (!location) return { ok: false, reason: 'chunk missing from repository', kind: 'missing' };
      let got: Awaited<ReturnType<PackReader['readStored']>>;
      try {
        got = await this.reader.readStored(location.packId, location.entry);
      } catch (e) {
        if (isNotFound(e) && attempt === 0 && !this.authoritative) {
          // The pack was repacked away by another process since we loaded the index: look again once.
          await this.reader.drop(location.packId);
          await this.index.refresh(this.ownPacks());
          location = this.index.get(hash);
          continue;
        }
        if (isNotFound(e)) return { ok: false, reason: `pack ${location.packId} missing`, kind: 'missing' };
        return { ok: false, reason: `read error: ${messageOf(e)}`, kind: 'io', location };
      }
      if ('problem' in got) return { ok: false, reason: got.problem, kind: 'content', location };
      const { entry } = location;
      let data: Buffer;
      try {
        data = await decompressChunk(got.stored, entry.codec, entry.rawLength);
      } catch (e) {
        return { ok: false, reason: `chunk cannot be decompressed (${entry.codec}): ${messageOf(e)}`, kind: 'content', location };
      }
      if (sha256Hex(data) !== hash) return { ok: false, reason: 'chunk content does not match its hash', kind: 'content', location };
      return { ok: true, data, location };
    }
  }

  /** Decompressed chunk bytes, verified against the hash; RepoCorrupt (or NotFound) otherwise. */
  async read(hash: ChunkHash): Promise<Buffer> {
    const got = await this.tryRead(hash);
    if (got.ok) return got.data;
    throw new FerryError(ErrorCode.RepoCorrupt, `Chunk ${hash}: ${got.reason}`, { hash });
  }
}
