$ErrorActionPreference = 'Stop'
$name = 'SQL01_replica'
if (Get-VM -Name $name -ErrorAction SilentlyContinue) { throw ('A VM named ' + $name + ' already exists on this host') }
$vm = New-VM -Name $name -Path 'C:\Replicas\SQL01_replica' -Generation 2 -MemoryStartupBytes 4294967296 -NoVHD
Set-VMProcessor -VM $vm -Count 2
Set-VM -VM $vm -CheckpointType Standard -AutomaticStartAction Nothing -AutomaticStopAction ShutDown
Get-VMNetworkAdapter -VM $vm | Remove-VMNetworkAdapter
Add-VMHardDiskDrive -VM $vm -Path 'C:\Replicas\SQL01_replica\Virtual Hard Disks\SQL01.vhdx'
Add-VMHardDiskDrive -VM $vm -Path 'C:\Replicas\SQL01_replica\Virtual Hard Disks\SQL01_disk1.vhdx'
Add-VMNetworkAdapter -VM $vm -Name 'Network Adapter' -SwitchName 'DR-LAN'
Add-VMNetworkAdapter -VM $vm -Name 'Backup Adapter'
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ Id = [string]$vm.Id; State = [string]$vm.State }))
