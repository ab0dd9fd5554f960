// PowerShell for the target host of a replication job (Hyper-V module, Windows Server 2016+), run on that host.
// Pure generators, asserted against __golden__/ like every other script; what each prints goes through
// JSON_SENTINEL. The replica VM is what Veeam's model and Hyper-V Manager show: a VM registered Off from the
// source's configuration (network mapped), one standard checkpoint per restore point; after the first point the
// target's data mover writes each increment into the VM's current differencing disk, then a checkpoint makes it
// a point (Checkpoint-VM). Assumptions not verified on a real host are listed in ../README.md.
import { emitJson, psq, psScript } from '../exec/script-text';

export interface ReplicaVmSpec {
  name: string;
  /** the replica VM's folder (its config and disks go below it) */
  folder: string;
  generation: 1 | 2;
  memoryBytes: number;
  cpuCount: number;
  /** the first point's disk files, in controller order */
  disks: string[];
  /** per source network adapter: the target switch, or null for not connected */
  adapters: Array<{ name: string; targetSwitch: string | null }>;
}

/** The replica folder exists (created when missing); prints its volume's free bytes for the up-front space check. */
export function replicaFolderPs(p: { folder: string }): string {
  return psScript([
    `$folder = ${psq(p.folder)}`,
    'if (-not (Test-Path -LiteralPath $folder)) { New-Item -ItemType Directory -Path $folder -Force | Out-Null }',
    '$drive = (Get-Item -LiteralPath $folder).PSDrive',
    emitJson('[pscustomobject]@{ Folder = $folder; FreeBytes = [int64]$drive.Free }'),
  ]);
}

/** Registers the replica VM, Off, with the first point's disks and the mapped networks; fails if the name exists. */
export function registerReplicaPs(p: ReplicaVmSpec): string {
  const lines = [
    `$name = ${psq(p.name)}`,
    "if (Get-VM -Name $name -ErrorAction SilentlyContinue) { throw ('A VM named ' + $name + ' already exists on this host') }",
    `$vm = New-VM -Name $name -Path ${psq(p.folder)} -Generation ${p.generation} -MemoryStartupBytes ${p.memoryBytes} -NoVHD`,
    `Set-VMProcessor -VM $vm -Count ${p.cpuCount}`,
    // checkpoints are the restore points: standard ones (production checkpoints would run the guest's VSS writer)
    'Set-VM -VM $vm -CheckpointType Standard -AutomaticStartAction Nothing -AutomaticStopAction ShutDown',
    'Get-VMNetworkAdapter -VM $vm | Remove-VMNetworkAdapter',
  ];
  for (const d of p.disks) lines.push(`Add-VMHardDiskDrive -VM $vm -Path ${psq(d)}`);
  for (const a of p.adapters) {
    lines.push(a.targetSwitch === null ? `Add-VMNetworkAdapter -VM $vm -Name ${psq(a.name)}` : `Add-VMNetworkAdapter -VM $vm -Name ${psq(a.name)} -SwitchName ${psq(a.targetSwitch)}`);
  }
  lines.push(emitJson('[pscustomobject]@{ Id = [string]$vm.Id; State = [string]$vm.State }'));
  return psScript(lines);
}

/** A restore point: a standard checkpoint; prints the differencing disks the next increment goes into. */
export function checkpointReplicaPs(p: { name: string; checkpointName: string }): string {
  return psScript([
    `$vm = Get-VM -Name ${psq(p.name)} -ErrorAction Stop`,
    `Checkpoint-VM -VM $vm -SnapshotName ${psq(p.checkpointName)} -ErrorAction Stop`,
    emitJson('@(Get-VMHardDiskDrive -VM $vm | ForEach-Object { [pscustomobject]@{ Path = [string]$_.Path; Controller = [int]$_.ControllerNumber; Location = [int]$_.ControllerLocation } })'),
  ]);
}

