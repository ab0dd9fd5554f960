// Each cluster with its nodes and its cluster shared volumes (CSVs).
import { Card, CardHeader, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ServerMultiple20Regular } from '@fluentui/react-icons';
import type { Inventory, Volume } from '../../../src-shared/domain';
import { DataTable, type Column } from '../../components/DataTable';
import { EmptyState } from '../../components/StateViews';
import { formatBytes } from '../../lib/format';

const useStyles = makeStyles({
  cards: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  nodes: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
});

export function ClustersPanel({ inventory }: { inventory: Inventory }) {
  const s = useStyles();
  const hostName = (id: string) => inventory.hosts.find((h) => h.id === id)?.name ?? id;
  if (inventory.clusters.length === 0) return <EmptyState>No failover clusters in the inventory.</EmptyState>;

  return (
    <div className={s.cards}>
      {inventory.clusters.map((c) => {
        const csvs = inventory.volumes.filter((v) => c.csvIds.includes(v.id));
        return (
          <Card key={c.id} aria-label={`Cluster ${c.name}`}>
            <CardHeader image={<ServerMultiple20Regular />} header={<Text weight="semibold">{c.name}</Text>} />
            <Text>Nodes</Text>
            <ul className={s.nodes} aria-label={`Nodes of ${c.name}`}>
              {c.nodeIds.map((id) => (
                <li key={id}>{hostName(id)}</li>
              ))}
            </ul>
            <DataTable label={`Cluster shared volumes of ${c.name}`} items={csvs} columns={volumeColumns(hostName)} getRowId={(v) => v.id} />
          </Card>
        );
      })}
    </div>
  );
}

export function volumeColumns(hostName: (id: string) => string): Column<Volume>[] {
  return [
    { id: 'path', label: 'Path', width: 260, render: (v) => v.path, sortValue: (v) => v.path },
    { id: 'kind', label: 'Kind', width: 90, render: (v) => (v.kind === 'csv' ? 'CSV' : 'SAN LUN') },
    { id: 'owner', label: 'Owner', width: 130, render: (v) => hostName(v.ownerHostId), sortValue: (v) => hostName(v.ownerHostId) },
    { id: 'lun', label: 'LUN', width: 100, render: (v) => v.lun },
    { id: 'size', label: 'Size', width: 100, render: (v) => formatBytes(v.sizeBytes), sortValue: (v) => v.sizeBytes },
    { id: 'used', label: 'Used', width: 100, render: (v) => formatBytes(v.usedBytes), sortValue: (v) => v.usedBytes },
  ];
}
