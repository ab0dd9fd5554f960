import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DiskManifestInput, ManifestBlock } from '../repository';
import { changedSpans, mergeIncremental, planBackup } from './change-tracking';

const bs = 1024;
const hash = (n: number) => n.toString(16).padStart(64, '0');

function manifest(size: number, blocks: ManifestBlock[], blockSize = bs): DiskManifestInput {
  return { diskKey: 'd', virtualSize: size, blockSize, sourcePath: '/x', blocks };
}

describe('planBackup', () => {
  const base = manifest(8 * bs, [{ offset: 0, length: bs, hash: hash(1) }]);

  it('is a plain full without change data', () => {
    expect(planBackup({ blockSize: bs }, 8 * bs)).toEqual({ mode: 'full' });
  });

  it('is an incremental with change data and a matching base', () => {
    const plan = planBackup({ blockSize: bs, baseManifest: base, changedRanges: [{ offset: 10, length: 5 }, { offset: 3 * bs, length: 2 * bs }] }, 8 * bs);
    expect(plan).toMatchObject({ mode: 'incremental', changed: [{ start: 0, end: bs }, { start: 3 * bs, end: 5 * bs }], changedBytes: 3 * bs });
  });

  it.each([
    ['no base', { changedRanges: [] }, /no previous restore point/],
    ['no change data', { baseManifest: base }, /no change data/],
    ['size changed', { baseManifest: manifest(4 * bs, []), changedRanges: [] }, /disk size changed/],
    ['block size changed', { baseManifest: manifest(8 * bs, [], 2 * bs), changedRanges: [] }, /block size changed/],
    ['range outside the disk', { baseManifest: base, changedRanges: [{ offset: 7 * bs, length: 2 * bs }] }, /outside the disk/],
    ['negative range', { baseManifest: base, changedRanges: [{ offset: -1, length: 2 }] }, /outside the disk/],
    ['base off the grid', { baseManifest: manifest(8 * bs, [{ offset: bs / 2, length: bs, hash: hash(1) }]), changedRanges: [] }, /not cut on this block grid/],
  ])('forces a full when the chain is broken: %s', (_name, input, reason) => {
    const plan = planBackup({ blockSize: bs, ...input }, 8 * bs);
    expect(plan.mode).toBe('full');
    expect(plan.mode === 'full' && plan.reason).toMatch(reason);
  });
});

describe('changedSpans', () => {
  it('widens to cells, merges touching and overlapping ranges, clips at the end', () => {
    expect(changedSpans([{ offset: 5 * bs + 1, length: 1 }, { offset: 0, length: 1 }, { offset: bs, length: 1 }, { offset: 9 * bs + 10, length: 5 }], bs, 9 * bs + 100)).toEqual([
      { start: 0, end: 2 * bs },
      { start: 5 * bs, end: 6 * bs },
      { start: 9 * bs, end: 9 * bs + 100 },
    ]);
  });

  it('ignores empty ranges', () => {
    expect(changedSpans([{ offset: 3, length: 0 }], bs, 4 * bs)).toEqual([]);
  });
});

describe('mergeIncremental', () => {
  it('equals a brute-force rebuild for any base, change set and fresh blocks', () => {
    const cells = 24;
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: cells, maxLength: cells }), fc.array(fc.boolean(), { minLength: cells, maxLength: cells }), fc.array(fc.boolean(), { minLength: cells, maxLength: cells }), (inBase, changed, inFresh) => {
        const base = inBase.flatMap((b, i) => (b ? [{ offset: i * bs, length: bs, hash: hash(i) }] : []));
        const spans = changedSpans(changed.flatMap((c, i) => (c ? [{ offset: i * bs + 3, length: 1 }] : [])), bs, cells * bs);
        // fresh blocks exist only where something changed (that is all the mover reads)
        const fresh = inFresh.flatMap((f, i) => (f && changed[i] ? [{ offset: i * bs, length: bs, hash: hash(1000 + i) }] : []));
        const expected = Array.from({ length: cells }, (_, i) => (changed[i] ? fresh.find((b) => b.offset === i * bs) : base.find((b) => b.offset === i * bs))).filter((b) => b !== undefined);
        const { blocks, reusedBytes } = mergeIncremental(base, spans, fresh);
        expect(blocks).toEqual(expected);
        expect(reusedBytes).toBe(base.filter((b) => !changed[b.offset / bs]).length * bs);
      }),
    );
  });
});
