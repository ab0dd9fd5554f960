// Settings → History retention, and → Default job options (what a new job starts with in the job wizard).
import { Checkbox, Field, Select, SpinButton, makeStyles, tokens } from '@fluentui/react-components';
import type { JobDefaults } from '../../../src-shared/contract/settings';
import { spinValue } from '../../lib/spin';
import { Section } from '../../components/Section';
import { BLOCK_SIZE_OPTIONS, COMPRESSION_OPTIONS } from '../job-wizard/draft';
import { fieldState } from './fields';
import type { FormErrors, SettingsForm } from './form';

const useStyles = makeStyles({
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'flex-start' },
  group: { display: 'flex', flexDirection: 'column' },
  narrow: { maxWidth: '520px' },
});

interface Props {
  form: SettingsForm;
  errors: FormErrors;
  onChange(next: SettingsForm): void;
}

export function HistorySection({ form, errors, onChange }: Props) {
  const s = useStyles();
  return (
    <Section title="Session history">
      <Field
        className={s.narrow}
        label="Keep sessions, their logs and tasks for (days)"
        {...fieldState(errors, 'history.retentionDays')}
        hint="Older ones are removed every day and at start. Restore points are not affected: they follow each job's retention."
      >
        <SpinButton
          value={form.settings.history.retentionDays}
          min={1}
          max={3650}
          onChange={(_e, d) => onChange({ ...form, settings: { ...form.settings, history: { retentionDays: spinValue(d) as number } } })}
        />
      </Field>
    </Section>
  );
}

export function JobDefaultsSection({ form, errors, onChange }: Props) {
  const s = useStyles();
  const d = form.settings.jobDefaults;
  const set = (patch: Partial<JobDefaults>) => onChange({ ...form, settings: { ...form.settings, jobDefaults: { ...d, ...patch } } });
  const notify = (patch: Partial<JobDefaults['notify']>) => set({ notify: { ...d.notify, ...patch } });
  return (
    <Section title="Default job options">
      <div className={s.row}>
        <Field label="Restore points to keep" {...fieldState(errors, 'jobDefaults.keepLast')}>
          <SpinButton value={d.keepLast} min={1} max={1000} onChange={(_e, v) => set({ keepLast: spinValue(v) as number })} />
        </Field>
        <Field label="Retries of failed VMs" {...fieldState(errors, 'jobDefaults.retries.count')}>
          <SpinButton value={d.retries.count} min={0} max={10} onChange={(_e, v) => set({ retries: { ...d.retries, count: spinValue(v) as number } })} />
        </Field>
        <Field label="Wait between retries (s)" {...fieldState(errors, 'jobDefaults.retries.intervalSec')}>
          <SpinButton value={d.retries.intervalSec} min={0} max={3600} onChange={(_e, v) => set({ retries: { ...d.retries, intervalSec: spinValue(v) as number } })} />
        </Field>
        <Field label="Compression">
          <Select value={d.compression} onChange={(_e, v) => set({ compression: v.value as JobDefaults['compression'] })}>
            {COMPRESSION_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Block size">
          <Select value={d.blockSize} onChange={(_e, v) => set({ blockSize: v.value as JobDefaults['blockSize'] })}>
            {BLOCK_SIZE_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Field label="E-mail the session report" hint="Also what jobs without their own choice (made before this setting, or from the command line without it) use.">
        <div role="group" aria-label="E-mail the session report by default" className={s.group}>
          <Checkbox label="On success" checked={d.notify.onSuccess} onChange={(_e, v) => notify({ onSuccess: v.checked === true })} />
          <Checkbox label="On warning" checked={d.notify.onWarning} onChange={(_e, v) => notify({ onWarning: v.checked === true })} />
          <Checkbox label="On failure" checked={d.notify.onFailure} onChange={(_e, v) => notify({ onFailure: v.checked === true })} />
          <Checkbox label="Suppress notifications until the last retry" checked={d.notify.suppressUntilLastRetry} onChange={(_e, v) => notify({ suppressUntilLastRetry: v.checked === true })} />
        </div>
      </Field>
    </Section>
  );
}
