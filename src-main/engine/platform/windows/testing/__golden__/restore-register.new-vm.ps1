$ErrorActionPreference = 'Stop'
if (Get-VM -Name 'SQL01_restored' -ErrorAction SilentlyContinue) { throw ('FERRY_EXISTS: ' + 'SQL01_restored') }
$vm = New-VM -Name 'SQL01_restored' -Generation 2 -Version '10.0' -MemoryStartupBytes 4294967296 -Path 'E:\Hyper-V\SQL01_restored' -NoVHD
Set-VM -VM $vm -ProcessorCount 4
Set-VMMemory -VM $vm -DynamicMemoryEnabled $true -MinimumBytes 536870912 -MaximumBytes 17179869184 -StartupBytes 4294967296
Set-VMFirmware -VM $vm -EnableSecureBoot On -SecureBootTemplate 'MicrosoftWindows'
Get-VMNetworkAdapter -VM $vm | Remove-VMNetworkAdapter
$nic = Add-VMNetworkAdapter -VM $vm -Name 'Network Adapter' -SwitchName 'vSwitch-Prod' -Passthru
$nic = Add-VMNetworkAdapter -VM $vm -Name 'Backup' -StaticMacAddress '00155D010204' -Passthru
Set-VMNetworkAdapterVlan -VMNetworkAdapter $nic -Access -VlanId 120
Add-VMHardDiskDrive -VM $vm -ControllerType SCSI -ControllerNumber 0 -ControllerLocation 0 -Path 'E:\Hyper-V\SQL01_restored\Virtual Hard Disks\SQL01_restored.vhdx'
Set-VM -VM $vm -Notes ('ferry-restore-id:vm-r1')
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ Id = [string]$vm.Id; State = [string]$vm.State }))
