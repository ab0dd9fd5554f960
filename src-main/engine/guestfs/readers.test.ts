// The FAT and ext4 readers against the committed lab images: every file the generator wrote (its own manifest,
// built from the source tree before mkfs.fat/mke2fs packed it) reads back with the same bytes, size and time.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bufferSource } from './block-source';
import { labGuestImage, labGuestManifest, type ManifestFile } from './testing/lab-images';
import type { GuestFileSystem } from './types';
import { openVolume, readDiskVolumes, findVolume } from './volumes';

async function expectFiles(fs: GuestFileSystem, files: ManifestFile[]): Promise<void> {
  for (const f of files) {
    const st = await fs.stat(f.path);
    expect(st.kind, f.path).toBe('file');
    expect(st.size, f.path).toBe(f.size);
    expect(st.modifiedMs, f.path).toBe(f.mtimeMs);
    const data = await (await fs.open(f.path)).read(0, f.size);
    expect(createHash('sha256').update(data).digest('hex'), f.path).toBe(f.sha256);
  }
}

describe('guest volumes of the lab images', () => {
  it('WEB01: GPT with an EFI FAT32 partition (label SYSTEM) and an NTFS C:', async () => {
    const disk = await readDiskVolumes(bufferSource(labGuestImage('WEB01')));
    expect(disk.scheme).toBe('gpt');
    expect(disk.volumes.map((v) => [v.key, v.format, v.partition?.typeName])).toEqual([
      ['p1', 'fat', 'EFI system'],
      ['p2', 'ntfs', 'Microsoft basic data'],
    ]);
    const esp = findVolume(disk.volumes, 'SYSTEM');
    expect(esp.key).toBe('p1');
    await expectFiles(await openVolume(esp), labGuestManifest('WEB01').p1);
    const fs = await openVolume(esp);
    expect((await fs.list('EFI/Microsoft/Boot')).map((e) => e.name).sort()).toEqual(['BCD', 'bootmgfw.efi', 'en-US']);
    expect(fs.label).toBe('SYSTEM');
    const c = findVolume(disk.volumes, 'C:');
    expect([c.key, c.label, c.letter]).toEqual(['p2', 'Windows', 'C']);
    expect(findVolume(disk.volumes, 'windows')).toBe(c);
    await expectFiles(await openVolume(c), labGuestManifest('WEB01').p2);
    expect(() => findVolume(disk.volumes, 'D')).toThrow(/No volume 'D'.*C: p2 Windows/);
  });

  it('APP02: MBR with an ext4 root (label root); htree directory of 600 names; symlinks shown, not followed', async () => {
    const disk = await readDiskVolumes(bufferSource(labGuestImage('APP02')));
    expect(disk.scheme).toBe('mbr');
    expect(disk.volumes.map((v) => [v.key, v.format, v.label])).toEqual([['p1', 'ext4', 'root']]);
    const fs = await openVolume(disk.volumes[0]);
    await expectFiles(fs, labGuestManifest('APP02').p1);
    const spool = await fs.list('var/spool/orders');
    expect(spool).toHaveLength(600);
    expect(new Set(spool.map((e) => e.name)).size).toBe(600);
    const link = await fs.stat('home/admin/shadow-link');
    expect(link).toMatchObject({ kind: 'symlink', linkTarget: '/etc/shadow' });
    await expect(fs.open('home/admin/shadow-link')).rejects.toMatchObject({ code: 'E_GUEST_NOT_A_FILE' });
    await expect(fs.list('etc/hostname')).rejects.toMatchObject({ code: 'E_GUEST_NOT_A_DIRECTORY' });
    await expect(fs.stat('etc/nope')).rejects.toMatchObject({ code: 'E_GUEST_PATH_NOT_FOUND' });
    await expect(fs.list('../etc')).rejects.toMatchObject({ code: 'E_INVALID_PARAMS' });
  });

  it('reads a part of a file without reading the rest (random access)', async () => {
    const disk = await readDiskVolumes(bufferSource(labGuestImage('APP02')));
    const fs = await openVolume(disk.volumes[0]);
    const f = await fs.open('srv/orders/app/orders.db');
    const whole = await f.read(0, f.size);
    expect((await f.read(5000, 70000)).equals(whole.subarray(5000, 75000))).toBe(true);
    await expect(f.read(f.size - 1, 2)).rejects.toMatchObject({ code: 'E_OUT_OF_RANGE' });
  });
});
