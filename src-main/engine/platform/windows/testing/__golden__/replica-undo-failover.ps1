$ErrorActionPreference = 'Stop'
$vm = Get-VM -Name 'SQL01_replica' -ErrorAction Stop
if ($vm.State -ne 'Off') { Stop-VM -VM $vm -TurnOff -Force }
Get-VMSnapshot -VM $vm -Name 'Ferry restore point 2026-12-07 23:00:00' -ErrorAction Stop | Restore-VMSnapshot -Confirm:$false
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ State = [string](Get-VM -Id $vm.Id).State }))
