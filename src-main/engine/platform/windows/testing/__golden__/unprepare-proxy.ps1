$ErrorActionPreference = 'Stop'
$root = 'C:\ProgramData\Ferry'
$busy = @()
$snapshots = Join-Path $root 'snapshots'
if (Test-Path -LiteralPath $snapshots) { $busy += @(Get-ChildItem -LiteralPath $snapshots -Directory -Force | ForEach-Object { $_.Name }) }
$mounts = Join-Path $root 'mounts'
if (Test-Path -LiteralPath $mounts) { $busy += @(Get-ChildItem -LiteralPath $mounts -Directory -Force | Where-Object { $item = $_; ($item.Attributes -band [IO.FileAttributes]::ReparsePoint) } | ForEach-Object { $_.Name }) }
$removed = $false
if ($busy.Count -eq 0) { Remove-Item -LiteralPath (Join-Path $root 'proxy.json') -Force -ErrorAction SilentlyContinue; $removed = $true }
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ busy = @($busy | Select-Object -Unique); removed = $removed }))
