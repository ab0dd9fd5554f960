// Property-based fuzzing of every parser that reads bytes from a disk file: whatever the input, the result
// is a value or a FerryError (E_DISK_CORRUPT / E_DISK_UNSUPPORTED), never another exception, hang or crash.
// Bounded to a few seconds by default; FUZZ_RUNS=<n> runs n cases per property without a time limit.
import fc from 'fast-check';
import { copyFile, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FerryError } from '../../../src-shared/contract/errors';
import { crc32c } from './crc32c';
import { openDisk } from './reader';
import { buildLogEntry } from './test-log-builder';
import { footerBytes, writeDifferencingVhd } from './test-vhd-builder';
import { makeTempDir, pseudoRandom, qemuImg } from './test-helpers';
import { Bat, batGeometry, validateBat } from './vhdx-bat';
import { headerChecksum, parseHeader, selectCurrentHeader, serializeHeader } from './vhdx-header';
import { findActiveSequence, replaySequence } from './vhdx-log';
import { decodeMetadataItems, parseMetadataTable, parseParentLocator, serializeMetadataRegion, serializeParentLocator, type VhdxParameters } from './vhdx-metadata';
import { parseRegionTable, regionTableIntegrity, serializeRegionTable } from './vhdx-region';
import { decodeLocatorPath, parseVhdDynamicHeader, parseVhdFooter, vhdChecksum } from './vhd-format';
import { createDifferencingVhdx, createDynamicVhdx, VhdxWriter } from './writer';

const MiB = 1024 * 1024;
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS) || undefined;
/** Default budget: per pure-parser property, and per whole-file property. */
const PARSER_MS = 250;
const FILE_MS = 1000;

function settings(defaultRuns: number, budgetMs: number): fc.Parameters<unknown> {
  return FUZZ_RUNS
    ? { numRuns: FUZZ_RUNS }
    : { numRuns: defaultRuns, plugins: [fc.interruptAfterTimeLimit(budgetMs)] };
}

/** Runs `fn`; only FerryErrors with the disk codes are acceptable failures. */
function tolerant(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    expectDiskError(e);
  }
}

function expectDiskError(e: unknown): void {
  if (!(e instanceof FerryError) || !['E_DISK_CORRUPT', 'E_DISK_UNSUPPORTED', 'E_DISK_FORMAT'].includes(e.code)) throw e;
  expect(e.message.length).toBeGreaterThan(10);
}

type Mutation = { at: number; value: number; wide: boolean };

/** Byte flips and "interesting" 32-bit values (limits, states, 1 MiB multiples) within the first `focus` bytes. */
function mutations(focus: number): fc.Arbitrary<Mutation[]> {
  const interesting = fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 7, 0x7f, 0xff, 0xfff, 0x1000, 0x10000, 0x100000, 0x100006, 0x200000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff);
  return fc.array(
    fc.oneof(
      fc.record({ at: fc.nat({ max: focus - 1 }), value: fc.integer({ min: 0, max: 255 }), wide: fc.constant(false) }),
      fc.record({ at: fc.nat({ max: Math.floor(focus / 4) - 1 }).map((i) => i * 4), value: interesting, wide: fc.constant(true) }),
    ),
    { minLength: 1, maxLength: 10 },
  );
}

function mutate(base: Uint8Array, muts: Mutation[], offset = 0): Buffer {
  const out = Buffer.from(base);
  for (const m of muts) {
    const at = offset + m.at;
    if (m.wide) {
      if (at + 4 <= out.length) out.writeUInt32LE(m.value >>> 0, at);
    } else if (at < out.length) {
      out[at] = m.value;
    }
  }
  return out;
}

const PARAMS: VhdxParameters = {
  blockSize: MiB,
  leaveBlockAllocated: false,
  hasParent: true,
  virtualSize: 64 * MiB,
  logicalSectorSize: 512,
  physicalSectorSize: 4096,
  page83Id: '11111111-2222-3333-4444-555555555555',
  parentLocator: new Map([
    ['parent_linkage', '{83ed0ec3-24c8-49a6-a959-5e4bf1288bfb}'],
    ['relative_path', '..\\base.vhdx'],
  ]),
};

