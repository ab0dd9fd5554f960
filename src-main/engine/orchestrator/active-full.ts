// Active full schedule: on the chosen days the job reads every disk in full instead of only the changed
// blocks, once per day (console local time): a second run on the same day builds on that day's full again.
// A day without a run is not made up later (as admins know it from other Hyper-V backup products).
import { Weekday, type ActiveFull } from '../../../src-shared/domain';
import { weekdayOf } from './schedule';

/** Whether the schedule asks for an active full on the local calendar day of `at`. */
export function isActiveFullDay(s: ActiveFull, at: Date): boolean {
  switch (s.kind) {
    case 'none':
      return false;
    case 'weekly':
      return s.days.includes(weekdayOf(at));
    case 'monthly':
      return at.getDate() === s.dayOfMonth;
  }
}

export const sameLocalDay = (a: Date, b: Date): boolean => a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/**
 * An active full is due now when today is an active-full day and this disk has no full point from today yet
 * (`lastFullAt`: its newest full restore point of this job, or null).
 */
export function activeFullDue(s: ActiveFull, now: Date, lastFullAt: Date | null): boolean {
  return isActiveFullDay(s, now) && !(lastFullAt && sameLocalDay(lastFullAt, now));
}

/** "weekly on Sat, Sun" / "monthly on day 1", for log lines. */
export function describeActiveFull(s: ActiveFull): string {
  switch (s.kind) {
    case 'none':
      return 'none';
    case 'weekly':
      return `weekly on ${Weekday.options.filter((d) => s.days.includes(d)).join(', ')}`;
    case 'monthly':
      return `monthly on day ${s.dayOfMonth}`;
  }
}
