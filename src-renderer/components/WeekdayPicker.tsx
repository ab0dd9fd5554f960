// Days of the week as a group of checkboxes, kept in week order (job schedule, active full, proxy traffic window).
import { Checkbox } from '@fluentui/react-components';
import type { Weekday } from '../../src-shared/domain';
import { CheckboxGroup } from './CheckboxGroup';
import { WEEK, sortDays } from '../lib/weekdays';

export function WeekdayPicker(props: { label: string; days: Weekday[]; error?: string; onChange(days: Weekday[]): void }) {
  const { days, onChange } = props;
  return (
    <CheckboxGroup label={props.label} error={props.error}>
      {WEEK.map((day) => (
        <Checkbox
          key={day}
          label={day}
          checked={days.includes(day)}
          onChange={(_e, v) => onChange(v.checked ? sortDays([...days, day]) : days.filter((x) => x !== day))}
        />
      ))}
    </CheckboxGroup>
  );
}
