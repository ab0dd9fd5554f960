// Off-host backup proxies with their health: status, last check, task slots in use / max, volumes, traffic rule.
import { useMemo } from 'react';
import { Badge, ProgressBar, Text, makeStyles, tokens } from '@fluentui/react-components';
import { CircleOff16Regular } from '@fluentui/react-icons';
import type { Proxy, Volume } from '../../../src-shared/domain';
import { DataTable, type Column } from '../../components/DataTable';
import { LoadableView } from '../../components/StateViews';
import { formatDateTime } from '../../lib/format';
import { useFerryStore } from '../../store';
import { inventorySelectors } from '../../store/slices/inventory/selectors';
import { proxiesSelectors } from '../../store/slices/proxies/selectors';
import { trafficRuleText } from '../proxy-wizard/validation';

const useStyles = makeStyles({
  slots: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, width: '100%' },
  count: { flexShrink: 0 },
  bar: { flexGrow: 1, minWidth: '24px' },
  status: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
  // A disabled proxy stays listed (and editable) but takes no work: dimmed, still readable (contrast ≥ 4.5:1).
  disabledName: { color: tokens.colorNeutralForeground3, fontStyle: 'italic' },
  volumes: { display: 'flex', flexDirection: 'column', paddingBlock: tokens.spacingVerticalXS },
});

function ProxyName({ proxy }: { proxy: Proxy }) {
  const s = useStyles();
  return proxy.enabled ? <>{proxy.name}</> : <span className={s.disabledName}>{proxy.name}</span>;
}

function ProxyStatus({ proxy }: { proxy: Proxy }) {
  const s = useStyles();
  return (
    <span className={s.status}>
      <Badge appearance="tint" color={proxy.status === 'ready' ? 'success' : 'danger'} data-status={proxy.status}>
        {proxy.status === 'ready' ? 'Ready' : 'Unavailable'}
      </Badge>
      {!proxy.enabled && (
        <Badge appearance="tint" color="informative" icon={<CircleOff16Regular />} data-enabled="false">
          Disabled
        </Badge>
      )}
    </span>
  );
}

export function ProxiesTable({ selectedId, onSelect }: { selectedId: string | null; onSelect(id: string | null): void }) {
  const proxies = useFerryStore(proxiesSelectors.loadable);
  const fetchProxies = useFerryStore((s) => s.fetchProxies);
  const volumes = useFerryStore(inventorySelectors.volumes);
  const columns = useMemo(() => proxyColumns(volumes), [volumes]);

  return (
    <LoadableView
      loadable={proxies}
      what="proxies"
      onRetry={() => void fetchProxies()}
      empty="No off-host backup proxies. Jobs in off-host mode will fail over to on-host until you add one."
    >
      {(items) => (
        <DataTable
          label="Off-host backup proxies"
          items={items}
          columns={columns}
          getRowId={(p) => p.id}
          selectedId={selectedId}
          onSelect={onSelect}
          rowLabel={(p) => p.name}
        />
      )}
    </LoadableView>
  );
}

function TaskSlots({ proxy }: { proxy: Proxy }) {
  const s = useStyles();
  const text = `${proxy.tasksInUse} / ${proxy.maxTasks}`;
  return (
    <span className={s.slots}>
      <Text wrap={false} className={s.count} aria-label={`${proxy.tasksInUse} of ${proxy.maxTasks} task slots in use`}>{text}</Text>
      <ProgressBar className={s.bar} value={proxy.tasksInUse / proxy.maxTasks} aria-hidden />
    </span>
  );
}

/** "Automatic:" or "Chosen:", then one volume per line (CSV paths are long: a list wraps between volumes). */
function ConnectedVolumes({ proxy, volumes }: { proxy: Proxy; volumes: Volume[] }) {
  const s = useStyles();
  const path = (id: string) => volumes.find((v) => v.id === id)?.path ?? id;
  return (
    <span className={s.volumes}>
      {/* the text reads as one phrase ("Chosen: C:\…1, C:\…2"); the lines only break it up on screen */}
      <span>{proxy.connectedVolumes.mode === 'automatic' ? 'Automatic: ' : 'Chosen: '}</span>
      {proxy.eligibleVolumeIds.length === 0 ? (
        <span>none</span>
      ) : (
        proxy.eligibleVolumeIds.map((id, i) => <span key={id}>{`${path(id)}${i < proxy.eligibleVolumeIds.length - 1 ? ', ' : ''}`}</span>)
      )}
    </span>
  );
}

function proxyColumns(volumes: Volume[]): Column<Proxy>[] {
  return [
    { id: 'server', label: 'Server', width: 130, render: (p) => <ProxyName proxy={p} />, sortValue: (p) => p.name },
    {
      id: 'status',
      label: 'Status',
      width: 180,
      minWidth: 110,
      render: (p) => <ProxyStatus proxy={p} />,
      sortValue: (p) => `${p.enabled ? 0 : 1}${p.status}`,
    },
    { id: 'tasks', label: 'Tasks in use / max', width: 150, minWidth: 110, render: (p) => <TaskSlots proxy={p} />, sortValue: (p) => p.tasksInUse / p.maxTasks },
    {
      id: 'volumes',
      label: 'Connected volumes',
      width: 240,
      minWidth: 190,
      render: (p) => <ConnectedVolumes proxy={p} volumes={volumes} />,
      sortValue: (p) => p.eligibleVolumeIds.length,
    },
    {
      id: 'throttle',
      label: 'Traffic rule (per task)',
      width: 210,
      minWidth: 150,
      render: (p) => trafficRuleText(p.throttleMBps, p.throttleWindow),
      sortValue: (p) => p.throttleMBps,
    },
    { id: 'checked', label: 'Last check', width: 170, render: (p) => formatDateTime(p.lastCheckAt), sortValue: (p) => p.lastCheckAt },
    { id: 'description', label: 'Description', width: 260, minWidth: 140, render: (p) => p.description },
  ];
}
