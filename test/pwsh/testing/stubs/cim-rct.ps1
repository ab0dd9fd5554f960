# Stub CIM commands for the RCT scripts (rct-scripts.ts): Msvm_* instances as CIM-like objects, Invoke-CimMethod
# answering CreateReferencePoint / GetVirtualDiskChanges / DestroyReferencePoint as configured in $FerryRct, job
# polling through Get-CimInstance -InputObject, and Start-Sleep counted instead of slept. Every call is appended as
# a JSON line to $FerryRct.callLog, so a test sees the exact arguments the script passed (types included).
#
# $FerryRct = @{ callLog; vms = @(@{ id; create = @{ code; jobStates; jobError }; rp = @{ instanceId; diskIds; rctIds };
#                                  sasd = @(@{ instanceId; path }); referencePoints = @(@{ instanceId; rctIds }) });
#               changes = @(@{ code; offsets; lengths; processed }); destroy = @{ <instanceId> = code } }
$FerryRctState = @{ changeCall = 0; jobPolls = @{}; sleeps = 0 }

function Write-FerryCall([string]$Name, $Details) {
  $line = ConvertTo-Json -Compress -Depth 6 -InputObject ([pscustomobject]@{ call = $Name; details = $Details })
  [IO.File]::AppendAllText($FerryRct.callLog, $line + "`n", (New-Object System.Text.UTF8Encoding($false)))
}

function New-FerryCim([string]$Class, [hashtable]$Properties) {
  $o = [pscustomobject]$Properties
  $o.PSObject.TypeNames.Insert(0, "Microsoft.Management.Infrastructure.CimInstance#root/virtualization/v2/$Class")
  $o | Add-Member -NotePropertyName CimClassName -NotePropertyValue $Class
  $o
}

function Get-FerryVm([string]$Id) { @($FerryRct.vms | Where-Object { $_.id -eq $Id })[0] }

function Get-CimInstance {
  [CmdletBinding()]
  param([string]$Namespace, [string]$ClassName, [string]$Filter, $InputObject)
  if ($InputObject -and $InputObject.CimClassName -ne 'Msvm_ConcreteJob') { return $InputObject }
  if ($InputObject) {
    # a job being polled: the next of its configured states
    $key = $InputObject.InstanceID
    $n = [int]$FerryRctState.jobPolls[$key]; $FerryRctState.jobPolls[$key] = $n + 1
    $states = @($InputObject.FerryStates)
    $state = $states[[Math]::Min($n, $states.Count - 1)]
    return New-FerryCim 'Msvm_ConcreteJob' @{ InstanceID = $key; JobState = [uint16]$state; ErrorCode = [uint16]$InputObject.FerryError; FerryStates = $states; FerryError = $InputObject.FerryError; FerryVmId = $InputObject.FerryVmId }
  }
  if ($Namespace -ne 'root\virtualization\v2') { throw "Invalid namespace '$Namespace'" }
  Write-FerryCall 'Get-CimInstance' @{ ClassName = $ClassName; Filter = $Filter }
  switch ($ClassName) {
    'Msvm_VirtualSystemReferencePointService' { New-FerryCim $ClassName @{ Name = 'vmms' } }
    'Msvm_ImageManagementService' { New-FerryCim $ClassName @{ Name = 'vhdsvc' } }
    'Msvm_ComputerSystem' {
      if ($Filter -notmatch "^Name='(.*)'$") { throw "Invalid query: $Filter" }
      $vm = Get-FerryVm $Matches[1]
      if ($vm) { New-FerryCim $ClassName @{ Name = $vm.id; ElementName = "vm $($vm.id)" } }
    }
    default { throw "Get-CimInstance stub: no class $ClassName" }
  }
}

function Get-FerryReferencePoint($vm) {
  New-FerryCim 'Msvm_VirtualSystemReferencePoint' @{ InstanceID = $vm.rp.instanceId; VirtualDiskIdentifiers = [string[]]@($vm.rp.diskIds); ResilientChangeTrackingIdentifiers = [string[]]@($vm.rp.rctIds) }
}

