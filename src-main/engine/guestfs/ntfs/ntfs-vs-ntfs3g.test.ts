// The NTFS reader against ntfs-3g on real images made by ntfs-3g (testing/ntfs-recipes.ts): every name, kind,
// size, mtime, link target and the sha256 of every file and stream must agree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNtfs, type NtfsFileSystem } from './index';
import { compareTrees } from './testing/compare-with-ntfs3g';
import { compareWithNtfsProgs } from './testing/compare-with-ntfsprogs';
import fs from 'node:fs/promises';
import { bufferSource, fileSource } from './testing/image-source';
import { ntfsImage, ntfsToolsMissing, withReadOnlyMount, type ImageRecipe } from './testing/ntfs-images';
import { basicRecipe, bigDirectoryRecipe, bigSectorRecipe, compressedRecipe, smallClusterRecipe, sparseFragmentedRecipe } from './testing/ntfs-recipes';

const missing = await ntfsToolsMissing();
if (missing) console.warn(`skipping the ntfs-3g cross-check: ${missing}`);

async function opened(recipe: ImageRecipe): Promise<{ image: string; reader: NtfsFileSystem; close(): Promise<void> }> {
  const image = await ntfsImage(recipe);
  const source = await fileSource(image);
  return { image, reader: await openNtfs(source), close: () => source.close() };
}

