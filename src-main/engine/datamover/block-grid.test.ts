import { describe, expect, it } from 'vitest';
import type { DiskExtent } from '../vhdx';
import { cellsOfExtents, cellsOfSpans, type Cell } from './block-grid';

const KiB = 1024;

async function collect(it: AsyncIterable<Cell>): Promise<Cell[]> {
  const out: Cell[] = [];
  for await (const c of it) out.push(c);
  return out;
}

async function* from(extents: DiskExtent[]): AsyncGenerator<DiskExtent> {
  yield* extents;
}

describe('block grid', () => {
  it('reads every cell that holds data, once, whole, clipped at the end of the disk', async () => {
    const size = 10 * 64 * KiB + 512; // a partial last cell
    const extents: DiskExtent[] = [
      { offset: 0, length: 64 * KiB, kind: 'data' }, // cell 0
      { offset: 64 * KiB, length: 100 * KiB, kind: 'zero' },
      { offset: 164 * KiB, length: 8 * KiB, kind: 'data' }, // mid cell 2
      { offset: 172 * KiB, length: 4 * KiB, kind: 'zero' },
      { offset: 176 * KiB, length: 4 * KiB, kind: 'data' }, // same cell 2 again: not read twice
      { offset: 180 * KiB, length: 420 * KiB, kind: 'zero' },
      { offset: 600 * KiB, length: 40 * KiB + 512, kind: 'data' }, // cell 9 and the 512-byte tail cell 10
    ];
    const cells = await collect(cellsOfExtents(from(extents), 64 * KiB, size));
    expect(cells).toEqual([
      { offset: 0, length: 64 * KiB },
      { offset: 128 * KiB, length: 64 * KiB },
      { offset: 576 * KiB, length: 64 * KiB },
      { offset: 640 * KiB, length: 512 },
    ]);
  });

  it('a data extent spanning many cells yields each of them', async () => {
    const cells = await collect(cellsOfExtents(from([{ offset: 10, length: 3 * 256 * KiB, kind: 'data' }]), 256 * KiB, 4 * 256 * KiB));
    expect(cells.map((c) => c.offset)).toEqual([0, 256 * KiB, 512 * KiB, 768 * KiB]);
  });

  it('cells of changed spans', () => {
    expect([...cellsOfSpans([{ start: 0, end: 2 * KiB }, { start: 8 * KiB, end: 9 * KiB }], KiB, 9 * KiB)]).toEqual([
      { offset: 0, length: KiB },
      { offset: KiB, length: KiB },
      { offset: 8 * KiB, length: KiB },
    ]);
  });
});
