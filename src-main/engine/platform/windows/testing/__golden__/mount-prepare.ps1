$ErrorActionPreference = 'Stop'
$path = 'C:\ProgramData\Ferry\mounts\snap-0001'
$item = Get-Item -LiteralPath $path -Force -ErrorAction SilentlyContinue
if ($item -and ($item.Attributes -band [IO.FileAttributes]::ReparsePoint)) { $state = 'mounted' }
elseif ($item) { $state = if (@(Get-ChildItem -LiteralPath $path -Force).Count -gt 0) { 'not-empty' } else { 'empty' } }
else { New-Item -ItemType Directory -Force -Path $path | Out-Null; $state = 'created' }
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ state = $state }))
