// Notifications of session ends (and retry alerts, the daily summary) go through an outbox in the store: queued
// when the session ends — or, after a crash, when start-up recovery ends the interrupted session — then delivered
// per channel, retried with backoff, and shown with their reason when they fail. A failure never touches the
// session: it is written on the delivery row (console: notifications.deliveries, a typed fact), nowhere else.
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { NotificationChannel, NotificationDelivery, NotificationSettings } from '../../../src-shared/contract/settings';
import { JobNotify, type SessionView } from '../../../src-shared/domain';
import type { OutboxRow, Store } from '../store/store';
import type { SettingsService } from '../settings/settings';
import type { NotificationMessage } from './message';
import { sessionReport } from './session-report';
import { channelSenders, type ChannelSenders } from './channels/senders';

/** minutes after the 1st, 2nd, … failed attempt; the last value repeats until MAX_ATTEMPTS */
const BACKOFF_MIN = [1, 2, 5, 15, 30, 60];
export const MAX_ATTEMPTS = 12;
const DELIVERY_TICK_MS = 30_000;

export function nextAttemptAt(now: Date, failedAttempts: number): Date | null {
  if (failedAttempts >= MAX_ATTEMPTS) return null;
  const minutes = BACKOFF_MIN[Math.min(failedAttempts, BACKOFF_MIN.length) - 1] ?? BACKOFF_MIN[0];
  return new Date(now.getTime() + minutes * 60_000);
}

export interface NotifierDeps {
  store: Store;
  settings: SettingsService;
  clock?: () => Date;
  /** told when deliveries changed (queued, sent, failed) */
  changed?: () => void;
  /** the engine's log (start-up output, the service's log): one line per failed delivery, with the reason */
  log?: (level: 'info' | 'warning' | 'error', text: string) => void;
  senders?: ChannelSenders;
}

