// Detects VHD files and opens differencing VHD chains: locators (W2ru → W2ku → others → parent name next
// to the child), linkage against the parent's footer UniqueId, loop and size checks.
import { realpath, stat } from 'node:fs/promises';
import { ascii } from './bytes';
import { diskCorrupt } from './errors';
import { FileSource } from './file-source';
import { closeAll } from './layered-reader';
import { besideChild, localAbsolute, resolveRelative } from './parent-path';
import { decodeLocatorPath, parseVhdFooter, VHD_FOOTER_SIZE, VhdDiskType, type VhdDynamicHeader } from './vhd-format';
import { loadVhdImage } from './vhd-image';
import { VhdLayer } from './vhd-layer';

const MAX_CHAIN_DEPTH = 256;
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
export async function openVhdChain(source: FileSource): Promise<VhdLayer[]> {
  const layers: VhdLayer[] = [];
  try {
    let layer = new VhdLayer(await loadVhdImage(source));
    layers.push(layer);
    const seen = new Set([await realpath(source.path)]);
    while (layer.image.footer.diskType === VhdDiskType.differencing) {
      if (layers.length > MAX_CHAIN_DEPTH) throw diskCorrupt(source.path, `differencing chain is deeper than ${MAX_CHAIN_DEPTH} files`);
      const parent = await openParent(layer, seen);
      if (parent.virtualSize !== layer.virtualSize) {
        throw diskCorrupt(layer.path, `virtual size ${layer.virtualSize} differs from its parent ${parent.path} (${parent.virtualSize})`);
      }
      layers.push(parent);
      layer = parent;
    }
    return layers;
  } catch (e) {
    if (layers.length === 0) await source.close();
    await closeAll(layers).catch(() => undefined);
    throw e;
  }
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
  const mismatches: string[] = [];
  for (const candidate of candidates) {
    if (!(await isFile(candidate))) continue;
    const real = await realpath(candidate);
    if (seen.has(real)) throw diskCorrupt(child.path, `differencing chain loops back to ${real}`);
    const source = await FileSource.open(candidate);
    let keep = false;
    try {
      if (!(await isVhdFile(source))) {
        mismatches.push(`${candidate} is not a VHD file`);
        continue;
      }
      const image = await loadVhdImage(source);
      if (image.footer.uniqueId !== header.parentUniqueId) {
        mismatches.push(`${candidate} has UniqueId ${image.footer.uniqueId}`);
        continue;
      }
      seen.add(real);
      keep = true;
      return new VhdLayer(image);
    } finally {
      if (!keep) await source.close();
    }
  }
  if (mismatches.length > 0) {
    throw diskCorrupt(child.path, `parent linkage mismatch: expected UniqueId ${header.parentUniqueId}, but ${mismatches.join('; ')}`);
  }
  throw diskCorrupt(child.path, `parent disk not found; tried ${candidates.join(', ')}`);
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}
