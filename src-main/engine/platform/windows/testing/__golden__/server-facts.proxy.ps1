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
