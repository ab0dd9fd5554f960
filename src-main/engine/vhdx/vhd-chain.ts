// Detects VHD files and opens differencing VHD chains: locators (W2ru → W2ku → others → parent name next
// to the child), linkage against the parent's footer UniqueId, size checks (the walk itself: parent-search.ts).
import { ascii } from './bytes';
import { diskCorrupt } from './errors';
import type { FileSource } from './file-source';
import { besideChild, localAbsolute, resolveRelative } from './parent-path';
import { findParent, openChain } from './parent-search';
import { decodeLocatorPath, parseVhdFooter, VHD_FOOTER_SIZE, VhdDiskType, type VhdDynamicHeader } from './vhd-format';
import { loadVhdImage } from './vhd-image';
import { VhdLayer } from './vhd-layer';

/** Locator data is a path; anything longer than this is not one. */
const MAX_LOCATOR_LENGTH = 64 * 1024;

/** A 'conectix' footer at the end, or (for a dynamic disk with a damaged footer) its copy at offset 0. */
export async function isVhdFile(source: FileSource): Promise<boolean> {
  if (source.size < VHD_FOOTER_SIZE) return false;
  const footer = await source.read(source.size - VHD_FOOTER_SIZE, VHD_FOOTER_SIZE, 'VHD footer');
  if (ascii(footer, 0, 8) === 'conectix') return true;
  // Only a valid dynamic/differencing footer copy counts, so a raw image starting with 'conectix' stays raw.
  try {
    const copy = parseVhdFooter(await source.read(0, VHD_FOOTER_SIZE, 'VHD footer copy'), source.path);
    return typeof copy !== 'string' && copy.diskType !== VhdDiskType.fixed;
  } catch {
    return false;
  }
}

/** Opens `source` (taking ownership) and every parent; returns the layers child first. */
export function openVhdChain(source: FileSource): Promise<VhdLayer[]> {
  return openChain(source, {
    open: async (s) => new VhdLayer(await loadVhdImage(s)),
    hasParent: (layer) => layer.image.footer.diskType === VhdDiskType.differencing,
    openParent,
    check: (child, parent) => {
      if (parent.virtualSize !== child.virtualSize) {
        throw diskCorrupt(child.path, `virtual size ${child.virtualSize} differs from its parent ${parent.path} (${parent.virtualSize})`);
      }
    },
  });
}

const LOCATOR_ORDER = ['W2ru', 'W2ku', 'Wi2r', 'Wi2k', 'MacX'];

async function parentCandidates(child: VhdLayer, header: VhdDynamicHeader): Promise<string[]> {
  const out: string[] = [];
  const locators = [...header.locators].sort((a, b) => rank(a.platformCode) - rank(b.platformCode));
  for (const loc of locators) {
    if (loc.dataLength === 0 || loc.dataLength > MAX_LOCATOR_LENGTH) continue;
    const data = await child.image.source.read(loc.dataOffset, loc.dataLength, `VHD parent locator ${loc.platformCode}`);
    const text = decodeLocatorPath(loc.platformCode, data);
    if (!text) continue;
    const relative = loc.platformCode.endsWith('r');
    if (relative) {
      out.push(resolveRelative(child.path, text));
    } else {
      const local = localAbsolute(text) ?? (loc.platformCode === 'MacX' ? text : undefined);
      if (local) out.push(local);
      out.push(besideChild(child.path, text));
    }
  }
  if (header.parentName) out.push(besideChild(child.path, header.parentName));
  return [...new Set(out)];
}

function rank(code: string): number {
  const i = LOCATOR_ORDER.indexOf(code);
  return i < 0 ? LOCATOR_ORDER.length : i;
}

async function openParent(child: VhdLayer, seen: Set<string>): Promise<VhdLayer> {
  const header = child.image.dynamic;
  if (!header) throw diskCorrupt(child.path, 'differencing VHD without a dynamic header');
  const candidates = await parentCandidates(child, header);
  if (candidates.length === 0) throw diskCorrupt(child.path, 'differencing VHD has no parent locator and no parent name');
  const image = await findParent(child.path, candidates, seen, {
    name: 'VHD',
    isFormat: isVhdFile,
    load: loadVhdImage,
    mismatch: (img) => (img.footer.uniqueId === header.parentUniqueId ? null : `has UniqueId ${img.footer.uniqueId}`),
    expected: `UniqueId ${header.parentUniqueId}`,
  });
  return new VhdLayer(image);
}
