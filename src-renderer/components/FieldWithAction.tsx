// A field with a command beside its control ("Add new server…", "Add credential…"): the command lines up
// with the control, not with the label above it, and never wraps.
import type { ReactNode } from 'react';
import { makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  row: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalM },
  field: { flexGrow: 1, maxWidth: '520px', '& .fui-Dropdown': { minWidth: '100%' } },
  // A Field's label line (medium label + the gap under it) is 26px tall.
  action: { marginTop: '26px', flexShrink: 0, whiteSpace: 'nowrap' },
});

export function FieldWithAction({ children, action }: { children: ReactNode; action: ReactNode }) {
  const s = useStyles();
  return (
    <div className={s.row}>
      <div className={s.field}>{children}</div>
      <div className={s.action}>{action}</div>
    </div>
  );
}
