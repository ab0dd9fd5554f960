# Stub commands for serverFactsPs, built from a facts transcript ($FerryFixture, the parsed __transcripts__/facts-*.json)
# and shaped like the real cmdlets' output: CIM-like objects with the real property names (FileSystemLabel, VhdFormat,
# SharedVolumeInfo.Partition, ...), enums as enums, GUIDs as [guid], dates as [datetime], sizes as UInt64 — so the
# script's own mapping (casts, @() wrapping, the VHD chain walk, ConvertTo-Json -Depth) is what is under test.
# $FerryStubOptions (optional): IsAdmin, Processors (core counts per socket).
enum FerryVMState { Other = 1; Running = 2; Off = 3; Stopping = 4; Saved = 6; Paused = 9; Starting = 10 }
enum FerryVhdFormat { VHD = 2; VHDX = 3; VHDSet = 4 }
enum FerryVhdType { Fixed = 2; Dynamic = 3; Differencing = 4 }
enum FerryControllerType { IDE = 0; SCSI = 1; PMEM = 2 }
enum FerryServiceStatus { Stopped = 1; StartPending = 2; StopPending = 3; Running = 4 }
enum FerryClusterNodeState { Up = 0; Down = 1; Paused = 2; Joining = 3 }
enum FerryClusterResourceState { Inherited = 0; Initializing = 1; Online = 2; Offline = 3; Failed = 4 }

$FerryFacts = $FerryFixture
if (-not (Get-Variable -Name FerryStubOptions -ErrorAction SilentlyContinue)) { $FerryStubOptions = @{} }
$env:COMPUTERNAME = $FerryFacts.ComputerName
$env:SystemDrive = 'C:'
$FerryCalls = New-Object System.Collections.Generic.List[string]

function ConvertTo-FerryUtc([string]$iso) { [datetime]::Parse($iso, [Globalization.CultureInfo]::InvariantCulture, [Globalization.DateTimeStyles]::AdjustToUniversal -bor [Globalization.DateTimeStyles]::AssumeUniversal) }

function Get-CimInstance {
  [CmdletBinding()] param([string]$ClassName, [string]$Namespace, [string]$Filter)
  $FerryCalls.Add("Get-CimInstance $Namespace $ClassName $Filter")
  switch ($ClassName) {
    'Win32_OperatingSystem' {
      [pscustomobject]@{ Caption = $FerryFacts.Os.Caption; Version = $FerryFacts.Os.Version; BuildNumber = $FerryFacts.Os.BuildNumber
        ProductType = [uint32]$FerryFacts.Os.ProductType; OSArchitecture = $FerryFacts.Os.Architecture; LastBootUpTime = (ConvertTo-FerryUtc $FerryFacts.Os.LastBootUpTime).ToLocalTime() }
    }
    'Win32_ComputerSystem' { [pscustomobject]@{ Domain = $FerryFacts.Domain; TotalPhysicalMemory = [uint64]$FerryFacts.MemoryBytes } }
    'Win32_Processor' {
      $sockets = if ($FerryStubOptions.Processors) { $FerryStubOptions.Processors } elseif ($FerryFacts.CpuCores % 2 -eq 0) { @(($FerryFacts.CpuCores / 2), ($FerryFacts.CpuCores / 2)) } else { @($FerryFacts.CpuCores) }
      foreach ($c in $sockets) { [pscustomobject]@{ NumberOfCores = [uint32]$c } }
    }
    'Win32_LogicalDisk' {
      if ($Filter -ne "DeviceID='C:'") { throw "unexpected filter $Filter" }
      [pscustomobject]@{ DeviceID = 'C:'; FreeSpace = [uint64]$FerryFacts.SystemDriveFreeBytes }
    }
    'Win32_ShadowProvider' { foreach ($p in @($FerryFacts.Providers)) { [pscustomobject]@{ ID = $p.Id; Name = $p.Name; Version = $p.Version; Type = [uint32]$p.Type } } }
    'Msvm_VirtualSystemReferencePoint' {
      if ($Namespace -ne 'root\virtualization\v2') { throw "Invalid namespace $Namespace" }
      if ($Filter -notmatch "^VirtualSystemIdentifier='([0-9a-f-]{36})'$") { throw "unexpected filter $Filter" }
      $vm = @($FerryFacts.Vms | Where-Object { $_.Id -eq $Matches[1] })[0]
      foreach ($rp in @($vm.ReferencePoints)) {
        [pscustomobject]@{ InstanceID = $rp.InstanceId; ReferencePointType = [uint16]$rp.ReferencePointType; ConsistencyLevel = [uint16]$rp.ConsistencyLevel
          ResilientChangeTrackingIdentifiers = [string[]]@($rp.RctIds); VirtualDiskIdentifiers = [string[]]@($rp.VirtualDiskIds) }
      }
    }
    default { throw "Get-CimInstance stub: no class $ClassName" }
  }
}

