import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/contract/errors';
import { pointsToForget } from './retention';

const DAY = 86_400_000;
const now = new Date('2025-06-30T12:00:00.000Z');
const point = (id: string, daysAgo: number, labels: Record<string, string> = {}) => ({
  id,
  createdAt: new Date(now.getTime() - daysAgo * DAY).toISOString(),
  labels,
});

describe('retention policy', () => {
  const pts = [point('a', 10), point('b', 5), point('c', 2), point('d', 1), point('e', 0)];
  const ids = (xs: Array<{ id: string }>) => xs.map((p) => p.id);

  it('keepLast keeps the newest N', () => {
    expect(ids(pointsToForget(pts, { keepLast: 2 }, now))).toEqual(['a', 'b', 'c']);
    expect(ids(pointsToForget(pts, { keepLast: 10 }, now))).toEqual([]);
    expect(ids(pointsToForget(pts, { keepLast: 0 }, now))).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('keepDays keeps points younger than N days; both rules are a union', () => {
    expect(ids(pointsToForget(pts, { keepDays: 3 }, now))).toEqual(['a', 'b']);
    expect(ids(pointsToForget(pts, { keepDays: 3, keepLast: 4 }, now))).toEqual(['a']);
  });

  it('match limits the policy to points with those labels', () => {
    const mixed = [point('j1-old', 9, { job: '1' }), point('j2-old', 8, { job: '2' }), point('j1-new', 1, { job: '1' })];
    expect(ids(pointsToForget(mixed, { keepLast: 1, match: { job: '1' } }, now))).toEqual(['j1-old']);
  });

  it('refuses a policy with no rule or bad numbers', () => {
    expect(() => pointsToForget(pts, {}, now)).toThrow(expect.objectContaining({ code: ErrorCode.InvalidParams }));
    expect(() => pointsToForget(pts, { keepLast: -1 }, now)).toThrow(expect.objectContaining({ code: ErrorCode.InvalidParams }));
    expect(() => pointsToForget(pts, { keepDays: Number.NaN }, now)).toThrow(expect.objectContaining({ code: ErrorCode.InvalidParams }));
  });

  it('property: never forgets one of the newest keepLast, never forgets a point younger than keepDays', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 20 }), fc.nat(8), fc.nat(30), (ages, keepLast, keepDays) => {
        const ps = ages.map((d, i) => point(`p${String(i).padStart(2, '0')}`, d));
        const gone = new Set(ids(pointsToForget(ps, { keepLast, keepDays }, now)));
        const newest = [...ps].sort((x, y) => (x.createdAt < y.createdAt ? -1 : x.createdAt > y.createdAt ? 1 : x.id < y.id ? -1 : 1)).slice(ps.length - keepLast);
        for (const p of keepLast > 0 ? newest : []) expect(gone.has(p.id)).toBe(false);
        for (const p of ps) if (now.getTime() - Date.parse(p.createdAt) <= keepDays * DAY) expect(gone.has(p.id)).toBe(false);
        expect(gone.size).toBeLessThanOrEqual(Math.max(0, ps.length - Math.min(keepLast, ps.length)));
      }),
    );
  });
});
