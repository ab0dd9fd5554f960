// The Settings page's form: the settings as typed (numbers may be empty while typing, recipients as text), checked
// by the contract's own schemas, so the page and the engine agree on what is valid.
import { Settings, type NotificationSettings, type SettingsPatch, type SettingsView } from '../../../src-shared/contract/settings';

export interface SettingsForm {
  settings: Settings;
  /** recipients as the admin types them: one per line, or separated by commas or semicolons */
  recipientsText: string;
  /** a new SMTP password; '' keeps the stored one */
  password: string;
  clearPassword: boolean;
}

export function formFromSettings(view: SettingsView): SettingsForm {
  const { smtpPasswordSet: _set, ...settings } = view;
  return { settings: structuredClone(settings), recipientsText: settings.notifications.email.recipients.join('\n'), password: '', clearPassword: false };
}

export const parseRecipients = (text: string): string[] =>
  text
    .split(/[\n,;]+/)
    .map((r) => r.trim())
    .filter(Boolean);

/** The notifications as the form holds them (recipients parsed), for saving or for a test. */
export function notificationsOf(form: SettingsForm): NotificationSettings {
  const n = form.settings.notifications;
  return { ...n, email: { ...n.email, recipients: parseRecipients(form.recipientsText) } };
}

export type FormErrors = Record<string, string>;

/** Field errors by dotted path (e.g. "notifications.email.host"); {} when the form is valid. */
export function formErrors(form: SettingsForm): FormErrors {
  const parsed = Settings.safeParse({ ...form.settings, notifications: notificationsOf(form) });
  if (parsed.success) return {};
  const errors: FormErrors = {};
  for (const issue of parsed.error.issues) {
    // recipients.3 → the recipients field
    const path = issue.path.filter((p) => typeof p !== 'number').join('.');
    const message = issue.code === 'invalid_type' ? 'Enter a value' : issue.path.some((p) => typeof p === 'number') ? `${issue.message} (${String(lookupBad(form, issue.path))})` : issue.message;
    errors[path] ??= message;
  }
  return errors;
}

function lookupBad(form: SettingsForm, path: PropertyKey[]): unknown {
  let at: unknown = { ...form.settings, notifications: notificationsOf(form) };
  for (const p of path) at = (at as Record<PropertyKey, unknown> | undefined)?.[p];
  return at;
}

/** What Save sends: every section, and the password only when one was typed (or removed). */
export function patchOf(form: SettingsForm): SettingsPatch {
  return {
    notifications: notificationsOf(form),
    history: form.settings.history,
    jobDefaults: form.settings.jobDefaults,
    ...(form.clearPassword ? { smtpPassword: null } : form.password ? { smtpPassword: form.password } : {}),
  };
}

export const sameForm = (a: SettingsForm, b: SettingsForm) => JSON.stringify(a) === JSON.stringify(b);
