// Lab VM disks hold real guest file systems: WEB01's live VHDX opens as GPT + FAT32 + NTFS, APP02's as MBR + ext4,
// and the running guest's writes land inside its live file only, so the file system stays readable and unchanged
// around it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDisk } from '../../vhdx';
import { readDiskVolumes, openVolume } from '../../guestfs/volumes';
import { ensureLab } from './create-lab';
import { guestWriteBurst } from './disk-content';
import { labGuestLayout } from './guest-image';
import { liveDiskPath } from './lab-layout';
import { readLabState } from './lab-state';

const dir = mkdtempSync(join(tmpdir(), 'ferry-lab-guest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lab guest images', () => {
  it('system disks start with the guest image; the synthetic data lies behind its partitions', async () => {
    await ensureLab(dir);
    const topo = readLabState(dir)!.topology;
    const web01 = topo.vms.find((v) => v.name === 'WEB01')!;
    const disk = await openDisk(liveDiskPath(dir, topo, web01, 0));
    try {
      const vols = await readDiskVolumes({ size: disk.virtualSize, read: (o, l) => disk.read(o, l) });
      expect(vols.scheme).toBe('gpt');
      expect(vols.volumes.map((v) => v.format)).toEqual(['fat', 'ntfs']);
      expect((await (await openVolume(vols.volumes[0])).list('EFI')).map((e) => e.name).sort()).toEqual(['Boot', 'Microsoft']);
      const layout = labGuestLayout('WEB01', web01.disks[0].virtualMiB, web01.disks[0].dataMiB)!;
      let dataBehind = 0;
      for await (const e of disk.extents()) if (e.kind === 'data') dataBehind += Math.max(0, e.offset + e.length - Math.max(e.offset, layout.partitionedBytes)); // extents merge
      expect(dataBehind).toBe(web01.disks[0].dataMiB * 1024 * 1024);
    } finally {
      await disk.close();
    }
    const app02 = topo.vms.find((v) => v.name === 'APP02')!;
    const linux = await openDisk(liveDiskPath(dir, topo, app02, 0));
    try {
      const vols = await readDiskVolumes({ size: linux.virtualSize, read: (o, l) => linux.read(o, l) });
      expect(vols.volumes.map((v) => [v.format, v.label])).toEqual([['ext4', 'root']]);
      expect((await (await openVolume(vols.volumes[0])).stat('etc/hostname')).size).toBe(6);
    } finally {
      await linux.close();
    }
  });

  it("a running guest's write bursts stay inside its live file", () => {
    const layout = labGuestLayout('WEB01', 48, 8)!;
    for (let round = 0; round < 50; round++) {
      for (const b of guestWriteBurst('vm-web01', round, 48, layout.liveFile)) {
        expect(b.offset).toBeGreaterThanOrEqual(layout.liveFile.offset);
        expect(b.offset + b.data.length).toBeLessThanOrEqual(layout.liveFile.offset + layout.liveFile.size);
      }
    }
    expect(labGuestLayout('LOAD001', 8, 1)).toBeNull();
  });
});