function Get-Service {
  [CmdletBinding()] param([string]$Name)
  $FerryCalls.Add("Get-Service $Name")
  if ($Name -eq 'vmms' -and $FerryFacts.HyperV) { return [pscustomobject]@{ Name = 'vmms'; Status = [FerryServiceStatus]::Running } }
  if ($Name -eq 'ClusSvc' -and $FerryFacts.ClusterService -ne 'Absent') { return [pscustomobject]@{ Name = 'ClusSvc'; Status = [FerryServiceStatus]$FerryFacts.ClusterService } }
  # the real cmdlet writes an error; the script asks with -ErrorAction SilentlyContinue
  Write-Error "Cannot find any service with service name '$Name'." 
}

function Get-Disk {
  [CmdletBinding()] param([Parameter(ValueFromPipeline = $true)]$Partition)
  process {
    $all = @($FerryFacts.Disks | ForEach-Object {
      [pscustomobject]@{ Number = [uint32]$_.Number; UniqueId = $_.UniqueId; SerialNumber = $_.SerialNumber; FriendlyName = $_.FriendlyName; BusType = $_.BusType
        Guid = $_.Guid; Signature = if ($_.Signature) { [uint32]$_.Signature } else { $null }; IsOffline = $_.IsOffline; IsBoot = $_.IsBoot; IsSystem = $_.IsSystem
        IsClustered = $_.IsClustered; Size = [uint64]$_.Size }
    })
    if ($null -eq $Partition) { return $all }
    $disk = @($all | Where-Object { $_.UniqueId -eq $Partition.FerryDiskUniqueId })
    if ($disk.Count -eq 0) { throw 'No MSFT_Disk objects found for the partition.' }
    $disk[0]
  }
}

