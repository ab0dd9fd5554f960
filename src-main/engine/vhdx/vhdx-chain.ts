// Opens a VHDX and, for differencing files, its ancestors (reference §3.8): parent locator resolution,
// linkage against each parent's DataWriteGuid, size checks (the walk itself: parent-search.ts).
import { diskCorrupt } from './errors';
import type { FileSource } from './file-source';
import { normaliseGuid } from './guid';
import { besideChild, localAbsolute, resolveRelative } from './parent-path';
import { findParent, openChain } from './parent-search';
import { isVhdxSignature, loadVhdxImage } from './vhdx-image';
import { VhdxLayer } from './vhdx-layer';
import type { ParentLocator } from './vhdx-metadata';

/** Opens `source` (taking ownership) and every parent; returns the layers child first. */
export function openVhdxChain(source: FileSource): Promise<VhdxLayer[]> {
  return openChain(source, {
    open: async (s) => new VhdxLayer(await loadVhdxImage(s)),
    hasParent: (layer) => Boolean(layer.image.params.parentLocator),
    openParent,
    check: checkCompatible,
  });
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

async function openParent(child: VhdxLayer, seen: Set<string>): Promise<VhdxLayer> {
  const locator = child.image.params.parentLocator;
  if (!locator) throw diskCorrupt(child.path, 'not a differencing disk: it has no parent locator');
  const linkage = [locator.get('parent_linkage'), locator.get('parent_linkage2')]
    .map((g) => (g ? normaliseGuid(g) : undefined))
    .filter((g): g is string => g !== undefined);
  if (linkage.length === 0) throw diskCorrupt(child.path, `parent_linkage '${locator.get('parent_linkage')}' is not a GUID`);
  const candidates = parentCandidates(child.path, locator);
  if (candidates.length === 0) {
    throw diskCorrupt(child.path, 'parent locator has none of relative_path, volume_path, absolute_win32_path');
  }
  const image = await findParent(child.path, candidates, seen, {
    name: 'VHDX',
    isFormat: isVhdxSignature,
    load: loadVhdxImage,
    mismatch: (img) => (linkage.includes(img.current.header.dataWriteGuid) ? null : `has DataWriteGuid {${img.current.header.dataWriteGuid}}`),
    expected: `DataWriteGuid {${linkage.join('} or {')}}`,
    hint: 'the parent was modified after the child was created, or it is the wrong file',
  });
  return new VhdxLayer(image);
}

function checkCompatible(child: VhdxLayer, parent: VhdxLayer): void {
  if (child.virtualSize !== parent.virtualSize) {
    throw diskCorrupt(child.path, `virtual size ${child.virtualSize} differs from its parent ${parent.path} (${parent.virtualSize})`);
  }
  if (child.logicalSectorSize !== parent.logicalSectorSize) {
    throw diskCorrupt(child.path, `logical sector size ${child.logicalSectorSize} differs from its parent ${parent.path} (${parent.logicalSectorSize})`);
  }
}
