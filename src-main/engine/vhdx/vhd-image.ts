// Opens one VHD file and validates footer, dynamic header and BAT before any data is read.
import { diskCorrupt } from './errors';
import type { FileSource } from './file-source';
import { rangesOverlap, type FileRange } from './vhdx-region';
import {
  parseVhdDynamicHeader,
  parseVhdFooter,
  VHD_DYNAMIC_HEADER_SIZE,
  VHD_FOOTER_SIZE,
  VHD_SECTOR,
  VHD_UNALLOCATED,
  vhdBitmapSize,
  VhdDiskType,
  type VhdDynamicHeader,
  type VhdFooter,
} from './vhd-format';

export interface VhdImage {
  source: FileSource;
  footer: VhdFooter;
  /** Absent for fixed disks. */
  dynamic?: VhdDynamicHeader;
  /** Big-endian u32 sector numbers, one per block (dynamic/differencing). */
  bat?: DataView;
  blockCount: number;
  bitmapSize: number;
}

export async function loadVhdImage(source: FileSource): Promise<VhdImage> {
  const path = source.path;
  if (source.size < VHD_FOOTER_SIZE) throw diskCorrupt(path, 'file is too small to be a VHD');
  const footer = await readFooter(source);
  if (footer.diskType === VhdDiskType.fixed) {
    if (footer.currentSize + VHD_FOOTER_SIZE > source.size) {
      throw diskCorrupt(path, `fixed VHD claims ${footer.currentSize} bytes but the file holds only ${source.size - VHD_FOOTER_SIZE} before its footer`);
    }
    return { source, footer, blockCount: 0, bitmapSize: 0 };
  }

  const headerRange = { offset: footer.dataOffset, length: VHD_DYNAMIC_HEADER_SIZE };
  const dynamic = parseVhdDynamicHeader(await source.read(headerRange.offset, headerRange.length, 'VHD dynamic header'), path);
  const blockCount = Math.ceil(footer.currentSize / dynamic.blockSize);
  if (blockCount > dynamic.maxTableEntries) {
    throw diskCorrupt(path, `VHD BAT has ${dynamic.maxTableEntries} entries but ${blockCount} blocks are needed for ${footer.currentSize} bytes`);
  }
  const batRange = { offset: dynamic.tableOffset, length: blockCount * 4 };
  const bat = await source.read(batRange.offset, batRange.length, 'VHD BAT');
  const image: VhdImage = {
    source,
    footer,
    dynamic,
    bat: new DataView(bat.buffer, bat.byteOffset, bat.length),
    blockCount,
    bitmapSize: vhdBitmapSize(dynamic.blockSize),
  };
  validateVhdBat(image, [
    { offset: 0, length: VHD_FOOTER_SIZE, name: 'footer copy' },
    { ...headerRange, name: 'dynamic header' },
    { ...batRange, name: 'BAT' },
    { offset: source.size - VHD_FOOTER_SIZE, length: VHD_FOOTER_SIZE, name: 'footer' },
  ]);
  return image;
}

/** The footer at the end; if it is damaged, dynamic disks still have the copy at offset 0. */
async function readFooter(source: FileSource): Promise<VhdFooter> {
  const end = parseVhdFooter(await source.read(source.size - VHD_FOOTER_SIZE, VHD_FOOTER_SIZE, 'VHD footer'), source.path);
  if (typeof end !== 'string') return end;
  const copy = parseVhdFooter(await source.read(0, VHD_FOOTER_SIZE, 'VHD footer copy'), source.path);
  if (typeof copy !== 'string' && copy.diskType !== VhdDiskType.fixed) return copy;
  throw diskCorrupt(source.path, `no valid VHD footer (end of file: ${end}; copy at offset 0: ${typeof copy === 'string' ? copy : 'fixed-disk copy is not used'})`);
}

function validateVhdBat(image: VhdImage, reserved: Array<FileRange & { name: string }>): void {
  const { source, bat, dynamic, footer } = image;
  if (!bat || !dynamic) return;
  for (let b = 0; b < image.blockCount; b++) {
    const sector = bat.getUint32(b * 4, false);
    if (sector === VHD_UNALLOCATED) continue;
    const used = Math.min(dynamic.blockSize, footer.currentSize - b * dynamic.blockSize);
    const range = { offset: sector * VHD_SECTOR, length: image.bitmapSize + used };
    if (range.offset + range.length > source.size) {
      throw diskCorrupt(source.path, `VHD BAT entry for block ${b}: block at ${range.offset} (length ${range.length}) lies beyond the end of the file (${source.size} bytes)`);
    }
    for (const r of reserved) {
      if (rangesOverlap(range, r)) throw diskCorrupt(source.path, `VHD BAT entry for block ${b}: block at ${range.offset} overlaps the ${r.name}`);
    }
  }
}
