// Backup jobs: what each protects, how it processes, how it last went.
import { useMemo } from 'react';
import { Badge } from '@fluentui/react-components';
import type { Job, Proxy } from '../../../src-shared/domain';
import { DataTable, type Column } from '../../components/DataTable';
import { ResultBadge } from '../../components/ResultBadge';
import { LoadableView } from '../../components/StateViews';
import { formatDateTime } from '../../lib/format';
import { processingModeText, proxyText } from '../../lib/jobText';
import { scheduleText } from '../../lib/scheduleText';
import { useFerryStore } from '../../store';
import { inventorySelectors } from '../../store/slices/inventory/selectors';
import { jobsSelectors } from '../../store/slices/jobs/selectors';
import { proxiesSelectors } from '../../store/slices/proxies/selectors';

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
      what="backup jobs"
      onRetry={() => void fetchJobs()}
      empty="No backup jobs yet. Click New backup job to protect your first VMs."
    >
      {(items) => (
        <DataTable
          label="Backup jobs"
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
      width: 220,
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
    {
      id: 'vms',
      label: 'VMs',
      width: 220,
      render: (j) => j.spec.vmIds.map(vmName).join(', '),
      sortValue: (j) => j.spec.vmIds.length,
    },
    { id: 'mode', label: 'Processing mode', width: 200, render: processingModeText, sortValue: processingModeText },
    { id: 'proxy', label: 'Proxy', width: 140, render: (j) => proxyText(j, proxies) },
    {
      id: 'result',
      label: 'Last result',
      width: 120,
      minWidth: 120,
      render: (j) => <ResultBadge result={j.lastResult} />,
      sortValue: (j) => j.lastResult ?? '',
    },
    { id: 'lastRun', label: 'Last run', width: 170, minWidth: 170, render: (j) => formatDateTime(j.lastRunAt), sortValue: (j) => j.lastRunAt ?? '' },
    { id: 'schedule', label: 'Schedule', width: 170, render: (j) => scheduleText(j.spec) },
    { id: 'nextRun', label: 'Next run', width: 170, minWidth: 170, render: (j) => formatDateTime(j.nextRunAt), sortValue: (j) => j.nextRunAt ?? '' },
  ];
}