export class Notifier {
  private readonly clock: () => Date;
  private readonly senders: ChannelSenders;
  private delivering: Promise<{ sent: number; failed: number }> | null = null;
  private again = false;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly d: NotifierDeps) {
    this.clock = d.clock ?? (() => new Date());
    this.senders = d.senders ?? channelSenders(null);
  }

  /** A session ended (or start-up recovery ended an interrupted one): its report is queued for each channel that wants it. */
  sessionEnded(view: SessionView): void {
    const n = this.d.settings.current().notifications;
    const notify = this.notifyOf(view.jobId);
    const wanted = view.result === 'Success' ? notify.onSuccess : view.result === 'Failed' ? notify.onFailure : notify.onWarning;
    const channels = machineChannels(n);
    if (n.email.enabled && wanted) channels.unshift('email');
    this.queue(sessionReport(view), channels, view.id);
  }

  /** An attempt left VMs failed and the session retries them: an alert now, unless the job waits for the last retry. */
  attemptFailed(view: SessionView, attempt: number, retries: number): void {
    const n = this.d.settings.current().notifications;
    const notify = this.notifyOf(view.jobId);
    if (!n.email.enabled || notify.suppressUntilLastRetry || !notify.onFailure) return;
    this.queue(sessionReport(view, { kind: 'retry-alert', note: `attempt ${attempt} failed, retry ${attempt} of ${retries} follows` }), ['email'], `${view.id}:${attempt}`);
  }

  /** Queues the message for the channels (once per `about` and channel: a second call for the same thing is a no-op). */
  queue(message: NotificationMessage, channels: NotificationChannel[], about: string): number {
    const at = this.clock().toISOString();
    let queued = 0;
    for (const channel of channels) {
      const row: OutboxRow = { id: `${message.kind}:${channel}:${about}`, kind: message.kind === 'test' ? 'session-report' : message.kind, channel, sessionId: message.sessionId, createdAt: at, nextAt: at, doc: message };
      if (this.d.store.outboxInsert(row)) queued++;
    }
    if (queued > 0) {
      this.d.changed?.();
      void this.deliverDue();
    }
    return queued;
  }

  /** Sends what is due; one round at a time (a call during a round runs another after it). */
  deliverDue(): Promise<{ sent: number; failed: number }> {
    if (this.delivering) {
      this.again = true;
      return this.delivering;
    }
    this.delivering = (async () => {
      const total = { sent: 0, failed: 0 };
      do {
        this.again = false;
        const r = await this.round(this.d.store.outboxDue(this.clock().toISOString()));
        total.sent += r.sent;
        total.failed += r.failed;
      } while (this.again);
      return total;
    })().finally(() => (this.delivering = null));
    return this.delivering;
  }

  /** Every pending delivery now, whatever its next attempt time. */
  async retryNow(): Promise<{ sent: number; failed: number }> {
    await this.delivering;
    return this.round(this.d.store.outboxPending());
  }

  private async round(rows: OutboxRow[]): Promise<{ sent: number; failed: number }> {
    const r = { sent: 0, failed: 0 };
    for (const row of rows) {
      if (await this.deliver(row)) r.sent++;
      else r.failed++;
    }
    if (rows.length > 0) this.d.changed?.();
    return r;
  }

  private async deliver(row: OutboxRow): Promise<boolean> {
    const message = row.doc as NotificationMessage;
    try {
      await this.send(row.channel, message, this.d.settings.current().notifications, await this.d.settings.smtpPassword());
      this.d.store.outboxSent(row.id, this.clock().toISOString());
      return true;
    } catch (e) {
      const err = FerryError.from(e);
      const attempts = (row.attempts ?? 0) + 1;
      const next = nextAttemptAt(this.clock(), attempts);
      this.d.store.outboxFailed(row.id, { error: err.message, code: err.code, nextAt: next ? next.toISOString() : null });
      this.d.log?.('warning', `Notification "${message.subject}" (${row.channel}) not delivered, attempt ${attempts}: ${err.message}${next ? `; next attempt ${next.toISOString()}` : '; given up'}`);
      return false;
    }
  }

  private send(channel: NotificationChannel, message: NotificationMessage, n: NotificationSettings, password: string | null): Promise<string> {
    switch (channel) {
      case 'email':
        return this.senders.email({ settings: n.email, password }, message);
      case 'syslog':
        return this.senders.syslog(n.syslog, message);
      case 'webhook':
        return this.senders.webhook(n.webhook, message);
      case 'eventLog':
        return this.senders.eventLog(message);
    }
  }

  /** Sends a test message now through one channel, with the settings given (the form as typed) or the saved ones. */
  async test(channel: NotificationChannel, draft?: NotificationSettings, password?: string): Promise<{ ok: true; detail: string }> {
    const n = draft ?? this.d.settings.current().notifications;
    const secret = password ?? (await this.d.settings.smtpPassword());
    const detail = await this.send(channel, testMessage(this.clock()), n, secret);
    return { ok: true, detail };
  }

  deliveries(limit: number): NotificationDelivery[] {
    return this.d.store.outboxRecent(limit).map(toDelivery);
  }

  start(): void {
    if (this.timer) return;
    void this.deliverDue();
    this.timer = setInterval(() => void this.deliverDue(), DELIVERY_TICK_MS);
    this.timer.unref?.();
  }

  /** Stops the timer; waits up to `waitMs` for a round in progress (what is left goes out at the next start). */
  async close(waitMs = 5000): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (!this.delivering) return;
    let t: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.delivering, new Promise((r) => (t = setTimeout(r, waitMs)))]);
    clearTimeout(t);
  }

  private notifyOf(jobId: string): JobNotify {
    return this.d.store.getJob(jobId)?.spec.notify ?? this.d.settings.current().jobDefaults.notify ?? JobNotify.parse({});
  }
}

/** syslog, webhook and the event log hear every session end (monitoring filters there); e-mail follows the job's choice */
function machineChannels(n: NotificationSettings): NotificationChannel[] {
  const out: NotificationChannel[] = [];
  if (n.syslog.enabled) out.push('syslog');
  if (n.webhook.enabled) out.push('webhook');
  if (n.eventLog.enabled) out.push('eventLog');
  return out;
}

export function testMessage(now: Date): NotificationMessage {
  const text = `This is a test message from Ferry, sent ${now.toISOString()}. Session reports and alerts will arrive the same way.`;
  return {
    kind: 'test',
    subject: '[Ferry] Test message',
    text,
    html: `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Ferry test</title></head><body><p>${text}</p></body></html>`,
    severity: 'info',
    line: 'Test message from Ferry',
    result: null,
    sessionId: null,
    jobName: null,
    facts: { event: 'test', at: now.toISOString() },
  };
}

function toDelivery(r: OutboxRow): NotificationDelivery {
  const m = r.doc as Partial<NotificationMessage>;
  return {
    id: r.id,
    kind: r.kind,
    channel: r.channel,
    sessionId: r.sessionId,
    jobName: m.jobName ?? null,
    result: m.result ?? null,
    subject: m.subject ?? '',
    state: r.state ?? 'pending',
    attempts: r.attempts ?? 0,
    lastError: r.lastError ?? null,
    lastErrorCode: r.lastErrorCode ?? null,
    createdAt: r.createdAt,
    nextAttemptAt: r.state === 'pending' ? r.nextAt : null,
    sentAt: r.sentAt ?? null,
  };
}

export const notConfigured = (what: string) => new FerryError(ErrorCode.NotifyFailed, `${what} is not available`);
