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

/** An absolute span of time, ms since the epoch: [fromMs, toMs). */
export interface TimeSpan {
  fromMs: number;
  toMs: number;
}

/**
 * The spans in which the window is open, from `from` until `days` days later, merged and in order: what a data
 * mover needs to follow the window while it reads a disk, without knowing the console's time zone (its clock
 * may be set to another zone than the console's; the spans are absolute). Same rules as inTimeWindow.
 */
export function windowSpans(w: TimeWindow, from: Date, days: number): TimeSpan[] {
  const start = minutesOf(w.start);
  const end = minutesOf(w.end);
  const local = (dayOffset: number, minutes: number) => new Date(from.getFullYear(), from.getMonth(), from.getDate() + dayOffset, 0, minutes).getTime();
  const spans: TimeSpan[] = [];
  // from the day before: an overnight window that started yesterday may still be open
  for (let k = -1; k <= days; k++) {
    if (!w.days.includes(weekdayOf(new Date(local(k, 0))))) continue;
    const span = start === end ? { fromMs: local(k, 0), toMs: local(k + 1, 0) } : { fromMs: local(k, start), toMs: start < end ? local(k, end) : local(k + 1, end) };
    if (span.toMs <= from.getTime()) continue;
    const last = spans[spans.length - 1];
    if (last && span.fromMs <= last.toMs) last.toMs = Math.max(last.toMs, span.toMs);
    else spans.push(span);
  }
  return spans;
}

/** "Mon, Tue 08:00–18:00" for log lines. */
export function windowText(w: TimeWindow): string {
  return `${w.days.join(', ')} ${w.start}–${w.end}`;
}

/** How a disk starting now is read under its proxy's traffic rule: what the mover gets, the log line, the VM's fact. */
export interface DiskThrottle {
  task: { throttleMBps?: number; throttleSchedule?: Array<TimeSpan & { mibPerSec: number }> };
  /** null: no rule at all */
  log: string | null;
  /** the cap applies now: the VM's reads are slower on purpose (a departure of the VM) */
  capped: string | null;
}

/**
 * A rule with a window goes to the mover as the window's spans for the next `horizonDays` days, so the cap starts
 * and ends while a long disk is read, not only when it starts.
 */
export function diskThrottle(p: Pick<Proxy, 'name' | 'throttleMBps'> & { throttleWindow?: TimeWindow | null }, now: Date, horizonDays: number): DiskThrottle {
  if (!p.throttleMBps) return { task: {}, log: null, capped: null };
  const rule = `${p.name}'s traffic rule (${p.throttleMBps} MB/s${p.throttleWindow ? `, ${windowText(p.throttleWindow)}` : ''})`;
  const on = throttleAt(p, now) > 0;
  const capped = on ? `Source reads capped at ${p.throttleMBps} MB/s by ${rule}` : null;
  if (!p.throttleWindow) return { task: { throttleMBps: p.throttleMBps }, log: `Throttled by ${rule}`, capped };
  const spans = windowSpans(p.throttleWindow, now, horizonDays);
  return {
    task: { throttleSchedule: spans.map((s) => ({ ...s, mibPerSec: p.throttleMBps })) },
    log: `${on ? `Throttled by ${rule}` : `Not throttled now: outside ${rule}`}; the cap follows the window while the disk is read`,
    capped,
  };
}
