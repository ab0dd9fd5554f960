// A task's log lines (proxy install, verify): newest at the bottom, announced politely.
import { makeStyles, tokens } from '@fluentui/react-components';
import type { TaskView } from '../../src-shared/domain';
import { formatTime } from '../lib/format';
import { LogLevelIcon } from './LogLevelIcon';

const useStyles = makeStyles({
  log: {
    margin: 0,
    padding: tokens.spacingHorizontalS,
    listStyle: 'none',
    maxHeight: '220px',
    overflowY: 'auto',
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
  },
  line: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'baseline' },
  time: { color: tokens.colorNeutralForeground3, flexShrink: 0 },
});

export function TaskLog({ label, lines }: { label: string; lines: TaskView['log'] }) {
  const s = useStyles();
  return (
    <ul className={s.log} role="log" aria-label={label} aria-live="polite">
      {lines.map((l, i) => (
        <li key={i} className={s.line} data-level={l.level}>
          <LogLevelIcon level={l.level} />
          <span className={s.time}>{formatTime(l.at)}</span>
          <span>{l.text}</span>
        </li>
      ))}
    </ul>
  );
}
