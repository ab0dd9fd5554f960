// When a damage mark (damaged/) has done its job: the copy it names is gone from packs/ (quarantined by repair,
// deleted by gc) and the chunk is stored intact again or no longer needed by any point. Or the copy it names
// reads back sound after all (repair checked it).
import type { ChunkIndex } from './chunk-index';
import { listMarks, markKey, removeMark } from './damage-marks';
import type { RepoLayout } from './layout';
import type { ChunkHash } from './types';

export interface PruneOptions {
  /** markKey(packId, offset) of copies just checked and found sound */
  sound?: ReadonlySet<string>;
  /** whether any point still needs the chunk (gc knows; undefined: assume it does) */
  needed?: (hash: ChunkHash) => boolean;
}

export async function pruneDamageMarks(layout: RepoLayout, index: ChunkIndex, opts: PruneOptions = {}): Promise<number> {
  let removed = 0;
  for (const m of await listMarks(layout)) {
    const sound = opts.sound?.has(markKey(m.packId, m.offset)) ?? false;
    const gone = index.pack(m.packId) === undefined;
    const settled = index.has(m.hash) || (opts.needed !== undefined && !opts.needed(m.hash));
    if (sound || (gone && settled)) {
      await removeMark(layout, m);
      removed++;
    }
  }
  if (removed > 0) await index.loadDamageMarks();
  return removed;
}
