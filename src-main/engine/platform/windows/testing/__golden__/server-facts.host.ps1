$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$os = Get-CimInstance -ClassName Win32_OperatingSystem
$cs = Get-CimInstance -ClassName Win32_ComputerSystem
$cores = [int](@(Get-CimInstance -ClassName Win32_Processor) | Measure-Object -Property NumberOfCores -Sum).Sum
$sysDrive = Get-CimInstance -ClassName Win32_LogicalDisk -Filter ("DeviceID='" + $env:SystemDrive + "'")
$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
$isAdmin = $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
# the Hyper-V role installs the Virtual Machine Management service
$hyperV = $null -ne (Get-Service -Name vmms -ErrorAction SilentlyContinue)
$clusSvc = Get-Service -Name ClusSvc -ErrorAction SilentlyContinue
$clusterService = if ($clusSvc) { [string]$clusSvc.Status } else { 'Absent' }
$providers = @(Get-CimInstance -ClassName Win32_ShadowProvider | ForEach-Object {
  [pscustomobject]@{ Id = [string]$_.ID; Name = [string]$_.Name; Version = [string]$_.Version; Type = [int]$_.Type } })
$disks = @(Get-Disk | ForEach-Object {
  [pscustomobject]@{ Number = [int]$_.Number; UniqueId = [string]$_.UniqueId; SerialNumber = [string]$_.SerialNumber
    FriendlyName = [string]$_.FriendlyName; BusType = [string]$_.BusType; Guid = [string]$_.Guid; Signature = [string]$_.Signature
    IsOffline = [bool]$_.IsOffline; IsBoot = [bool]$_.IsBoot; IsSystem = [bool]$_.IsSystem; IsClustered = [bool]$_.IsClustered
    Size = [uint64]$_.Size } })
$volumes = @(Get-Volume | Where-Object { [string]$_.DriveType -eq 'Fixed' -and $_.Path } | ForEach-Object {
  $v = $_; $parts = @(); $disk = $null
  try { $parts = @($v | Get-Partition -ErrorAction Stop) } catch {}
  if ($parts.Count -gt 0) { try { $disk = $parts[0] | Get-Disk -ErrorAction Stop } catch {} }
  [pscustomobject]@{ Path = [string]$v.Path; DriveLetter = [string]$v.DriveLetter; FileSystem = [string]$v.FileSystem
    Label = [string]$v.FileSystemLabel; Size = [uint64]$v.Size; SizeRemaining = [uint64]$v.SizeRemaining
    AccessPaths = @($parts | ForEach-Object { @($_.AccessPaths) } | Where-Object { $_ } | ForEach-Object { [string]$_ })
    DiskUniqueId = if ($disk) { [string]$disk.UniqueId } else { '' } } })
