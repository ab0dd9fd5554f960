// Managed servers, credentials and discovery answers for renderer tests (beside fixtures.ts's small lab).
import type { Credential, ManagedServer, ServerProbe } from '../../src-shared/domain';

export const backupAdmin: Credential = {
  id: 'cred-1',
  user: 'LAB\\backup-admin',
  description: 'Domain account for backups',
  createdAt: '2026-11-25T09:00:00Z',
  usedBy: ['hv01'],
};

export const managedServers: ManagedServer[] = [
  {
    id: 'hv01', name: 'HV01', kind: 'hyperv-host', description: '', credentialId: 'cred-1', memberIds: [],
    vss: { failoverToSoftwareProvider: true, maxSnapshotsPerVolume: 4 },
    addedAt: '2026-11-25T09:00:00Z', lastCheckAt: '2026-11-25T10:00:00Z', status: 'ok', statusReason: '',
  },
  {
    id: 'clu01', name: 'CLU01', kind: 'hyperv-cluster', description: 'Production cluster', credentialId: null, memberIds: ['hvc01', 'hvc02'],
    vss: { failoverToSoftwareProvider: false, maxSnapshotsPerVolume: 2 },
    addedAt: '2026-11-25T09:00:00Z', lastCheckAt: '2026-11-25T10:00:00Z', status: 'ok', statusReason: '',
  },
  {
    id: 'proxy01', name: 'PROXY01', kind: 'windows-server', description: '', credentialId: null, memberIds: [],
    vss: { failoverToSoftwareProvider: true, maxSnapshotsPerVolume: 4 },
    addedAt: '2026-11-25T09:00:00Z', lastCheckAt: null, status: 'unreachable', statusReason: 'WinRM did not answer on TCP 5985',
  },
];

const pass = (id: string, title: string, reason: string) => ({ id, title, status: 'pass' as const, reason });

export const hv03Probe: ServerProbe = {
  id: 'hv03',
  name: 'HV03',
  detectedKind: 'hyperv-host',
  os: 'Windows Server 2022 Datacenter (10.0.20348)',
  hyperV: true,
  vssHardwareProvider: 'Contoso SAN VSS Hardware Provider 3.2',
  clusterName: null,
  nodeNames: [],
  vmCount: 1,
  volumes: [{ id: 'vol-hv03-f', path: 'F:\\', kind: 'local', sizeBytes: 2 ** 40, lun: 'LUN-03' }],
  checks: [pass('winrm', 'WinRM answers', 'Connected on TCP 5985'), pass('admin', 'Local administrator', '.\\Administrator is an administrator')],
  alreadyManaged: false,
};

export const proxy04Probe: ServerProbe = {
  ...hv03Probe,
  id: 'proxy04',
  name: 'PROXY04',
  detectedKind: 'windows-server',
  vmCount: 0,
  volumes: [],
};
