// Step 5: when the job runs by itself, its backup window, and automatic retries of failed VMs.
import { useState } from 'react';
import {
  Checkbox,
  Dropdown,
  Field,
  Input,
  Option,
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
        <RetryWait seconds={d.retryIntervalSec} error={err('retries.intervalSec')} onChange={(retryIntervalSec) => update({ retryIntervalSec })} />
      </div>

      <NotifyFields />

      <Checkbox
        label="Enabled (scheduled runs happen while the console or ferry serve is running)"
        checked={d.enabled}
        onChange={(_e, v) => update({ enabled: v.checked === true })}
      />
    </>
  );
}

const MAX_WAIT_S = 3600;
type WaitUnit = 's' | 'min';

/** The wait between retries, in seconds or minutes (the job stores seconds). */
function RetryWait(props: { seconds: number | null; error: string | undefined; onChange(seconds: number | null): void }) {
  const s = useStyles();
  const { seconds } = props;
  // whole minutes read as minutes; the admin can switch either way
  const [unit, setUnit] = useState<WaitUnit>(() => (seconds !== null && seconds >= 60 && seconds % 60 === 0 ? 'min' : 's'));
  const perUnit = unit === 'min' ? 60 : 1;
  const shown = seconds === null ? null : Math.round((seconds / perUnit) * 100) / 100;
  const error = props.error && unit === 'min' ? `Enter 0 to ${MAX_WAIT_S / 60} minutes` : props.error;
  return (
    <div className={s.row}>
      <Field label="Wait between retries" validationMessage={error} validationState={error ? 'error' : 'none'}>
        <SpinButton
          value={shown}
          min={0}
          max={MAX_WAIT_S / perUnit}
          step={unit === 'min' ? 1 : 5}
          onChange={(_e, v) => {
            const n = spinValue(v);
            props.onChange(n === null ? null : Math.round(n * perUnit));
          }}
        />
      </Field>
      <Field label="Unit">
        <Dropdown
          aria-label="Unit of the wait between retries"
          value={unit === 'min' ? 'minutes' : 'seconds'}
          selectedOptions={[unit]}
          onOptionSelect={(_e, o) => o.optionValue && setUnit(o.optionValue as WaitUnit)}
        >
          <Option value="s">seconds</Option>
          <Option value="min">minutes</Option>
        </Dropdown>
      </Field>
    </div>
  );
}

/** Which session ends mail the report (the server and recipients are in Settings → Notifications). */
function NotifyFields() {
  const n = useJobWizard((w) => w.draft.notify);
  const update = useJobWizard((w) => w.update);
  const set = (patch: Partial<typeof n>) => update({ notify: { ...n, ...patch } });
  return (
    <Field label="E-mail the session report" hint="Sent to the recipients in Settings → Notifications, when e-mail is set up there.">
      <div role="group" aria-label="E-mail the session report">
        <Checkbox label="On success" checked={n.onSuccess} onChange={(_e, v) => set({ onSuccess: v.checked === true })} />
        <Checkbox label="On warning" checked={n.onWarning} onChange={(_e, v) => set({ onWarning: v.checked === true })} />
        <Checkbox label="On failure" checked={n.onFailure} onChange={(_e, v) => set({ onFailure: v.checked === true })} />
        <Checkbox
          label="Suppress notifications until the last retry"
          checked={n.suppressUntilLastRetry}
          onChange={(_e, v) => set({ suppressUntilLastRetry: v.checked === true })}
        />
      </div>
    </Field>
  );
}
