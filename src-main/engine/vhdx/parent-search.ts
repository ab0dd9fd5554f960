// The differencing-chain walk both formats share: open the child, then parent after parent (depth and loop
// checks), and for each parent try the locator's candidate paths in order until one is the right file — the
// right format and the identity the child links to (VHDX DataWriteGuid, VHD UniqueId). The formats differ only
// in where the candidates come from and what identity means (vhdx-chain.ts, vhd-chain.ts).
import { realpath, stat } from 'node:fs/promises';
import { diskCorrupt } from './errors';
import { FileSource } from './file-source';
import { closeAll } from './layered-reader';

/** Hyper-V allows 50 checkpoints; anything far beyond that is treated as a damaged chain. */
const MAX_CHAIN_DEPTH = 256;

interface ChainLayer {
  readonly path: string;
  close(): Promise<void>;
}

/** How a format walks its chain: the first layer, whether a layer has a parent, the parent, and whether it fits. */
export interface ChainSteps<L extends ChainLayer> {
  open(source: FileSource): Promise<L>;
  hasParent(layer: L): boolean;
  openParent(child: L, seen: Set<string>): Promise<L>;
  /** throws when the parent does not fit its child (size, sector size) */
  check(child: L, parent: L): void;
}

/** Opens `source` (taking ownership) and every parent; returns the layers child first. On failure closes them all. */
export async function openChain<L extends ChainLayer>(source: FileSource, steps: ChainSteps<L>): Promise<L[]> {
  const layers: L[] = [];
  try {
    let layer = await steps.open(source);
    layers.push(layer);
    const seen = new Set([await realpath(source.path)]);
    while (steps.hasParent(layer)) {
      if (layers.length > MAX_CHAIN_DEPTH) throw diskCorrupt(source.path, `differencing chain is deeper than ${MAX_CHAIN_DEPTH} files`);
      const parent = await steps.openParent(layer, seen);
      layers.push(parent);
      steps.check(layer, parent);
      layer = parent;
    }
    return layers;
  } catch (e) {
    if (layers.length === 0) await source.close();
    await closeAll(layers).catch(() => undefined);
    throw e;
  }
}

export interface ParentFormat<I> {
  /** 'VHDX', 'VHD': for "… is not a VHDX file" */
  name: string;
  isFormat(source: FileSource): Promise<boolean>;
  load(source: FileSource): Promise<I>;
  /** null when the image is the parent the child links to, else what it is instead ("has UniqueId …") */
  mismatch(image: I): string | null;
  /** what the child links to, for the error ("DataWriteGuid {…}") */
  expected: string;
  /** said after a linkage mismatch */
  hint?: string;
}

/** The first candidate that is the child's parent (its source stays open, owned by the image); marks it seen. */
export async function findParent<I>(childPath: string, candidates: string[], seen: Set<string>, format: ParentFormat<I>): Promise<I> {
  const mismatches: string[] = [];
  for (const candidate of candidates) {
    if (!(await isFile(candidate))) continue;
    const real = await realpath(candidate);
    if (seen.has(real)) throw diskCorrupt(childPath, `differencing chain loops back to ${real}`);
    const source = await FileSource.open(candidate);
    let keep = false;
    try {
      if (!(await format.isFormat(source))) {
        mismatches.push(`${candidate} is not a ${format.name} file`);
        continue;
      }
      const image = await format.load(source);
      const other = format.mismatch(image);
      if (other !== null) {
        mismatches.push(`${candidate} ${other}`);
        continue;
      }
      seen.add(real);
      keep = true;
      return image;
    } finally {
      if (!keep) await source.close();
    }
  }
  if (mismatches.length > 0) {
    throw diskCorrupt(childPath, `parent linkage mismatch: expected ${format.expected}, but ${mismatches.join('; ')}${format.hint ? ` (${format.hint})` : ''}`);
  }
  throw diskCorrupt(childPath, `parent disk not found; tried ${candidates.join(', ')}`);
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}
