$ErrorActionPreference = 'Stop'
$vm = Get-VM -Name 'SQL01_replica' -ErrorAction Stop
Get-VMSnapshot -VM $vm | Remove-VMSnapshot -Confirm:$false
while ((Get-VM -Id $vm.Id).Status -match 'Merg') { Start-Sleep -Seconds 2 }
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ State = [string](Get-VM -Id $vm.Id).State; Checkpoints = @(Get-VMSnapshot -VM $vm).Count }))
