$ErrorActionPreference = 'Stop'
$folder = 'C:\Replicas\SQL01_replica'
if (-not (Test-Path -LiteralPath $folder)) { New-Item -ItemType Directory -Path $folder -Force | Out-Null }
$drive = (Get-Item -LiteralPath $folder).PSDrive
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ Folder = $folder; FreeBytes = [int64]$drive.Free }))
