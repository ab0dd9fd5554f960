$ErrorActionPreference = 'Stop'
$removed = @(); $kept = @()
$dir = 'C:\ProgramData\Ferry\snapshots\snap-0001'
if (Test-Path -LiteralPath $dir) { Remove-Item -LiteralPath $dir -Recurse -Force; $removed += 'dir' }
$mount = 'C:\ProgramData\Ferry\mounts\snap-0001'
$item = Get-Item -LiteralPath $mount -Force -ErrorAction SilentlyContinue
# never recurse into a mount folder: if a snapshot is still exposed there, its files would be walked
if ($item -and ($item.Attributes -band [IO.FileAttributes]::ReparsePoint)) { $kept += 'mount' }
elseif ($item) { try { [IO.Directory]::Delete($mount, $false); $removed += 'mount' } catch { $kept += 'mount' } }
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ removed = @($removed); kept = @($kept) }))
