$ErrorActionPreference = 'Stop'
$from = 'E:\Hyper-V\SQL01_restored\Virtual Hard Disks\SQL01_restored.vhdx.partial'; $to = 'E:\Hyper-V\SQL01_restored\Virtual Hard Disks\SQL01_restored.vhdx'
if (Test-Path -LiteralPath $to) { throw ('FERRY_EXISTS: ' + $to) }
Move-Item -LiteralPath $from -Destination $to
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ Ok = $true }))
