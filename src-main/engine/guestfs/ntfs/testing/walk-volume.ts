// Walks a whole volume through the reader, bounded (entries, depth, bytes per file): what a browser, a search and
// a restore do. The fuzz tests run it on mutated images and accept only stable FerryError codes.
import type { GuestFileSystem } from '../../types';

export interface WalkLimits {
  maxEntries: number;
  maxDepth: number;
  bytesPerFile: number;
}

export async function walkVolume(fsys: GuestFileSystem, limits: WalkLimits, onError: (path: string, e: unknown) => void): Promise<number> {
  let seen = 0;
  const visited = new Set<string>();
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await fsys.list(dir);
    } catch (e) {
      return onError(dir, e);
    }
    for (const e of entries) {
      if (++seen > limits.maxEntries) return;
      const p = dir ? `${dir}/${e.name}` : e.name;
      try {
        await fsys.stat(p);
        if (e.kind === 'file') {
          const f = await fsys.open(p);
          await f.read(0, Math.min(f.size, limits.bytesPerFile));
          if (f.size > limits.bytesPerFile) await f.read(f.size - 1, 1);
        }
      } catch (err) {
        onError(p, err);
      }
      if (e.kind === 'directory' && depth < limits.maxDepth && !visited.has(e.id ?? p)) {
        visited.add(e.id ?? p);
        await walk(p, depth + 1);
      }
    }
  };
  await walk('', 0);
  return seen;
}
