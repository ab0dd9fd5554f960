$ErrorActionPreference = 'Stop'
$g = Add-ClusterVirtualMachineRole -VMName 'SQL01_restored'
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ Group = [string]$g.Name }))
