// PowerShell for Hyper-V Resilient Change Tracking (root\virtualization\v2, Windows Server 2016+), run on the
// Hyper-V host that owns the VMs. Pure generators, asserted against __golden__/ like every other script.
//   - rctReferencePointsPs: Msvm_VirtualSystemReferencePointService.CreateReferencePoint(ReferencePointType 1 =
//     RCT-based) per VM, then the reference point's ResilientChangeTrackingIdentifiers matched to each disk
//     through VirtualDiskIdentifiers (the InstanceID of the disk's Msvm_StorageAllocationSettingData, whose
//     HostResource[0] is the file) — by identity, never by array position.
//   - rctChangesPs: Msvm_ImageManagementService.GetVirtualDiskChanges(Path, LimitId = the RCT id, offset, length)
//     in a loop (the call may process less than asked: ProcessedByteLength). Anything but a synchronous success
//     with progress (a job, 0 bytes processed, an error) is reported, never guessed: guessing could miss a change.
//   - rctRetirePs: Msvm_VirtualSystemReferencePointService.DestroyReferencePoint for the VM's reference points
//     (associators through Msvm_ReferencePointOfVirtualSystem) that hold an RCT id Ferry retires and none it keeps:
//     a reference point another product made holds none of Ferry's ids and is never touched.
// A VM or disk that fails is reported in the JSON with its return code, never thrown: the engine then reads that
// disk in full, the backup goes on.
import { emitJson, jsonResultLine, psScript, psq } from '../exec/script-text';

const NS = 'root\\virtualization\\v2';

function ps(lines: string[]): string {
  return psScript([`$ns = ${psq(NS)}`, ...lines]);
}

/** Waits for a Msvm_ConcreteJob (JobState 7 = completed); returns its ErrorCode (0 when it completed). */
const WAIT_JOB = [
  'function Wait-FerryJob($job) {',
  '  $j = Get-CimInstance -InputObject $job',
  '  while ($j.JobState -eq 3 -or $j.JobState -eq 4) { Start-Sleep -Milliseconds 200; $j = Get-CimInstance -InputObject $job }',
  '  if ($j.JobState -eq 7) { return 0 }',
  '  if ($j.ErrorCode) { return [int]$j.ErrorCode }',
  '  return 32768',
  '}',
];

/** Host: a new RCT reference point per VM (taken before the VSS snapshot: see change-tracking.ts for why). */
export function rctReferencePointsPs(p: { vmIds: string[] }): string {
  return ps([
    ...WAIT_JOB,
    '$svc = Get-CimInstance -Namespace $ns -ClassName Msvm_VirtualSystemReferencePointService',
    `$out = @(foreach ($id in @(${p.vmIds.map(psq).join(', ')})) {`,
    '  $entry = [pscustomobject]@{ VmId = $id; Code = 0; Error = $null; InstanceId = $null; Disks = @() }',
    '  try {',
    "    $vm = Get-CimInstance -Namespace $ns -ClassName Msvm_ComputerSystem -Filter (\"Name='\" + $id + \"'\")",
    "    if (-not $vm) { throw ('VM ' + $id + ' not found') }",
    "    $r = Invoke-CimMethod -InputObject $svc -MethodName CreateReferencePoint -Arguments @{ AffectedSystem = $vm; ReferencePointSettings = ''; ReferencePointType = [uint16]1 }",
    '    $code = [int]$r.ReturnValue',
    '    $rp = $null',
    '    if ($code -eq 4096) {',
    '      $code = Wait-FerryJob $r.Job',
    '      if ($code -eq 0) { $rp = Get-CimAssociatedInstance -InputObject $r.Job -ResultClassName Msvm_VirtualSystemReferencePoint | Select-Object -First 1 }',
    '    } elseif ($code -eq 0) { $rp = Get-CimInstance -InputObject $r.ResultingReferencePoint }',
    '    $entry.Code = $code',
    '    if ($code -eq 0 -and $rp) {',
    '      $entry.InstanceId = [string]$rp.InstanceID',
    "      $vssd = Get-CimAssociatedInstance -InputObject $vm -ResultClassName Msvm_VirtualSystemSettingData | Where-Object { $_.VirtualSystemType -eq 'Microsoft:Hyper-V:System:Realized' } | Select-Object -First 1",
    '      $sasd = @(Get-CimAssociatedInstance -InputObject $vssd -ResultClassName Msvm_StorageAllocationSettingData)',
    '      $ids = @($rp.VirtualDiskIdentifiers); $rcts = @($rp.ResilientChangeTrackingIdentifiers)',
    '      $entry.Disks = @(for ($i = 0; $i -lt $ids.Count; $i++) {',
    '        $disk = $sasd | Where-Object { $_.InstanceID -eq $ids[$i] } | Select-Object -First 1',
    '        [pscustomobject]@{ Path = [string](@($disk.HostResource)[0]); RctId = [string]$rcts[$i] } })',
    "    } elseif ($code -eq 0) { $entry.Code = 32768; $entry.Error = 'no reference point was returned' }",
    '  } catch { $entry.Code = -1; $entry.Error = $_.Exception.Message }',
    '  $entry',
    '})',
    jsonResultLine('@($out)', 5),
  ]);
}

