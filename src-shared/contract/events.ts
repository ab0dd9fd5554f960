// Event streams: topic → payload schema. Every event frame carries a hub-wide, increasing `seq`.
import { z } from 'zod';
import { LogLine, SessionView, TaskView } from '../domain';

export const ChangedWhat = z.enum(['jobs', 'proxies', 'sessions', 'restorePoints', 'inventory', 'repositories', 'snapshots', 'settings', 'notifications', 'replicas']);
export type ChangedWhat = z.infer<typeof ChangedWhat>;

export const events = {
  /** Latest session state, throttled to ≈10 Hz in main (latest wins). key = session id */
  'session.state': SessionView,
  /** Log lines batched per tick. key = session id */
  'session.log': z.object({ lines: z.array(LogLine) }),
  /** Long operation (proxy install, verify, restore). key = task id */
  'task.updated': TaskView,
  /** List invalidation: refetch what changed. key = '*' */
  'app.changed': z.object({ what: ChangedWhat }),
} as const;

export type Events = typeof events;
export type TopicName = keyof Events;
export type PayloadOf<T extends TopicName> = z.output<Events[T]>;

export function isTopicName(name: string): name is TopicName {
  return Object.prototype.hasOwnProperty.call(events, name);
}
