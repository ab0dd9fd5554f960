$ErrorActionPreference = 'Stop'
$h = Get-VMHost
$switches = @(Get-VMSwitch | ForEach-Object { [string]$_.Name })
$vols = @(Get-CimInstance -ClassName Win32_Volume -Filter 'DriveType=3' | Where-Object { $_.DriveLetter } | ForEach-Object { [pscustomobject]@{ Path = ([string]$_.DriveLetter + '\'); FreeBytes = [uint64]$_.FreeSpace; Csv = $false; Owner = $env:COMPUTERNAME } })
$csvs = @(Get-ClusterSharedVolume | ForEach-Object {
  $i = $_.SharedVolumeInfo | Select-Object -First 1
  [pscustomobject]@{ Path = [string]$i.FriendlyVolumeName; FreeBytes = [uint64]$i.Partition.FreeSpace; Csv = $true; Owner = [string]$_.OwnerNode.Name } })
$vols = @($vols + $csvs)
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ VmPath = [string]$h.VirtualMachinePath; Switches = $switches; Volumes = $vols }))
