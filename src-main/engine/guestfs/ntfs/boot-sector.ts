// The NTFS boot sector (sector 0 of the volume): geometry and where the MFT starts. BitLocker volumes carry
// "-FVE-FS-" where NTFS has "NTFS    ": they are refused as encrypted, never parsed as garbage.
import { ErrorCode, FerryError } from '../../../../src-shared/contract/errors';
import { corrupt, u64 } from './corrupt';

export interface NtfsGeometry {
  bytesPerSector: number;
  clusterSize: number;
  totalClusters: number;
  mftLcn: number;
  mftMirrorLcn: number;
  mftRecordSize: number;
  indexBlockSize: number;
  serial: string;
}

export type BootKind = 'ntfs' | 'bitlocker' | undefined;

const NTFS_OEM = 'NTFS    ';
const BITLOCKER_OEM = '-FVE-FS-';

/** What sector 0 says the volume is, without trusting anything else in it. */
export function bootKind(sector: Buffer): BootKind {
  if (sector.length < 512) return undefined;
  const oem = sector.toString('latin1', 3, 11);
  if (oem === BITLOCKER_OEM) return 'bitlocker';
  if (oem === NTFS_OEM && sector.readUInt16LE(510) === 0xaa55) return 'ntfs';
  return undefined;
}

const isPowerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

/** A record/index block size: positive = clusters, negative = 2^-n bytes. */
function sizeField(raw: number, clusterSize: number, what: string): number {
  const signed = raw > 127 ? raw - 256 : raw;
  const size = signed > 0 ? signed * clusterSize : signed < 0 && signed >= -31 ? 2 ** -signed : 0;
  if (!isPowerOfTwo(size) || size < 256 || size > 65536) throw corrupt(`boot sector: ${what} size ${size} is not supported`);
  return size;
}

export function parseBootSector(sector: Buffer): NtfsGeometry {
  const kind = bootKind(sector);
  if (kind === 'bitlocker') throw new FerryError(ErrorCode.EncryptedVolume, 'The volume is encrypted with BitLocker: its files cannot be read without the recovery key');
  if (kind !== 'ntfs') throw new FerryError(ErrorCode.FsUnsupported, 'The volume is not NTFS (no NTFS boot sector)');
  const bytesPerSector = sector.readUInt16LE(0x0b);
  if (![256, 512, 1024, 2048, 4096].includes(bytesPerSector)) throw corrupt(`boot sector: ${bytesPerSector} bytes per sector`);
  const spcRaw = sector.readUInt8(0x0d);
  const sectorsPerCluster = spcRaw > 0x80 ? 2 ** (256 - spcRaw) : spcRaw;
  if (!isPowerOfTwo(sectorsPerCluster)) throw corrupt(`boot sector: ${spcRaw} sectors per cluster`);
  const clusterSize = sectorsPerCluster * bytesPerSector;
  if (clusterSize > 2 * 1024 * 1024) throw corrupt(`boot sector: cluster size ${clusterSize}`);
  const totalSectors = u64(sector, 0x28, 'boot sector: total sectors');
  const totalClusters = Math.floor(totalSectors / sectorsPerCluster);
  const mftLcn = u64(sector, 0x30, 'boot sector: MFT cluster');
  const mftMirrorLcn = u64(sector, 0x38, 'boot sector: MFT mirror cluster');
  if (totalClusters < 2 || mftLcn >= totalClusters) throw corrupt(`boot sector: MFT at cluster ${mftLcn} of ${totalClusters}`);
  return {
    bytesPerSector,
    clusterSize,
    totalClusters,
    mftLcn,
    mftMirrorLcn,
    mftRecordSize: sizeField(sector.readUInt8(0x40), clusterSize, 'MFT record'),
    indexBlockSize: sizeField(sector.readUInt8(0x44), clusterSize, 'index block'),
    serial: sector.readBigUInt64LE(0x48).toString(16).toUpperCase().padStart(16, '0'),
  };
}
