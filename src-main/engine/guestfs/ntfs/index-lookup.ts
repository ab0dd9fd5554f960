// One name looked up by descending a directory's B+ tree: a few index blocks read instead of the whole index (a
// path in a 50,000-entry folder of a restore point costs three block reads, not megabytes). Returns undefined when
// the name is not where the collation says it must be; the caller then falls back to a full listing, so an
// unsorted (hostile or damaged) index still answers correctly.
import { type DirectoryIndex, type IndexEntry, MAX_INDEX_DEPTH, nodeSlots } from './directory-index';
import { collateNames, type Upcase } from './upcase';

export interface LookupHit {
  exact?: IndexEntry;
  /** a name equal ignoring case, when no exact one was met on the way down */
  folded?: IndexEntry;
}

export async function lookupName(index: DirectoryIndex, upcase: Upcase, name: string, usable: (e: IndexEntry) => boolean): Promise<LookupHit> {
  const hit: LookupHit = {};
  let node = index.root;
  for (let depth = 0; depth <= MAX_INDEX_DEPTH; depth++) {
    let down: number | undefined;
    for (const slot of nodeSlots(node.buf, node.nodeAt, index.dir)) {
      if (!slot.entry) {
        down = slot.subnodeVcn;
        break;
      }
      const c = collateNames(upcase, name, slot.entry.fileName.name);
      if (c.ignoringCase === 0 && usable(slot.entry)) {
        if (c.exact === 0) return { exact: slot.entry };
        hit.folded ??= slot.entry;
      }
      if (c.exact < 0) {
        down = slot.subnodeVcn;
        break;
      }
    }
    if (down === undefined) return hit;
    node = await index.readBlock(down);
  }
  return hit;
}
