// The NTFS reader against ntfs-3g on real images made by ntfs-3g (testing/ntfs-recipes.ts): every name, kind,
// size, mtime, link target and the sha256 of every file and stream must agree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNtfs, type NtfsFileSystem } from './index';
import { compareTrees } from './testing/compare-with-ntfs3g';
import { fileSource } from './testing/image-source';
import { ntfsImage, ntfsToolsMissing, withReadOnlyMount, type ImageRecipe } from './testing/ntfs-images';
import { basicRecipe, bigDirectoryRecipe, compressedRecipe, sparseFragmentedRecipe } from './testing/ntfs-recipes';

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

  it('refuses paths that do not exist, and files used as directories', async () => {
    await expect(reader.stat('no/such/file')).rejects.toMatchObject({ code: 'E_GUEST_PATH_NOT_FOUND' });
    await expect(reader.list('hello.txt')).rejects.toMatchObject({ code: 'E_GUEST_NOT_A_DIRECTORY' });
    await expect(reader.stat('hello.txt/x')).rejects.toMatchObject({ code: 'E_GUEST_NOT_A_DIRECTORY' });
    await expect(reader.open('links')).rejects.toMatchObject({ code: 'E_GUEST_NOT_A_FILE' });
  });
});
