// Banners at the top of the session window: failover to on-host, software-provider fallback, crash-consistent
// fallback and failed VMs, with their reasons.
import { MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { memo, useMemo } from 'react';
import type { SnapshotView, VmTaskView } from '../../../src-shared/domain';
import { proxyFailovers, sessionDepartures } from './departures';
import { failedVms, providerFallbacks, writerFallbacks } from './sessionAlerts';

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

export interface SessionAlertsProps {
  vms: VmTaskView[];
  snapshots: SnapshotView[];
}

export const SessionAlerts = memo(function SessionAlerts(props: SessionAlertsProps) {
  const { vms, snapshots } = props;
  const s = useStyles();
  // From the session itself, not the job's current settings: the job may have been edited since.
  const departures = useMemo(() => sessionDepartures(snapshots, vms), [snapshots, vms]);
  const failovers = useMemo(() => proxyFailovers(snapshots), [snapshots]);
  const software = useMemo(() => providerFallbacks(snapshots, vms, departures.softwareFallbacks), [snapshots, vms, departures]);
  const crash = useMemo(() => writerFallbacks(vms, departures.writerFallbackVmIds), [vms, departures]);
  const failed = useMemo(() => failedVms(vms), [vms]);
  if (failovers.length === 0 && software.length === 0 && crash.length === 0 && failed.length === 0) return null;
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
      {software.length > 0 && (
        <MessageBar intent="warning" layout="multiline" data-alert="software-provider">
          <MessageBarBody>
            <MessageBarTitle>Fell back to the software VSS provider</MessageBarTitle>
            A software snapshot cannot be transported to a proxy: its VMs were processed on their Hyper-V host.
            <Lines items={software} />
          </MessageBarBody>
        </MessageBar>
      )}
      {crash.length > 0 && (
        <MessageBar intent="warning" layout="multiline" data-alert="crash-consistent">
          <MessageBarBody>
            <MessageBarTitle>
              {crash.length} VM{crash.length === 1 ? '' : 's'} backed up crash-consistent
            </MessageBarTitle>
            The Hyper-V VSS writer failed for these VMs, so their restore points are crash-consistent (databases replay their logs after a
            restore):
            <Lines items={crash.map((c) => (c.message ? `${c.name}: ${c.message}` : c.name))} />
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
