// Banners at the top of the session window: failover to on-host and failed VMs, with their reasons.
import { MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { memo, useMemo } from 'react';
import type { VmTaskView } from '../../../src-shared/domain';
import { failedVms, failoverWarnings } from './sessionAlerts';

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

const MAX_SHOWN = 5;

function Lines({ items }: { items: string[] }) {
  const s = useStyles();
  return (
    <ul className={s.list}>
      {items.slice(0, MAX_SHOWN).map((t) => (
        <li key={t}>{t}</li>
      ))}
      {items.length > MAX_SHOWN && <li>…and {items.length - MAX_SHOWN} more (see the log)</li>}
    </ul>
  );
}

export const SessionAlerts = memo(function SessionAlerts({ vms, logFailovers }: { vms: VmTaskView[]; logFailovers: string[] }) {
  const s = useStyles();
  const failovers = useMemo(() => failoverWarnings(vms, logFailovers), [vms, logFailovers]);
  const failed = useMemo(() => failedVms(vms), [vms]);
  if (failovers.length === 0 && failed.length === 0) return null;
  return (
    <div className={s.stack}>
      {failovers.length > 0 && (
        <MessageBar intent="warning" layout="multiline" data-alert="failover">
          <MessageBarBody>
            <MessageBarTitle>Failed over to on-host backup</MessageBarTitle>
            These volumes were read by their Hyper-V host instead of an off-host proxy, which loads production hosts:
            <Lines items={failovers} />
          </MessageBarBody>
        </MessageBar>
      )}
      {failed.length > 0 && (
        <MessageBar intent="error" layout="multiline" data-alert="failed">
          <MessageBarBody>
            <MessageBarTitle>
              {failed.length} VM{failed.length === 1 ? '' : 's'} failed
            </MessageBarTitle>
            <Lines items={failed.map((f) => `${f.name}: ${f.message}`)} />
          </MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
});
