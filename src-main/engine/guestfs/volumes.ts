// What a disk holds: its partitions, each named by the file system found in it (NTFS, FAT, ext4, BitLocker or
// unknown), and opened as a GuestFileSystem where Ferry can read it. Drive letters are told the way Windows assigns
// them to a system disk: the NTFS volume holding \Windows is C:, further NTFS/FAT data volumes follow in table order.
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import { sliceSource } from './block-source';
import { openExt4 } from './ext4/ext4';
import { openFat } from './fat/fat';
import { openNtfs } from './ntfs';
import { readPartitionTable, type Partition, type PartitionScheme } from './partitions';
import type { BlockSource, GuestFileSystem } from './types';

export type VolumeFormat = 'ntfs' | 'fat' | 'ext4' | 'bitlocker' | 'exfat' | 'swap' | 'lvm' | 'unknown';

export interface GuestVolume {
  /** 'p1', 'p2'… in table order; 'p0' for a disk without a partition table */
  key: string;
  partition: Partition | null;
  format: VolumeFormat;
  label?: string;
  letter?: string;
  /** a volume Ferry can list: its file system is read by one of the readers */
  readable: boolean;
  /** why it cannot be read, for people (encrypted, unknown, unsupported) */
  note?: string;
  source: BlockSource;
}

export interface DiskVolumes {
  scheme: PartitionScheme;
  volumes: GuestVolume[];
}

type FsOpener = (source: BlockSource) => Promise<GuestFileSystem>;
const openers: Partial<Record<VolumeFormat, FsOpener>> = { ntfs: openNtfs, fat: openFat, ext4: openExt4 };

/** Names the file system at the start of a volume by its signature. */
export async function detectFormat(source: BlockSource): Promise<VolumeFormat> {
  if (source.size < 4096) return 'unknown';
  const head = await source.read(0, 4096);
  const oem = head.toString('latin1', 3, 11);
  if (oem === '-FVE-FS-') return 'bitlocker';
  if (oem === 'NTFS    ') return 'ntfs';
  if (oem === 'EXFAT   ') return 'exfat';
  if (head.toString('latin1', 512, 520) === 'LABEL ON' && head.toString('latin1', 536, 544) === 'LVM2 001') return 'lvm';
  if (head.toString('latin1', 4086, 4096) === 'SWAPSPACE2') return 'swap';
  if (head.readUInt16LE(510) === 0xaa55 && (head.toString('latin1', 82, 87) === 'FAT32' || head.toString('latin1', 54, 57) === 'FAT')) return 'fat';
  if (head.readUInt16LE(1024 + 56) === 0xef53) return 'ext4';
  return 'unknown';
}

const NOTES: Partial<Record<VolumeFormat, string>> = {
  bitlocker: 'BitLocker-encrypted volume: its files cannot be read without the recovery key',
  exfat: 'exFAT is not supported',
  swap: 'Linux swap space (no files)',
  lvm: 'LVM physical volume: logical volumes are not supported',
  unknown: 'Unknown or unformatted volume',
};

export async function readDiskVolumes(disk: BlockSource): Promise<DiskVolumes> {
  const table = await readPartitionTable(disk);
  const parts: Array<{ key: string; partition: Partition | null; source: BlockSource }> =
    table.scheme === 'none'
      ? [{ key: 'p0', partition: null, source: disk }]
      : table.partitions.map((p) => ({ key: `p${p.index}`, partition: p, source: sliceSource(disk, p.start, p.size) }));
  const volumes: GuestVolume[] = [];
  for (const p of parts) {
    const format = await detectFormat(p.source);
    const readable = openers[format] !== undefined;
    volumes.push({ ...p, format, readable, ...(readable ? {} : { note: NOTES[format] ?? `${format.toUpperCase()} reader not available` }) });
  }
  await nameVolumes(volumes);
  return { scheme: table.scheme, volumes };
}

/** Labels from the file systems, and drive letters: C: for the volume with \Windows, then D:, E:… */
async function nameVolumes(volumes: GuestVolume[]): Promise<void> {
  let system: GuestVolume | undefined;
  for (const v of volumes) {
    if (!v.readable) continue;
    try {
      const fs = await openVolume(v);
      if (fs.label) v.label = fs.label;
      if (!system && v.format === 'ntfs' && (await fs.list('')).some((e) => e.kind === 'directory' && e.name.toLowerCase() === 'windows')) system = v;
    } catch (e) {
      v.readable = false;
      v.note = `Cannot read the ${v.format.toUpperCase()} file system: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  if (!system) return;
  system.letter = 'C';
  let next = 'D'.charCodeAt(0);
  for (const v of volumes) {
    const isDataVolume = v.partition?.typeName === 'Microsoft basic data' || v.partition?.typeName === 'NTFS/exFAT';
    if (v !== system && v.readable && isDataVolume && next <= 'Z'.charCodeAt(0)) v.letter = String.fromCharCode(next++);
  }
}

const opened = new WeakMap<BlockSource, Promise<GuestFileSystem>>();

/** The volume's file system (opened once per source); E_ENCRYPTED_VOLUME / E_FS_UNSUPPORTED where Ferry cannot. */
export function openVolume(v: GuestVolume): Promise<GuestFileSystem> {
  if (v.format === 'bitlocker') return Promise.reject(new FerryError(ErrorCode.EncryptedVolume, `Volume ${v.key} is BitLocker-encrypted: its files cannot be read`));
  const opener = openers[v.format];
  if (!opener) return Promise.reject(new FerryError(ErrorCode.FsUnsupported, `Volume ${v.key}: ${v.note ?? NOTES[v.format] ?? v.format}`));
  let fs = opened.get(v.source);
  if (!fs) {
    fs = opener(v.source);
    opened.set(v.source, fs);
  }
  return fs;
}

/** A volume by the name a user types: drive letter ('C', 'C:'), 'p2', or its label (case-insensitive). */
export function findVolume(volumes: GuestVolume[], name: string): GuestVolume {
  const n = name.replace(/:$/, '').toLowerCase();
  const hit =
    volumes.find((v) => v.letter?.toLowerCase() === n) ?? volumes.find((v) => v.key === n) ?? volumes.find((v) => v.label?.toLowerCase() === n);
  if (!hit) {
    const known = volumes.map((v) => [v.letter && `${v.letter}:`, v.key, v.label].filter(Boolean).join(' ')).join('; ');
    throw new FerryError(ErrorCode.GuestPathNotFound, `No volume '${name}' on this disk (volumes: ${known || 'none'})`);
  }
  return hit;
}
