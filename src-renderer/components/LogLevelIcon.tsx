import { makeStyles, tokens } from '@fluentui/react-components';
import { DismissCircle16Filled, Info16Regular, Warning16Filled } from '@fluentui/react-icons';

const useStyles = makeStyles({
  info: { color: tokens.colorNeutralForeground3, flexShrink: 0 },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1, flexShrink: 0 },
  error: { color: tokens.colorPaletteRedForeground1, flexShrink: 0 },
});

export function LogLevelIcon({ level }: { level: 'info' | 'warning' | 'error' }) {
  const s = useStyles();
  if (level === 'error') return <DismissCircle16Filled className={s.error} aria-label="Error" role="img" />;
  if (level === 'warning') return <Warning16Filled className={s.warning} aria-label="Warning" role="img" />;
  return <Info16Regular className={s.info} aria-label="Info" role="img" />;
}
