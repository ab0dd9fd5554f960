$ErrorActionPreference = 'Stop'
$from = 'E:\Hyper-V\SQL01_restored\Virtual Hard Disks\SQL01_restored.vhdx.partial'; $to = 'E:\Hyper-V\SQL01_restored\Virtual Hard Disks\SQL01_restored.vhdx'
Move-Item -LiteralPath $from -Destination $to -Force
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ Ok = $true }))
