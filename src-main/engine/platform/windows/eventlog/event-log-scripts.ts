// The Windows Event Log entry Ferry writes when a session ends (and for the daily summary and the test): the
// Application log, source "Ferry" (registered on first use, which needs an administrator once), an event id per
// result so monitoring (SCOM, Windows Event Forwarding, a SIEM) can filter without reading text. .NET's EventLog
// class rather than Write-EventLog: the cmdlet is gone in PowerShell 7, the class works in 5.1 and 7 alike.
import { emitJson, psq, psScript } from '../exec/script-text';

export const EVENT_SOURCE = 'Ferry';
export const EVENT_LOG = 'Application';

/** Event ids per result; monitoring rules key on these, so they never change meaning. */
export const EVENT_IDS = {
  Success: 1000,
  Warning: 1001,
  Failed: 1002,
  Stopped: 1003,
  retryAlert: 1010,
  dailySummary: 1020,
  test: 1030,
} as const;

export type EventEntryType = 'Information' | 'Warning' | 'Error';

export interface EventLogEntry {
  eventId: number;
  entryType: EventEntryType;
  /** at most 31 839 characters (the API's limit); cut before that */
  message: string;
}

const MAX_MESSAGE = 31_000;

export function writeEventLogPs(entry: EventLogEntry): string {
  return psScript([
    `$source = ${psq(EVENT_SOURCE)}`,
    `$log = ${psq(EVENT_LOG)}`,
    'if (-not [System.Diagnostics.EventLog]::SourceExists($source)) { [System.Diagnostics.EventLog]::CreateEventSource($source, $log) }',
    `$message = ${psq(entry.message.slice(0, MAX_MESSAGE))}`,
    `[System.Diagnostics.EventLog]::WriteEntry($source, $message, [System.Diagnostics.EventLogEntryType]::${entry.entryType}, ${Math.trunc(entry.eventId)})`,
    emitJson(`@{ written = $true; source = $source; eventId = ${Math.trunc(entry.eventId)} }`),
  ]);
}
