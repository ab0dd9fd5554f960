import { describe, expect, it } from 'vitest';
import type { TimeWindow } from '../../../src-shared/domain';
import fc from 'fast-check';
import { diskThrottle, inTimeWindow, throttleAt, windowSpans } from './traffic-window';

// 2026-11-23 is a Monday; local-time constructors, as the console's clock is local time
const at = (day: number, hh: number, mm = 0) => new Date(2026, 10, 23 + day, hh, mm, 0, 0);
const MON = 0;
const FRI = 4;
const SAT = 5;
const SUN = 6;

describe('traffic window', () => {
  const business: TimeWindow = { days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], start: '08:00', end: '18:00' };

  it('same-day window: start inclusive, end exclusive, only on its days', () => {
    expect(at(MON, 8).getDay()).toBe(1);
    expect(inTimeWindow(business, at(MON, 7, 59))).toBe(false);
    expect(inTimeWindow(business, at(MON, 8, 0))).toBe(true);
    expect(inTimeWindow(business, at(FRI, 17, 59))).toBe(true);
    expect(inTimeWindow(business, at(FRI, 18, 0))).toBe(false);
    expect(inTimeWindow(business, at(SAT, 12))).toBe(false);
    expect(inTimeWindow(business, at(SUN, 12))).toBe(false);
  });

  it('across midnight: the night after a listed day belongs to it, not the night before', () => {
    const nights: TimeWindow = { days: ['Fri'], start: '22:00', end: '06:00' };
    expect(inTimeWindow(nights, at(FRI, 21, 59))).toBe(false);
    expect(inTimeWindow(nights, at(FRI, 22, 0))).toBe(true);
    expect(inTimeWindow(nights, at(FRI, 23, 59))).toBe(true);
    expect(inTimeWindow(nights, at(SAT, 0, 0))).toBe(true);
    expect(inTimeWindow(nights, at(SAT, 5, 59))).toBe(true);
    expect(inTimeWindow(nights, at(SAT, 6, 0))).toBe(false);
    expect(inTimeWindow(nights, at(SAT, 22, 0))).toBe(false);
    // Friday early morning is Thursday's night, which is not listed
    expect(inTimeWindow(nights, at(FRI, 3))).toBe(false);
  });

  it('across midnight over the week boundary: Sunday night runs into Monday', () => {
    const sunday: TimeWindow = { days: ['Sun'], start: '20:00', end: '02:00' };
    expect(inTimeWindow(sunday, at(SUN, 20))).toBe(true);
    expect(inTimeWindow(sunday, at(MON + 7, 1, 59))).toBe(true);
    expect(inTimeWindow(sunday, at(MON, 1))).toBe(true); // Monday 23rd 01:00 ends the night of Sunday 22nd
    expect(inTimeWindow(sunday, at(SUN, 1))).toBe(false); // Sunday early morning is Saturday's night
    expect(inTimeWindow(sunday, at(MON, 2))).toBe(false);
    const saturday: TimeWindow = { days: ['Sat'], start: '23:00', end: '01:00' };
    expect(inTimeWindow(saturday, at(SUN, 0, 30))).toBe(true);
  });

  it('start = end is the whole of each listed day', () => {
    const allDay: TimeWindow = { days: ['Wed'], start: '00:00', end: '00:00' };
    expect(inTimeWindow(allDay, at(2, 0))).toBe(true);
    expect(inTimeWindow(allDay, at(2, 23, 59))).toBe(true);
    expect(inTimeWindow(allDay, at(3, 0))).toBe(false);
  });

  it('the throttle applies inside the window only; always without one; never when 0', () => {
    const p = { throttleMBps: 50, throttleWindow: business };
    expect(throttleAt(p, at(MON, 10))).toBe(50);
    expect(throttleAt(p, at(MON, 20))).toBe(0);
    expect(throttleAt(p, at(SAT, 10))).toBe(0);
    expect(throttleAt({ throttleMBps: 50, throttleWindow: null }, at(SAT, 10))).toBe(50);
    expect(throttleAt({ throttleMBps: 50 }, at(SAT, 10))).toBe(50);
    expect(throttleAt({ throttleMBps: 0, throttleWindow: business }, at(MON, 10))).toBe(0);
  });
});

