$ErrorActionPreference = 'Stop'
$path = 'C:\ProgramData\Ferry\snapshots\snap-0001\created.txt'
$created = $null
if (Test-Path -LiteralPath $path) { $created = [IO.File]::ReadAllText($path) }
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ created = $created }))