describe('fuzz: VHDX structure parsers', () => {
  it('headers', () => {
    const valid = serializeHeader({
      sequenceNumber: 5n,
      fileWriteGuid: '11111111-2222-3333-4444-555555555555',
      dataWriteGuid: '66666666-2222-3333-4444-555555555555',
      logGuid: '00000000-0000-0000-0000-000000000000',
      logVersion: 0,
      version: 1,
      logLength: MiB,
      logOffset: MiB,
    });
    fc.assert(
      fc.property(mutations(96), mutations(96), fc.boolean(), (a, b, fixCrc) => {
        const h1 = mutate(valid, a);
        const h2 = mutate(valid, b);
        if (fixCrc) for (const h of [h1, h2]) h.writeUInt32LE(headerChecksum(h), 4);
        parseHeader(h1);
        tolerant(() => selectCurrentHeader([h1, h2], 'fuzz.vhdx'));
      }),
      settings(500, PARSER_MS),
    );
  });

  it('region tables', () => {
    const valid = serializeRegionTable({ bat: { offset: 2 * MiB, length: MiB }, metadata: { offset: 3 * MiB, length: MiB } });
    fc.assert(
      fc.property(mutations(16 + 32 * 4), fc.nat({ max: 2047 }), fc.boolean(), (muts, count, setCount) => {
        const t = mutate(valid, muts);
        if (setCount) t.writeUInt32LE(count, 8);
        t.writeUInt32LE(0, 4);
        t.writeUInt32LE(crc32c(t), 4);
        if (regionTableIntegrity(t) === undefined) tolerant(() => parseRegionTable(t, 'fuzz.vhdx', 'region table 1'));
        regionTableIntegrity(mutate(valid, muts)); // unfixed CRC: must just report
      }),
      settings(500, PARSER_MS),
    );
  });

  it('metadata table and items', () => {
    const region = serializeMetadataRegion(PARAMS, MiB);
    fc.assert(
      fc.property(mutations(32 + 32 * 7), mutations(512), (tableMuts, itemMuts) => {
        const r = mutate(mutate(region, itemMuts, 64 * 1024), tableMuts);
        tolerant(() => {
          const entries = parseMetadataTable(r.subarray(0, 64 * 1024), MiB, 'fuzz.vhdx');
          const items = new Map(entries.map((e) => [e.guid, r.subarray(e.offset, e.offset + e.length)]));
          const params = decodeMetadataItems(items, 'fuzz.vhdx');
          batGeometry(params);
        });
      }),
      settings(500, PARSER_MS),
    );
  });

  it('parent locator', () => {
    const valid = serializeParentLocator(PARAMS.parentLocator!);
    fc.assert(
      fc.property(fc.oneof(mutations(valid.length).map((m) => mutate(valid, m)), fc.uint8Array({ maxLength: 200 }).map((u) => Buffer.from(u))), (buf) => {
        tolerant(() => parseParentLocator(buf, 'fuzz.avhdx'));
      }),
      settings(500, PARSER_MS),
    );
  });

  it('BAT entries against any geometry', () => {
    fc.assert(
      fc.property(
        fc.record({
          blockShift: fc.integer({ min: 20, max: 28 }),
          sector: fc.constantFrom(512, 4096),
          blocks: fc.integer({ min: 1, max: 40 }),
          hasParent: fc.boolean(),
          fileMB: fc.integer({ min: 1, max: 4096 }),
        }),
        fc.array(fc.tuple(fc.nat({ max: 0xfff }), fc.nat({ max: 0x7 }), fc.nat({ max: 0xffff })), { maxLength: 50 }),
        (g, entries) => {
          const blockSize = 2 ** g.blockShift;
          const geometry = batGeometry({ virtualSize: g.blocks * blockSize - g.sector, blockSize, logicalSectorSize: g.sector, hasParent: g.hasParent });
          const bytes = Buffer.alloc(geometry.totalEntries * 8);
          for (const [offsetMB, state, index] of entries) {
            const i = index % geometry.totalEntries;
            bytes.writeUInt32LE(((offsetMB << 20) | state) >>> 0, i * 8);
          }
          const bat = new Bat(bytes, geometry);
          tolerant(() =>
            validateBat(bat, { fileSize: g.fileMB * MiB, reserved: [{ offset: MiB, length: MiB, name: 'log' }, { offset: 2 * MiB, length: MiB, name: 'BAT' }] }, 'fuzz.vhdx'),
          );
        },
      ),
      settings(500, PARSER_MS),
    );
  });

  it('log search and replay', () => {
    const guid = '0badcafe-1234-4321-8765-0123456789ab';
    const sector = pseudoRandom(4096, 1);
    const e1 = buildLogEntry({ logGuid: guid, sequenceNumber: 3n, tail: 0, flushedFileOffset: 4 * MiB, lastFileOffset: 4 * MiB, descriptors: [{ kind: 'data', fileOffset: 2 * MiB, sector }] });
    const e2 = buildLogEntry({ logGuid: guid, sequenceNumber: 4n, tail: 0, flushedFileOffset: 4 * MiB, lastFileOffset: 5 * MiB, descriptors: [{ kind: 'zero', fileOffset: 3 * MiB, length: 8192 }] });
    const log = Buffer.alloc(64 * 1024);
    e1.copy(log, 0);
    e2.copy(log, e1.length);
    fc.assert(
      fc.property(mutations(e1.length + 4096), fc.boolean(), (muts, fixCrc) => {
        const l = mutate(log, muts);
        if (fixCrc) {
          for (const at of [0, e1.length]) {
            const len = l.readUInt32LE(at + 8);
            if (len > 0 && len % 4096 === 0 && at + len <= l.length) {
              l.writeUInt32LE(0, at + 4);
              l.writeUInt32LE(crc32c(l.subarray(at, at + len)), at + 4);
            }
          }
        }
        const seq = findActiveSequence(l, guid);
        if (seq) tolerant(() => replaySequence(seq, 4 * MiB, 'fuzz.vhdx'));
      }),
      settings(300, PARSER_MS),
    );
  });
});

