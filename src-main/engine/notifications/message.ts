// What a notification says, rendered once when it is queued: every channel takes the part it needs (e-mail the
// subject, text and HTML; syslog and the Windows Event Log the severity and one line; the webhook the JSON facts).
import type { SessionResult } from '../../../src-shared/domain';

export type Severity = 'info' | 'warning' | 'error';

export interface NotificationMessage {
  kind: 'session-report' | 'retry-alert' | 'daily-summary' | 'test';
  subject: string;
  /** the plain-text body (the e-mail's text part) */
  text: string;
  /** the e-mail's HTML part (every value escaped) */
  html: string;
  severity: Severity;
  /** one line for syslog and the event log */
  line: string;
  result: SessionResult | null;
  sessionId: string | null;
  jobName: string | null;
  /** the facts as JSON, for the webhook (and syslog's structured data) */
  facts: Record<string, unknown>;
}

export function severityOf(result: SessionResult | null): Severity {
  if (result === 'Failed') return 'error';
  if (result === 'Warning' || result === 'Stopped') return 'warning';
  return 'info';
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML character data or a quoted attribute value: nothing in it can open a tag or end the attribute. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}
