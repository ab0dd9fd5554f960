// The lab's simulated datacenter: two standalone Hyper-V hosts, a three-node cluster with two CSVs,
// SAN LUNs, and plain servers that can become off-host proxies — all in the LAB domain and preconfigured as
// managed servers — plus two workgroup servers the admin adds in the console (HV03 with one VM, PROXY04), and the
// accounts that get into each. Sizes are small so a lab builds in seconds.
import type { Cluster, Host, ManagedServerKind, Volume } from '../../../../src-shared/domain';
import type { VmConfig } from '../../../../src-shared/vm-config';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const HW_PROVIDER = 'Contoso SAN VSS Hardware Provider 3.2';

export interface LabVmSpec {
  id: string;
  name: string;
  hostId: string;
  clusterId: string | null;
  volumeId: string;
  running: boolean;
  /** virtual size and how much of it holds data, per disk */
  disks: Array<{ virtualMiB: number; dataMiB: number }>;
  /** the settings it was registered with (a restored VM); absent: the lab's default for it (lab-vm-config.ts) */
  config?: VmConfig;
  /** disk files relative to the volume root (a restored VM's, in the folder chosen); absent: Hyper-V/<name>/… */
  diskPaths?: string[];
}

export interface LabTopology {
  hosts: Host[];
  clusters: Cluster[];
  /** volumes without usage (computed from files) */
  volumes: Array<Omit<Volume, 'usedBytes'>>;
  vms: LabVmSpec[];
}

const host = (id: string, name: string, role: Host['role'], o: Partial<Host> = {}): Host => ({
  id,
  name,
  clusterId: null,
  os: 'Windows Server 2022 Datacenter (10.0.20348)',
  hyperV: true,
  vssHardwareProvider: HW_PROVIDER,
  visibleLuns: [],
  cpuCores: 8,
  freeDiskBytes: 200 * GiB,
  role,
  ...o,
});

/**
 * Extra small VMs (two disks each) spread over the four volumes, for load tests of the console and
 * the orchestrator (e.g. 100 → 200 more disks).
 */
function extraVms(count: number): LabVmSpec[] {
  const placement: Array<[string, string, string | null]> = [
    ['hv01', 'vol-hv01-d', null],
    ['hv02', 'vol-hv02-e', null],
    ['hvc01', 'csv1', 'clu01'],
    ['hvc02', 'csv2', 'clu01'],
  ];
  return Array.from({ length: count }, (_, i) => {
    const [hostId, volumeId, clusterId] = placement[i % placement.length];
    const n = String(i + 1).padStart(3, '0');
    return { id: `vm-load${n}`, name: `LOAD${n}`, hostId, clusterId, volumeId, running: false, disks: [{ virtualMiB: 8, dataMiB: 1 }, { virtualMiB: 8, dataMiB: 1 }] };
  });
}

