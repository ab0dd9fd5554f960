// Schedules and backup windows in the console's local time. Pure functions: easy to test with fixed dates.
import { Weekday, type BackupWindow, type Schedule } from '../../../src-shared/domain';

/** Minutes after midnight of "HH:MM". */
export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The local weekday of `at` (Weekday's options are in Date.getDay() order, Sunday first). */
export const weekdayOf = (at: Date): Weekday => Weekday.options[at.getDay()];

/** Minutes after local midnight of `at`. */
export const minuteOfDay = (at: Date): number => at.getHours() * 60 + at.getMinutes();

/**
 * Whether minute `now` lies in start–end; a window whose end is before its start crosses midnight (22:00–06:00),
 * start = end is the whole day.
 */
export function inDailyRange(start: string, end: string, now: number): boolean {
  const s = minutesOf(start);
  const e = minutesOf(end);
  if (s === e) return true;
  return s < e ? now >= s && now < e : now >= s || now < e;
}

/** The first start strictly after `from`, or null when the schedule never starts the job. */
export function nextRun(s: Schedule, from: Date, lastRun: Date | null = null): Date | null {
  switch (s.kind) {
    case 'none':
      return null;
    case 'periodic': {
      const base = lastRun ?? from;
      const next = new Date(base.getTime() + s.everyMinutes * 60_000);
      return next > from ? next : new Date(from.getTime() + 60_000);
    }
    case 'daily':
    case 'weekly': {
      const m = minutesOf(s.at);
      for (let d = 0; d <= 7; d++) {
        const c = new Date(from.getFullYear(), from.getMonth(), from.getDate() + d, Math.floor(m / 60), m % 60, 0, 0);
        if (c <= from) continue;
        if (s.kind === 'weekly' && !s.days.includes(weekdayOf(c))) continue;
        return c;
      }
      return null;
    }
  }
}

/** Whether `at` is inside the window; windows may cross midnight (22:00–06:00). */
export function inWindow(w: BackupWindow, at: Date): boolean {
  return !w.enabled || inDailyRange(w.start, w.end, minuteOfDay(at));
}
