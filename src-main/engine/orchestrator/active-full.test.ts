import { describe, expect, it } from 'vitest';
import { activeFullDue, describeActiveFull, isActiveFullDay } from './active-full';

const at = (s: string) => new Date(s); // local time, no zone suffix
// 2026-11-28 is a Saturday

describe('active full schedule', () => {
  it('weekly: only on the listed weekdays', () => {
    const s = { kind: 'weekly' as const, days: ['Sat' as const, 'Wed' as const] };
    expect(isActiveFullDay(s, at('2026-11-28T00:00:00'))).toBe(true);
    expect(isActiveFullDay(s, at('2026-11-28T23:59:59'))).toBe(true);
    expect(isActiveFullDay(s, at('2026-11-25T12:00:00'))).toBe(true);
    expect(isActiveFullDay(s, at('2026-11-29T00:00:00'))).toBe(false);
    expect(isActiveFullDay(s, at('2026-11-27T23:59:59'))).toBe(false);
  });

  it('monthly: only on that day of the month', () => {
    const s = { kind: 'monthly' as const, dayOfMonth: 1 };
    expect(isActiveFullDay(s, at('2026-12-01T03:00:00'))).toBe(true);
    expect(isActiveFullDay(s, at('2027-01-01T23:00:00'))).toBe(true);
    expect(isActiveFullDay(s, at('2026-12-02T03:00:00'))).toBe(false);
    expect(isActiveFullDay({ kind: 'monthly', dayOfMonth: 28 }, at('2027-02-28T10:00:00'))).toBe(true);
  });

  it('none: never', () => {
    expect(isActiveFullDay({ kind: 'none' }, at('2026-11-28T10:00:00'))).toBe(false);
  });

  it('is due once per day: a second run that day builds on that day\'s full', () => {
    const s = { kind: 'weekly' as const, days: ['Sat' as const] };
    const now = at('2026-11-28T22:00:00');
    expect(activeFullDue(s, now, null)).toBe(true);
    expect(activeFullDue(s, now, at('2026-11-27T22:00:00'))).toBe(true);
    expect(activeFullDue(s, now, at('2026-11-28T00:30:00'))).toBe(false);
    expect(activeFullDue(s, at('2026-11-29T01:00:00'), at('2026-11-28T00:30:00'))).toBe(false);
  });

  it('describes itself for the log', () => {
    expect(describeActiveFull({ kind: 'weekly', days: ['Sat', 'Mon'] })).toBe('weekly on Mon, Sat');
    expect(describeActiveFull({ kind: 'monthly', dayOfMonth: 15 })).toBe('monthly on day 15');
  });
});
