// Backup repositories with capacity and restore point counts.
import { useMemo } from 'react';
import { ProgressBar } from '@fluentui/react-components';
import type { Repository } from '../../../src-shared/domain';
import { DataTable, type Column } from '../../components/DataTable';
import { LoadableView } from '../../components/StateViews';
import { formatBytes, formatPercent } from '../../lib/format';
import { useFerryStore } from '../../store';
import { repositoriesSelectors } from '../../store/slices/repositories/selectors';

export function RepositoriesTable() {
  const repositories = useFerryStore(repositoriesSelectors.loadable);
  const fetchRepositories = useFerryStore((s) => s.fetchRepositories);
  const columns = useMemo(repositoryColumns, []);
  return (
    <LoadableView loadable={repositories} what="repositories" onRetry={() => void fetchRepositories()} empty="No backup repositories. Click Add repository to register a folder.">
      {(items) => <DataTable label="Backup repositories" items={items} columns={columns} getRowId={(r) => r.id} />}
    </LoadableView>
  );
}

function repositoryColumns(): Column<Repository>[] {
  // Bounded and rounded: a tiny fraction would print as "1e-7", which is not a valid aria-valuenow.
  const usedFraction = (r: Repository) =>
    r.capacityBytes > 0 ? Math.min(1, Math.max(0, Math.round((r.usedBytes / r.capacityBytes) * 1000) / 1000)) : 0;
  return [
    { id: 'name', label: 'Name', width: 160, render: (r) => r.name, sortValue: (r) => r.name },
    { id: 'path', label: 'Path', width: 320, render: (r) => r.path },
    { id: 'capacity', label: 'Capacity', width: 100, render: (r) => formatBytes(r.capacityBytes), sortValue: (r) => r.capacityBytes },
    { id: 'free', label: 'Free', width: 100, render: (r) => formatBytes(r.capacityBytes - r.usedBytes), sortValue: (r) => r.capacityBytes - r.usedBytes },
    {
      id: 'used',
      label: 'Used',
      width: 140,
      render: (r) => <ProgressBar value={usedFraction(r)} aria-label={`Used ${formatPercent(usedFraction(r))}`} />,
      sortValue: usedFraction,
    },
    { id: 'points', label: 'Restore points', width: 120, render: (r) => r.restorePoints, sortValue: (r) => r.restorePoints },
  ];
}