describe('windowSpans: the window as absolute spans for a data mover', () => {
  const business: TimeWindow = { days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], start: '08:00', end: '18:00' };
  const ms = (d: Date) => d.getTime();

  it('business hours from a Friday evening: the next Monday to Friday, nothing on the weekend', () => {
    const spans = windowSpans(business, at(FRI, 19), 7);
    expect(spans.map((s) => [new Date(s.fromMs).getDate(), new Date(s.fromMs).getHours(), new Date(s.toMs).getHours()])).toEqual([
      [30, 8, 18],
      [1, 8, 18],
      [2, 8, 18],
      [3, 8, 18],
      [4, 8, 18],
    ]);
  });

  it('started inside the window: the open span comes first (from its own start); overnight and whole-day windows merge', () => {
    expect(windowSpans(business, at(MON, 9), 0)).toEqual([{ fromMs: ms(at(MON, 8)), toMs: ms(at(MON, 18)) }]);
    const nights: TimeWindow = { days: ['Fri', 'Sat'], start: '22:00', end: '06:00' };
    expect(windowSpans(nights, at(SAT, 1), 1)).toEqual([
      { fromMs: ms(at(FRI, 22)), toMs: ms(at(SAT, 6)) },
      { fromMs: ms(at(SAT, 22)), toMs: ms(at(SUN, 6)) },
    ]);
    const weekend: TimeWindow = { days: ['Sat', 'Sun'], start: '00:00', end: '00:00' };
    expect(windowSpans(weekend, at(FRI, 12), 3)).toEqual([{ fromMs: ms(at(SAT, 0)), toMs: ms(at(SUN + 1, 0)) }]);
  });

  it('agrees with inTimeWindow at every minute it covers (random windows and instants)', () => {
    const day = fc.constantFrom(...(['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const));
    const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    fc.assert(
      fc.property(fc.uniqueArray(day, { minLength: 1, maxLength: 7 }), hhmm, hhmm, fc.integer({ min: 0, max: 6 * 24 * 60 }), fc.integer({ min: 0, max: 24 * 60 }), (days, start, end, fromMin, laterMin) => {
        const w: TimeWindow = { days, start, end };
        const from = new Date(2026, 10, 23, 0, fromMin);
        const t = new Date(from.getTime() + laterMin * 60_000);
        const spans = windowSpans(w, from, 2);
        expect(spans.some((s) => s.fromMs <= t.getTime() && t.getTime() < s.toMs)).toBe(inTimeWindow(w, t));
      }),
      { numRuns: 500 },
    );
  });
});

describe('diskThrottle: what a disk read gets from its proxy traffic rule', () => {
  const business: TimeWindow = { days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], start: '08:00', end: '18:00' };
  const rule = (throttleMBps: number, throttleWindow: TimeWindow | null = null) => ({ name: 'PROXY01', throttleMBps, throttleWindow });

  it('no rule: nothing for the mover, nothing to say', () => {
    expect(diskThrottle(rule(0), at(MON, 10), 14)).toEqual({ task: {}, log: null, capped: null });
  });

  it('always: a fixed cap, logged, and the VM is throttled', () => {
    expect(diskThrottle(rule(2), at(SAT, 3), 14)).toEqual({
      task: { throttleMBps: 2 },
      log: "Throttled by PROXY01's traffic rule (2 MB/s)",
      capped: "Source reads capped at 2 MB/s by PROXY01's traffic rule (2 MB/s)",
    });
  });

  it('inside its window the VM is throttled; outside it is not, yet the mover gets the spans to follow', () => {
    const inside = diskThrottle(rule(50, business), at(MON, 10), 14);
    expect(inside.capped).toMatch(/^Source reads capped at 50 MB\/s by PROXY01's traffic rule \(50 MB\/s, /);
    expect(inside.log).toMatch(/^Throttled by .*; the cap follows the window while the disk is read$/);
    const outside = diskThrottle(rule(50, business), at(SAT, 10), 14);
    expect(outside.capped).toBeNull();
    expect(outside.log).toMatch(/^Not throttled now: outside PROXY01's traffic rule/);
    expect(outside.task.throttleSchedule?.length).toBeGreaterThan(5);
    expect(outside.task.throttleSchedule?.every((s) => s.mibPerSec === 50)).toBe(true);
  });
});
