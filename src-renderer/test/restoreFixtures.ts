// Restore points with saved VM configurations, and restore targets, for the restore wizards' tests.
import type { RestorePlan, RestoreTarget } from '../../src-shared/contract/restore';
import type { RestorePoint } from '../../src-shared/domain';
import type { VmConfig } from '../../src-shared/vm-config';

type Disk = RestorePoint['disks'][number];

export const appConfig: VmConfig = {
  generation: 2,
  configVersion: '10.0',
  processorCount: 4,
  memory: { startupBytes: 4 * 2 ** 30, dynamic: false, minimumBytes: 4 * 2 ** 30, maximumBytes: 4 * 2 ** 30 },
  firmware: { secureBoot: true, secureBootTemplate: 'MicrosoftWindows' },
  nics: [
    { name: 'Network Adapter', switchName: 'LAN', macAddress: '00155D010203', macAddressType: 'dynamic', vlanId: null },
    { name: 'Backup NIC', switchName: 'Backup', macAddress: '00155D010204', macAddressType: 'static', vlanId: 20 },
  ],
  disks: [
    { diskIndex: 0, controllerType: 'SCSI', controllerNumber: 0, controllerLocation: 0 },
    { diskIndex: 1, controllerType: 'SCSI', controllerNumber: 0, controllerLocation: 1 },
  ],
  configFiles: [],
};

const disk = (vmId: string, vmName: string, diskIndex: number, kind: Disk['kind']): Disk => ({
  vmId, vmName, diskIndex, sourcePath: `C:\\ClusterStorage\\Volume1\\${vmName}_${diskIndex}.vhdx`, virtualSizeBytes: 64 << 20, storedBytes: 1 << 20, kind, consistency: 'application',
});

export function restorePoint(id: string, createdAt: string, opts: { config?: VmConfig | null; kind?: Disk['kind'] } = {}): RestorePoint {
  const config = opts.config === undefined ? appConfig : opts.config;
  return {
    id, jobId: 'job-1', jobName: 'Nightly', jobDeleted: false, sessionId: `s-${id}`, repositoryId: 'repo-default', createdAt, lastVerify: null,
    disks: [disk('app01', 'APP01', 0, opts.kind ?? 'full'), disk('app01', 'APP01', 1, opts.kind ?? 'full')],
    vms: [{ vmId: 'app01', vmName: 'APP01', hostId: 'hvc01', clusterId: 'clu01', config }],
  };
}

export const restorePoints: RestorePoint[] = [restorePoint('rp-1', '2026-11-24T22:00:00Z'), restorePoint('rp-2', '2026-11-25T22:00:00Z', { kind: 'incremental' })];

export const targets: RestoreTarget[] = [
  { serverId: 'hv01', name: 'HV01', kind: 'hyperv-host', nodeIds: [], defaultPath: 'D:\\Hyper-V', volumes: [{ path: 'D:\\', kind: 'local', freeBytes: 900e9 }], switches: ['LAN', 'Isolated'], available: true, unavailableReason: null },
  { serverId: 'clu01', name: 'CLU01', kind: 'hyperv-cluster', nodeIds: ['hvc01', 'hvc02'], defaultPath: 'C:\\ClusterStorage\\Volume1', volumes: [{ path: 'C:\\ClusterStorage\\Volume1', kind: 'csv', freeBytes: 800e9 }], switches: ['LAN', 'Backup'], available: true, unavailableReason: null },
  { serverId: 'proxy01', name: 'PROXY01', kind: 'windows-server', nodeIds: [], defaultPath: 'E:\\', volumes: [{ path: 'E:\\', kind: 'local', freeBytes: 100e9 }], switches: [], available: true, unavailableReason: null },
];

export function plan(overrides: Partial<RestorePlan> = {}): RestorePlan {
  return {
    items: [
      {
        vmId: 'app01', vmName: 'APP01', pointId: 'rp-2', pointCreatedAt: '2026-11-25T22:00:00Z', mode: 'new', targetServerId: 'hv01', targetServerName: 'HV01', targetHostId: 'hv01',
        targetVmName: 'APP01_restored', targetPath: 'D:\\Hyper-V\\APP01_restored', newVmId: true,
        network: [{ nicName: 'Network Adapter', sourceSwitch: 'LAN', targetSwitch: 'LAN' }, { nicName: 'Backup NIC', sourceSwitch: 'Backup', targetSwitch: null }],
        disks: [0, 1].map((i) => ({ diskIndex: i, virtualSizeBytes: 64 << 20, targetPath: `D:\\Hyper-V\\APP01_restored\\APP01_${i}.vhdx`, bytesToWrite: 64 << 20, quickRollback: null })),
        originalVmState: null, warnings: [],
      },
    ],
    space: [{ volumePath: 'D:\\', serverName: 'HV01', neededBytes: 128 << 20, freeBytes: 900e9, ok: true }],
    blockers: [],
    ok: true,
    bytesToWrite: 128 << 20,
    ...overrides,
  };
}
