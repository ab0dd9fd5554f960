// Term / value pairs (a <dl>): what a wizard found, will do, or did. One look for every wizard and dialog.
import { Fragment, type ReactNode } from 'react';
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  list: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalXL,
    rowGap: tokens.spacingVerticalS,
    margin: 0,
  },
  framed: {
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalM,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0 },
});

export interface DetailItem {
  term: string;
  value: ReactNode;
}

export function DetailsList({ label, items, framed = false }: { label: string; items: DetailItem[]; framed?: boolean }) {
  const s = useStyles();
  return (
    <dl className={mergeClasses(s.list, framed && s.framed)} aria-label={label}>
      {items.map((item) => (
        <Fragment key={item.term}>
          <dt className={s.term}>{item.term}</dt>
          <dd className={s.value}>{item.value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}
