// The settings: one document per section in the store, read through the contract's schemas (a section never
// written, or written by an older version, reads with the defaults), and the SMTP password in the secret store.
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import { Settings, type SettingsPatch, type SettingsSection, type SettingsView } from '../../../src-shared/contract/settings';
import type { SecretStore } from '../secrets/secret-store';
import type { Store } from '../store/store';

export const SMTP_PASSWORD_SECRET = 'notifications.smtp-password';

const SECTIONS: readonly SettingsSection[] = ['notifications', 'history', 'jobDefaults'];

export class SettingsService {
  constructor(
    private readonly store: Store,
    private readonly secrets: SecretStore,
    private readonly changed: () => void = () => undefined,
  ) {}

  /** The settings as they apply now. A section the store cannot read (damaged by hand) reads as its defaults. */
  current(): Settings {
    const raw: Record<string, unknown> = {};
    for (const section of SECTIONS) raw[section] = this.store.getSettingsSection(section);
    const parsed = Settings.safeParse(raw);
    if (parsed.success) return parsed.data;
    const each: Record<string, unknown> = {};
    for (const section of SECTIONS) {
      const one = Settings.shape[section].safeParse(raw[section]);
      each[section] = one.success ? one.data : undefined;
    }
    return Settings.parse(each);
  }

  async view(): Promise<SettingsView> {
    return { ...this.current(), smtpPasswordSet: (await this.smtpPassword()) !== null };
  }

  async smtpPassword(): Promise<string | null> {
    return this.secrets.get(SMTP_PASSWORD_SECRET);
  }

  /** Sections given replace the stored ones, all in one transaction; the password goes to the secret store first. */
  async set(patch: SettingsPatch): Promise<SettingsView> {
    const next = Settings.safeParse({ ...this.current(), ...withoutPassword(patch) });
    if (!next.success) throw new FerryError(ErrorCode.InvalidParams, next.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    if (typeof patch.smtpPassword === 'string') await this.secrets.set(SMTP_PASSWORD_SECRET, patch.smtpPassword);
    if (patch.smtpPassword === null) await this.secrets.delete(SMTP_PASSWORD_SECRET);
    this.store.tx(() => {
      for (const section of SECTIONS) if (patch[section] !== undefined) this.store.putSettingsSection(section, next.data[section]);
    });
    this.changed();
    return this.view();
  }
}

function withoutPassword(patch: SettingsPatch): Partial<Record<SettingsSection, unknown>> {
  const out: Partial<Record<SettingsSection, unknown>> = {};
  for (const section of SECTIONS) if (patch[section] !== undefined) out[section] = patch[section];
  return out;
}
