$ErrorActionPreference = 'Stop'
$root = 'C:\ProgramData\Ferry\agent-package'
$preferred = 'C:\ProgramData\Ferry\agent-package\0.9.0\install-agent.ps1'
$installer = $null
if (Test-Path -LiteralPath $preferred) { $installer = $preferred }
elseif (Test-Path -LiteralPath $root) {
  # a package of another version (the console was updated since): its installer removes the service just as well
  $installer = @(Get-ChildItem -LiteralPath $root -Directory -Force | Sort-Object LastWriteTime -Descending | ForEach-Object { Join-Path $_.FullName 'install-agent.ps1' } | Where-Object { Test-Path -LiteralPath $_ }) | Select-Object -First 1
}
$lines = @()
if ($installer) {
  try { Set-ExecutionPolicy -Scope Process -ExecutionPolicy Bypass -Force } catch { }
  $lines = @(& $installer -Uninstall 6>&1 | ForEach-Object { [string]$_ })
}
$serviceLeft = [bool](Get-Service -Name 'FerryAgent' -ErrorAction SilentlyContinue)
$removed = $false
if (Test-Path -LiteralPath $root) { Remove-Item -LiteralPath $root -Recurse -Force; $removed = $true }
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ installer = $installer; lines = @($lines); serviceLeft = $serviceLeft; removed = $removed }))
