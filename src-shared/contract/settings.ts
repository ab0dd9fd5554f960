// Settings (notifications, session history, default job options) and the notification deliveries, as the console,
// the CLI and scripts see them. Every section is replaced whole by settings.set; sections a later version adds (the
// service's listen address and TLS, users and roles) join `Settings` as new keys with their own defaults, so a store
// written before them reads with those defaults.
import { z } from 'zod';
import { BlockSize, Compression, Id, JobNotify, SessionResult } from '../domain';

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM (24-hour)');
/** An address as SMTP servers take it (no display name): one @, no spaces or angle brackets. */
export const MailAddress = z
  .string()
  .trim()
  .max(254)
  .regex(/^[^\s@<>",;]+@[^\s@<>",;]+$/, 'An e-mail address, e.g. backup-alerts@contoso.com');
/** A DNS name, IPv4 or bracket-less IPv6 address; no scheme, no port. */
const HostName = z
  .string()
  .trim()
  .max(253)
  .regex(/^$|^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^[0-9a-fA-F:]+$/, 'A server name or IP address, without port');

/** none: plain SMTP (port 25 inside a trusted network); starttls: upgrade required (587); tls: TLS from the start (465). */
export const SmtpSecurity = z.enum(['none', 'starttls', 'tls']);
export type SmtpSecurity = z.infer<typeof SmtpSecurity>;

export const EmailSettings = z
  .object({
    enabled: z.boolean().default(false),
    host: HostName.default(''),
    port: z.number().int().min(1).max(65535).default(587),
    security: SmtpSecurity.default('starttls'),
    /** '' = the server takes mail without logging in; the password is in the secret store, never here */
    user: z.string().trim().max(256).default(''),
    from: MailAddress.or(z.literal('')).default(''),
    recipients: z.array(MailAddress).max(50).default([]),
  })
  .superRefine((e, ctx) => {
    if (!e.enabled) return;
    if (!e.host) ctx.addIssue({ code: 'custom', path: ['host'], message: 'Enter the SMTP server' });
    if (!e.from) ctx.addIssue({ code: 'custom', path: ['from'], message: 'Enter the sender address' });
    if (e.recipients.length === 0) ctx.addIssue({ code: 'custom', path: ['recipients'], message: 'Add at least one recipient' });
  });
export type EmailSettings = z.infer<typeof EmailSettings>;

export const DailySummarySettings = z.object({
  enabled: z.boolean().default(false),
  /** when it is sent, in the engine's local time */
  at: HHMM.default('08:00'),
  /** a VM whose last good restore point is older than this misses its recovery point objective */
  rpoHours: z.number().int().min(1).max(24 * 90).default(24),
});
export type DailySummarySettings = z.infer<typeof DailySummarySettings>;

export const SyslogSettings = z
  .object({
    enabled: z.boolean().default(false),
    host: HostName.default(''),
    port: z.number().int().min(1).max(65535).default(514),
    transport: z.enum(['udp', 'tcp']).default('udp'),
  })
  .superRefine((s, ctx) => {
    if (s.enabled && !s.host) ctx.addIssue({ code: 'custom', path: ['host'], message: 'Enter the syslog server' });
  });
export type SyslogSettings = z.infer<typeof SyslogSettings>;

export const WebhookSettings = z
  .object({
    enabled: z.boolean().default(false),
    url: z
      .string()
      .trim()
      .max(2048)
      .regex(/^$|^https?:\/\/[^\s]+$/, 'An http:// or https:// address')
      .default(''),
  })
  .superRefine((w, ctx) => {
    if (w.enabled && !w.url) ctx.addIssue({ code: 'custom', path: ['url'], message: 'Enter the webhook address' });
  });
export type WebhookSettings = z.infer<typeof WebhookSettings>;

export const NotificationSettings = z.object({
  email: EmailSettings.prefault({}),
  dailySummary: DailySummarySettings.prefault({}),
  syslog: SyslogSettings.prefault({}),
  webhook: WebhookSettings.prefault({}),
  /** Windows platform only: the Application log, source "Ferry" */
  eventLog: z.object({ enabled: z.boolean().default(false) }).prefault({}),
});
export type NotificationSettings = z.infer<typeof NotificationSettings>;

