// Guest files restored out of the lab images equal the originals (bytes, size, modified time) for NTFS, FAT and
// ext4; names hostile to the host become safe single components; links are skipped; nothing is overwritten.
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bufferSource } from './block-source';
import { restoreGuestItems } from './guest-restore';
import { FolderNames, hostSafeName } from './host-names';
import { searchGuest } from './search';
import { labGuestImage, labGuestManifest } from './testing/lab-images';
import type { GuestEntry, GuestFileSystem } from './types';
import { findVolume, openVolume, readDiskVolumes } from './volumes';

const work = mkdtempSync(join(tmpdir(), 'ferry-flr-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const fresh = (name: string): string => {
  const d = join(work, name);
  mkdirSync(d);
  return d;
};
const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

async function volume(vm: string, name: string): Promise<GuestFileSystem> {
  return openVolume(findVolume((await readDiskVolumes(bufferSource(labGuestImage(vm)))).volumes, name));
}

describe('guest file restore', () => {
  it("WEB01's C:\\inetpub\\wwwroot (NTFS) restores byte-identical with its times; the report lists it", async () => {
    const c = await volume('WEB01', 'C');
    const out = fresh('web');
    const report = await restoreGuestItems(c, ['inetpub/wwwroot'], out);
    const originals = labGuestManifest('WEB01').p2.filter((f) => f.path.startsWith('inetpub/wwwroot/'));
    expect(report.files).toBe(originals.length);
    for (const f of originals) {
      const p = join(out, 'wwwroot', f.path.slice('inetpub/wwwroot/'.length));
      expect(sha(p), f.path).toBe(f.sha256);
      expect(statSync(p).size).toBe(f.size);
      expect(statSync(p).mtimeMs).toBe(f.mtimeMs);
    }
    expect(report.items.find((i) => i.hostPath === 'wwwroot/index.html')).toMatchObject({ kind: 'file', sha256: originals.find((f) => f.path.endsWith('index.html'))!.sha256 });
    expect(readdirSync(join(out, 'wwwroot')).some((n) => n.includes('ferry-partial'))).toBe(false);
    // again into the same folder: refused before anything is written
    await expect(restoreGuestItems(c, ['inetpub/wwwroot'], out)).rejects.toMatchObject({ code: 'E_CONFLICT' });
    await expect(restoreGuestItems(c, ['inetpub/nope'], fresh('nope'))).rejects.toMatchObject({ code: 'E_GUEST_PATH_NOT_FOUND' });
  });

  it('FAT (EFI partition) and ext4 files restore equal; ext4 links are skipped, never followed', async () => {
    const esp = await volume('WEB01', 'p1');
    const outFat = fresh('fat');
    await restoreGuestItems(esp, ['EFI/Microsoft/Boot/en-US/bootmgfw.efi.mui'], outFat);
    const mui = labGuestManifest('WEB01').p1.find((f) => f.path.endsWith('.mui'))!;
    expect(sha(join(outFat, 'bootmgfw.efi.mui'))).toBe(mui.sha256);
    expect(statSync(join(outFat, 'bootmgfw.efi.mui')).mtimeMs).toBe(mui.mtimeMs);

    const root = await volume('APP02', 'root');
    const outExt = fresh('ext4');
    const report = await restoreGuestItems(root, ['etc/nginx', 'home/admin'], outExt);
    expect(report.skipped.map((s) => s.guestPath).sort()).toEqual(['etc/nginx/sites-enabled/orders', 'home/admin/shadow-link']);
    expect(() => lstatSync(join(outExt, 'admin', 'shadow-link'))).toThrow();
    const notes = labGuestManifest('APP02').p1.find((f) => f.path === 'home/admin/notes – ünïcödé.txt')!;
    expect(sha(join(outExt, 'admin', 'notes – ünïcödé.txt'))).toBe(notes.sha256);
    expect(statSync(join(outExt, 'admin', 'notes – ünïcödé.txt')).mtimeMs).toBe(notes.mtimeMs);
  });

  it('hostile guest names stay inside the folder as single safe components', async () => {
    expect(hostSafeName('..', 'posix').name).toBe('__');
    expect(hostSafeName('a/../../b', 'posix').name).toBe('a_.._.._b');
    expect(hostSafeName('C:\\Windows', 'windows').name).toBe('C__Windows');
    expect(hostSafeName('CON.txt', 'windows').name).toBe('_CON.txt');
    expect(hostSafeName('trailing. ', 'windows').name).toBe('trailing__');
    expect(Buffer.byteLength(hostSafeName('ü'.repeat(300), 'posix').name)).toBeLessThanOrEqual(255);
    const names = new FolderNames('windows');
    expect([names.take('Readme.txt').name, names.take('README.TXT').name]).toEqual(['Readme.txt', 'README (2).TXT']);
    // a guest file system that lies: names with separators and dots
    const hostile: GuestFileSystem = {
      type: 'ext4',
      list: async (dir) => (dir === 'd' ? ['../../escape', '..', '/etc/passwd', 'ok'].map((name): GuestEntry => ({ name, kind: 'file', size: 3, modifiedMs: 0 })) : []),
      stat: async () => ({ name: 'd', kind: 'directory', size: 0 }),
      open: async () => ({ size: 3, read: async () => Buffer.from('bad') }),
    };
    const out = fresh('hostile');
    const report = await restoreGuestItems(hostile, ['d'], out, { flavor: 'posix' });
    expect(readdirSync(join(out, 'd')).sort()).toEqual(['.._.._escape', '__', '_etc_passwd', 'ok']);
    expect(report.items.filter((i) => i.renamed)).toHaveLength(3);
    expect(readdirSync(work).filter((n) => n.includes('escape'))).toEqual([]);
  });

  it('search finds by pattern and by part of a name, bounded', async () => {
    const c = await volume('WEB01', 'C');
    const found = await searchGuest(c, '', 'wwwroot');
    expect(found.matches.map((m) => [m.path, m.entry.kind])).toEqual([['inetpub/wwwroot', 'directory']]);
    const css = await searchGuest(c, 'inetpub', '*.CSS');
    expect(css.matches.map((m) => m.path)).toEqual(['inetpub/wwwroot/css/site.css']);
    const few = await searchGuest(await volume('APP02', 'root'), '', 'order-*.json', { maxResults: 10 });
    expect([few.matches.length, few.truncated]).toEqual([10, true]);
  });
});
