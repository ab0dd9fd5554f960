// The estimated snapshot plan (jobs.plan): which volume snapshots the job takes now, which VMs share
// each, and who reads it — an off-host proxy, or the host after failover. Failover and failure stand out.
import { useEffect, useState } from 'react';
import {
  Badge,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { PlannedSnapshot } from '../../../../src-shared/contract';
import type { JobSpecInput } from '../../../../src-shared/domain';
import { getClient } from '../../../backend/client';
import { errorMessage } from '../../../backend/errors';
import { ErrorState } from '../../../components/StateViews';

const useStyles = makeStyles({
  warnRow: { backgroundColor: tokens.colorPaletteYellowBackground1 },
  failRow: { backgroundColor: tokens.colorPaletteRedBackground1 },
  note: { fontSize: tokens.fontSizeBase200 },
});

type PlanState = { status: 'loading' } | { status: 'ready'; plan: PlannedSnapshot[] } | { status: 'error'; message: string };

/** Asks the host for the plan whenever the spec changes; the newest answer wins. */
function usePlan(spec: JobSpecInput): PlanState {
  const key = JSON.stringify(spec);
  const [state, setState] = useState<PlanState>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    getClient()
      .call('jobs.plan', { spec: JSON.parse(key) as JobSpecInput })
      .then(
        (plan) => current && setState({ status: 'ready', plan }),
        (e: unknown) => current && setState({ status: 'error', message: errorMessage(e) }),
      );
    return () => {
      current = false;
    };
  }, [key]);
  return state;
}

export function planSummary(plan: PlannedSnapshot[]): string {
  const offHost = plan.filter((p) => p.mode === 'off-host').length;
  const onHost = plan.filter((p) => p.mode === 'on-host').length;
  const none = plan.filter((p) => p.mode === 'none').length;
  const parts = [`${plan.length} volume snapshot${plan.length === 1 ? '' : 's'}`, `${offHost} read off-host`, `${onHost} on-host`];
  if (none > 0) parts.push(`${none} cannot be processed`);
  return parts.join(', ');
}

export function SnapshotPlan({ spec }: { spec: JobSpecInput }) {
  const s = useStyles();
  const state = usePlan(spec);
  if (state.status === 'loading') return <Spinner size="tiny" label="Estimating the snapshot plan…" />;
  if (state.status === 'error') {
    return (
      <ErrorState title="The snapshot plan could not be estimated" message={state.message} />
    );
  }
  const { plan } = state;
  const warnings = plan.filter((p) => p.warning);
  const failures = plan.filter((p) => p.failReason);
  return (
    <>
      <Text role="status">{planSummary(plan)}</Text>
      {failures.length > 0 && (
        <ErrorState title="Some VMs would fail" message={failures.map((f) => `${f.volumePath}: ${f.failReason}`).join(' · ')} />
      )}
      {warnings.length > 0 && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Failover to on-host</MessageBarTitle>
            {warnings.map((w) => `${w.volumePath}: ${w.warning}`).join(' · ')}
          </MessageBarBody>
        </MessageBar>
      )}
      <Table size="small" aria-label="Estimated snapshot plan">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Volume</TableHeaderCell>
            <TableHeaderCell>Snapshot on host</TableHeaderCell>
            <TableHeaderCell>VMs in this snapshot</TableHeaderCell>
            <TableHeaderCell>Read by</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {plan.map((p, i) => (
            <TableRow key={`${p.volumeId}:${i}`} className={p.failReason ? s.failRow : p.warning ? s.warnRow : undefined} data-mode={p.mode}>
              <TableCell>{p.volumePath}</TableCell>
              <TableCell>{p.hostName}</TableCell>
              <TableCell>{p.vmNames.join(', ')}</TableCell>
              <TableCell>
                {p.mode === 'off-host' ? (
                  <Badge appearance="outline" color="brand">{`Off-host proxy ${p.proxyName ?? ''}`}</Badge>
                ) : p.mode === 'on-host' ? (
                  <Badge appearance="outline" color={p.warning ? 'warning' : 'informative'}>{`On-host (${p.hostName})`}</Badge>
                ) : (
                  <Badge appearance="outline" color="danger">Not processed</Badge>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Text className={s.note}>An estimate from today's proxies and their load: the plan is made again when the job starts.</Text>
    </>
  );
}