$cluster = $null; $clusterError = $null; $csvs = @()
if ($clusSvc -and (Get-Command -Name Get-Cluster -ErrorAction SilentlyContinue)) {
  try {
    $c = Get-Cluster
    $cluster = [pscustomobject]@{ Name = [string]$c.Name
      Nodes = @(Get-ClusterNode | ForEach-Object { [pscustomobject]@{ Name = [string]$_.Name; State = [string]$_.State } }) }
    $csvs = @(Get-ClusterSharedVolume | ForEach-Object {
      $csv = $_; $params = @()
      try { $params = @($csv | Get-ClusterParameter -Name DiskIdGuid, DiskSignature -ErrorAction Stop) } catch {}
      foreach ($info in @($csv.SharedVolumeInfo)) {
        [pscustomobject]@{ Name = [string]$csv.Name; Id = [string]$csv.Id; OwnerNode = [string]$csv.OwnerNode; State = [string]$csv.State
          Path = [string]$info.FriendlyVolumeName; VolumeName = [string]$info.Partition.Name
          Size = [uint64]$info.Partition.Size; FreeSpace = [uint64]$info.Partition.FreeSpace
          DiskIdGuid = [string](@($params | Where-Object { $_.Name -eq 'DiskIdGuid' })[0].Value)
          DiskSignature = [string](@($params | Where-Object { $_.Name -eq 'DiskSignature' })[0].Value) } } })
  } catch { $clusterError = $_.Exception.Message }
}
$vms = @()
if (Get-Command -Name Get-VM -ErrorAction SilentlyContinue) {
  $vms = @(Get-VM | ForEach-Object {
    $vm = $_
    $drives = @(Get-VMHardDiskDrive -VM $vm | ForEach-Object {
      $drive = $_; $chain = @(); $chainError = $null; $p = [string]$drive.Path; $depth = 0
      # walk the differencing chain: with checkpoints the drive points at the newest .avhdx
      try {
        while ($p -and $depth -lt 64) {
          $depth++
          $vhd = Get-VHD -Path $p
          $chain += [pscustomobject]@{ Path = [string]$vhd.Path; Format = [string]$vhd.VhdFormat; Type = [string]$vhd.VhdType
            Size = [uint64]$vhd.Size; FileSize = [uint64]$vhd.FileSize; BlockSize = [uint64]$vhd.BlockSize
            LogicalSectorSize = [uint64]$vhd.LogicalSectorSize; PhysicalSectorSize = [uint64]$vhd.PhysicalSectorSize
            DiskIdentifier = [string]$vhd.DiskIdentifier; ParentPath = [string]$vhd.ParentPath }
          $p = [string]$vhd.ParentPath
        }
      } catch { $chainError = $_.Exception.Message }
      $volumePath = ''
      if ($drive.Path) { try { $volumePath = [string](Get-Volume -FilePath $drive.Path -ErrorAction Stop).Path } catch {} }
      [pscustomobject]@{ ControllerType = [string]$drive.ControllerType; ControllerNumber = [int]$drive.ControllerNumber
        ControllerLocation = [int]$drive.ControllerLocation; Path = [string]$drive.Path; DiskNumber = $drive.DiskNumber
        VolumePath = $volumePath; Chain = @($chain); ChainError = $chainError } })
    $refs = @()
    try {
      $refs = @(Get-CimInstance -Namespace root\virtualization\v2 -ClassName Msvm_VirtualSystemReferencePoint -Filter ("VirtualSystemIdentifier='" + $vm.Id + "'") | ForEach-Object {
        [pscustomobject]@{ InstanceId = [string]$_.InstanceID; ReferencePointType = [int]$_.ReferencePointType
          ConsistencyLevel = [int]$_.ConsistencyLevel
          RctIds = @($_.ResilientChangeTrackingIdentifiers | ForEach-Object { [string]$_ })
          VirtualDiskIds = @($_.VirtualDiskIdentifiers | ForEach-Object { [string]$_ }) } })
    } catch {}
    [pscustomobject]@{ Name = [string]$vm.Name; Id = [string]$vm.Id; State = [string]$vm.State; Generation = [int]$vm.Generation
      Version = [string]$vm.Version; Path = [string]$vm.Path; ConfigurationLocation = [string]$vm.ConfigurationLocation
      SnapshotFileLocation = [string]$vm.SnapshotFileLocation; IsClustered = [bool]$vm.IsClustered
      CheckpointCount = @(Get-VMSnapshot -VM $vm -ErrorAction SilentlyContinue).Count
      Drives = @($drives); ReferencePoints = @($refs) } })
}
$report = [pscustomobject]@{
  SchemaVersion = 1
  CollectedAt = (Get-Date).ToUniversalTime().ToString('o')
  ComputerName = [string]$env:COMPUTERNAME
  Domain = [string]$cs.Domain
  Os = [pscustomobject]@{ Caption = [string]$os.Caption; Version = [string]$os.Version; BuildNumber = [string]$os.BuildNumber
    ProductType = [int]$os.ProductType; Architecture = [string]$os.OSArchitecture; LastBootUpTime = $os.LastBootUpTime.ToUniversalTime().ToString('o') }
  HyperV = $hyperV
  IsAdmin = $isAdmin
  CpuCores = $cores
  MemoryBytes = [uint64]$cs.TotalPhysicalMemory
  SystemDriveFreeBytes = [uint64]$sysDrive.FreeSpace
  ClusterService = $clusterService
  Cluster = $cluster
  ClusterError = $clusterError
  Csvs = @($csvs)
  Volumes = @($volumes)
  Disks = @($disks)
  Providers = @($providers)
  Vms = @($vms)
}
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 10 -InputObject $report)
