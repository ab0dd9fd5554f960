$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$package = 'C:\Program Files\Ferry\resources\agent'
$pairingLocal = 'C:\Users\svc-ferry\AppData\Local\Temp\ferry-pairing-Ab12Cd'
$remotePackage = 'C:\ProgramData\Ferry\agent-package\0.9.0'
# string work only: Join-Path would check that the drive exists on this machine
$pairing = 'C:\ProgramData\Ferry\agent-package\pairing-' + [guid]::NewGuid().ToString('N')
# this machine: the same steps without a session
$session = $null
$onServer = @{}
$toServer = @{}
$result = $null
$pairingRemoved = $false
try {
  Invoke-Command @onServer -ArgumentList $remotePackage, $pairing -ScriptBlock {
    param($remotePackage, $pairing)
    $ErrorActionPreference = 'Stop'
    # an earlier copy of the same version is replaced, never merged
    if (Test-Path -LiteralPath $remotePackage) { Remove-Item -LiteralPath $remotePackage -Recurse -Force }
    New-Item -ItemType Directory -Force -Path $remotePackage | Out-Null
    # the pairing files pass through a folder only SYSTEM (S-1-5-18) and Administrators (S-1-5-32-544) can read
    New-Item -ItemType Directory -Force -Path $pairing | Out-Null
    & icacls.exe $pairing /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F' | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "Could not restrict access to $pairing (icacls exit code $LASTEXITCODE)." }
  }
  Copy-Item @toServer -Path (Join-Path ([Management.Automation.WildcardPattern]::Escape($package)) '*') -Destination $remotePackage -Recurse -Force
  foreach ($name in @('agent.crt', 'agent.key', 'agent.token')) {
    Copy-Item @toServer -LiteralPath (Join-Path $pairingLocal $name) -Destination ($pairing + '\' + $name) -Force
  }
  $result = Invoke-Command @onServer -ArgumentList $pairing -ScriptBlock {
    param($pairing)
    $ErrorActionPreference = 'Stop'
    # the package was copied, not downloaded (no mark of the web); a machine policy set by GPO still wins
    try { Set-ExecutionPolicy -Scope Process -ExecutionPolicy Bypass -Force } catch { }
    $lines = New-Object System.Collections.Generic.List[string]
    $failure = $null
    try {
      & 'C:\ProgramData\Ferry\agent-package\0.9.0\install-agent.ps1' -CertFile ($pairing + '\agent.crt') -KeyFile ($pairing + '\agent.key') -TokenFile ($pairing + '\agent.token') -ServerId 'proxy01' -Port 6170 6>&1 | ForEach-Object { $lines.Add([string]$_) }
    } catch { $failure = $_.Exception.Message -replace '\s+', ' ' }
    [pscustomobject]@{ lines = @($lines); failure = $failure }
  }
} finally {
  try {
    Invoke-Command @onServer -ArgumentList $pairing -ScriptBlock { param($pairing) if (Test-Path -LiteralPath $pairing) { Remove-Item -LiteralPath $pairing -Recurse -Force } }
    $pairingRemoved = $true
  } catch { }
  if ($session) { Remove-PSSession -Session $session -ErrorAction SilentlyContinue }
}
$fingerprint = $null
foreach ($line in @($result.lines)) {
  $match = [regex]::Match([string]$line, 'SHA-256 ((?:[0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2})')
  if ($match.Success) { $fingerprint = $match.Groups[1].Value.ToUpperInvariant() }
}
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ installed = ($null -eq $result.failure); failure = $result.failure; fingerprint = $fingerprint; lines = @($result.lines); pairingRemoved = $pairingRemoved }))
