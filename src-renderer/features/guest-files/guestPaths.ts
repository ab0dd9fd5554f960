// How the guest-file browser names volumes and paths for people. Pure: unit-tested directly.
import type { GuestDiskView, GuestVolumeView } from '../../../src-shared/contract/files';

export interface VolumeChoice {
  /** "diskIndex:key" */
  id: string;
  diskIndex: number;
  volume: GuestVolumeView;
  label: string;
}

const FORMAT: Record<GuestVolumeView['format'], string> = {
  ntfs: 'NTFS', fat: 'FAT', ext4: 'ext4', bitlocker: 'BitLocker', exfat: 'exFAT', swap: 'swap', lvm: 'LVM', unknown: 'unknown',
};

export function volumeLabel(v: GuestVolumeView, diskIndex: number, diskCount: number): string {
  const name = [v.letter ? `${v.letter}:` : null, v.label ?? null].filter(Boolean).join(' ') || v.partitionType || v.key;
  const disk = diskCount > 1 ? `disk ${diskIndex}, ` : '';
  return `${name} (${disk}${v.key}, ${FORMAT[v.format]})`;
}

export function volumeChoices(disks: GuestDiskView[]): VolumeChoice[] {
  return disks.flatMap((d) => d.volumes.map((v) => ({ id: `${d.diskIndex}:${v.key}`, diskIndex: d.diskIndex, volume: v, label: volumeLabel(v, d.diskIndex, disks.length) })));
}

/** The first volume worth opening: the Windows drive C:, else the first readable one that is not an EFI partition. */
export function defaultVolume(choices: VolumeChoice[]): VolumeChoice | undefined {
  const readable = choices.filter((c) => c.volume.readable);
  return readable.find((c) => c.volume.letter === 'C') ?? readable.find((c) => c.volume.partitionType !== 'EFI system') ?? readable[0];
}

/** 'inetpub/wwwroot' on C: → 'C:\inetpub\wwwroot'; on ext4 → '/inetpub/wwwroot'. */
export function displayPath(v: GuestVolumeView, path: string): string {
  if (v.format === 'ext4') return `/${path}`;
  const prefix = v.letter ? `${v.letter}:` : `${v.label ?? v.key}:`;
  return `${prefix}\\${path.split('/').filter(Boolean).join('\\')}`;
}

export const parentOf = (path: string): string => path.split('/').slice(0, -1).join('/');

/** The crumbs of a path: [{ name: 'C:', path: '' }, { name: 'inetpub', path: 'inetpub' }, …]. */
export function crumbs(rootName: string, path: string): Array<{ name: string; path: string }> {
  const parts = path.split('/').filter(Boolean);
  return [{ name: rootName, path: '' }, ...parts.map((name, i) => ({ name, path: parts.slice(0, i + 1).join('/') }))];
}

export function folderError(folder: string): string | null {
  const f = folder.trim();
  if (!f) return 'Enter the folder to restore into';
  if (!/^([A-Za-z]:[\\/]|\/|\\\\)/.test(f)) return 'Use a full path, e.g. C:\\Restores or /srv/restores';
  return null;
}
