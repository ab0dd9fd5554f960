import { mkdtempSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { coalesce, MAX_RANGES_PER_EPOCH, MAX_REFERENCES, RctJournal, rctFile } from './rct-journal';

const MiB = 1024 * 1024;
let dir: string;
let j: RctJournal;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ferry-rct-'));
  j = new RctJournal(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (vm: string, disk: number, ranges: Array<[number, number]>) => j.guestWrite(vm, disk, ranges.map(([offset, length]) => ({ offset, length })), async () => undefined);

describe('lab RCT journal', () => {
  it('reports what was written since a reference, up to now, coalesced', async () => {
    await write('vm', 0, [[0, 10]]); // no journal yet: not tracked (nothing can ask about it)
    expect(existsSync(rctFile(dir, 'vm', 0))).toBe(false);
    const r1 = await j.takeReference('vm', 0);
    await write('vm', 0, [[4096, 4096], [8192, 100], [MiB, 512]]);
    const r2 = await j.takeReference('vm', 0);
    await write('vm', 0, [[2 * MiB, 4096]]);
    expect(await j.changesSince('vm', 0, r1)).toEqual({ ranges: [{ offset: 4096, length: 4096 + 100 }, { offset: MiB, length: 512 }, { offset: 2 * MiB, length: 4096 }] });
    expect(await j.changesSince('vm', 0, r2)).toEqual({ ranges: [{ offset: 2 * MiB, length: 4096 }] });
    const r3 = await j.takeReference('vm', 0);
    expect(await j.changesSince('vm', 0, r3)).toEqual({ ranges: [] });
    expect(r1).not.toBe(r2);
    // other disks have their own journal
    expect((await j.changesSince('vm', 1, r1)).ranges).toBeNull();
  });

  it('retire: a deleted reference is unknown from then on, yet "since" an older one still covers its writes', async () => {
    const r1 = await j.takeReference('vm', 0);
    await write('vm', 0, [[0, 512]]);
    const r2 = await j.takeReference('vm', 0);
    await write('vm', 0, [[MiB, 512]]);
    const r3 = await j.takeReference('vm', 0);
    await write('vm', 0, [[2 * MiB, 512]]);
    expect(await j.retire('vm', 0, new Set([r2, 'lab-rct-other', r3.replace(/\d+$/, '999')]))).toBe(1);
    expect(await j.changesSince('vm', 0, r1)).toEqual({ ranges: [{ offset: 0, length: 512 }, { offset: MiB, length: 512 }, { offset: 2 * MiB, length: 512 }] });
    expect(await j.changesSince('vm', 0, r1, r3)).toEqual({ ranges: [{ offset: 0, length: 512 }, { offset: MiB, length: 512 }] });
    expect((await j.changesSince('vm', 0, r2)).ranges).toBeNull();
    expect(await j.changesSince('vm', 0, r3)).toEqual({ ranges: [{ offset: 2 * MiB, length: 512 }] });
    // the oldest goes without a trace; retiring again, or a disk without a journal, is nothing
    expect(await j.retire('vm', 0, new Set([r1, r2]))).toBe(1);
    expect(await j.changesSince('vm', 0, r3)).toEqual({ ranges: [{ offset: 2 * MiB, length: 512 }] });
    expect(await j.retire('vm', 0, new Set([r1]))).toBe(0);
    expect(await j.retire('vm', 7, new Set([r1]))).toBe(0);
  });

  it('answers up to a later reference when given one (the end of a snapshot\'s copy); writes after it are the next increment\'s', async () => {
    const before = await j.takeReference('vm', 0);
    await write('vm', 0, [[0, 512]]); // during the copy: in this increment and the next
    const after = await j.takeReference('vm', 0);
    await write('vm', 0, [[MiB, 512]]); // after the copy: the next increment only
    expect((await j.changesSince('vm', 0, before, after)).ranges).toEqual([{ offset: 0, length: 512 }]);
    expect((await j.changesSince('vm', 0, before)).ranges).toEqual([{ offset: 0, length: 512 }, { offset: MiB, length: 512 }]);
    // an end that is unknown (or not after the start) means "up to now": more, never less
    expect((await j.changesSince('vm', 0, before, 'lab-rct-gone')).ranges).toHaveLength(2);
    expect((await j.changesSince('vm', 0, after, before)).ranges).toEqual([{ offset: MiB, length: 512 }]);
  });

  it('a write is journaled before its data lands, and a reference waits for a write in flight', async () => {
    const r1 = await j.takeReference('vm', 0);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let journaledDuringWrite: unknown;
    const writing = j.guestWrite('vm', 0, [{ offset: 0, length: 512 }], async () => {
      journaledDuringWrite = JSON.parse(readFileSync(rctFile(dir, 'vm', 0), 'utf8')).refs.at(-1).changes;
      await gate;
    });
    const ref = j.takeReference('vm', 0);
    let refDone = false;
    void ref.then(() => (refDone = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(refDone).toBe(false); // the reference cannot split the write
    release();
    await writing;
    const r2 = await ref;
    expect(journaledDuringWrite).toEqual([[0, 512]]);
    expect((await j.changesSince('vm', 0, r1)).ranges).toEqual([{ offset: 0, length: 512 }]);
    expect((await j.changesSince('vm', 0, r2)).ranges).toEqual([]);
  });

  it('keeps a bounded number of references: an expired one is unknown (→ full)', async () => {
    const first = await j.takeReference('vm', 0);
    const ids = [first];
    for (let i = 0; i < MAX_REFERENCES; i++) ids.push(await j.takeReference('vm', 0));
    const gone = await j.changesSince('vm', 0, first);
    expect(gone.ranges).toBeNull();
    expect(gone.ranges === null && gone.reason).toMatch(/is gone/);
    expect((await j.changesSince('vm', 0, ids[1])).ranges).toEqual([]);
  });

  it('keeps each epoch bounded by coarsening, never dropping a written byte', async () => {
    const r1 = await j.takeReference('vm', 0);
    const many: Array<[number, number]> = Array.from({ length: MAX_RANGES_PER_EPOCH * 3 }, (_, i) => [i * 64 * 1024, 512]);
    await write('vm', 0, many);
    const file = JSON.parse(readFileSync(rctFile(dir, 'vm', 0), 'utf8'));
    expect(file.refs.at(-1).changes.length).toBeLessThanOrEqual(MAX_RANGES_PER_EPOCH);
    const got = await j.changesSince('vm', 0, r1);
    for (const [o, l] of many) expect(got.ranges?.some((r) => r.offset <= o && o + l <= r.offset + r.length)).toBe(true);
  });

  it('a reset (file deleted) or a damaged file makes every earlier reference unknown, and tracking restarts', async () => {
    const r1 = await j.takeReference('vm', 0);
    rmSync(rctFile(dir, 'vm', 0));
    expect((await j.changesSince('vm', 0, r1)).ranges).toBeNull();
    const r2 = await j.takeReference('vm', 0);
    expect(r2).not.toBe(r1);
    writeFileSync(rctFile(dir, 'vm', 0), '{not json');
    const bad = await j.changesSince('vm', 0, r2);
    expect(bad.ranges === null && bad.reason).toMatch(/unreadable/);
    await write('vm', 0, [[0, 512]]); // starts clean
    const r3 = await j.takeReference('vm', 0);
    await write('vm', 0, [[512, 512]]);
    expect((await j.changesSince('vm', 0, r3)).ranges).toEqual([{ offset: 512, length: 512 }]);
  });

  it('coalesce covers every input byte and respects the cap', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 64 * MiB }), fc.integer({ min: 0, max: 3 * MiB })), { maxLength: 200 }), fc.integer({ min: 1, max: 50 }), (rs, max) => {
        const out = coalesce(rs.map(([offset, length]) => ({ offset, length })), max);
        expect(out.length).toBeLessThanOrEqual(Math.max(max, 1));
        for (let i = 1; i < out.length; i++) expect(out[i].offset).toBeGreaterThan(out[i - 1].offset + out[i - 1].length - 1);
        for (const [o, l] of rs) if (l > 0) expect(out.some((r) => r.offset <= o && o + l <= r.offset + r.length)).toBe(true);
      }),
    );
  });
});
