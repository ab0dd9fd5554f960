// Settings → Notifications: the daily summary (with its RPO), syslog, the webhook and the Windows Event Log.
import { Checkbox, Field, Input, Select, SpinButton, makeStyles, tokens } from '@fluentui/react-components';
import type { NotificationChannel, NotificationSettings } from '../../../src-shared/contract/settings';
import { spinValue } from '../../lib/spin';
import { Section } from '../../components/Section';
import { fieldState } from './fields';
import type { FormErrors, SettingsForm } from './form';
import { TestSendButton } from './TestSendButton';

const useStyles = makeStyles({
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'flex-start' },
  host: { minWidth: '260px' },
  url: { minWidth: '480px', maxWidth: '720px' },
});

interface Props {
  form: SettingsForm;
  errors: FormErrors;
  onChange(next: SettingsForm): void;
  onTest(channel: NotificationChannel): Promise<string>;
  /** the Windows Event Log exists only where the engine runs the Windows platform */
  eventLogAvailable: boolean;
}

function useSetter({ form, onChange }: Pick<Props, 'form' | 'onChange'>) {
  return <K extends keyof NotificationSettings>(key: K, patch: Partial<NotificationSettings[K]>) =>
    onChange({ ...form, settings: { ...form.settings, notifications: { ...form.settings.notifications, [key]: { ...form.settings.notifications[key], ...patch } } } });
}

export function DailySummarySection(props: Props) {
  const s = useStyles();
  const set = useSetter(props);
  const d = props.form.settings.notifications.dailySummary;
  return (
    <Section title="Daily summary">
      <Checkbox label="E-mail a daily summary of all jobs (and post it to the webhook)" checked={d.enabled} onChange={(_e, v) => set('dailySummary', { enabled: v.checked === true })} />
      <div className={s.row}>
        <Field label="Send at" {...fieldState(props.errors, 'notifications.dailySummary.at')}>
          <Input type="time" value={d.at} onChange={(_e, v) => set('dailySummary', { at: v.value })} />
        </Field>
        <Field label="Recovery point objective (hours)" {...fieldState(props.errors, 'notifications.dailySummary.rpoHours')} hint="VMs whose last good restore point is older are listed">
          <SpinButton value={d.rpoHours} min={1} max={2160} onChange={(_e, v) => set('dailySummary', { rpoHours: spinValue(v) as number })} />
        </Field>
      </div>
    </Section>
  );
}

export function SyslogSection(props: Props) {
  const s = useStyles();
  const set = useSetter(props);
  const l = props.form.settings.notifications.syslog;
  const bad = Object.keys(props.errors).some((k) => k.startsWith('notifications.syslog'));
  return (
    <Section title="Syslog">
      <Checkbox label="Send every session result to a syslog server (RFC 5424)" checked={l.enabled} onChange={(_e, v) => set('syslog', { enabled: v.checked === true })} />
      <div className={s.row}>
        <Field className={s.host} label="Syslog server" required={l.enabled} {...fieldState(props.errors, 'notifications.syslog.host')}>
          <Input value={l.host} onChange={(_e, v) => set('syslog', { host: v.value })} />
        </Field>
        <Field label="Port" {...fieldState(props.errors, 'notifications.syslog.port')}>
          <SpinButton value={l.port} min={1} max={65535} onChange={(_e, v) => set('syslog', { port: spinValue(v) as number })} />
        </Field>
        <Field label="Transport">
          <Select value={l.transport} onChange={(_e, v) => set('syslog', { transport: v.value === 'tcp' ? 'tcp' : 'udp' })}>
            <option value="udp">UDP</option>
            <option value="tcp">TCP (octet counting)</option>
          </Select>
        </Field>
      </div>
      <TestSendButton label="Send test message" disabled={bad || !l.host} run={() => props.onTest('syslog')} />
    </Section>
  );
}

export function WebhookSection(props: Props) {
  const s = useStyles();
  const set = useSetter(props);
  const w = props.form.settings.notifications.webhook;
  const bad = Object.keys(props.errors).some((k) => k.startsWith('notifications.webhook'));
  return (
    <Section title="Webhook">
      <Checkbox label="POST every session result as JSON (chat, ITSM)" checked={w.enabled} onChange={(_e, v) => set('webhook', { enabled: v.checked === true })} />
      <Field className={s.url} label="Address" required={w.enabled} {...fieldState(props.errors, 'notifications.webhook.url')} hint="https://…">
        <Input value={w.url} onChange={(_e, v) => set('webhook', { url: v.value })} />
      </Field>
      <TestSendButton label="Send test request" disabled={bad || !w.url} run={() => props.onTest('webhook')} />
    </Section>
  );
}

export function EventLogSection(props: Props) {
  const set = useSetter(props);
  const e = props.form.settings.notifications.eventLog;
  return (
    <Section title="Windows Event Log">
      <Field
        hint={
          props.eventLogAvailable
            ? 'Application log, source "Ferry": event 1000 Success, 1001 Warning, 1002 Failed, 1003 Stopped, 1010 retry alert, 1020 daily summary.'
            : 'Available when Ferry runs on Windows with the Windows platform; this engine runs the lab.'
        }
      >
        <Checkbox label="Write every session result to the Windows Event Log" disabled={!props.eventLogAvailable} checked={e.enabled} onChange={(_e, v) => set('eventLog', { enabled: v.checked === true })} />
      </Field>
      {props.eventLogAvailable && <TestSendButton label="Write test event" run={() => props.onTest('eventLog')} />}
    </Section>
  );
}
