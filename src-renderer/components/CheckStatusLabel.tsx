// pass / fail / warning with an icon and a word (colour alone is not enough).
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { CheckmarkCircle16Filled, DismissCircle16Filled, Warning16Filled } from '@fluentui/react-icons';

const useStyles = makeStyles({
  root: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, fontWeight: tokens.fontWeightSemibold },
  pass: { color: tokens.colorPaletteGreenForeground1 },
  fail: { color: tokens.colorPaletteRedForeground1 },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1 },
});

const words = { pass: 'Pass', fail: 'Fail', warning: 'Warning' } as const;

export function CheckStatusLabel({ status }: { status: 'pass' | 'fail' | 'warning' }) {
  const s = useStyles();
  const Icon = status === 'pass' ? CheckmarkCircle16Filled : status === 'fail' ? DismissCircle16Filled : Warning16Filled;
  return (
    <span className={mergeClasses(s.root, s[status])}>
      <Icon aria-hidden />
      {words[status]}
    </span>
  );
}
