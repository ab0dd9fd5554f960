// Schedules and backup windows in the console's local time. Pure functions: easy to test with fixed dates.
import type { BackupWindow, Schedule } from '../../../src-shared/domain';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

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
        if (s.kind === 'weekly' && !s.days.includes(DAYS[c.getDay()])) continue;
        return c;
      }
      return null;
    }
  }
}

/** Whether `at` is inside the window; windows may cross midnight (22:00–06:00). */
export function inWindow(w: BackupWindow, at: Date): boolean {
  if (!w.enabled) return true;
  const now = at.getHours() * 60 + at.getMinutes();
  const start = minutesOf(w.start);
  const end = minutesOf(w.end);
  if (start === end) return true;
  return start < end ? now >= start && now < end : now >= start || now < end;
}
