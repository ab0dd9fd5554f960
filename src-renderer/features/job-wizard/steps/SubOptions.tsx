// The settings that belong to the choice just above them, indented under it.
import type { ReactNode } from 'react';
import { makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  indent: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalL,
    paddingLeft: tokens.spacingHorizontalXXL,
    alignItems: 'flex-start',
  },
});

export function SubOptions({ children }: { children: ReactNode }) {
  return <div className={useStyles().indent}>{children}</div>;
}