describe('fuzz: VHD structure parsers', () => {
  it('footer, dynamic header, locators', () => {
    const footer = footerBytes(64 * MiB, 3, 512n);
    const header = Buffer.alloc(1024);
    header.write('cxsparse', 0, 'latin1');
    header.writeBigUInt64BE(1536n, 16);
    header.writeUInt32BE(0x00010000, 24);
    header.writeUInt32BE(32, 28);
    header.writeUInt32BE(2 * MiB, 32);
    header.write('W2ru', 576, 'latin1');
    header.writeUInt32BE(vhdChecksum(header, 36), 36);
    fc.assert(
      fc.property(mutations(96), mutations(640), fc.boolean(), fc.uint8Array({ maxLength: 64 }), (fm, hm, fixSum, locator) => {
        const f = mutate(footer, fm);
        const h = mutate(header, hm);
        if (fixSum) {
          f.writeUInt32BE(vhdChecksum(f, 64), 64);
          h.writeUInt32BE(vhdChecksum(h, 36), 36);
        }
        tolerant(() => parseVhdFooter(f, 'fuzz.vhd'));
        tolerant(() => parseVhdDynamicHeader(h, 'fuzz.vhd'));
        for (const code of ['W2ru', 'W2ku', 'Wi2r', 'MacX', 'zzzz']) decodeLocatorPath(code, Buffer.from(locator));
      }),
      settings(500, PARSER_MS),
    );
  });
});

describe('fuzz: whole files through openDisk', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let vhdx: string;
  let avhdx: string;
  let vhd: string;
  let n = 0;

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir());
    vhdx = join(dir, 'base.vhdx');
    await createDynamicVhdx(vhdx, { virtualSize: 4 * MiB });
    const w = await VhdxWriter.open(vhdx);
    await w.write(0, pseudoRandom(MiB, 1));
    await w.write(3 * MiB, pseudoRandom(4096, 2));
    await w.close();
    avhdx = join(dir, 'child.avhdx');
    await createDifferencingVhdx(avhdx, vhdx);
    const c = await VhdxWriter.open(avhdx);
    await c.write(512, pseudoRandom(1024, 3));
    await c.close();
    const raw = join(dir, 'in.raw');
    await writeFile(raw, pseudoRandom(3 * MiB, 4));
    const base = join(dir, 'base.vhd');
    expect((await qemuImg('convert', '-f', 'raw', '-O', 'vpc', '-o', 'subformat=dynamic,force_size=on', raw, base)).code).toBe(0);
    vhd = join(dir, 'child.vhd');
    await writeDifferencingVhd(vhd, base, { writes: [[4096, pseudoRandom(4096, 5)]] });
  });
  afterAll(() => cleanup());

  /** Copy `file`, apply mutations at `area` offsets (fixing VHDX header/region CRCs if asked), open and read it all. */
  async function attack(file: string, area: number, muts: Mutation[], fixCrc: boolean): Promise<void> {
    const copy = join(dir, `m${n++}${file.slice(file.lastIndexOf('.'))}`);
    await copyFile(file, copy);
    const h = await open(copy, 'r+');
    try {
      const size = (await h.stat()).size;
      const start = area < 0 ? size + area : area;
      const chunk = Buffer.alloc(Math.min(64 * 1024, size - start));
      await h.read(chunk, 0, chunk.length, start);
      const changed = mutate(chunk, muts);
      if (fixCrc && (area === 0x10000 || area === 0x20000)) changed.writeUInt32LE(headerChecksum(changed), 4);
      if (fixCrc && (area === 0x30000 || area === 0x40000)) {
        changed.writeUInt32LE(0, 4);
        changed.writeUInt32LE(crc32c(changed), 4);
      }
      await h.write(changed, 0, changed.length, start);
    } finally {
      await h.close();
    }
    let reader;
    try {
      reader = await openDisk(copy);
    } catch (e) {
      expectDiskError(e);
      return;
    }
    try {
      for await (const e of reader.extents()) {
        if (e.kind === 'data') await reader.read(e.offset, Math.min(e.length, MiB));
      }
      await reader.read(0, Math.min(reader.virtualSize, 8 * MiB));
    } catch (e) {
      expectDiskError(e);
    } finally {
      await reader.close();
    }
  }

  it('mutated VHDX files (headers, region tables, BAT, metadata; dynamic and differencing)', async () => {
    // Ferry layout: headers 64/128 KiB, region tables 192/256 KiB, BAT 2 MiB, metadata 3 MiB.
    const areas = [0x10000, 0x20000, 0x30000, 0x40000, 2 * MiB, 3 * MiB, 3 * MiB + 64 * 1024];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(vhdx, avhdx), fc.constantFrom(...areas), mutations(256), fc.boolean(), async (file, area, muts, fixCrc) => {
        await attack(file, area, muts, fixCrc);
      }),
      settings(60, FILE_MS),
    );
  });

  it('mutated VHD files (footer, footer copy, dynamic header, BAT, locator data)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(-512, 0, 512, 1536, 2048), mutations(512), async (area, muts) => {
        await attack(vhd, area, muts, false);
      }),
      settings(60, FILE_MS),
    );
  });
});
