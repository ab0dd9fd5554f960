$ErrorActionPreference = 'Stop'
$vm = Get-VM -Name 'SQL01_replica' -ErrorAction Stop
if ($vm.State -ne 'Off') { throw ('Replica ' + $vm.Name + ' is ' + $vm.State + ', not Off: it was started outside Ferry') }
Get-VMSnapshot -VM $vm -Name 'Ferry restore point 2026-12-07 23:00:00' -ErrorAction Stop | Restore-VMSnapshot -Confirm:$false
Start-VM -VM $vm -ErrorAction Stop
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ State = [string](Get-VM -Id $vm.Id).State }))