export const HistorySettings = z.object({
  /** sessions (with their logs) and finished tasks older than this are removed, daily and at start */
  retentionDays: z.number().int().min(1).max(3650).default(90),
});
export type HistorySettings = z.infer<typeof HistorySettings>;

/** What a new job starts with (the job wizard's fields); a job without its own notify options uses these. */
export const JobDefaults = z.object({
  notify: JobNotify.prefault({}),
  retries: z.object({ count: z.number().int().min(0).max(10), intervalSec: z.number().int().min(0).max(3600) }).default({ count: 2, intervalSec: 10 }),
  compression: Compression.default('optimal'),
  blockSize: BlockSize.default('1M'),
  keepLast: z.number().int().min(1).max(1000).default(7),
});
export type JobDefaults = z.infer<typeof JobDefaults>;

export const Settings = z.object({
  notifications: NotificationSettings.prefault({}),
  history: HistorySettings.prefault({}),
  jobDefaults: JobDefaults.prefault({}),
});
export type Settings = z.infer<typeof Settings>;
export type SettingsSection = keyof Settings;

/** settings.get: the settings and what is known about their secrets (never a secret itself). */
export const SettingsView = Settings.extend({ smtpPasswordSet: z.boolean() });
export type SettingsView = z.infer<typeof SettingsView>;

export const NotificationChannel = z.enum(['email', 'syslog', 'webhook', 'eventLog']);
export type NotificationChannel = z.infer<typeof NotificationChannel>;

/** One message to one channel: queued (in the store, survives restarts), retried with backoff until sent or given up. */
export const NotificationDelivery = z.object({
  id: Id,
  kind: z.enum(['session-report', 'retry-alert', 'daily-summary']),
  channel: NotificationChannel,
  sessionId: Id.nullable(),
  jobName: z.string().nullable(),
  result: SessionResult.nullable(),
  subject: z.string(),
  state: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number().int().nonnegative(),
  /** why the last attempt failed (wrong password, unreachable, recipient refused …); null after a success */
  lastError: z.string().nullable(),
  /** the stable code of that failure, e.g. E_NOTIFY_AUTH */
  lastErrorCode: z.string().nullable(),
  createdAt: z.string(),
  /** pending: the next attempt; failed: null (given up) */
  nextAttemptAt: z.string().nullable(),
  sentAt: z.string().nullable(),
});
export type NotificationDelivery = z.infer<typeof NotificationDelivery>;

export const SettingsPatch = z
  .object({
    notifications: NotificationSettings.optional(),
    history: HistorySettings.optional(),
    jobDefaults: JobDefaults.optional(),
    /** a string stores the SMTP password in the secret store, null removes it, absent keeps it */
    smtpPassword: z.string().min(1).max(1024).nullable().optional(),
  })
  .strict();
export type SettingsPatch = z.input<typeof SettingsPatch>;

export const settingsMethods = {
  'settings.get': { params: z.object({}).strict(), result: SettingsView },
  /** Replaces the sections given (each whole); a bad value is refused (E_INVALID_PARAMS) and nothing changes. */
  'settings.set': { params: SettingsPatch, result: SettingsView },
  /**
   * Sends a test message through one channel now, with the settings given (the form as typed, not yet saved) or
   * the saved ones; fails with the reason (E_NOTIFY_AUTH, E_NOTIFY_UNREACHABLE, E_NOTIFY_REFUSED, E_NOTIFY_FAILED).
   */
  'notifications.test': {
    params: z.object({ channel: NotificationChannel, notifications: NotificationSettings.optional(), smtpPassword: z.string().min(1).max(1024).optional() }).strict(),
    result: z.object({ ok: z.literal(true), detail: z.string() }),
  },
  /** Recent deliveries, newest first: what went out, what is waiting for a retry and why, what was given up. */
  'notifications.deliveries': { params: z.object({ limit: z.number().int().min(1).max(500).default(100) }).strict(), result: z.array(NotificationDelivery) },
  /** Tries every pending delivery now instead of at its next scheduled attempt. */
  'notifications.retryNow': { params: z.object({}).strict(), result: z.object({ sent: z.number().int(), failed: z.number().int() }) },
} as const;
