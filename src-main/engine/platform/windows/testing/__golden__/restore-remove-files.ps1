$ErrorActionPreference = 'Stop'
foreach ($f in @('E:\Hyper-V\SQL01_restored\Virtual Hard Disks\SQL01_restored.vhdx.partial', 'E:\Hyper-V\SQL01_restored\Virtual Hard Disks\SQL01_restored.vhdx')) { if (Test-Path -LiteralPath $f) { Remove-Item -LiteralPath $f -Force } }
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ Ok = $true }))
