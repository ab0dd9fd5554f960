// A small lab inventory for renderer tests: a standalone host, a 2-node cluster with one CSV, a proxy server.
import type { Inventory, Proxy, ReadinessCheck, Repository } from '../../src-shared/domain';

export const inventory: Inventory = {
  hosts: [
    { id: 'hv01', name: 'HV01', clusterId: null, os: 'Windows Server 2022', hyperV: true, vssHardwareProvider: 'Contoso', visibleLuns: ['LUN-01'], cpuCores: 8, freeDiskBytes: 1e11, role: 'hyperv-host' },
    { id: 'hvc01', name: 'HVC01', clusterId: 'clu01', os: 'Windows Server 2022', hyperV: true, vssHardwareProvider: 'Contoso', visibleLuns: ['LUN-10'], cpuCores: 8, freeDiskBytes: 1e11, role: 'hyperv-host' },
    { id: 'hvc02', name: 'HVC02', clusterId: 'clu01', os: 'Windows Server 2022', hyperV: true, vssHardwareProvider: 'Contoso', visibleLuns: ['LUN-10'], cpuCores: 8, freeDiskBytes: 1e11, role: 'hyperv-host' },
    { id: 'proxy01', name: 'PROXY01', clusterId: null, os: 'Windows Server 2022', hyperV: true, vssHardwareProvider: 'Contoso', visibleLuns: ['LUN-01', 'LUN-10'], cpuCores: 4, freeDiskBytes: 1e11, role: 'server' },
  ],
  clusters: [{ id: 'clu01', name: 'CLU01', nodeIds: ['hvc01', 'hvc02'], csvIds: ['csv1'] }],
  volumes: [
    { id: 'vol-d', path: 'D:\\', kind: 'local', clusterId: null, ownerHostId: 'hv01', sizeBytes: 1e12, usedBytes: 1e11, lun: 'LUN-01' },
    { id: 'csv1', path: 'C:\\ClusterStorage\\Volume1', kind: 'csv', clusterId: 'clu01', ownerHostId: 'hvc01', sizeBytes: 1e12, usedBytes: 1e11, lun: 'LUN-10' },
  ],
  vms: [
    { id: 'dc01', name: 'DC01', hostId: 'hv01', clusterId: null, state: 'Running', disks: [{ index: 0, path: 'D:\\VMs\\DC01.vhdx', format: 'vhdx', virtualSizeBytes: 64 << 20, fileSizeBytes: 32 << 20, volumeId: 'vol-d' }] },
    { id: 'app01', name: 'APP01', hostId: 'hvc01', clusterId: 'clu01', state: 'Running', disks: [{ index: 0, path: 'C:\\ClusterStorage\\Volume1\\APP01.vhdx', format: 'vhdx', virtualSizeBytes: 64 << 20, fileSizeBytes: 32 << 20, volumeId: 'csv1' }] },
  ],
};

export const repositories: Repository[] = [
  { id: 'repo-default', name: 'Default repository', path: '/data/repo', capacityBytes: 1e12, usedBytes: 1e10, restorePoints: 0 },
];

export const proxy01: Proxy = {
  id: 'px-1', serverId: 'proxy01', name: 'PROXY01', description: '', maxTasks: 8, throttleMBps: 0, throttleWindow: null, enabled: true, connectedVolumes: { mode: 'automatic' },
  tasksInUse: 0, eligibleVolumeIds: ['vol-d', 'csv1'],
  status: 'ready', lastCheckAt: '2026-11-25T10:00:00Z', createdAt: '2026-11-25T10:00:00Z',
};

const serverRows = (status: 'pass' | 'fail'): ReadinessCheck[] => [
  { id: 'reachable', title: 'Server is reachable', status: 'pass', reason: 'answered' },
  { id: 'hyperv-role', title: 'Hyper-V role installed', status, reason: status === 'pass' ? 'enabled' : 'not installed', fix: 'Install Hyper-V' },
];

export const readiness: Record<string, ReadinessCheck[]> = {
  proxy01: [
    ...serverRows('pass'),
    { id: 'volume:vol-d', title: 'Volume D:\\', status: 'pass', reason: 'LUN-01 visible', volumeId: 'vol-d' },
    { id: 'volume:csv1', title: 'Volume C:\\ClusterStorage\\Volume1', status: 'pass', reason: 'LUN-10 visible', volumeId: 'csv1' },
  ],
  hvc01: [
    ...serverRows('pass'),
    { id: 'volume:vol-d', title: 'Volume D:\\', status: 'fail', reason: 'LUN-01 not visible', fix: 'Zone LUN-01', volumeId: 'vol-d' },
    { id: 'volume:csv1', title: 'Volume C:\\ClusterStorage\\Volume1', status: 'fail', reason: 'HVC01 is a node of cluster CLU01', fix: 'Use a server that is not a node of this cluster', volumeId: 'csv1' },
  ],
  hv01: [...serverRows('fail'), { id: 'volume:vol-d', title: 'Volume D:\\', status: 'pass', reason: 'visible', volumeId: 'vol-d' }],
};
