// Hostile input: real ntfs-3g images with bytes of their boot sector, MFT records, run lists, attribute lists and
// index blocks mutated by fast-check. Every case must end within its time bound with either a readable volume or
// a FerryError with a stable code — never a RangeError, a hang, or unbounded memory.
import fc from 'fast-check';
import fs from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { FerryError } from '../../../../src-shared/contract/errors';
import { openNtfs } from './index';
import { ntfsImage, ntfsToolsMissing } from './testing/ntfs-images';
import { basicRecipe, compressedRecipe, sparseFragmentedRecipe } from './testing/ntfs-recipes';
import { overlaySource } from './testing/overlay-source';
import { walkVolume } from './testing/walk-volume';

const missing = await ntfsToolsMissing();
if (missing) console.warn(`skipping the NTFS fuzz tests: ${missing}`);

const STABLE = new Set(['E_FS_CORRUPT', 'E_FS_UNSUPPORTED', 'E_ENCRYPTED_VOLUME', 'E_GUEST_PATH_NOT_FOUND', 'E_GUEST_NOT_A_DIRECTORY', 'E_GUEST_NOT_A_FILE', 'E_GUEST_FILE_ENCRYPTED']);
const CASE_MS = 3000;
const PROBE_PATHS = ['hello.txt', 'Ünïcödé/日本語/файл ✓.txt', 'links/b.txt', 'z/text.txt', 'fragmented.bin', 'level-00-abcdefghij/level-01-abcdefghij/level-02-abcdefghij', 'no-such-name'];

/** Where to mutate: the boot sector, every in-use MFT record (found by its signature, wherever $MFT's runs put it) and every INDX block. */
function metadataRegions(image: Buffer): { boot: [number, number][]; records: [number, number][]; index: [number, number][] } {
  const recordSize = 1024; // mkntfs's default for these images
  const records: [number, number][] = [];
  for (let at = 0; at < image.length; at += recordSize) {
    if (image.toString('latin1', at, at + 4) === 'FILE' && (image.readUInt16LE(at + 0x16) & 1) !== 0) records.push([at, at + recordSize]);
  }
  const index: [number, number][] = [];
  for (let at = 0; at < image.length; at += 4096) if (image.toString('latin1', at, at + 4) === 'INDX') index.push([at, at + 4096]);
  return { boot: [[0, 512]], records, index };
}

function unexpected(e: unknown): string | undefined {
  if (e instanceof FerryError && STABLE.has(e.code)) return undefined;
  return e instanceof Error ? `${e.name}: ${e.message}\n${e.stack?.split('\n').slice(1, 4).join('\n')}` : String(e);
}

/** Outcomes over all cases of a run: proves the mutations reach the parsers (some volumes open, some refuse). */
const outcomes = { opened: 0, refused: 0, entryErrors: 0 };

async function runCase(image: Buffer, patches: Map<number, number>): Promise<string | undefined> {
  const problems: string[] = [];
  const note = (e: unknown): void => {
    const u = unexpected(e);
    if (u) problems.push(u);
  };
  const work = (async () => {
    const fsys = await openNtfs(overlaySource(image, patches));
    outcomes.opened++;
    // Paths first, on a fresh reader: these lookups descend the B+ trees (the walk below uses cached listings).
    for (const p of PROBE_PATHS) {
      await fsys.stat(p).then(
        () => undefined,
        (e: unknown) => note(e),
      );
    }
    await walkVolume(fsys, { maxEntries: 300, maxDepth: 40, bytesPerFile: 256 * 1024 }, (_p, e) => {
      outcomes.entryErrors++;
      note(e);
    });
  })().catch((e: unknown) => {
    outcomes.refused++;
    note(e);
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), CASE_MS)));
  const outcome = await Promise.race([work.then(() => 'done' as const), timeout]);
  clearTimeout(timer);
  if (outcome === 'timeout') return `case did not finish within ${CASE_MS} ms`;
  return problems[0];
}

/** 1–12 byte mutations, each inside one of `regions` (a record, a block): where the parsers look. */
const mutation = (regions: [number, number][]) =>
  fc.array(
    fc
      .record({ region: fc.nat({ max: regions.length - 1 }), offset: fc.nat(), kind: fc.constantFrom('random', 'zero', 'ff', 'flip'), value: fc.integer({ min: 0, max: 255 }), bit: fc.integer({ min: 0, max: 7 }) })
      .map((m) => ({ ...m, at: regions[m.region][0] + (m.offset % (regions[m.region][1] - regions[m.region][0])) })),
    { minLength: 1, maxLength: 12 },
  );

function patchesOf(image: Buffer, muts: { at: number; kind: string; value: number; bit: number }[]): Map<number, number> {
  const patches = new Map<number, number>();
  for (const m of muts) {
    const old = patches.get(m.at) ?? image[m.at];
    patches.set(m.at, m.kind === 'random' ? m.value : m.kind === 'zero' ? 0 : m.kind === 'ff' ? 0xff : old ^ (1 << m.bit));
  }
  return patches;
}

async function fuzz(image: Buffer, regions: [number, number][], runs: number, seed: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(mutation(regions), async (muts) => {
      const problem = await runCase(image, patchesOf(image, muts));
      if (problem) throw new Error(problem);
    }),
    { numRuns: runs, seed, endOnFailure: true },
  );
}

describe.skipIf(missing !== undefined)('NTFS reader on mutated images', () => {
  it('the unmutated images walk cleanly', async () => {
    for (const recipe of [basicRecipe, compressedRecipe, sparseFragmentedRecipe]) {
      const image = await fs.readFile(await ntfsImage(recipe));
      expect(await runCase(image, new Map())).toBeUndefined();
    }
  });

  it('boot sector mutations', async () => {
    const image = await fs.readFile(await ntfsImage(basicRecipe));
    await fuzz(image, metadataRegions(image).boot, 150, 1);
  });

  it('MFT record mutations (headers, attributes, run lists, names)', async () => {
    const image = await fs.readFile(await ntfsImage(basicRecipe));
    await fuzz(image, metadataRegions(image).records, 300, 2);
  });

  it('MFT mutations of compressed, sparse and fragmented files (attribute lists)', async () => {
    for (const [recipe, seed, runs] of [[compressedRecipe, 3, 100], [sparseFragmentedRecipe, 4, 40]] as const) {
      const image = await fs.readFile(await ntfsImage(recipe));
      await fuzz(image, metadataRegions(image).records, runs, seed);
    }
  });

  it('index block mutations (B+ tree nodes, entries, subnode pointers)', async () => {
    const image = await fs.readFile(await ntfsImage(basicRecipe));
    const blocks = metadataRegions(image).index;
    expect(blocks.length).toBeGreaterThan(0);
    await fuzz(image, blocks, 200, 10);
  });

  it('mutations anywhere in a volume of compressed files (LZNT1 streams, bitmaps, logs)', async () => {
    const image = await fs.readFile(await ntfsImage(compressedRecipe));
    await fuzz(image, [[0, image.length]], 150, 20);
  });

  it('the mutations reached the parsers: some volumes opened, some were refused, some entries failed', () => {
    expect(outcomes.opened).toBeGreaterThan(100);
    expect(outcomes.refused).toBeGreaterThan(20);
    expect(outcomes.entryErrors).toBeGreaterThan(20);
  });
});