function Get-Volume {
  [CmdletBinding()] param([Parameter(ValueFromPipeline = $true)]$InputObject, [string]$FilePath)
  if ($FilePath) {
    $FerryCalls.Add("Get-Volume -FilePath $FilePath")
    $drive = @($FerryFacts.Vms | ForEach-Object { @($_.Drives) } | Where-Object { $_.Path -eq $FilePath })[0]
    if (-not $drive -or -not $drive.VolumePath) { throw "No MSFT_Volume objects found with property 'FilePath' equal to '$FilePath'." }
    return [pscustomobject]@{ Path = $drive.VolumePath }
  }
  foreach ($v in @($FerryFacts.Volumes)) {
    [pscustomobject]@{ Path = $v.Path; DriveLetter = if ($v.DriveLetter) { [char]$v.DriveLetter } else { $null }; FileSystem = $v.FileSystem
      FileSystemLabel = $v.Label; Size = [uint64]$v.Size; SizeRemaining = [uint64]$v.SizeRemaining; DriveType = 'Fixed'
      FerryAccessPaths = @($v.AccessPaths); FerryDiskUniqueId = $v.DiskUniqueId }
  }
  # not fixed, or without a path: the script leaves them out
  [pscustomobject]@{ Path = '\\?\Volume{cd000000-0000-4000-8000-00000000cd00}\'; DriveLetter = [char]'E'; FileSystem = 'UDF'; FileSystemLabel = 'SSS_X64FREE'; Size = [uint64]5000000000; SizeRemaining = [uint64]0; DriveType = 'CD-ROM' }
  [pscustomobject]@{ Path = $null; DriveLetter = $null; FileSystem = ''; FileSystemLabel = ''; Size = [uint64]0; SizeRemaining = [uint64]0; DriveType = 'Fixed' }
}

function Get-Partition {
  [CmdletBinding()] param([Parameter(ValueFromPipeline = $true)]$Volume)
  process {
    if (-not $Volume.FerryDiskUniqueId) { throw 'No MSFT_Partition objects found.' }
    [pscustomobject]@{ AccessPaths = [string[]]@($Volume.FerryAccessPaths); FerryDiskUniqueId = $Volume.FerryDiskUniqueId }
  }
}

if ($FerryFacts.Cluster -or $FerryFacts.ClusterError) {
  function Get-Cluster {
    [CmdletBinding()] param()
    if ($FerryFacts.ClusterError) { throw $FerryFacts.ClusterError }
    [pscustomobject]@{ Name = $FerryFacts.Cluster.Name }
  }
  function Get-ClusterNode {
    [CmdletBinding()] param()
    foreach ($n in @($FerryFacts.Cluster.Nodes)) { [pscustomobject]@{ Name = $n.Name; State = [FerryClusterNodeState]$n.State } }
  }
  function Get-ClusterSharedVolume {
    [CmdletBinding()] param()
    foreach ($group in @($FerryFacts.Csvs | Group-Object -Property Name)) {
      $first = $group.Group[0]
      $owner = [pscustomobject]@{ Name = $first.OwnerNode }
      $owner | Add-Member -MemberType ScriptMethod -Name ToString -Value { $this.Name } -Force
      [pscustomobject]@{ Name = $first.Name; Id = $first.Id; OwnerNode = $owner; State = [FerryClusterResourceState]$first.State
        FerryParams = @{ DiskIdGuid = $first.DiskIdGuid; DiskSignature = $first.DiskSignature }
        SharedVolumeInfo = @($group.Group | ForEach-Object { [pscustomobject]@{ FriendlyVolumeName = $_.Path
          Partition = [pscustomobject]@{ Name = $_.VolumeName; Size = [uint64]$_.Size; FreeSpace = [uint64]$_.FreeSpace } } }) }
    }
  }
  function Get-ClusterParameter {
    [CmdletBinding()] param([Parameter(ValueFromPipeline = $true)]$InputObject, [string[]]$Name)
    process { foreach ($n in $Name) { [pscustomobject]@{ ClusterObject = $InputObject.Name; Name = $n; Value = $InputObject.FerryParams[$n] } } }
  }
}

if ($FerryFacts.Vms.Count -gt 0 -or $FerryFacts.HyperV) {
  function Get-VM {
    [CmdletBinding()] param()
    foreach ($vm in @($FerryFacts.Vms)) {
      [pscustomobject]@{ Name = $vm.Name; Id = [guid]$vm.Id; State = [FerryVMState]$vm.State; Generation = [int]$vm.Generation; Version = $vm.Version
        Path = $vm.Path; ConfigurationLocation = $vm.ConfigurationLocation; SnapshotFileLocation = $vm.SnapshotFileLocation; IsClustered = $vm.IsClustered
        FerryFixture = $vm }
    }
  }
  function Get-VMHardDiskDrive {
    [CmdletBinding()] param($VM)
    foreach ($d in @($VM.FerryFixture.Drives)) {
      [pscustomobject]@{ ControllerType = [FerryControllerType]$d.ControllerType; ControllerNumber = [int]$d.ControllerNumber; ControllerLocation = [int]$d.ControllerLocation
        Path = $d.Path; DiskNumber = $d.DiskNumber }
    }
  }
  function Get-VHD {
    [CmdletBinding()] param([string]$Path)
    $FerryCalls.Add("Get-VHD $Path")
    foreach ($d in @($FerryFacts.Vms | ForEach-Object { @($_.Drives) })) {
      $hit = @($d.Chain | Where-Object { $_.Path -eq $Path })
      if ($hit.Count -gt 0) {
        $c = $hit[0]
        return [pscustomobject]@{ Path = $c.Path; VhdFormat = [FerryVhdFormat]$c.Format; VhdType = [FerryVhdType]$c.Type; Size = [uint64]$c.Size
          FileSize = [uint64]$c.FileSize; BlockSize = [uint32]$c.BlockSize; LogicalSectorSize = [uint32]$c.LogicalSectorSize; PhysicalSectorSize = [uint32]$c.PhysicalSectorSize
          DiskIdentifier = $c.DiskIdentifier; ParentPath = $c.ParentPath }
      }
      if ($d.ChainError -and @($d.Chain).Count -eq 0 -and $d.Path -eq $Path) { throw $d.ChainError }
    }
    throw "Getting the mounted storage instance for the path '$Path' failed."
  }
  function Get-VMSnapshot {
    [CmdletBinding()] param($VM)
    for ($i = 0; $i -lt [int]$VM.FerryFixture.CheckpointCount; $i++) { [pscustomobject]@{ Name = "checkpoint $i"; VMName = $VM.Name } }
  }
}

[Security.Principal.WindowsPrincipal]::Admin = if ($FerryStubOptions.ContainsKey('IsAdmin')) { [bool]$FerryStubOptions.IsAdmin } else { [bool]$FerryFacts.IsAdmin }
