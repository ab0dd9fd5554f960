// Proxy traffic rules: a proxy's read throttle may apply only inside a time window (e.g. business hours), in the
// console's local time. Pure functions, so the weekday and midnight edges are easy to test with fixed dates.
import type { Proxy, TimeWindow } from '../../../src-shared/domain';
import { inDailyRange, minuteOfDay, minutesOf, weekdayOf } from './schedule';

/**
 * Whether `at` is inside the window. `days` are the days a window *starts* on, so an overnight window
 * (end before start, e.g. Fri 22:00–06:00) runs from Friday 22:00 into Saturday 06:00, and Friday 00:00–06:00
 * belongs to Thursday's window. start = end (the console does not offer it; the API allows it) = the whole day.
 */
export function inTimeWindow(w: TimeWindow, at: Date): boolean {
  const now = minuteOfDay(at);
  const start = minutesOf(w.start);
  const end = minutesOf(w.end);
  const today = w.days.includes(weekdayOf(at));
  if (start <= end) return today && inDailyRange(w.start, w.end, now);
  // overnight: the part after midnight belongs to the window of the day before
  const yesterday = w.days.includes(weekdayOf(new Date(at.getFullYear(), at.getMonth(), at.getDate() - 1)));
  return (today && now >= start) || (yesterday && now < end);
}

/** The read cap in MB/s for a task of this proxy that starts at `at`; 0 = unlimited. */
export function throttleAt(p: Pick<Proxy, 'throttleMBps'> & { throttleWindow?: TimeWindow | null }, at: Date): number {
  if (!p.throttleMBps) return 0;
  // proxies stored before traffic windows existed have no field: the throttle applies always, as it did
  if (!p.throttleWindow) return p.throttleMBps;
  return inTimeWindow(p.throttleWindow, at) ? p.throttleMBps : 0;
}

/** "Mon, Tue 08:00–18:00" for log lines. */
export function windowText(w: TimeWindow): string {
  return `${w.days.join(', ')} ${w.start}–${w.end}`;
}
