// The read-only NTFS reader: openNtfs() turns a BlockSource (a partition of a restore point's disk, an image file)
// into a GuestFileSystem; probeNtfs() tells NTFS and BitLocker volumes apart from anything else by sector 0.
import type { BlockSource, GuestFileSystem } from '../types';
import { AttrType } from './attribute';
import { type BootKind, bootKind, parseBootSector } from './boot-sector';
import { corrupt } from './corrupt';
import { attributesOf, loadFile } from './file-record';
import { Mft } from './mft';
import { NtfsFileSystem, ROOT_RECORD } from './ntfs-file-system';
import { readVolume, type Volume } from './volume';

export { NtfsFileSystem, type NtfsVolumeInfo } from './ntfs-file-system';

const VOLUME_RECORD = 3;

/** 'ntfs', 'bitlocker' (an encrypted volume: openNtfs refuses it with E_ENCRYPTED_VOLUME), or undefined. */
export async function probeNtfs(source: BlockSource): Promise<BootKind> {
  if (source.size < 512) return undefined;
  return bootKind(await source.read(0, 512));
}

async function volumeFacts(mft: Mft): Promise<{ label?: string; version?: string }> {
  const file = await loadFile(mft, VOLUME_RECORD);
  const name = attributesOf(file, AttrType.VolumeName)[0];
  const info = attributesOf(file, AttrType.VolumeInformation)[0];
  const label = name?.resident && name.value.length > 0 ? name.value.toString('utf16le') : undefined;
  const version = info?.resident && info.value.length >= 10 ? `${info.value[8]}.${info.value[9]}` : undefined;
  return { label, version };
}

/**
 * Opens an NTFS volume read-only. Refuses BitLocker (E_ENCRYPTED_VOLUME), non-NTFS (E_FS_UNSUPPORTED) and corrupt
 * volumes (E_FS_CORRUPT) before returning; later reads of corrupt structures fail with E_FS_CORRUPT too.
 */
export async function openNtfs(source: BlockSource): Promise<NtfsFileSystem & GuestFileSystem> {
  if (source.size < 512) throw corrupt(`volume of ${source.size} bytes is too small`);
  const geometry = parseBootSector(await source.read(0, 512));
  const volume: Volume = { source, geometry };
  await readVolume(volume, geometry.mftLcn * geometry.clusterSize, geometry.mftRecordSize, '$MFT');
  const mft = await Mft.open(volume);
  const root = await loadFile(mft, ROOT_RECORD);
  if (!root.isDirectory) throw corrupt('record 5 (the root directory) is not a directory');
  const { label, version } = await volumeFacts(mft);
  return new NtfsFileSystem(mft, label, {
    serial: geometry.serial,
    clusterSize: geometry.clusterSize,
    bytesPerSector: geometry.bytesPerSector,
    mftRecordSize: geometry.mftRecordSize,
    version,
  });
}
