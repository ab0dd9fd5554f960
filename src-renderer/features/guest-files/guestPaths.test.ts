import { describe, expect, it } from 'vitest';
import type { GuestDiskView } from '../../../src-shared/contract/files';
import { crumbs, defaultVolume, displayPath, folderError, volumeChoices } from './guestPaths';

const disks: GuestDiskView[] = [
  {
    diskIndex: 0,
    sizeBytes: 1,
    scheme: 'gpt',
    volumes: [
      { key: 'p1', format: 'fat', label: 'SYSTEM', sizeBytes: 1, partitionType: 'EFI system', readable: true },
      { key: 'p2', format: 'ntfs', label: 'Windows', letter: 'C', sizeBytes: 1, partitionType: 'Microsoft basic data', readable: true },
    ],
  },
  { diskIndex: 1, sizeBytes: 1, scheme: 'mbr', volumes: [{ key: 'p1', format: 'bitlocker', sizeBytes: 1, readable: false, note: 'encrypted' }] },
];

describe('guest file browser names', () => {
  it('names volumes by letter and label, with the disk when there are several; opens C: first', () => {
    const choices = volumeChoices(disks);
    expect(choices.map((c) => c.label)).toEqual(['SYSTEM (disk 0, p1, FAT)', 'C: Windows (disk 0, p2, NTFS)', 'p1 (disk 1, p1, BitLocker)']);
    expect(defaultVolume(choices)?.id).toBe('0:p2');
    expect(defaultVolume(choices.filter((c) => c.volume.letter !== 'C'))?.id).toBe('0:p1'); // only the EFI one is readable
  });

  it('shows paths the way the guest spells them, and checks the target folder', () => {
    expect(displayPath(disks[0].volumes[1], 'inetpub/wwwroot')).toBe('C:\\inetpub\\wwwroot');
    expect(displayPath({ ...disks[0].volumes[1], format: 'ext4', letter: undefined }, 'etc/nginx')).toBe('/etc/nginx');
    expect(crumbs('C:', 'a/b')).toEqual([{ name: 'C:', path: '' }, { name: 'a', path: 'a' }, { name: 'b', path: 'a/b' }]);
    expect(folderError('')).toMatch(/Enter/);
    expect(folderError('restores')).toMatch(/full path/);
    expect(folderError('D:\\Restores')).toBeNull();
    expect(folderError('/srv/restores')).toBeNull();
  });
});