export function defaultTopology(opts: { extraVms?: number } = {}): LabTopology {
  const clusterLuns = ['LUN-10', 'LUN-11'];
  const hosts: Host[] = [
    host('hv01', 'HV01', 'hyperv-host', { visibleLuns: ['LUN-01'] }),
    host('hv02', 'HV02', 'hyperv-host', { visibleLuns: ['LUN-02'] }),
    host('hvc01', 'HVC01', 'hyperv-host', { clusterId: 'clu01', visibleLuns: clusterLuns }),
    host('hvc02', 'HVC02', 'hyperv-host', { clusterId: 'clu01', visibleLuns: clusterLuns }),
    host('hvc03', 'HVC03', 'hyperv-host', { clusterId: 'clu01', visibleLuns: clusterLuns }),
    // Dedicated off-host proxy candidates on the same SAN.
    host('proxy01', 'PROXY01', 'server', { visibleLuns: ['LUN-01', 'LUN-02', ...clusterLuns], cpuCores: 16 }),
    host('proxy02', 'PROXY02', 'server', { visibleLuns: ['LUN-01', 'LUN-02'], cpuCores: 4 }),
    // A server without Hyper-V role nor hardware provider: readiness must say why it cannot serve.
    host('backup03', 'BACKUP03', 'server', {
      os: 'Windows Server 2012 R2 Standard (6.3.9600)',
      hyperV: false,
      vssHardwareProvider: null,
      visibleLuns: [],
      cpuCores: 2,
      freeDiskBytes: 3 * GiB,
    }),
    // Workgroup servers, not preconfigured: the admin adds them with their local Administrator.
    host('hv03', 'HV03', 'hyperv-host', { os: 'Windows Server 2022 Standard (10.0.20348)', visibleLuns: ['LUN-03'], cpuCores: 4, freeDiskBytes: 120 * GiB }),
    host('proxy04', 'PROXY04', 'server', { os: 'Windows Server 2019 Datacenter (10.0.17763)', visibleLuns: ['LUN-01', 'LUN-02', 'LUN-03'], cpuCores: 8 }),
  ];
  const clusters: Cluster[] = [{ id: 'clu01', name: 'CLU01', nodeIds: ['hvc01', 'hvc02', 'hvc03'], csvIds: ['csv1', 'csv2'] }];
  const volumes: LabTopology['volumes'] = [
    { id: 'vol-hv01-d', path: 'D:\\', kind: 'local', clusterId: null, ownerHostId: 'hv01', sizeBytes: 2048 * GiB, lun: 'LUN-01' },
    { id: 'vol-hv02-e', path: 'E:\\', kind: 'local', clusterId: null, ownerHostId: 'hv02', sizeBytes: 2048 * GiB, lun: 'LUN-02' },
    { id: 'csv1', path: 'C:\\ClusterStorage\\Volume1', kind: 'csv', clusterId: 'clu01', ownerHostId: 'hvc01', sizeBytes: 4096 * GiB, lun: 'LUN-10' },
    { id: 'csv2', path: 'C:\\ClusterStorage\\Volume2', kind: 'csv', clusterId: 'clu01', ownerHostId: 'hvc02', sizeBytes: 4096 * GiB, lun: 'LUN-11' },
    { id: 'vol-hv03-f', path: 'F:\\', kind: 'local', clusterId: null, ownerHostId: 'hv03', sizeBytes: 1024 * GiB, lun: 'LUN-03' },
  ];
  const vm = (id: string, name: string, hostId: string, volumeId: string, running: boolean, disks: LabVmSpec['disks']): LabVmSpec => ({
    id,
    name,
    hostId,
    clusterId: hostId.startsWith('hvc') ? 'clu01' : null,
    volumeId,
    running,
    disks,
  });
  const vms: LabVmSpec[] = [
    vm('vm-dc01', 'DC01', 'hv01', 'vol-hv01-d', true, [{ virtualMiB: 64, dataMiB: 12 }]),
    vm('vm-sql01', 'SQL01', 'hv01', 'vol-hv01-d', true, [{ virtualMiB: 64, dataMiB: 10 }, { virtualMiB: 48, dataMiB: 8 }]),
    vm('vm-web01', 'WEB01', 'hv02', 'vol-hv02-e', true, [{ virtualMiB: 48, dataMiB: 8 }]),
    vm('vm-web02', 'WEB02', 'hv02', 'vol-hv02-e', false, [{ virtualMiB: 48, dataMiB: 8 }]),
    vm('vm-app01', 'APP01', 'hvc01', 'csv1', true, [{ virtualMiB: 64, dataMiB: 10 }]),
    vm('vm-app02', 'APP02', 'hvc02', 'csv1', true, [{ virtualMiB: 64, dataMiB: 10 }]),
    vm('vm-file01', 'FILE01', 'hvc03', 'csv2', true, [{ virtualMiB: 96, dataMiB: 16 }, { virtualMiB: 64, dataMiB: 12 }]),
    vm('vm-exch01', 'EXCH01', 'hvc02', 'csv2', false, [{ virtualMiB: 64, dataMiB: 12 }]),
    vm('vm-edge01', 'SRV-EDGE01', 'hv03', 'vol-hv03-f', true, [{ virtualMiB: 32, dataMiB: 4 }]),
  ];
  return { hosts, clusters, volumes, vms: [...vms, ...extraVms(opts.extraVms ?? 0)] };
}

// ---------- managed servers and accounts ----------

/** The lab's Active Directory domain (NetBIOS name) and its DNS suffix: hv01.lab.local. */
export const LAB_DOMAIN = 'LAB';
export const LAB_DNS_SUFFIX = '.lab.local';
export const LAB_PASSWORD = 'FerryLab!2026';

/** Servers outside the domain: neither the console's identity nor LAB accounts get in, only their local Administrator. */
export const LAB_WORKGROUP_SERVER_IDS: readonly string[] = ['hv03', 'proxy04'];

/** Registered as managed servers on the first start, with the console's own identity (as before managed servers existed). */
export const LAB_PRECONFIGURED: ReadonlyArray<{ name: string; kind: ManagedServerKind }> = [
  { name: 'HV01', kind: 'hyperv-host' },
  { name: 'HV02', kind: 'hyperv-host' },
  { name: 'CLU01', kind: 'hyperv-cluster' },
  { name: 'PROXY01', kind: 'windows-server' },
  { name: 'PROXY02', kind: 'windows-server' },
  { name: 'BACKUP03', kind: 'windows-server' },
];

export interface LabAccount {
  /** as an admin types it; null = no stored credential (the console's own Windows identity) */
  user: string | null;
  password: string | null;
  /** 'domain': administrator on every LAB domain server; 'workgroup': the local Administrator of each workgroup server */
  scope: 'domain' | 'workgroup';
  /** what README and `ferry lab init` say about it */
  note: string;
}

/** Who is administrator where. The lab checks logins against this table (lab-servers.ts). */
export const LAB_ACCOUNTS: readonly LabAccount[] = [
  { user: null, password: null, scope: 'domain', note: "the console's own Windows identity (no credential): administrator on the domain servers only" },
  { user: `${LAB_DOMAIN}\\backup-admin`, password: LAB_PASSWORD, scope: 'domain', note: 'administrator on every domain server (also backup-admin@lab.local)' },
  { user: '.\\Administrator', password: LAB_PASSWORD, scope: 'workgroup', note: 'local administrator of the workgroup servers HV03 and PROXY04 (also HV03\\Administrator, PROXY04\\Administrator)' },
];

/** The account table as text, for `ferry lab init` and the start-up log. */
export function labAccountLines(): string[] {
  return LAB_ACCOUNTS.map((a) => (a.user === null ? `  (no credential)  ${a.note}` : `  ${a.user} / ${a.password}  ${a.note}`));
}