/** Retention: deletes the oldest checkpoint (Hyper-V merges its disk) and waits until the merge has finished. */
export function mergeOldestCheckpointPs(p: { name: string; checkpointName: string }): string {
  return psScript([
    `$vm = Get-VM -Name ${psq(p.name)} -ErrorAction Stop`,
    `Get-VMSnapshot -VM $vm -Name ${psq(p.checkpointName)} -ErrorAction Stop | Remove-VMSnapshot -Confirm:$false`,
    "while ((Get-VM -Id $vm.Id).Status -match 'Merg') { Start-Sleep -Seconds 2 }",
    emitJson('[pscustomobject]@{ Checkpoints = @(Get-VMSnapshot -VM $vm | ForEach-Object { [string]$_.Name }) }'),
  ]);
}

/** Failover: apply the point's checkpoint (its disks stay untouched; writes go to a new differencing disk), start. */
export function failoverStartPs(p: { name: string; checkpointName: string }): string {
  return psScript([
    `$vm = Get-VM -Name ${psq(p.name)} -ErrorAction Stop`,
    "if ($vm.State -ne 'Off') { throw ('Replica ' + $vm.Name + ' is ' + $vm.State + ', not Off: it was started outside Ferry') }",
    `Get-VMSnapshot -VM $vm -Name ${psq(p.checkpointName)} -ErrorAction Stop | Restore-VMSnapshot -Confirm:$false`,
    'Start-VM -VM $vm -ErrorAction Stop',
    emitJson('[pscustomobject]@{ State = [string](Get-VM -Id $vm.Id).State }'),
  ]);
}

/** Undo failover: power off, discard what the replica wrote (apply the point's checkpoint again). */
export function undoFailoverPs(p: { name: string; checkpointName: string }): string {
  return psScript([
    `$vm = Get-VM -Name ${psq(p.name)} -ErrorAction Stop`,
    "if ($vm.State -ne 'Off') { Stop-VM -VM $vm -TurnOff -Force }",
    `Get-VMSnapshot -VM $vm -Name ${psq(p.checkpointName)} -ErrorAction Stop | Restore-VMSnapshot -Confirm:$false`,
    emitJson('[pscustomobject]@{ State = [string](Get-VM -Id $vm.Id).State }'),
  ]);
}

/** Permanent failover: every checkpoint removed (the chain merges into the disks); the VM is a normal VM now. */
export function permanentFailoverPs(p: { name: string }): string {
  return psScript([
    `$vm = Get-VM -Name ${psq(p.name)} -ErrorAction Stop`,
    'Get-VMSnapshot -VM $vm | Remove-VMSnapshot -Confirm:$false',
    "while ((Get-VM -Id $vm.Id).Status -match 'Merg') { Start-Sleep -Seconds 2 }",
    emitJson('[pscustomobject]@{ State = [string](Get-VM -Id $vm.Id).State; Checkpoints = @(Get-VMSnapshot -VM $vm).Count }'),
  ]);
}

/** Failback's protective checkpoint on the replica (undo failback returns to it), taken before anything is sent. */
export function protectiveCheckpointPs(p: { name: string; checkpointName: string }): string {
  return checkpointReplicaPs(p);
}

/** Planned failover / failback: the source VM shut down through its guest (then turned off after the timeout). */
export function shutDownVmPs(p: { vmId: string; timeoutSeconds: number }): string {
  return psScript([
    `$vm = Get-VM -Id ${psq(p.vmId)} -ErrorAction Stop`,
    "if ($vm.State -ne 'Off') {",
    '  Stop-VM -VM $vm -Force -AsJob | Out-Null',
    `  $deadline = (Get-Date).AddSeconds(${p.timeoutSeconds})`,
    "  while ((Get-VM -Id $vm.Id).State -ne 'Off' -and (Get-Date) -lt $deadline) { Start-Sleep -Seconds 2 }",
    "  if ((Get-VM -Id $vm.Id).State -ne 'Off') { Stop-VM -VM $vm -TurnOff -Force }",
    '}',
    emitJson('[pscustomobject]@{ State = [string](Get-VM -Id $vm.Id).State }'),
  ]);
}
