// Opens a VHDX and, for differencing files, its ancestors (reference §3.8): parent locator resolution,
// linkage against each parent's DataWriteGuid, loop and size checks.
import { realpath, stat } from 'node:fs/promises';
import { diskCorrupt } from './errors';
import { FileSource } from './file-source';
import { normaliseGuid } from './guid';
import { closeAll } from './layered-reader';
import { besideChild, localAbsolute, resolveRelative } from './parent-path';
import { isVhdxSignature, loadVhdxImage } from './vhdx-image';
import { VhdxLayer } from './vhdx-layer';
import type { ParentLocator } from './vhdx-metadata';

/** Hyper-V allows 50 checkpoints; anything far beyond that is treated as a damaged chain. */
const MAX_CHAIN_DEPTH = 256;

/** Opens `source` (taking ownership) and every parent; returns the layers child first. */
export async function openVhdxChain(source: FileSource): Promise<VhdxLayer[]> {
  const layers: VhdxLayer[] = [];
  try {
    let layer = new VhdxLayer(await loadVhdxImage(source));
    layers.push(layer);
    const seen = new Set([await realpath(source.path)]);
    while (layer.image.params.parentLocator) {
      if (layers.length > MAX_CHAIN_DEPTH) throw diskCorrupt(source.path, `differencing chain is deeper than ${MAX_CHAIN_DEPTH} files`);
      const parent = await openParent(layer, layer.image.params.parentLocator, seen);
      layers.push(parent);
      checkCompatible(layer, parent);
      layer = parent;
    }
    return layers;
  } catch (e) {
    if (layers.length === 0) await source.close();
    await closeAll(layers).catch(() => undefined);
    throw e;
  }
}

function parentCandidates(childPath: string, locator: ParentLocator): string[] {
  const out: string[] = [];
  const relative = locator.get('relative_path');
  const volume = locator.get('volume_path');
  const absolute = locator.get('absolute_win32_path');
  if (relative) out.push(resolveRelative(childPath, relative));
  for (const p of [volume, absolute]) {
    if (!p) continue;
    const local = localAbsolute(p);
    if (local) out.push(local);
    out.push(besideChild(childPath, p));
  }
  return [...new Set(out)];
}

async function openParent(child: VhdxLayer, locator: ParentLocator, seen: Set<string>): Promise<VhdxLayer> {
  const linkage = [locator.get('parent_linkage'), locator.get('parent_linkage2')]
    .map((g) => (g ? normaliseGuid(g) : undefined))
    .filter((g): g is string => g !== undefined);
  if (linkage.length === 0) throw diskCorrupt(child.path, `parent_linkage '${locator.get('parent_linkage')}' is not a GUID`);
  const candidates = parentCandidates(child.path, locator);
  if (candidates.length === 0) {
    throw diskCorrupt(child.path, 'parent locator has none of relative_path, volume_path, absolute_win32_path');
  }
  const mismatches: string[] = [];
  for (const candidate of candidates) {
    if (!(await isFile(candidate))) continue;
    const real = await realpath(candidate);
    if (seen.has(real)) throw diskCorrupt(child.path, `differencing chain loops back to ${real}`);
    const source = await FileSource.open(candidate);
    let keep = false;
    try {
      if (!(await isVhdxSignature(source))) {
        mismatches.push(`${candidate} is not a VHDX file`);
        continue;
      }
      const image = await loadVhdxImage(source);
      const identity = image.current.header.dataWriteGuid;
      if (!linkage.includes(identity)) {
        mismatches.push(`${candidate} has DataWriteGuid {${identity}}`);
        continue;
      }
      seen.add(real);
      keep = true;
      return new VhdxLayer(image);
    } finally {
      if (!keep) await source.close();
    }
  }
  if (mismatches.length > 0) {
    throw diskCorrupt(
      child.path,
      `parent linkage mismatch: expected DataWriteGuid {${linkage.join('} or {')}}, but ${mismatches.join('; ')} (the parent was modified after the child was created, or it is the wrong file)`,
    );
  }
  throw diskCorrupt(child.path, `parent disk not found; tried ${candidates.join(', ')}`);
}

function checkCompatible(child: VhdxLayer, parent: VhdxLayer): void {
  if (child.virtualSize !== parent.virtualSize) {
    throw diskCorrupt(child.path, `virtual size ${child.virtualSize} differs from its parent ${parent.path} (${parent.virtualSize})`);
  }
  if (child.logicalSectorSize !== parent.logicalSectorSize) {
    throw diskCorrupt(child.path, `logical sector size ${child.logicalSectorSize} differs from its parent ${parent.path} (${parent.logicalSectorSize})`);
  }
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}
