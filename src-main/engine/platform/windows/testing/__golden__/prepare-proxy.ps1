$ErrorActionPreference = 'Stop'
$root = 'C:\ProgramData\Ferry'
foreach ($sub in @('snapshots', 'mounts')) { New-Item -ItemType Directory -Force -Path (Join-Path $root $sub) | Out-Null }
$utf8 = New-Object System.Text.UTF8Encoding($false)
[IO.File]::WriteAllText((Join-Path $root 'proxy.json'), '{"ferry":1,"role":"proxy","serverId":"proxy01"}', $utf8)
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ prepared = $true }))
