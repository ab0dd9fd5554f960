import { describe, expect, it } from 'vitest';
import { inDailyRange, inWindow, minutesOf, nextRun, weekdayOf } from './schedule';

const at = (s: string) => new Date(s); // local time, no zone suffix

describe('schedules', () => {
  it('daily: today if still ahead, else tomorrow', () => {
    expect(nextRun({ kind: 'daily', at: '22:00' }, at('2026-11-25T21:59:00'))).toEqual(at('2026-11-25T22:00:00'));
    expect(nextRun({ kind: 'daily', at: '22:00' }, at('2026-11-25T22:00:00'))).toEqual(at('2026-11-26T22:00:00'));
  });
  it('weekly: the next listed weekday', () => {
    // 2026-11-25 is a Wednesday
    expect(nextRun({ kind: 'weekly', at: '01:30', days: ['Sat', 'Mon'] }, at('2026-11-25T12:00:00'))).toEqual(at('2026-11-28T01:30:00'));
    expect(nextRun({ kind: 'weekly', at: '13:00', days: ['Wed'] }, at('2026-11-25T12:00:00'))).toEqual(at('2026-11-25T13:00:00'));
    expect(nextRun({ kind: 'weekly', at: '11:00', days: ['Wed'] }, at('2026-11-25T12:00:00'))).toEqual(at('2026-12-02T11:00:00'));
  });
  it('periodic: interval after the last run, never in the past', () => {
    expect(nextRun({ kind: 'periodic', everyMinutes: 60 }, at('2026-11-25T12:00:00'), at('2026-11-25T11:30:00'))).toEqual(at('2026-11-25T12:30:00'));
    expect(nextRun({ kind: 'periodic', everyMinutes: 60 }, at('2026-11-25T12:00:00'), at('2026-11-25T09:00:00'))).toEqual(at('2026-11-25T12:01:00'));
  });
  it('none never runs', () => {
    expect(nextRun({ kind: 'none' }, new Date())).toBeNull();
  });
  it('windows, including across midnight', () => {
    const w = { enabled: true, start: '22:00', end: '06:00' };
    expect(inWindow(w, at('2026-11-25T23:00:00'))).toBe(true);
    expect(inWindow(w, at('2026-11-25T05:59:00'))).toBe(true);
    expect(inWindow(w, at('2026-11-25T06:00:00'))).toBe(false);
    expect(inWindow(w, at('2026-11-25T12:00:00'))).toBe(false);
    expect(inWindow({ enabled: true, start: '08:00', end: '18:00' }, at('2026-11-25T12:00:00'))).toBe(true);
    expect(inWindow({ ...w, enabled: false }, at('2026-11-25T12:00:00'))).toBe(true);
  });
  it('the helpers the backup window, traffic windows and active-full days share', () => {
    // 2026-11-22 is a Sunday, 2026-11-28 a Saturday (local time)
    expect(weekdayOf(at('2026-11-22T00:00:00'))).toBe('Sun');
    expect(weekdayOf(at('2026-11-25T23:59:00'))).toBe('Wed');
    expect(weekdayOf(at('2026-11-28T12:00:00'))).toBe('Sat');
    expect([minutesOf('00:00'), minutesOf('06:30'), minutesOf('23:59')]).toEqual([0, 390, 1439]);
    expect([inDailyRange('22:00', '06:00', 23 * 60), inDailyRange('22:00', '06:00', 6 * 60), inDailyRange('09:00', '09:00', 0)]).toEqual([true, false, true]);
  });
});
