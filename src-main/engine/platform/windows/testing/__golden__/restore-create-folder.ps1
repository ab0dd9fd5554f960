$ErrorActionPreference = 'Stop'
New-Item -ItemType Directory -Force -Path 'E:\Hyper-V\SQL01_restored\Virtual Hard Disks' | Out-Null
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ Ok = $true }))
