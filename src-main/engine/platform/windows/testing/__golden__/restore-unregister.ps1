$ErrorActionPreference = 'Stop'
$tag = 'ferry-restore-id:vm-r1'
$vms = @(Get-VM | Where-Object { ([string]$_.Notes).Contains($tag) -or ([string]$_.Id) -eq 'vm-r1' })
foreach ($v in $vms) { if ($v.State -ne 'Off') { Stop-VM -VM $v -TurnOff -Force }; Remove-VM -VM $v -Force }
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ Removed = $vms.Count }))
