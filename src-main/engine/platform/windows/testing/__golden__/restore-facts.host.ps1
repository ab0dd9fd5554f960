$ErrorActionPreference = 'Stop'
$h = Get-VMHost
$switches = @(Get-VMSwitch | ForEach-Object { [string]$_.Name })
$vols = @(Get-CimInstance -ClassName Win32_Volume -Filter 'DriveType=3' | Where-Object { $_.DriveLetter } | ForEach-Object { [pscustomobject]@{ Path = ([string]$_.DriveLetter + '\'); FreeBytes = [uint64]$_.FreeSpace; Csv = $false; Owner = $env:COMPUTERNAME } })
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ VmPath = [string]$h.VirtualMachinePath; Switches = $switches; Volumes = $vols }))
