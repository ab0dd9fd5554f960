// A notification as a Windows Event Log entry: the event id says the result (monitoring filters on it), the entry
// type the severity, the message is the report's plain text.
import { EVENT_IDS, type EventLogEntry } from '../../platform/windows/eventlog/event-log-scripts';
import type { NotificationMessage } from '../message';

/** The platform's writer (Windows: WindowsEventLog through the local executor). */
export interface EventLogSink {
  write(entry: EventLogEntry): Promise<void>;
}

export function eventLogEntry(m: NotificationMessage): EventLogEntry {
  const eventId =
    m.kind === 'retry-alert' ? EVENT_IDS.retryAlert : m.kind === 'daily-summary' ? EVENT_IDS.dailySummary : m.result && m.result !== 'Running' ? EVENT_IDS[m.result] : EVENT_IDS.test;
  const entryType = m.severity === 'error' ? 'Error' : m.severity === 'warning' ? 'Warning' : 'Information';
  return { eventId, entryType, message: m.text };
}
