// Tidy up after a writer that crashed. Runs once, right after this process takes the write lock, so no
// pack, manifest or point it touches can belong to a live writer; tmp/ is shared with processes that do not
// hold the lock (yet), so only temp files of dead owners go.
import fs from 'node:fs/promises';
import type { ChunkIndex } from './chunk-index';
import { writeFileAtomic } from './fs-util';
import type { RepoLayout } from './layout';
import { encodePackIndex } from './pack-format';
import type { PointStore } from './point-store';
import { removeAbandonedTempFiles } from './temp-files';

export async function recoverAfterCrash(layout: RepoLayout, index: ChunkIndex, points: PointStore): Promise<void> {
  await removeAbandonedTempFiles(layout);
  await index.refresh();
  for (const packId of index.packIds()) {
    const state = index.pack(packId);
    if (!state || state.sealed) continue;
    // A pack whose writer died: cut the torn tail, make it durable, and give it its index.
    const fh = await fs.open(layout.packFile(packId), 'r+');
    try {
      await fh.truncate(state.validBytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await writeFileAtomic(layout.packIndexFile(packId), encodePackIndex(state.entries, state.validBytes), layout.tmpDir);
    index.setPack(packId, { ...state, sealed: true });
  }
  // Manifests of points that never committed (or were being forgotten) are unreachable.
  for (const id of await points.orphanManifestDirs()) await points.deleteManifests(id);
}