function Invoke-CimMethod {
  [CmdletBinding()]
  param($InputObject, [string]$MethodName, [System.Collections.IDictionary]$Arguments)
  $types = @{}
  foreach ($k in $Arguments.Keys) { $types[$k] = if ($null -eq $Arguments[$k]) { 'null' } else { $Arguments[$k].GetType().Name } }
  switch ($MethodName) {
    'CreateReferencePoint' {
      $vm = Get-FerryVm $Arguments.AffectedSystem.Name
      Write-FerryCall $MethodName @{ VmId = $Arguments.AffectedSystem.Name; ReferencePointType = $Arguments.ReferencePointType; Settings = $Arguments.ReferencePointSettings; Types = $types }
      $code = [int]$vm.create.code
      if ($code -eq 4096) {
        $job = New-FerryCim 'Msvm_ConcreteJob' @{ InstanceID = "job-$($vm.id)"; JobState = [uint16]4; FerryStates = @($vm.create.jobStates); FerryError = [int]$vm.create.jobError; FerryVmId = $vm.id }
        return [pscustomobject]@{ ReturnValue = [uint32]4096; Job = $job }
      }
      if ($code -eq 0) { return [pscustomobject]@{ ReturnValue = [uint32]0; ResultingReferencePoint = (Get-FerryReferencePoint $vm) } }
      return [pscustomobject]@{ ReturnValue = [uint32]$code }
    }
    'GetVirtualDiskChanges' {
      Write-FerryCall $MethodName @{ Path = $Arguments.Path; LimitId = $Arguments.LimitId; TargetSnapshotId = $Arguments.TargetSnapshotId; ByteOffset = $Arguments.ByteOffset; ByteLength = $Arguments.ByteLength; Types = $types }
      $answer = @($FerryRct.changes)[$FerryRctState.changeCall]
      $FerryRctState.changeCall++
      if (-not $answer) { throw 'GetVirtualDiskChanges stub: called more often than configured' }
      return [pscustomobject]@{ ReturnValue = [uint32]$answer.code; ChangedByteOffsets = [uint64[]]@($answer.offsets); ChangedByteLengths = [uint64[]]@($answer.lengths); ProcessedByteLength = [uint64]$answer.processed }
    }
    'DestroyReferencePoint' {
      $id = $Arguments.AffectedReferencePoint.InstanceID
      Write-FerryCall $MethodName @{ InstanceId = $id }
      $code = if ($FerryRct.destroy -and $null -ne $FerryRct.destroy.$id) { [int]$FerryRct.destroy.$id } else { 0 }
      if ($code -eq -1) { throw "The WMI provider refused to destroy $id" }
      return [pscustomobject]@{ ReturnValue = [uint32]$code }
    }
    default { throw "Invoke-CimMethod stub: no method $MethodName" }
  }
}

function Get-CimAssociatedInstance {
  [CmdletBinding()]
  param($InputObject, [string]$ResultClassName)
  $class = $InputObject.CimClassName
  if ($class -eq 'Msvm_ConcreteJob' -and $ResultClassName -eq 'Msvm_VirtualSystemReferencePoint') { return Get-FerryReferencePoint (Get-FerryVm $InputObject.FerryVmId) }
  if ($class -eq 'Msvm_ComputerSystem' -and $ResultClassName -eq 'Msvm_VirtualSystemSettingData') {
    # a checkpoint's settings first: the script must pick the realized (running) configuration
    New-FerryCim $ResultClassName @{ InstanceID = "Microsoft:$($InputObject.Name):snapshot"; VirtualSystemType = 'Microsoft:Hyper-V:Snapshot:Realized'; FerryVmId = $InputObject.Name }
    New-FerryCim $ResultClassName @{ InstanceID = "Microsoft:$($InputObject.Name)"; VirtualSystemType = 'Microsoft:Hyper-V:System:Realized'; FerryVmId = $InputObject.Name }
    return
  }
  if ($class -eq 'Msvm_VirtualSystemSettingData' -and $ResultClassName -eq 'Msvm_StorageAllocationSettingData') {
    if ($InputObject.VirtualSystemType -ne 'Microsoft:Hyper-V:System:Realized') { throw 'the stub only knows the realized configuration' }
    foreach ($s in @((Get-FerryVm $InputObject.FerryVmId).sasd)) { New-FerryCim $ResultClassName @{ InstanceID = $s.instanceId; HostResource = [string[]]@($s.path) } }
    return
  }
  if ($class -eq 'Msvm_ComputerSystem' -and $ResultClassName -eq 'Msvm_VirtualSystemReferencePoint') {
    foreach ($rp in @((Get-FerryVm $InputObject.Name).referencePoints)) { New-FerryCim $ResultClassName @{ InstanceID = $rp.instanceId; ResilientChangeTrackingIdentifiers = [string[]]@($rp.rctIds) } }
    return
  }
  throw "Get-CimAssociatedInstance stub: $class -> $ResultClassName"
}

function Start-Sleep {
  [CmdletBinding()] param([int]$Milliseconds, [int]$Seconds)
  $FerryRctState.sleeps++
  Write-FerryCall 'Start-Sleep' @{ Milliseconds = $Milliseconds }
}
