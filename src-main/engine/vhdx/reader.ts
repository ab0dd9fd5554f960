// Entry point of the read side: detect the format of a disk file and open it (with its parents).
import type { DiskReader } from './disk-reader';
import { FileSource } from './file-source';
import { LayeredDiskReader } from './layered-reader';
import { RawLayer } from './raw-layer';
import { openVhdxChain } from './vhdx-chain';
import { isVhdxSignature } from './vhdx-image';
import { isVhdFile, openVhdChain } from './vhd-chain';

export type { DiskExtent, DiskReader } from './disk-reader';

/** 'vhdxfile' at 0 → VHDX; a 'conectix' footer → VHD; anything else is a raw image. */
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
    owned = false;
    return new LayeredDiskReader([new RawLayer(source)]);
  } catch (e) {
    if (owned) await source.close();
    throw e;
  }
}
