// A job's schedule and window in the words of a jobs list.
import type { JobSpec } from '../../src-shared/domain';

export function scheduleText(spec: Pick<JobSpec, 'schedule' | 'window'>): string {
  const s = spec.schedule;
  const when =
    s.kind === 'none'
      ? 'Not scheduled'
      : s.kind === 'daily'
        ? `Daily at ${s.at}`
        : s.kind === 'weekly'
          ? `${s.days.join(', ')} at ${s.at}`
          : `Every ${s.everyMinutes} min`;
  return spec.window.enabled ? `${when} (window ${spec.window.start}–${spec.window.end})` : when;
}
