// PowerShell for restores on a Hyper-V host (or a plain server for folder restores), run over WinRM like every
// other snippet; pure generators, asserted against testing/__golden__/. The disk data itself is written by the
// Ferry agent on the target (restore frames), never by these scripts.
//   - restoreFactsPs: the host's default VM path (Get-VMHost), its switches (Get-VMSwitch), local volumes with free
//     space; on a cluster node also the CSVs (Get-ClusterSharedVolume) with their owner node.
//   - vmStatePs / stopVmPs / startVmPs / findVmPs: Get-VM by id or name; Stop-VM tries a guest shutdown, then -TurnOff.
//   - registerVmPs: with a saved .vmcx in the VM folder, Compare-VM (-Register keeps the VM id, -Copy -GenerateNewId
//     a new one), the report's switch incompatibilities answered with the mapped switch (or disconnected), then
//     Import-VM; otherwise New-VM -NoVHD with the saved generation, memory, CPU, firmware, NICs (MAC, VLAN) and the
//     restored disks at their controller locations. The VM's Notes carry `ferry-restore-id:<id>` so a crash
//     clean-up finds it (unregisterVmPs) whatever id Hyper-V gave it.
//   - addClusterRolePs, attachDisksPs (Set- or Add-VMHardDiskDrive at the saved location), createFolderPs,
//     renameFilePs (Move-Item; without replace refused when the target exists), removeFilesPs.
import type { VmConfig, VmDiskAttachment } from '../../../../../src-shared/vm-config';
import { emitJson, psScript, psq } from '../exec/script-text';

export const RESTORE_TAG = 'ferry-restore-id:';

const ps = (lines: string[]): string => psScript(lines);

/** Host facts a restore target needs (path, switches, free space; CSVs on a cluster node). */
export function restoreFactsPs(p: { cluster: boolean }): string {
  return ps([
    '$h = Get-VMHost',
    '$switches = @(Get-VMSwitch | ForEach-Object { [string]$_.Name })',
    "$vols = @(Get-CimInstance -ClassName Win32_Volume -Filter 'DriveType=3' | Where-Object { $_.DriveLetter } | ForEach-Object { [pscustomobject]@{ Path = ([string]$_.DriveLetter + '\\'); FreeBytes = [uint64]$_.FreeSpace; Csv = $false; Owner = $env:COMPUTERNAME } })",
    ...(p.cluster
      ? [
          '$csvs = @(Get-ClusterSharedVolume | ForEach-Object {',
          '  $i = $_.SharedVolumeInfo | Select-Object -First 1',
          '  [pscustomobject]@{ Path = [string]$i.FriendlyVolumeName; FreeBytes = [uint64]$i.Partition.FreeSpace; Csv = $true; Owner = [string]$_.OwnerNode.Name } })',
          '$vols = @($vols + $csvs)',
        ]
      : []),
    emitJson('[pscustomobject]@{ VmPath = [string]$h.VirtualMachinePath; Switches = $switches; Volumes = $vols }', 4),
  ]);
}

const GET_VM_BY_ID = (vmId: string) => `$vm = Get-VM -Id ${psq(vmId)} -ErrorAction SilentlyContinue`;

export function vmStatePs(p: { vmId: string }): string {
  return ps([GET_VM_BY_ID(p.vmId), emitJson("if ($vm) { [pscustomobject]@{ Id = [string]$vm.Id; State = [string]$vm.State } } else { [pscustomobject]@{ Id = $null; State = 'Missing' } }")]);
}

export function findVmPs(p: { name: string }): string {
  return ps([`$vm = @(Get-VM -Name ${psq(p.name)} -ErrorAction SilentlyContinue) | Select-Object -First 1`, emitJson('if ($vm) { [pscustomobject]@{ Id = [string]$vm.Id } } else { [pscustomobject]@{ Id = $null } }')]);
}

/** Guest shutdown first (integration services), then a turn-off: an original-location restore needs the VM off. */
export function stopVmPs(p: { vmId: string }): string {
  return ps([
    GET_VM_BY_ID(p.vmId),
    "if (-not $vm) { throw ('VM ' + " + psq(p.vmId) + " + ' not found') }",
    "if ($vm.State -ne 'Off') {",
    '  try { Stop-VM -VM $vm -Force -ErrorAction Stop } catch { Stop-VM -VM $vm -TurnOff -Force }',
    '}',
    emitJson("[pscustomobject]@{ State = [string](Get-VM -Id $vm.Id).State }"),
  ]);
}

