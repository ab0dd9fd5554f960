// A titled region of a view; the heading names the region for assistive tech.
import { useId, type ReactNode } from 'react';
import { makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  header: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
  title: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
});

export function Section({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  const s = useStyles();
  const id = useId();
  return (
    <section className={s.section} aria-labelledby={id}>
      <div className={s.header}>
        <h2 id={id} className={s.title}>
          {title}
        </h2>
        {actions}
      </div>
      {children}
    </section>
  );
}
