// Jobs (backup and replication): what each protects, how it processes, how it last went.
import { useMemo } from 'react';
import { Badge, makeStyles } from '@fluentui/react-components';
import type { Job, Proxy } from '../../../src-shared/domain';
import { DataTable, type Column } from '../../components/DataTable';
import { ResultBadge } from '../../components/ResultBadge';
import { LoadableView } from '../../components/StateViews';
import { formatDateTime, formatShortDateTime } from '../../lib/format';
import { processingModeText, proxyText } from '../../lib/jobText';
import { scheduleText } from '../../lib/scheduleText';
import { useFerryStore } from '../../store';
import { inventorySelectors } from '../../store/slices/inventory/selectors';
import { jobsSelectors } from '../../store/slices/jobs/selectors';
import { proxiesSelectors } from '../../store/slices/proxies/selectors';

// The columns' widths (~1125 px with the selection column) fit a 1400 px window beside the navigation.
const useStyles = makeStyles({
  // a VM name never breaks inside ("SRV-" / "EDGE01"); the list breaks between names
  vmName: { whiteSpace: 'nowrap' },
});

/** "DC01, SRV-EDGE01, WEB01", wrapping only between names. */
function VmNames({ names }: { names: string[] }) {
  const s = useStyles();
  return (
    <span data-vm-names>
      {names.map((n, i) => (
        <span key={n}>
          <span className={s.vmName}>{n}</span>
          {i < names.length - 1 ? ', ' : ''}
        </span>
      ))}
    </span>
  );
}

const jobKindText = (j: Job) => (j.spec.kind === 'replication' ? 'Replication' : 'Backup');

/** A short date in the cell, the full one as its tooltip. */
function When({ iso }: { iso: string | null }) {
  return <span title={iso ? formatDateTime(iso) : undefined}>{formatShortDateTime(iso)}</span>;
}

export function JobsTable() {
  const jobs = useFerryStore(jobsSelectors.loadable);
  const selectedId = useFerryStore(jobsSelectors.selectedId);
  const selectJob = useFerryStore((s) => s.selectJob);
  const fetchJobs = useFerryStore((s) => s.fetchJobs);
  const proxies = useFerryStore(proxiesSelectors.items);
  const vms = useFerryStore(inventorySelectors.vms);
  const columns = useMemo(() => jobColumns(proxies, (id) => vms.find((v) => v.id === id)?.name ?? id), [proxies, vms]);

  return (
    <LoadableView
      loadable={jobs}
      what="jobs"
      onRetry={() => void fetchJobs()}
      empty="No jobs yet. Click New job to back up or replicate your first VMs."
    >
      {(items) => (
        <DataTable
          label="Jobs"
          items={items}
          columns={columns}
          getRowId={(j) => j.id}
          selectedId={selectedId}
          onSelect={selectJob}
          rowLabel={(j) => j.spec.name}
        />
      )}
    </LoadableView>
  );
}

function jobColumns(proxies: Proxy[], vmName: (id: string) => string): Column<Job>[] {
  return [
    {
      id: 'name',
      label: 'Name',
      width: 160,
      render: (j) => (
        <>
          {j.spec.name}
          {!j.spec.enabled && (
            <>
              {' '}
              <Badge appearance="outline" color="subtle" size="small">
                Disabled
              </Badge>
            </>
          )}
        </>
      ),
      sortValue: (j) => j.spec.name,
    },
    { id: 'kind', label: 'Type', width: 90, minWidth: 90, render: (j) => jobKindText(j), sortValue: jobKindText },
    {
      id: 'vms',
      label: 'VMs',
      width: 170,
      minWidth: 130,
      render: (j) => <VmNames names={j.spec.vmIds.map(vmName)} />,
      sortValue: (j) => j.spec.vmIds.length,
    },
    { id: 'mode', label: 'Processing mode', width: 140, render: processingModeText, sortValue: processingModeText },
    { id: 'proxy', label: 'Proxy', width: 100, render: (j) => proxyText(j, proxies) },
    {
      id: 'result',
      label: 'Last result',
      width: 110,
      minWidth: 110,
      render: (j) => <ResultBadge result={j.lastResult} />,
      sortValue: (j) => j.lastResult ?? '',
    },
    { id: 'lastRun', label: 'Last run', width: 120, minWidth: 120, render: (j) => <When iso={j.lastRunAt} />, sortValue: (j) => j.lastRunAt ?? '' },
    { id: 'schedule', label: 'Schedule', width: 130, render: (j) => scheduleText(j.spec) },
    { id: 'nextRun', label: 'Next run', width: 120, minWidth: 120, render: (j) => <When iso={j.nextRunAt} />, sortValue: (j) => j.nextRunAt ?? '' },
  ];
}