export function startVmPs(p: { vmId: string }): string {
  return ps([GET_VM_BY_ID(p.vmId), "if (-not $vm) { throw ('VM ' + " + psq(p.vmId) + " + ' not found') }", 'Start-VM -VM $vm', emitJson("[pscustomobject]@{ State = [string](Get-VM -Id $vm.Id).State }")]);
}

export function createFolderPs(p: { path: string }): string {
  return ps([`New-Item -ItemType Directory -Force -Path ${psq(p.path)} | Out-Null`, emitJson('[pscustomobject]@{ Ok = $true }')]);
}

export function renameFilePs(p: { from: string; to: string; replace: boolean }): string {
  return ps([
    `$from = ${psq(p.from)}; $to = ${psq(p.to)}`,
    ...(p.replace ? ['Move-Item -LiteralPath $from -Destination $to -Force'] : ["if (Test-Path -LiteralPath $to) { throw ('FERRY_EXISTS: ' + $to) }", 'Move-Item -LiteralPath $from -Destination $to']),
    emitJson('[pscustomobject]@{ Ok = $true }'),
  ]);
}

export function removeFilesPs(p: { paths: string[] }): string {
  return ps([`foreach ($f in @(${p.paths.map(psq).join(', ')})) { if (Test-Path -LiteralPath $f) { Remove-Item -LiteralPath $f -Force } }`, emitJson('[pscustomobject]@{ Ok = $true }')]);
}

export interface RegisterVmScript {
  name: string;
  /** Ferry's id for this restored VM (kept in Notes); with keepId the saved config's own id is kept */
  restoreId: string;
  keepId: boolean;
  path: string;
  config: VmConfig;
  disks: Array<{ path: string; attachment: VmDiskAttachment }>;
  switchPerNic: Array<string | null>;
  /** the saved .vmcx among the restored files, when the point has it */
  vmcxPath: string | null;
}

const attachLine = (d: { path: string; attachment: VmDiskAttachment }) =>
  `Add-VMHardDiskDrive -VM $vm -ControllerType ${d.attachment.controllerType} -ControllerNumber ${d.attachment.controllerNumber} -ControllerLocation ${d.attachment.controllerLocation} -Path ${psq(d.path)}`;

/** New-VM from the saved settings (no .vmcx in the point). */
function newVmLines(p: RegisterVmScript): string[] {
  const c = p.config;
  const mem = c.memory;
  const lines = [
    `$vm = New-VM -Name ${psq(p.name)} -Generation ${c.generation} -Version ${psq(c.configVersion)} -MemoryStartupBytes ${mem.startupBytes} -Path ${psq(p.path)} -NoVHD`,
    `Set-VM -VM $vm -ProcessorCount ${c.processorCount}`,
    mem.dynamic ? `Set-VMMemory -VM $vm -DynamicMemoryEnabled $true -MinimumBytes ${mem.minimumBytes} -MaximumBytes ${mem.maximumBytes} -StartupBytes ${mem.startupBytes}` : 'Set-VMMemory -VM $vm -DynamicMemoryEnabled $false',
  ];
  if (c.firmware) {
    lines.push(c.firmware.secureBoot ? `Set-VMFirmware -VM $vm -EnableSecureBoot On -SecureBootTemplate ${psq(c.firmware.secureBootTemplate ?? 'MicrosoftWindows')}` : 'Set-VMFirmware -VM $vm -EnableSecureBoot Off');
  }
  lines.push('Get-VMNetworkAdapter -VM $vm | Remove-VMNetworkAdapter');
  c.nics.forEach((n, i) => {
    const sw = p.switchPerNic[i] ?? null;
    const mac = n.macAddressType === 'static' ? ` -StaticMacAddress ${psq(n.macAddress)}` : '';
    lines.push(`$nic = Add-VMNetworkAdapter -VM $vm -Name ${psq(n.name)}${sw ? ` -SwitchName ${psq(sw)}` : ''}${mac} -Passthru`);
    if (n.vlanId !== null) lines.push(`Set-VMNetworkAdapterVlan -VMNetworkAdapter $nic -Access -VlanId ${n.vlanId}`);
  });
  for (const d of p.disks) lines.push(attachLine(d));
  return lines;
}

