// The view title and the command bar under it (the ribbon of a Windows admin console).
import type { ReactNode } from 'react';
import { Toolbar, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  root: {
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL} 0`,
  },
  title: { margin: `0 0 0 ${tokens.spacingHorizontalS}`, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  bar: { flexWrap: 'wrap', paddingLeft: 0 },
});

export function CommandBar({ title, label, children }: { title: string; label: string; children: ReactNode }) {
  const s = useStyles();
  return (
    <div className={s.root}>
      <h1 className={s.title}>{title}</h1>
      <Toolbar aria-label={label} className={s.bar} size="medium">
        {children}
      </Toolbar>
    </div>
  );
}
