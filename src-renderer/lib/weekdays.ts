// Days of the week as Windows admins read them: the week starts on Monday, runs collapse to "Mon–Fri".
import type { Weekday } from '../../src-shared/domain';

export const WEEK: Weekday[] = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Mon–Fri, "Mon, Wed, Fri", "Sat, Sun", "every day". */
export function daysText(days: readonly Weekday[]): string {
  const on = WEEK.map((d) => days.includes(d));
  if (on.every(Boolean)) return 'every day';
  const parts: string[] = [];
  for (let i = 0; i < WEEK.length; i++) {
    if (!on[i]) continue;
    let j = i;
    while (j + 1 < WEEK.length && on[j + 1]) j++;
    // Two days read better as a list than as a range.
    if (j - i >= 2) parts.push(`${WEEK[i]}–${WEEK[j]}`);
    else for (let k = i; k <= j; k++) parts.push(WEEK[k]!);
    i = j;
  }
  return parts.join(', ');
}

/** Days in week order, whatever order they were ticked in. */
export function sortDays(days: readonly Weekday[]): Weekday[] {
  return WEEK.filter((d) => days.includes(d));
}
