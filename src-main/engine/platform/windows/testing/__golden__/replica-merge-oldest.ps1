$ErrorActionPreference = 'Stop'
$vm = Get-VM -Name 'SQL01_replica' -ErrorAction Stop
Get-VMSnapshot -VM $vm -Name 'Ferry restore point 2026-12-07 23:00:00' -ErrorAction Stop | Remove-VMSnapshot -Confirm:$false
while ((Get-VM -Id $vm.Id).Status -match 'Merg') { Start-Sleep -Seconds 2 }
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ Checkpoints = @(Get-VMSnapshot -VM $vm | ForEach-Object { [string]$_.Name }) }))