/** Compare-VM/Import-VM of the saved .vmcx: the VM as it was, switches answered from the mapping. */
function importLines(p: RegisterVmScript): string[] {
  const sw = p.config.nics.map((n, i) => `@{ Name = ${psq(n.name)}; Switch = ${p.switchPerNic[i] ? psq(p.switchPerNic[i] as string) : '$null'} }`);
  return [
    `$report = Compare-VM -Path ${psq(p.vmcxPath ?? '')} ${p.keepId ? '-Register' : `-Copy -GenerateNewId -VirtualMachinePath ${psq(p.path)} -VhdDestinationPath ${psq(`${p.path}\\Virtual Hard Disks`)}`}`,
    `$map = @(${sw.join(', ')})`,
    'foreach ($i in @($report.Incompatibilities)) {',
    '  # 33012: the switch the adapter was connected to is missing on this host',
    '  if ($i.MessageId -eq 33012) { $m = $map | Where-Object { $_.Name -eq $i.Source.Name } | Select-Object -First 1',
    '    if ($m -and $m.Switch) { Connect-VMNetworkAdapter -VMNetworkAdapter $i.Source -SwitchName $m.Switch } else { Disconnect-VMNetworkAdapter -VMNetworkAdapter $i.Source } }',
    '}',
    `Rename-VM -VM $report.VM -NewName ${psq(p.name)}`,
    '$vm = Import-VM -CompatibilityReport $report',
  ];
}

export function registerVmPs(p: RegisterVmScript): string {
  return ps([
    `if (Get-VM -Name ${psq(p.name)} -ErrorAction SilentlyContinue) { throw ('FERRY_EXISTS: ' + ${psq(p.name)}) }`,
    ...(p.vmcxPath ? importLines(p) : newVmLines(p)),
    `Set-VM -VM $vm -Notes (${psq(RESTORE_TAG + p.restoreId)})`,
    emitJson("[pscustomobject]@{ Id = [string]$vm.Id; State = [string]$vm.State }"),
  ]);
}

/** A VM a restore registered, by Ferry's id (Notes) or Hyper-V's; its files stay. */
export function unregisterVmPs(p: { restoreId: string }): string {
  return ps([
    `$tag = ${psq(RESTORE_TAG + p.restoreId)}`,
    `$vms = @(Get-VM | Where-Object { ([string]$_.Notes).Contains($tag) -or ([string]$_.Id) -eq ${psq(p.restoreId)} })`,
    "foreach ($v in $vms) { if ($v.State -ne 'Off') { Stop-VM -VM $v -TurnOff -Force }; Remove-VM -VM $v -Force }",
    emitJson('[pscustomobject]@{ Removed = $vms.Count }'),
  ]);
}

export function addClusterRolePs(p: { vmName: string }): string {
  return ps([`$g = Add-ClusterVirtualMachineRole -VMName ${psq(p.vmName)}`, emitJson('[pscustomobject]@{ Group = [string]$g.Name }')]);
}

/** Restored disks onto an existing (off) VM: replaces the drive at the location, else adds one there. */
export function attachDisksPs(p: { vmId: string; disks: Array<{ path: string; attachment: VmDiskAttachment }> }): string {
  const lines = [GET_VM_BY_ID(p.vmId), "if (-not $vm) { throw ('VM ' + " + psq(p.vmId) + " + ' not found') }", "if ($vm.State -ne 'Off') { throw 'FERRY_VM_RUNNING' }"];
  for (const d of p.disks) {
    const a = d.attachment;
    lines.push(
      `$d = Get-VMHardDiskDrive -VM $vm -ControllerType ${a.controllerType} -ControllerNumber ${a.controllerNumber} -ControllerLocation ${a.controllerLocation}`,
      `if ($d) { Set-VMHardDiskDrive -VMHardDiskDrive $d -Path ${psq(d.path)} } else { ${attachLine(d)} }`,
    );
  }
  lines.push(emitJson('[pscustomobject]@{ Ok = $true }'));
  return ps(lines);
}
