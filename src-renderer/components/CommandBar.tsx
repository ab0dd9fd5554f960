// The command bar above each view (the ribbon of a Windows admin console).
import type { ReactNode } from 'react';
import { Toolbar, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  bar: {
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
    paddingLeft: tokens.spacingHorizontalM,
    flexWrap: 'wrap',
  },
});

export function CommandBar({ label, children }: { label: string; children: ReactNode }) {
  const s = useStyles();
  return (
    <Toolbar aria-label={label} className={s.bar} size="medium">
      {children}
    </Toolbar>
  );
}
