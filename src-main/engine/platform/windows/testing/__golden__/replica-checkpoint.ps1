$ErrorActionPreference = 'Stop'
$vm = Get-VM -Name 'SQL01_replica' -ErrorAction Stop
Checkpoint-VM -VM $vm -SnapshotName 'Ferry restore point 2026-12-07 23:00:00' -ErrorAction Stop
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject (@(Get-VMHardDiskDrive -VM $vm | ForEach-Object { [pscustomobject]@{ Path = [string]$_.Path; Controller = [int]$_.ControllerNumber; Location = [int]$_.ControllerLocation } })))