describe.skipIf(missing !== undefined)('NTFS reader agrees with ntfs-3g', () => {
  const open: { close(): Promise<void> }[] = [];
  const use = async (recipe: ImageRecipe) => {
    const o = await opened(recipe);
    open.push(o);
    return o;
  };
  afterAll(async () => {
    for (const o of open) await o.close();
  });

  it('basic: Unicode, deep paths, ADS, hard links, symlinks, junctions, attributes, times, DOS aliases', async () => {
    const { image, reader } = await use(basicRecipe);
    expect(reader.label).toBe('basic');
    const cmp = await withReadOnlyMount(image, (root) => compareTrees(reader, root));
    expect(cmp.differences).toEqual([]);
    expect(cmp.files).toBeGreaterThan(10);
    expect(cmp.streams).toBe(2);
    expect(cmp.links).toBe(3);
  });

  it('agrees with ntfsls and ntfscat (libntfs-3g without FUSE) on names, record numbers, files and streams', async () => {
    const basic = await use(basicRecipe);
    for (const dir of ['', 'links', 'other', 'Ünïcödé/日本語', '📁 emoji']) expect(await compareWithNtfsProgs(basic.reader, basic.image, dir)).toEqual([]);
    const compressed = await use(compressedRecipe);
    expect(await compareWithNtfsProgs(compressed.reader, compressed.image, 'z')).toEqual([]);
    const sparse = await use(sparseFragmentedRecipe);
    expect(await compareWithNtfsProgs(sparse.reader, sparse.image, '')).toEqual([]);
    const big = await use(bigDirectoryRecipe);
    expect(await compareWithNtfsProgs(big.reader, big.image, 'big', 5)).toEqual([]);
  });

  it('other geometries: 4 KiB sectors and records with 8 KiB clusters; 512-byte clusters', async () => {
    for (const recipe of [bigSectorRecipe, smallClusterRecipe]) {
      const { image, reader } = await use(recipe);
      const cmp = await withReadOnlyMount(image, (root) => compareTrees(reader, root));
      expect(cmp.differences).toEqual([]);
      expect(cmp.files).toBe(302);
    }
    expect((await use(bigSectorRecipe)).reader.info).toMatchObject({ bytesPerSector: 4096, clusterSize: 8192, mftRecordSize: 4096, version: '3.1', dirty: false });
  });

  it('compressed (LZNT1): text, incompressible, zero, mixed and odd-sized files', async () => {
    const { image, reader } = await use(compressedRecipe);
    const z = await reader.list('z');
    expect(z.filter((e) => e.attributes?.compressed).length).toBe(6);
    const cmp = await withReadOnlyMount(image, (root) => compareTrees(reader, root));
    expect(cmp.differences).toEqual([]);
    expect(cmp.files).toBe(6);
  });

  it('sparse and fragmented files (a run list spilling into extension records)', async () => {
    const { image, reader } = await use(sparseFragmentedRecipe);
    expect((await reader.stat('sparse.bin')).attributes?.sparse).toBe(true);
    const cmp = await withReadOnlyMount(image, (root) => compareTrees(reader, root));
    expect(cmp.differences).toEqual([]);
    expect((await reader.stat('fragmented.bin')).size).toBeGreaterThan(1_000_000);
  });

  it('reads only what a file needs: 1 MiB of a fragmented 6 MiB file out of a 20 MiB volume', async () => {
    const source = await fileSource(await ntfsImage(sparseFragmentedRecipe));
    try {
      const reader = await openNtfs(source);
      const file = await reader.open('fragmented.bin');
      const before = { reads: source.reads, bytes: source.bytesRead };
      const data = await file.read(2 * 1024 * 1024, 1024 * 1024);
      expect(data.length).toBe(1024 * 1024);
      const used = { reads: source.reads - before.reads, bytes: source.bytesRead - before.bytes };
      console.log(`open volume + path: ${before.reads} reads, ${before.bytes} bytes; 1 MiB of a fragmented file: ${used.reads} reads, ${used.bytes} bytes`);
      expect(used.bytes).toBe(1024 * 1024);
      expect(before.bytes).toBeLessThan(1024 * 1024);
    } finally {
      await source.close();
    }
  });

  it('finds a name in a 10,000-entry directory by descending its B+ tree (a few blocks, not the whole index)', async () => {
    const source = await fileSource(await ntfsImage(bigDirectoryRecipe));
    try {
      const reader = await openNtfs(source);
      const names = Array.from({ length: 100 }, (_, i) => `entry-${String(i * 97 + 3).padStart(5, '0')} ünï.txt`);
      const before = source.bytesRead;
      for (const n of names) expect((await reader.stat(`big/${n}`)).name).toBe(n);
      expect(reader.lookups).toEqual({ descended: 200, listed: 0 });
      const perLookup = (source.bytesRead - before) / names.length;
      console.log(`B+ tree lookup in a 10,000-entry directory: ${Math.round(perLookup)} bytes read per name (a 64 KiB MFT batch + index blocks)`);
      // the whole index is ~1.3 MB; a lookup reads two 4 KiB index blocks and the 64 KiB MFT batch of its record
      expect(perLookup).toBeLessThan(100 * 1024);
      // a name equal ignoring case is found through the listing; a missing one is refused after it
      expect((await reader.stat('BIG/ENTRY-00042 ÜNÏ.TXT')).name).toBe('entry-00042 ünï.txt');
      await expect(reader.stat('big/entry-10001 ünï.txt')).rejects.toMatchObject({ code: 'E_GUEST_PATH_NOT_FOUND' });
    } finally {
      await source.close();
    }
  });

  it('a 10,000-entry directory, 60 streams and 41 hard links on one file (attribute lists)', async () => {
    const { image, reader } = await use(bigDirectoryRecipe);
    const started = performance.now();
    const big = await reader.list('big');
    const listMs = performance.now() - started;
    expect(big.length).toBe(10_000);
    console.log(`listed 10,000 entries in ${listMs.toFixed(0)} ms`);
    expect((await reader.stat('many-streams.txt')).streams?.length).toBe(60);
    expect(new Set((await reader.list('hard')).map((e) => e.id)).size).toBe(1);
    const cmp = await withReadOnlyMount(image, (root) => compareTrees(reader, root));
    expect(cmp.differences).toEqual([]);
    expect(cmp.files).toBe(10_000 + 1 + 41);
    expect(cmp.streams).toBe(60);
  });
});

