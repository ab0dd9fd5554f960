// The VM settings the lab models per VM (what Get-VM, Get-VMMemory, Get-VMFirmware, Get-VMNetworkAdapter and
// Get-VMHardDiskDrive report on Windows), and the virtual switches and default VM path of each lab host.
// Deterministic per VM so a lab made by an older version gets the same settings without storing them; a VM the
// lab gained by a restore keeps the configuration it was registered with (LabVmSpec.config).
import { createHash } from 'node:crypto';
import type { VmConfig } from '../../../../src-shared/vm-config';
import type { LabTopology, LabVmSpec } from './topology';

const MiB = 1024 * 1024;

/** Virtual switches per lab host: the standalone hosts differ so a restore to another host needs a network mapping. */
const HOST_SWITCHES: Record<string, string[]> = {
  hv01: ['vSwitch-Prod', 'vSwitch-Backup'],
  hv02: ['vSwitch-Prod', 'vSwitch-DMZ'],
  hv03: ['Edge-External'],
  hvc01: ['ClusterSwitch', 'vSwitch-Prod'],
  hvc02: ['ClusterSwitch', 'vSwitch-Prod'],
  hvc03: ['ClusterSwitch', 'vSwitch-Prod'],
};

export const labHostSwitches = (hostId: string): string[] => [...(HOST_SWITCHES[hostId] ?? [])];

/** The first NIC's switch a VM on this host uses by default (the host's first switch). */
const defaultSwitch = (hostId: string): string | null => HOST_SWITCHES[hostId]?.[0] ?? null;

/** Hyper-V's dynamic MAC range 00-15-5D-…, unique per VM and NIC. */
function macFor(vmId: string, nic: number): string {
  const h = createHash('sha256').update(`${vmId}/${nic}`).digest('hex').toUpperCase();
  return `00155D${h.slice(0, 6)}`;
}

/** The VM's settings: what it was registered with, else the lab's deterministic default. */
export function labVmConfig(vm: LabVmSpec): VmConfig {
  if (vm.config) return structuredClone(vm.config);
  const seed = createHash('sha256').update(vm.id).digest();
  const generation = vm.name.startsWith('LOAD') || seed[0] % 4 !== 0 ? 2 : 1;
  const startup = (1 + (seed[1] % 4)) * 1024 * MiB;
  const dynamic = seed[2] % 2 === 0;
  const nics: VmConfig['nics'] = [{ name: 'Network Adapter', switchName: defaultSwitch(vm.hostId), macAddress: macFor(vm.id, 0), macAddressType: 'dynamic', vlanId: null }];
  // the SQL and file servers have a second NIC on the backup network, tagged and with a static MAC
  if (/SQL|FILE/.test(vm.name)) {
    nics.push({ name: 'Backup Network', switchName: HOST_SWITCHES[vm.hostId]?.[1] ?? null, macAddress: macFor(vm.id, 1), macAddressType: 'static', vlanId: 120 });
  }
  return {
    generation,
    configVersion: '10.0',
    processorCount: 2 + (seed[3] % 3) * 2,
    memory: { startupBytes: startup, dynamic, minimumBytes: dynamic ? 512 * MiB : startup, maximumBytes: dynamic ? startup * 4 : startup },
    firmware: generation === 2 ? { secureBoot: true, secureBootTemplate: 'MicrosoftWindows' } : null,
    nics,
    disks: vm.disks.map((_, i) =>
      generation === 2
        ? { diskIndex: i, controllerType: 'SCSI' as const, controllerNumber: 0, controllerLocation: i }
        : { diskIndex: i, controllerType: i < 2 ? ('IDE' as const) : ('SCSI' as const), controllerNumber: 0, controllerLocation: i < 2 ? i : i - 2 },
    ),
    configFiles: [],
  };
}

/** Where Hyper-V Manager would put a new VM on this host: its first local volume's Hyper-V folder (cluster: a CSV). */
export function labDefaultVmPath(topo: LabTopology, hostId: string): string | null {
  const host = topo.hosts.find((h) => h.id === hostId);
  if (!host) return null;
  const vol = topo.volumes.find((v) => (host.clusterId ? v.clusterId === host.clusterId : v.kind === 'local' && v.ownerHostId === hostId));
  return vol ? `${vol.path.replace(/\\$/, '')}\\Hyper-V` : null;
}
