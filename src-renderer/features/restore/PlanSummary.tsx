// What a restore will do, as the engine planned it (nothing changed yet): per VM the target, name, path, network
// and what each disk writes; the space check per target volume (needed vs free); and anything that blocks it.
import { MessageBar, MessageBarBody, MessageBarTitle, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { PlannedVmRestore, RestorePlan } from '../../../src-shared/contract/restore';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorState, LoadingState } from '../../components/StateViews';
import { formatBytes, formatDateTime } from '../../lib/format';
import type { PlanState } from './usePlan';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  list: { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalXL, rowGap: tokens.spacingVerticalXS, margin: 0 },
  term: { color: tokens.colorNeutralForeground3 },
  dd: { margin: 0, overflowWrap: 'anywhere' },
  heading: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  issues: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

type Space = RestorePlan['space'][number];

const spaceColumns: Column<Space>[] = [
  { id: 'volume', label: 'Volume', width: 220, render: (v) => `${v.serverName} ${v.volumePath}` },
  { id: 'needed', label: 'Needed', width: 100, render: (v) => formatBytes(v.neededBytes) },
  { id: 'free', label: 'Free', width: 100, render: (v) => formatBytes(v.freeBytes) },
  { id: 'ok', label: 'Space check', width: 150, render: (v) => <span data-space={v.ok ? 'ok' : 'short'}>{v.ok ? 'Enough space' : `Short by ${formatBytes(v.neededBytes - v.freeBytes)}`}</span> },
];

export function PlanSummary({ state, onRetry }: { state: PlanState; onRetry(): void }) {
  const s = useStyles();
  if (state.status === 'loading') return <LoadingState label="Checking the target: space, names, network…" />;
  if (state.status === 'error') return <ErrorState title="The restore could not be checked" message={state.message} onRetry={onRetry} />;
  const { plan } = state;
  return (
    <div className={s.root}>
      {plan.blockers.length > 0 && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>The restore cannot start</MessageBarTitle>
            <ul className={s.issues} aria-label="What blocks the restore">
              {plan.blockers.map((b, i) => (
                <li key={i} data-code={b.code}>
                  {b.message}
                </li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      )}
      {plan.items.map((item) => (
        <PlannedItem key={`${item.vmId}/${item.pointId}`} item={item} />
      ))}
      <h4 className={s.heading}>Space on the target</h4>
      <DataTable label="Space check" items={plan.space} columns={spaceColumns} getRowId={(v) => `${v.serverName}/${v.volumePath}`} />
      <Text weight="semibold" data-bytes-to-write={plan.bytesToWrite}>
        In all: {formatBytes(plan.bytesToWrite)} to write
      </Text>
    </div>
  );
}

function PlannedItem({ item }: { item: PlannedVmRestore }) {
  const s = useStyles();
  const rows: [string, string][] = [
    ['Restore point', formatDateTime(item.pointCreatedAt)],
    ['Target', item.targetServerName],
    ...(item.targetVmName ? ([['VM name', item.targetVmName]] as [string, string][]) : []),
    ['Path', item.targetPath],
    ...(item.mode === 'new' ? ([['VM id', item.newVmId ? 'New' : 'Kept']] as [string, string][]) : []),
    ...(item.originalVmState ? ([['Original VM', item.originalVmState === 'Running' ? 'Running: it is powered off first' : 'Off']] as [string, string][]) : []),
    ...(item.network.length > 0
      ? ([['Network', item.network.map((n) => `${n.nicName}: ${n.sourceSwitch ?? 'not connected'} → ${n.targetSwitch ?? 'not connected'}`).join('; ')]] as [string, string][])
      : []),
    ...item.disks.map(
      (d): [string, string] => [
        `Disk ${d.diskIndex}`,
        `${d.targetPath}: ${formatBytes(d.bytesToWrite)} of ${formatBytes(d.virtualSizeBytes)} to write${d.quickRollback ? ` (${d.quickRollback.used ? 'quick rollback' : 'full'}: ${d.quickRollback.reason})` : ''}`,
      ],
    ),
  ];
  return (
    <section aria-label={`Restore of ${item.vmName}`}>
      <h4 className={s.heading}>{item.vmName}</h4>
      <dl className={s.list}>
        {rows.map(([term, value]) => (
          <div key={term} style={{ display: 'contents' }}>
            <dt className={s.term}>{term}</dt>
            <dd className={s.dd}>{value}</dd>
          </div>
        ))}
      </dl>
      {item.warnings.length > 0 && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            {item.warnings.map((w) => (
              <div key={w}>{w}</div>
            ))}
          </MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
