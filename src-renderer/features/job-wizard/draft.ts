// The job being composed in the wizard, and how it becomes a JobSpec for `jobs.create`.
import type { JobSpecInput } from '../../../src-shared/domain';

export type Compression = 'none' | 'optimal' | 'high' | 'extreme';
export type BlockSize = '256K' | '512K' | '1M' | '4M';

export interface JobDraft {
  name: string;
  description: string;
  vmIds: string[];
  repositoryId: string;
  compression: Compression;
  blockSize: BlockSize;
  mode: 'on-host' | 'off-host';
  proxySelection: 'automatic' | 'pinned';
  pinnedProxyIds: string[];
  failoverToOnHost: boolean;
  applicationConsistent: boolean;
}

/** Off-host, automatic, failover on: the product's point, and the documented defaults. */
export function emptyDraft(): JobDraft {
  return {
    name: '',
    description: '',
    vmIds: [],
    repositoryId: '',
    compression: 'optimal',
    blockSize: '1M',
    mode: 'off-host',
    proxySelection: 'automatic',
    pinnedProxyIds: [],
    failoverToOnHost: true,
    applicationConsistent: true,
  };
}

export function draftToSpec(d: JobDraft): JobSpecInput {
  return {
    name: d.name.trim(),
    description: d.description,
    vmIds: d.vmIds,
    repositoryId: d.repositoryId,
    compression: d.compression,
    blockSize: d.blockSize,
    applicationConsistent: d.applicationConsistent,
    processing:
      d.mode === 'on-host'
        ? { mode: 'on-host' }
        : {
            mode: 'off-host',
            proxySelection: d.proxySelection,
            // A pinned list only means something when pinning is chosen.
            pinnedProxyIds: d.proxySelection === 'pinned' ? d.pinnedProxyIds : [],
            failoverToOnHost: d.failoverToOnHost,
          },
  };
}

export const COMPRESSION_OPTIONS: { value: Compression; label: string; hint: string }[] = [
  { value: 'none', label: 'None', hint: 'No compression; fastest, largest backups' },
  { value: 'optimal', label: 'Optimal (recommended)', hint: 'LZ4: good reduction at low CPU cost' },
  { value: 'high', label: 'High', hint: 'More reduction, about twice the CPU' },
  { value: 'extreme', label: 'Extreme', hint: 'Most reduction, several times the CPU' },
];

export const BLOCK_SIZE_OPTIONS: { value: BlockSize; label: string; hint: string }[] = [
  { value: '4M', label: '4 MB — large blocks', hint: 'Very large disks, deduplicating storage appliances' },
  { value: '1M', label: '1 MB — local target (recommended)', hint: 'SAN, DAS or local storage; fastest' },
  { value: '512K', label: '512 KB — LAN target', hint: 'NAS and on-site backups' },
  { value: '256K', label: '256 KB — WAN target', hint: 'Best deduplication, off-site backups' },
];
