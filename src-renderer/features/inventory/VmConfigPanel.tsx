// A VM's configuration as the engine captures it (and every restore point keeps): generation, CPU, memory,
// firmware, network adapters, and where each disk is attached.
import { Text, makeStyles, tokens } from '@fluentui/react-components';
import type { Vm } from '../../../src-shared/domain';
import type { VmConfig, VmDiskAttachment, VmNic } from '../../../src-shared/vm-config';
import { DataTable, type Column } from '../../components/DataTable';
import { EmptyState } from '../../components/StateViews';
import { formatBytes } from '../../lib/format';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  list: { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalXL, rowGap: tokens.spacingVerticalXS, margin: 0 },
  term: { color: tokens.colorNeutralForeground3 },
  dd: { margin: 0 },
});

/** "4 GB", or "Dynamic: 2 GB at start, 1 GB – 8 GB". */
export function memoryText(memory: VmConfig['memory']): string {
  return memory.dynamic
    ? `Dynamic: ${formatBytes(memory.startupBytes)} at start, ${formatBytes(memory.minimumBytes)} – ${formatBytes(memory.maximumBytes)}`
    : formatBytes(memory.startupBytes);
}

export function firmwareText(config: VmConfig): string {
  if (config.generation === 1 || !config.firmware) return 'BIOS';
  return config.firmware.secureBoot ? `UEFI, Secure Boot (${config.firmware.secureBootTemplate ?? 'default template'})` : 'UEFI, Secure Boot off';
}

const nicColumns: Column<VmNic>[] = [
  { id: 'name', label: 'Adapter', width: 160, render: (n) => n.name },
  { id: 'switch', label: 'Virtual switch', width: 160, render: (n) => n.switchName ?? 'Not connected' },
  { id: 'mac', label: 'MAC address', width: 150, render: (n) => n.macAddress.replace(/(..)(?!$)/g, '$1-') },
  { id: 'type', label: 'MAC', width: 90, render: (n) => (n.macAddressType === 'static' ? 'Static' : 'Dynamic') },
  { id: 'vlan', label: 'VLAN', width: 80, render: (n) => n.vlanId ?? 'None' },
];

const attachmentColumns: Column<VmDiskAttachment>[] = [
  { id: 'disk', label: 'Disk', width: 60, render: (a) => a.diskIndex },
  { id: 'controller', label: 'Controller', width: 120, render: (a) => `${a.controllerType} ${a.controllerNumber}` },
  { id: 'location', label: 'Location', width: 90, render: (a) => a.controllerLocation },
];

export function VmConfigPanel({ vm }: { vm: Vm }) {
  const s = useStyles();
  const config = vm.config;
  if (!config) return <EmptyState>Ferry has not read the configuration of {vm.name} yet (rescan its host).</EmptyState>;
  const rows: [string, string][] = [
    ['Generation', String(config.generation)],
    ['Configuration version', config.configVersion],
    ['Virtual processors', String(config.processorCount)],
    ['Memory', memoryText(config.memory)],
    ['Firmware', firmwareText(config)],
  ];
  return (
    <div className={s.root}>
      <dl className={s.list} aria-label={`Settings of ${vm.name}`}>
        {rows.map(([term, value]) => (
          <div key={term} style={{ display: 'contents' }}>
            <dt className={s.term}>{term}</dt>
            <dd className={s.dd}>{value}</dd>
          </div>
        ))}
      </dl>
      {config.nics.length === 0 ? (
        <Text>No network adapters.</Text>
      ) : (
        <DataTable label={`Network adapters of ${vm.name}`} items={config.nics} columns={nicColumns} getRowId={(n) => `${n.name}/${n.macAddress}`} />
      )}
      <DataTable label={`Disk attachments of ${vm.name}`} items={config.disks} columns={attachmentColumns} getRowId={(a) => String(a.diskIndex)} />
    </div>
  );
}
