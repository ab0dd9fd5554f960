// A session's progress bar in its result's colour: green success, orange warning, red failure, grey stopped.
// Fluent's own "warning" bar is its dark orange (#da3b01), which reads as red next to a failure: warnings use
// the status-warning orange, as the Warning badge does.
import { ProgressBar, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { SessionResult } from '../../src-shared/domain';

const useStyles = makeStyles({
  // Progress changes a few times a second: an eased width would keep the page repainting between updates.
  still: { transitionProperty: 'none' },
  warning: { backgroundColor: tokens.colorStatusWarningBackground3 },
  stopped: { backgroundColor: tokens.colorNeutralForeground3 },
});

const COLOR = { Failed: 'error', Success: 'success', Running: 'brand', Warning: 'brand', Stopped: 'brand' } as const;

export function ResultProgressBar(props: { result: SessionResult; value: number; label: string; className?: string; thickness?: 'medium' | 'large' }) {
  const s = useStyles();
  return (
    <ProgressBar
      className={props.className}
      bar={{ className: mergeClasses(s.still, props.result === 'Warning' && s.warning, props.result === 'Stopped' && s.stopped) }}
      value={props.value}
      thickness={props.thickness}
      aria-label={props.label}
      color={COLOR[props.result]}
    />
  );
}
