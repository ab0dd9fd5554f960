$ErrorActionPreference = 'Stop'
$dir = 'C:\ProgramData\Ferry\snapshots\snap-0001'
$state = 'missing'
if (Test-Path -LiteralPath $dir) { [IO.File]::WriteAllText('C:\ProgramData\Ferry\snapshots\snap-0001\abort.flag', 'abort', [Text.Encoding]::ASCII); $state = 'signalled' }
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ state = $state }))
