// Days of the week as a group of checkboxes, kept in week order (Schedule and Active full use it).
import { Checkbox } from '@fluentui/react-components';
import { CheckboxGroup } from '../../../components/CheckboxGroup';
import { WEEKDAYS, type Weekday } from '../draft';

export function WeekdayPicker(props: { label: string; days: Weekday[]; error?: string; onChange(days: Weekday[]): void }) {
  const { days, onChange } = props;
  return (
    <CheckboxGroup label={props.label} error={props.error}>
      {WEEKDAYS.map((day) => (
        <Checkbox
          key={day}
          label={day}
          checked={days.includes(day)}
          onChange={(_e, v) => onChange(v.checked ? WEEKDAYS.filter((x) => x === day || days.includes(x)) : days.filter((x) => x !== day))}
        />
      ))}
    </CheckboxGroup>
  );
}
