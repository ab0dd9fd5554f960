// A labelled group of checkboxes with its own validation text. Not a Fluent Field: a Field hands its
// label to every Fluent control inside, so each checkbox would be named after the group.
import { useId, type ReactNode } from 'react';
import { Label, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { ErrorCircle12Filled } from '@fluentui/react-icons';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  items: { display: 'flex', flexWrap: 'wrap' },
  vertical: { flexDirection: 'column', flexWrap: 'nowrap' },
  error: { color: tokens.colorPaletteRedForeground1, display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  hint: { color: tokens.colorNeutralForeground3 },
});

export function CheckboxGroup(props: { label: string; error?: string; hint?: string; vertical?: boolean; children: ReactNode }) {
  const s = useStyles();
  const labelId = useId();
  const messageId = useId();
  const message = props.error ?? props.hint;
  return (
    <div className={s.root}>
      <Label id={labelId}>{props.label}</Label>
      <div
        role="group"
        aria-labelledby={labelId}
        aria-describedby={message ? messageId : undefined}
        aria-invalid={props.error ? true : undefined}
        className={mergeClasses(s.items, props.vertical && s.vertical)}
      >
        {props.children}
      </div>
      {message && (
        <Text id={messageId} size={200} className={props.error ? s.error : s.hint}>
          {props.error && <ErrorCircle12Filled aria-hidden />}
          {message}
        </Text>
      )}
    </div>
  );
}
