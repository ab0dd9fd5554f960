// Session / task result as a coloured badge with an icon, the way admins scan a list.
import type { ReactElement } from 'react';
import { Badge } from '@fluentui/react-components';
import {
  ArrowSyncCircle16Filled,
  CheckmarkCircle16Filled,
  DismissCircle16Filled,
  RecordStop16Regular,
  Warning16Filled,
} from '@fluentui/react-icons';
import type { SessionResult } from '../../src-shared/domain';

const look: Record<SessionResult, { color: 'informative' | 'success' | 'warning' | 'danger' | 'subtle'; icon: ReactElement }> = {
  // A still icon, not a Spinner: a spinning badge repaints the whole page every frame while a job runs.
  Running: { color: 'informative', icon: <ArrowSyncCircle16Filled /> },
  Success: { color: 'success', icon: <CheckmarkCircle16Filled /> },
  Warning: { color: 'warning', icon: <Warning16Filled /> },
  Failed: { color: 'danger', icon: <DismissCircle16Filled /> },
  Stopped: { color: 'subtle', icon: <RecordStop16Regular /> },
};

/** `stopping`: a stop was asked for and the running session is winding down — it says so, not "Running". */
export function ResultBadge({ result, size = 'medium', stopping = false }: { result: SessionResult | null; size?: 'medium' | 'large'; stopping?: boolean }) {
  if (!result) return <span aria-label="Never run">—</span>;
  if (result === 'Running' && stopping) {
    return (
      <Badge appearance="tint" color="warning" icon={<RecordStop16Regular />} size={size} data-result={result} data-stopping>
        Stopping…
      </Badge>
    );
  }
  const { color, icon } = look[result];
  return (
    <Badge appearance="tint" color={color} icon={icon} size={size} data-result={result}>
      {result}
    </Badge>
  );
}
