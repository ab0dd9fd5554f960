// Tidy up after a writer that crashed. Runs once, right after this process takes the write lock,
// so nothing it touches can belong to a live writer.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ChunkIndex } from './chunk-index';
import { listDir } from './fs-util';
import { writeFileAtomic } from '../util/atomic';
import type { RepoLayout } from './layout';
import { encodePackIndex } from './pack-format';
import type { PointStore } from './point-store';

export async function recoverAfterCrash(layout: RepoLayout, index: ChunkIndex, points: PointStore): Promise<void> {
  await fs.mkdir(layout.tmpDir, { recursive: true });
  for (const name of await listDir(layout.tmpDir)) {
    await fs.rm(path.join(layout.tmpDir, name), { recursive: true, force: true });
  }
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