describe.skipIf(missing !== undefined)('NTFS reader on the basic image', () => {
  let reader: NtfsFileSystem;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ reader, close } = await opened(basicRecipe));
  });
  afterAll(() => close());

  it('shows links without following them, and hard links share one id', async () => {
    const links = new Map((await reader.list('links')).map((e) => [e.name, e]));
    expect(links.get('win-link')).toMatchObject({ kind: 'symlink', linkTarget: '..\\hello.txt' });
    expect(links.get('posix-link')).toMatchObject({ kind: 'symlink', linkTarget: '../hello.txt' });
    expect(links.get('junction')).toMatchObject({ kind: 'reparse-point', linkTarget: 'C:\\Windows' });
    const c = await reader.stat('other/c.txt');
    expect(c.id).toBe(links.get('a.txt')?.id);
    expect(links.get('b.txt')?.id).toBe(c.id);
    await expect(reader.open('links/win-link')).rejects.toMatchObject({ code: 'E_GUEST_NOT_A_FILE' });
    await expect(reader.list('links/junction')).rejects.toMatchObject({ code: 'E_GUEST_NOT_A_DIRECTORY' });
  });

  it('lists a name with a DOS alias once, by its long name; looks names up case-insensitively', async () => {
    const root = (await reader.list('')).map((e) => e.name);
    expect(root.filter((n) => /^A ?LONG/i.test(n))).toEqual(['A long file name.txt']);
    expect((await reader.stat('casetest.txt')).name).toBe('CaseTest.TXT');
    expect((await reader.stat('/Ünïcödé/日本語/файл ✓.txt')).size).toBe(8);
  });

  it('keeps times in ms and attribute flags', async () => {
    const old = await reader.stat('old.txt');
    expect(old.modifiedMs).toBe(Date.parse('2003-03-03T03:03:03.500Z'));
    expect(old.accessedMs).toBe(Date.parse('2001-09-09T01:46:40.250Z'));
    expect((await reader.stat('attrs/readonly-hidden.txt')).attributes).toMatchObject({ readOnly: true, hidden: true, archive: true });
    const streams = (await reader.stat('ads.txt')).streams ?? [];
    expect([...streams].sort((a, b) => a.name.localeCompare(b.name))).toEqual([{ name: 'big', size: 100_000 }, { name: 'Zone.Identifier', size: 26 }]);
  });

  it('reads at random offsets, clamped at the end', async () => {
    const f = await reader.open('medium.bin');
    const whole = await f.read(0, f.size);
    expect((await f.read(123_457, 5000)).equals(whole.subarray(123_457, 128_457))).toBe(true);
    expect((await f.read(f.size - 10, 100)).length).toBe(10);
    expect((await f.read(f.size + 10, 100)).length).toBe(0);
    await expect(f.read(-1, 10)).rejects.toMatchObject({ code: 'E_INVALID_PARAMS' });
  });

  it('shows an EFS-encrypted file and refuses its content (E_GUEST_FILE_ENCRYPTED)', async () => {
    // ntfs-3g cannot make EFS files: set FILE_ATTRIBUTE_ENCRYPTED in hello.txt's $STANDARD_INFORMATION of a copy.
    const image = await fs.readFile(await ntfsImage(basicRecipe));
    const record = Number((await reader.stat('hello.txt')).id);
    const clusterSize = image.readUInt16LE(0x0b) * image[0x0d];
    const at = Number(image.readBigUInt64LE(0x30)) * clusterSize + record * 1024;
    const si = at + image.readUInt16LE(at + 0x14);
    expect(image.readUInt32LE(si)).toBe(0x10);
    const flags = si + image.readUInt16LE(si + 0x14) + 0x20;
    image.writeUInt32LE(image.readUInt32LE(flags) | 0x4000, flags);
    const patched = await openNtfs(bufferSource(image));
    expect((await patched.stat('hello.txt')).attributes?.encrypted).toBe(true);
    await expect(patched.open('hello.txt')).rejects.toMatchObject({ code: 'E_GUEST_FILE_ENCRYPTED' });
  });

  it('tells a dirty volume (a crash-consistent snapshot) and still reads it', async () => {
    const image = await fs.readFile(await ntfsImage(basicRecipe));
    const clusterSize = image.readUInt16LE(0x0b) * image[0x0d];
    const rec = Number(image.readBigUInt64LE(0x30)) * clusterSize + 3 * 1024;
    let attr = rec + image.readUInt16LE(rec + 0x14);
    while (image.readUInt32LE(attr) !== 0x70) attr += image.readUInt32LE(attr + 4);
    const flags = attr + image.readUInt16LE(attr + 0x14) + 0x0a;
    image.writeUInt16LE(image.readUInt16LE(flags) | 1, flags);
    const dirty = await openNtfs(bufferSource(image));
    expect(reader.info.dirty).toBe(false);
    expect(dirty.info.dirty).toBe(true);
    expect((await dirty.stat('hello.txt')).size).toBe(12);
  });

  it('refuses paths that do not exist, and files used as directories', async () => {
    await expect(reader.stat('no/such/file')).rejects.toMatchObject({ code: 'E_GUEST_PATH_NOT_FOUND' });
    await expect(reader.list('hello.txt')).rejects.toMatchObject({ code: 'E_GUEST_NOT_A_DIRECTORY' });
    await expect(reader.stat('hello.txt/x')).rejects.toMatchObject({ code: 'E_GUEST_NOT_A_DIRECTORY' });
    await expect(reader.open('links')).rejects.toMatchObject({ code: 'E_GUEST_NOT_A_FILE' });
  });
});