/** Host: byte ranges of one virtual disk changed since an RCT id, up to now. */
export function rctChangesPs(p: { path: string; rctId: string; virtualSize: number }): string {
  return ps([
    '$ims = Get-CimInstance -Namespace $ns -ClassName Msvm_ImageManagementService',
    `$path = ${psq(p.path)}; $limit = ${psq(p.rctId)}; $size = [uint64]${p.virtualSize}`,
    '$offset = [uint64]0; $offsets = New-Object System.Collections.Generic.List[uint64]; $lengths = New-Object System.Collections.Generic.List[uint64]; $code = 0',
    'while ($offset -lt $size) {',
    "  $r = Invoke-CimMethod -InputObject $ims -MethodName GetVirtualDiskChanges -Arguments @{ Path = $path; LimitId = $limit; TargetSnapshotId = ''; ByteOffset = $offset; ByteLength = ($size - $offset) }",
    '  $code = [int]$r.ReturnValue',
    '  # a job (4096) carries no ranges back: reported as is, the engine reads the disk in full',
    '  if ($code -ne 0) { break }',
    '  foreach ($o in @($r.ChangedByteOffsets)) { $offsets.Add([uint64]$o) }',
    '  foreach ($l in @($r.ChangedByteLengths)) { $lengths.Add([uint64]$l) }',
    '  $done = [uint64]$r.ProcessedByteLength',
    '  if ($done -eq 0) { $code = 32775; break }',
    '  $offset += $done',
    '}',
    emitJson('[pscustomobject]@{ Code = $code; Offsets = @($offsets); Lengths = @($lengths) }', 3),
  ]);
}

/** Host: destroy the VM's reference points that Ferry no longer builds on (see the header for the rule). */
export function rctRetirePs(p: { vmId: string; retire: string[]; keep: string[] }): string {
  const ids = (xs: string[]) => (xs.length === 0 ? '@()' : `@(${xs.map(psq).join(', ')})`);
  return ps([
    ...WAIT_JOB,
    '$svc = Get-CimInstance -Namespace $ns -ClassName Msvm_VirtualSystemReferencePointService',
    `$retire = ${ids(p.retire)}; $keep = ${ids(p.keep)}`,
    `$vm = Get-CimInstance -Namespace $ns -ClassName Msvm_ComputerSystem -Filter ("Name='" + ${psq(p.vmId)} + "'")`,
    '$destroyed = @(); $failed = @()',
    'if ($vm) {',
    '  foreach ($rp in @(Get-CimAssociatedInstance -InputObject $vm -ResultClassName Msvm_VirtualSystemReferencePoint)) {',
    '    $rcts = @($rp.ResilientChangeTrackingIdentifiers)',
    '    if (-not ($rcts | Where-Object { $retire -contains $_ })) { continue }',
    '    if ($rcts | Where-Object { $keep -contains $_ }) { continue }',
    '    try {',
    "      $r = Invoke-CimMethod -InputObject $svc -MethodName DestroyReferencePoint -Arguments @{ AffectedReferencePoint = $rp }",
    '      $code = [int]$r.ReturnValue',
    '      if ($code -eq 4096) { $code = Wait-FerryJob $r.Job }',
    '    } catch { $code = -1 }',
    '    if ($code -eq 0) { $destroyed += [string]$rp.InstanceID } else { $failed += [pscustomobject]@{ InstanceId = [string]$rp.InstanceID; Code = $code } }',
    '  }',
    '}',
    emitJson('[pscustomobject]@{ Found = [bool]$vm; Destroyed = @($destroyed); Failed = @($failed) }', 3),
  ]);
}
