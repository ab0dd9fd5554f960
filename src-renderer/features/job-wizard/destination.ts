// Replication destination: which servers can hold replicas, and the folder each gets by default.
import type { Host, Inventory, Volume } from '../../../src-shared/domain';
import { DEFAULT_REPLICA_PATH } from './draft';

export interface TargetChoice {
  host: Host;
  /** 'HV01' or 'HVC01 (cluster CLU01)' */
  label: string;
  /** the CSV a cluster node writes to by default (most free space); null for a standalone host */
  csv: Volume | null;
  freeBytes: number;
}

const free = (v: Volume) => v.sizeBytes - v.usedBytes;

/** Hyper-V hosts of the inventory, standalone first, then cluster nodes with their cluster. */
export function targetChoices(inv: Inventory): TargetChoice[] {
  const out = inv.hosts
    .filter((h) => h.role === 'hyperv-host' && h.hyperV)
    .map((host): TargetChoice => {
      if (!host.clusterId) return { host, label: host.name, csv: null, freeBytes: host.freeDiskBytes };
      const cluster = inv.clusters.find((c) => c.id === host.clusterId);
      const csvs = inv.volumes.filter((v) => v.kind === 'csv' && v.clusterId === host.clusterId);
      const csv = csvs.reduce<Volume | null>((best, v) => (!best || free(v) > free(best) ? v : best), null);
      return { host, label: `${host.name} (cluster ${cluster?.name ?? host.clusterId})`, csv, freeBytes: csv ? free(csv) : host.freeDiskBytes };
    });
  return out.sort((a, b) => Number(a.host.clusterId !== null) - Number(b.host.clusterId !== null) || a.host.name.localeCompare(b.host.name));
}

/** C:\Replicas on a standalone host; on a cluster the CSV with the most free space (every node sees it). */
export function defaultReplicaPath(choice: TargetChoice | undefined): string {
  if (!choice?.csv) return DEFAULT_REPLICA_PATH;
  return `${choice.csv.path.replace(/\\+$/, '')}\\Replicas`;
}
