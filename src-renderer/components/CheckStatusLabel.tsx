// pass / fail / warning / not applicable with an icon and a word (colour alone is not enough).
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { CheckmarkCircle16Filled, DismissCircle16Filled, SubtractCircle16Regular, Warning16Filled } from '@fluentui/react-icons';
import type { CheckStatus } from '../../src-shared/domain';

const useStyles = makeStyles({
  root: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, fontWeight: tokens.fontWeightSemibold },
  pass: { color: tokens.colorPaletteGreenForeground1 },
  fail: { color: tokens.colorPaletteRedForeground1 },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1 },
  na: { color: tokens.colorNeutralForeground3 },
});

const words: Record<CheckStatus, string> = { pass: 'Pass', fail: 'Fail', warning: 'Warning', 'not-applicable': 'N/A' };
const icons = { pass: CheckmarkCircle16Filled, fail: DismissCircle16Filled, warning: Warning16Filled, 'not-applicable': SubtractCircle16Regular } as const;

export function CheckStatusLabel({ status }: { status: CheckStatus }) {
  const s = useStyles();
  const Icon = icons[status];
  return (
    <span className={mergeClasses(s.root, status === 'not-applicable' ? s.na : s[status])} title={status === 'not-applicable' ? 'Not applicable to this server' : undefined}>
      <Icon aria-hidden />
      {words[status]}
    </span>
  );
}
