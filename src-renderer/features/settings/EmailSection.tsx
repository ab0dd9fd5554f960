// Settings → Notifications → E-mail: the SMTP server, its security, the account (password into the secret store),
// sender and recipients, and "Send test e-mail" with the form as typed.
import { Checkbox, Field, Input, Select, SpinButton, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import type { EmailSettings, SmtpSecurity } from '../../../src-shared/contract/settings';
import { spinValue } from '../../lib/spin';
import { Section } from '../../components/Section';
import { fieldState } from './fields';
import type { FormErrors, SettingsForm } from './form';
import { TestSendButton } from './TestSendButton';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'minmax(220px, 360px) 140px 200px', gap: tokens.spacingHorizontalL, alignItems: 'start' },
  wide: { maxWidth: '720px', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

const SECURITY: { value: SmtpSecurity; label: string; port: number }[] = [
  { value: 'starttls', label: 'STARTTLS (port 587)', port: 587 },
  { value: 'tls', label: 'TLS from the start (port 465)', port: 465 },
  { value: 'none', label: 'None (port 25, trusted network only)', port: 25 },
];

export interface EmailSectionProps {
  form: SettingsForm;
  errors: FormErrors;
  passwordSet: boolean;
  onChange(next: SettingsForm): void;
  onTest(): Promise<string>;
}

export function EmailSection({ form, errors, passwordSet, onChange, onTest }: EmailSectionProps) {
  const s = useStyles();
  const email = form.settings.notifications.email;
  const set = (patch: Partial<EmailSettings>) =>
    onChange({ ...form, settings: { ...form.settings, notifications: { ...form.settings.notifications, email: { ...email, ...patch } } } });
  const at = (field: string) => fieldState(errors, `notifications.email.${field}`);
  return (
    <Section title="E-mail">
      <Checkbox label="Send session reports and alerts by e-mail" checked={email.enabled} onChange={(_e, d) => set({ enabled: d.checked === true })} />
      <div className={s.grid}>
        <Field label="SMTP server" required={email.enabled} {...at('host')} hint="Name or IP address, e.g. smtp.contoso.com">
          <Input value={email.host} onChange={(_e, d) => set({ host: d.value })} />
        </Field>
        <Field label="Port" {...at('port')}>
          <SpinButton value={email.port} min={1} max={65535} onChange={(_e, d) => set({ port: spinValue(d) as number })} />
        </Field>
        <Field label="Security">
          <Select
            value={email.security}
            onChange={(_e, d) => {
              const next = SECURITY.find((x) => x.value === d.value)!;
              // the port follows the usual one for the security chosen, unless the admin set another
              const usual = SECURITY.some((x) => x.port === email.port);
              set({ security: next.value, ...(usual ? { port: next.port } : {}) });
            }}
          >
            {SECURITY.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Account" {...at('user')} hint="Leave empty when the server takes mail without logging in">
          <Input value={email.user} autoComplete="off" onChange={(_e, d) => set({ user: d.value })} />
        </Field>
        <Field label="Password" hint={passwordSet ? 'A password is stored (in the secret store). Type to replace it.' : 'Kept in the secret store, never in the database.'}>
          <Input
            type="password"
            value={form.password}
            autoComplete="new-password"
            placeholder={passwordSet ? '•••••••• (stored)' : ''}
            disabled={form.clearPassword}
            onChange={(_e, d) => onChange({ ...form, password: d.value })}
          />
        </Field>
        {passwordSet && (
          <Field label="Stored password">
            <Checkbox label="Remove it" checked={form.clearPassword} onChange={(_e, d) => onChange({ ...form, clearPassword: d.checked === true, password: '' })} />
          </Field>
        )}
      </div>
      <div className={s.wide}>
        <Field label="From" required={email.enabled} {...at('from')} hint="The sender address, e.g. ferry@contoso.com">
          <Input value={email.from} onChange={(_e, d) => set({ from: d.value })} />
        </Field>
        <Field label="Recipients" required={email.enabled} {...at('recipients')} hint="One address per line (or separated by commas)">
          <Textarea value={form.recipientsText} resize="vertical" onChange={(_e, d) => onChange({ ...form, recipientsText: d.value })} />
        </Field>
        <TestSendButton label="Send test e-mail" disabled={Object.keys(errors).some((k) => k.startsWith('notifications.email'))} run={onTest} />
      </div>
    </Section>
  );
}
