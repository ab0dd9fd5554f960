// Step 5: when the job runs by itself, its backup window, and automatic retries of failed VMs.
import {
  Checkbox,
  Field,
  Input,
  Radio,
  RadioGroup,
  SpinButton,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { FieldError } from '../../../backend/errors';
import { spinValue } from '../../../lib/spin';
import type { ScheduleKind } from '../draft';
import { useJobWizard } from '../store';
import { errorFor } from '../validation';
import { SubOptions } from './SubOptions';
import { WeekdayPicker } from '../../../components/WeekdayPicker';

const useStyles = makeStyles({
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'flex-start' },
});

export function ScheduleStep({ errors }: { errors: FieldError[] }) {
  const s = useStyles();
  const d = useJobWizard((w) => w.draft);
  const update = useJobWizard((w) => w.update);
  const err = (path: string) => errorFor(errors, path);
  const state = (path: string) => (err(path) ? 'error' : 'none');

  return (
    <>
      <Field label="Run the job automatically">
        <RadioGroup value={d.scheduleKind} onChange={(_e, v) => update({ scheduleKind: v.value as ScheduleKind })}>
          <Radio value="none" label="Not scheduled (run it manually)" />
          <Radio value="daily" label="Daily" />
          <Radio value="weekly" label="On selected days of the week" />
          <Radio value="periodic" label="Periodically" />
        </RadioGroup>
      </Field>

      {(d.scheduleKind === 'daily' || d.scheduleKind === 'weekly') && (
        <SubOptions>
          <Field label="At" validationMessage={err('schedule.at')} validationState={state('schedule.at')}>
            <Input type="time" value={d.scheduleAt} onChange={(_e, v) => update({ scheduleAt: v.value })} />
          </Field>
          {d.scheduleKind === 'weekly' && (
            <WeekdayPicker label="Days" days={d.scheduleDays} error={err('schedule.days')} onChange={(scheduleDays) => update({ scheduleDays })} />
          )}
        </SubOptions>
      )}
      {d.scheduleKind === 'periodic' && (
        <SubOptions>
          <Field label="Every (minutes)" validationMessage={err('schedule.everyMinutes')} validationState={state('schedule.everyMinutes')}>
            <SpinButton value={d.everyMinutes} min={5} max={1440} step={5} onChange={(_e, v) => update({ everyMinutes: spinValue(v) })} />
          </Field>
        </SubOptions>
      )}

      <Checkbox
        label="Terminate the job outside the backup window (snapshots are still released and deleted)"
        checked={d.windowEnabled}
        onChange={(_e, v) => update({ windowEnabled: v.checked === true })}
      />
      {d.windowEnabled && (
        <SubOptions>
          <Field label="Window starts" validationMessage={err('window.start')} validationState={state('window.start')}>
            <Input type="time" value={d.windowStart} onChange={(_e, v) => update({ windowStart: v.value })} />
          </Field>
          <Field label="Window ends" validationMessage={err('window.end')} validationState={state('window.end')}>
            <Input type="time" value={d.windowEnd} onChange={(_e, v) => update({ windowEnd: v.value })} />
          </Field>
        </SubOptions>
      )}

      <div className={s.row}>
        <Field label="Retries of failed VMs" validationMessage={err('retries.count')} validationState={state('retries.count')}>
          <SpinButton value={d.retryCount} min={0} max={10} onChange={(_e, v) => update({ retryCount: spinValue(v) })} />
        </Field>
        <Field
          label="Wait between retries (seconds)"
          validationMessage={err('retries.intervalSec')}
          validationState={state('retries.intervalSec')}
        >
          <SpinButton value={d.retryIntervalSec} min={0} max={3600} step={5} onChange={(_e, v) => update({ retryIntervalSec: spinValue(v) })} />
        </Field>
      </div>

      <Checkbox
        label="Enabled (scheduled runs happen while the console or ferry serve is running)"
        checked={d.enabled}
        onChange={(_e, v) => update({ enabled: v.checked === true })}
      />
    </>
  );
}
