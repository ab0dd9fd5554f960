$ErrorActionPreference = 'Stop'
$vm = Get-VM -Id '5e2b7c1a-3f4d-4e8a-9b0c-1d2e3f4a5b6c' -ErrorAction SilentlyContinue
if (-not $vm) { throw ('VM ' + '5e2b7c1a-3f4d-4e8a-9b0c-1d2e3f4a5b6c' + ' not found') }
if ($vm.State -ne 'Off') { throw 'FERRY_VM_RUNNING' }
$d = Get-VMHardDiskDrive -VM $vm -ControllerType SCSI -ControllerNumber 0 -ControllerLocation 0
if ($d) { Set-VMHardDiskDrive -VMHardDiskDrive $d -Path 'E:\Hyper-V\SQL01_restored\Virtual Hard Disks\SQL01_restored.vhdx' } else { Add-VMHardDiskDrive -VM $vm -ControllerType SCSI -ControllerNumber 0 -ControllerLocation 0 -Path 'E:\Hyper-V\SQL01_restored\Virtual Hard Disks\SQL01_restored.vhdx' }
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ Ok = $true }))
