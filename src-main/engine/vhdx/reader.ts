// Entry point of the read side: detect the format of a disk file and open it (with its parents).
import { extname } from 'node:path';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { DiskReader } from './disk-reader';
import { FileSource } from './file-source';
import { LayeredDiskReader } from './layered-reader';
import { RawLayer } from './raw-layer';
import { openVhdxChain } from './vhdx-chain';
import { isVhdxSignature } from './vhdx-image';
import { isVhdFile, openVhdChain } from './vhd-chain';

export type { DiskExtent, DiskReader } from './disk-reader';

/** Names that promise a virtual disk format: such a file is never read as a raw image. */
const VIRTUAL_DISK_EXTENSIONS = new Set(['.vhdx', '.avhdx', '.vhd', '.avhd']);

/**
 * 'vhdxfile' at 0 → VHDX; a 'conectix' footer → VHD; anything else is a raw image — unless the name says
 * VHDX/VHD: then it is E_DISK_FORMAT (an empty or text file named .vhdx backed up as a "raw" disk would be a
 * restore point of nothing that looks like a success).
 */
export async function openDisk(path: string): Promise<DiskReader> {
  const source = await FileSource.open(path);
  let owned = true;
  try {
    if (await isVhdxSignature(source)) {
      owned = false; // the chain opener owns it from here, success or failure
      return new LayeredDiskReader(await openVhdxChain(source));
    }
    if (await isVhdFile(source)) {
      owned = false;
      return new LayeredDiskReader(await openVhdChain(source));
    }
    const ext = extname(path).toLowerCase();
    if (VIRTUAL_DISK_EXTENSIONS.has(ext)) {
      throw new FerryError(
        ErrorCode.DiskFormat,
        `${path}: not a ${ext.includes('vhdx') ? 'VHDX' : 'VHD'} file (${source.size} bytes, neither a 'vhdxfile' signature nor a VHD footer); rename it if it is a raw image`,
        { path, size: source.size },
      );
    }
    owned = false;
    return new LayeredDiskReader([new RawLayer(source)]);
  } catch (e) {
    if (owned) await source.close();
    throw e;
  }
}
