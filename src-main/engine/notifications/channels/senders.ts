// The channels as one object the notifier calls (tests swap in their own).
import type { SyslogSettings, WebhookSettings } from '../../../../src-shared/contract/settings';
import { ErrorCode, FerryError } from '../../../../src-shared/contract/errors';
import type { NotificationMessage } from '../message';
import { sendEmail, type EmailAccount } from './email';
import { sendSyslog } from './syslog';
import { sendWebhook } from './webhook';
import { eventLogEntry, type EventLogSink } from './event-log';

export interface ChannelSenders {
  email(account: EmailAccount, message: NotificationMessage): Promise<string>;
  syslog(settings: SyslogSettings, message: NotificationMessage): Promise<string>;
  webhook(settings: WebhookSettings, message: NotificationMessage): Promise<string>;
  eventLog(message: NotificationMessage): Promise<string>;
}

/** eventLog: the Windows platform's writer; null elsewhere (the lab has no event log: the channel says so). */
export function channelSenders(eventLog: EventLogSink | null): ChannelSenders {
  return {
    email: sendEmail,
    syslog: sendSyslog,
    webhook: sendWebhook,
    async eventLog(message) {
      if (!eventLog) throw new FerryError(ErrorCode.NotifyFailed, 'The Windows Event Log exists only on the Windows platform');
      const entry = eventLogEntry(message);
      await eventLog.write(entry);
      return `Written to the Application log (source Ferry, event id ${entry.eventId})`;
    },
  };
}
