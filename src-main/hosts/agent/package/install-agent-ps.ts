// install-agent.ps1: installs, updates or removes the Ferry agent on an off-host proxy: copies the package,
// checks Node and the bundle, compiles the service host, places the pairing material (certificate, key, token:
// produced by the console, never by this script, never printed), creates the FerryAgent service with restart-on-
// failure, and opens the agent's TCP port for the console. Idempotent: running it again updates in place.
import { AGENT_PACKAGE as P, ENTRY_PATH, windowsText } from './layout';

/** how the admin calls it; precomputed for the same reason as ENTRY_PATH */
const RUN_INSTALLER = `.\\${P.installer}`;

export interface InstallScriptParams {
  /** the package's Ferry version: the installed bundle must report it */
  version: string;
}

export function installAgentPs({ version }: InstallScriptParams): string {
  if (!/^[0-9A-Za-z.+-]+$/.test(version)) throw new Error(`unexpected version ${version}`);
  return windowsText(String.raw`# Ferry agent ${version}: installs or updates the Ferry data mover agent on this off-host backup proxy as the
# Windows service ${P.serviceName}, and allows TCP ${P.port} (or -Port) in Windows Firewall for the Ferry console.
#
# Run it from the unpacked package, in an elevated PowerShell:
#   ${RUN_INSTALLER} -CertFile agent.crt -KeyFile agent.key -TokenFile agent.token
# The certificate, its key and the pairing token come from the Ferry console. This script contains and generates
# no secret: it copies the three files into the agent's data folder, readable only by SYSTEM and Administrators.
# Remove the agent (the data folder with the pairing material is kept unless -RemoveData):
#   ${RUN_INSTALLER} -Uninstall
#Requires -Version 5.1
#Requires -RunAsAdministrator
[CmdletBinding(DefaultParameterSetName = 'Install')]
param(
  [Parameter(ParameterSetName = 'Install', Mandatory = $true)][string]$CertFile,
  [Parameter(ParameterSetName = 'Install', Mandatory = $true)][string]$KeyFile,
  [Parameter(ParameterSetName = 'Install', Mandatory = $true)][string]$TokenFile,
  # the name the console knows this server by: its lower-case computer name
  [Parameter(ParameterSetName = 'Install')][ValidatePattern('^[A-Za-z0-9._-]+$')][string]$ServerId = $env:COMPUTERNAME.ToLowerInvariant(),
  [Parameter(ParameterSetName = 'Install')][ValidateRange(1, 65535)][int]$Port = ${P.port},
  [Parameter(ParameterSetName = 'Install')][ValidatePattern('^[0-9A-Fa-f:.]+$')][string]$Bind = '0.0.0.0',
  # who may connect: 'Any', or the console's addresses / subnets
  [Parameter(ParameterSetName = 'Install')][string[]]$AllowFrom = @('Any'),
  [Parameter(ParameterSetName = 'Install')][string[]]$FirewallProfile = @('Domain', 'Private'),
  # default: node\node.exe from the package, else node.exe on PATH (Node.js ${P.minNodeVersion} or later)
  [Parameter(ParameterSetName = 'Install')][string]$NodeExe = '',
  [string]$InstallDir = (Join-Path $env:ProgramFiles 'Ferry Agent'),
  [string]$DataDir = (Join-Path $env:ProgramData 'Ferry\agent'),
  [Parameter(ParameterSetName = 'Uninstall', Mandatory = $true)][switch]$Uninstall,
  [Parameter(ParameterSetName = 'Uninstall')][switch]$RemoveData
)
$ErrorActionPreference = 'Stop'
$ServiceName = '${P.serviceName}'
$FirewallRule = '${P.firewallRule}'
$Version = '${version}'
$Package = $PSScriptRoot
$ServiceExe = Join-Path $InstallDir '${P.serviceHostExe}'
$CliJs = Join-Path $InstallDir '${ENTRY_PATH}'

function Stop-FerryAgent {
  $svc = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
  if ($svc -and $svc.Status -ne 'Stopped') {
    Write-Host "Stopping $ServiceName"
    Stop-Service -Name $ServiceName -Force
    $svc.WaitForStatus('Stopped', [TimeSpan]::FromSeconds(60))
  }
  return $svc
}

function Quote-Path([string]$Path) {
  if ($Path.Contains('"')) { throw "A path must not contain a double quote: $Path" }
  return '"' + $Path + '"'
}

if ($Uninstall) {
  $svc = Stop-FerryAgent
  if ($svc) {
    & sc.exe delete $ServiceName | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "sc.exe delete $ServiceName failed (exit code $LASTEXITCODE)" }
    Write-Host "Removed the service $ServiceName"
  }
  Remove-NetFirewallRule -Name $FirewallRule -ErrorAction SilentlyContinue
  if (Test-Path -LiteralPath $InstallDir) { Remove-Item -LiteralPath $InstallDir -Recurse -Force }
  if ($RemoveData -and (Test-Path -LiteralPath $DataDir)) { Remove-Item -LiteralPath $DataDir -Recurse -Force }
  if ($RemoveData) { Write-Host 'Ferry agent removed, with its data folder' } else { Write-Host "Ferry agent removed (kept $DataDir)" }
  return
}

# 1. Check the inputs before changing anything
if (-not (Test-Path -LiteralPath (Join-Path $Package '${ENTRY_PATH}'))) { throw "Run this script from the unpacked Ferry agent package (${ENTRY_PATH} is missing next to it)." }
if ((Resolve-Path -LiteralPath $Package).Path.TrimEnd('\') -eq $InstallDir.TrimEnd('\')) { throw "Run this script from the unpacked package, not from $InstallDir." }
foreach ($file in @($CertFile, $KeyFile, $TokenFile)) {
  if (-not (Test-Path -LiteralPath $file -PathType Leaf)) { throw "Pairing file not found: $file" }
}
$certPem = Get-Content -Raw -LiteralPath $CertFile
$certMatch = [regex]::Match($certPem, '-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----')
if (-not $certMatch.Success) { throw "$CertFile is not a PEM certificate." }
if ((Get-Content -Raw -LiteralPath $KeyFile) -notmatch '-----BEGIN (RSA |EC )?PRIVATE KEY-----') { throw "$KeyFile is not a PEM private key." }
if ((Get-Item -LiteralPath $TokenFile).Length -lt 16) { throw "$TokenFile does not hold a pairing token." }
$csc = Join-Path $env:WINDIR 'Microsoft.NET\Framework64\v4.0.30319\csc.exe'
if (-not (Test-Path -LiteralPath $csc)) { throw ".NET Framework 4 is missing ($csc): the service host cannot be compiled." }

# 2. Copy the package (the running agent is stopped first: its files are in use)
$null = Stop-FerryAgent
New-Item -ItemType Directory -Force -Path $InstallDir | Out-Null
foreach ($item in @('${P.appDir}', '${P.nodeDir}')) {
  $old = Join-Path $InstallDir $item
  if (Test-Path -LiteralPath $old) { Remove-Item -LiteralPath $old -Recurse -Force }
}
foreach ($item in @('${P.appDir}', '${P.nodeDir}', '${P.launcher}', '${P.serviceHostSource}')) {
  $from = Join-Path $Package $item
  if (Test-Path -LiteralPath $from) { Copy-Item -LiteralPath $from -Destination $InstallDir -Recurse -Force }
}
Write-Host "Copied the Ferry agent $Version to $InstallDir"

# 3. Node.js, and a start of the bundle (this also loads the native lz4 module)
if (-not $NodeExe) {
  $packaged = Join-Path $InstallDir '${P.nodeDir}\node.exe'
  if (Test-Path -LiteralPath $packaged) { $NodeExe = $packaged }
  else {
    $onPath = Get-Command node.exe -ErrorAction SilentlyContinue
    if (-not $onPath) { throw 'Node.js was not found: install Node.js ${P.minNodeVersion} or later, or pass -NodeExe.' }
    $NodeExe = $onPath.Source
  }
}
$nodeVersion = [version](& $NodeExe -p 'process.versions.node')
if ($nodeVersion -lt [version]'${P.minNodeVersion}') { throw "$NodeExe is Node.js $nodeVersion; Ferry needs ${P.minNodeVersion} or later." }
# no 2>&1 on native programs here: Windows PowerShell 5.1 turns their stderr into a terminating error under 'Stop'
$reported = & $NodeExe $CliJs --version
if ($LASTEXITCODE -ne 0 -or "$reported" -ne $Version) { throw "The installed agent does not start with $NodeExe ($reported)." }

# 4. The service host
$cscOutput = & $csc /nologo /target:exe /optimize+ "/out:$ServiceExe" /reference:System.ServiceProcess.dll (Join-Path $InstallDir '${P.serviceHostSource}')
if ($LASTEXITCODE -ne 0) { throw "Compiling the service host failed: $($cscOutput -join ' ')" }

# 5. Pairing material, readable only by SYSTEM (S-1-5-18) and Administrators (S-1-5-32-544)
New-Item -ItemType Directory -Force -Path $DataDir | Out-Null
& icacls.exe $DataDir /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F' | Out-Null
if ($LASTEXITCODE -ne 0) { throw "Could not restrict access to $DataDir (icacls exit code $LASTEXITCODE)." }
$certDest = Join-Path $DataDir 'agent.crt'
$keyDest = Join-Path $DataDir 'agent.key'
$tokenDest = Join-Path $DataDir 'agent.token'
Copy-Item -LiteralPath $CertFile -Destination $certDest -Force
Copy-Item -LiteralPath $KeyFile -Destination $keyDest -Force
Copy-Item -LiteralPath $TokenFile -Destination $tokenDest -Force
$logFile = Join-Path $DataDir 'logs\agent.log'

# 6. The service: LocalSystem, automatic start, restarted after a failure
$binPath = @(
  (Quote-Path $ServiceExe), (Quote-Path $logFile), (Quote-Path $NodeExe), (Quote-Path $CliJs),
  'agent', '--server-id', $ServerId, '--cert', (Quote-Path $certDest), '--key', (Quote-Path $keyDest), '--token-file', (Quote-Path $tokenDest),
  '--port', $Port, '--bind', $Bind, '--exit-with-parent'
) -join ' '
if (Get-Service -Name $ServiceName -ErrorAction SilentlyContinue) {
  # the registry, not sc.exe: PowerShell 5.1 mangles the inner quotes of a binPath passed to a native program
  Set-ItemProperty -LiteralPath "HKLM:\SYSTEM\CurrentControlSet\Services\$ServiceName" -Name ImagePath -Value $binPath
  Set-Service -Name $ServiceName -StartupType Automatic -DisplayName '${P.displayName}' -Description '${P.description}'
  Write-Host "Updated the service $ServiceName"
} else {
  New-Service -Name $ServiceName -BinaryPathName $binPath -DisplayName '${P.displayName}' -Description '${P.description}' -StartupType Automatic | Out-Null
  Write-Host "Created the service $ServiceName"
}
& sc.exe failure $ServiceName reset= 86400 actions= restart/5000/restart/10000/restart/60000 | Out-Null
if ($LASTEXITCODE -ne 0) { throw "sc.exe failure $ServiceName failed (exit code $LASTEXITCODE)" }
& sc.exe failureflag $ServiceName 1 | Out-Null

# 7. Firewall: the console connects to the agent
Remove-NetFirewallRule -Name $FirewallRule -ErrorAction SilentlyContinue
New-NetFirewallRule -Name $FirewallRule -DisplayName "Ferry agent (TCP $Port)" -Description 'Ferry console to the data mover agent (TLS, pinned certificate, pairing token)' -Direction Inbound -Protocol TCP -LocalPort $Port -RemoteAddress $AllowFrom -Profile ($FirewallProfile -join ',') -Action Allow | Out-Null
Write-Host "Firewall: inbound TCP $Port allowed from $($AllowFrom -join ', ') ($($FirewallProfile -join ', ') profiles)"

# 8. Start, and wait until the agent listens
Start-Service -Name $ServiceName
$deadline = (Get-Date).AddSeconds(30)
do {
  Start-Sleep -Milliseconds 500
  $listening = Get-NetTCPConnection -LocalPort $Port -State Listen -ErrorAction SilentlyContinue
  $status = (Get-Service -Name $ServiceName).Status
} until ($listening -or $status -eq 'Stopped' -or (Get-Date) -gt $deadline)
if (-not $listening) { throw "The agent does not listen on TCP $Port (service $status); see $logFile" }

# The console pins this certificate: compare the fingerprint with the one the proxy wizard shows
$der = [Convert]::FromBase64String(($certMatch.Groups[1].Value -replace '\s', ''))
$sha = [Security.Cryptography.SHA256]::Create()
$fingerprint = ($sha.ComputeHash($der) | ForEach-Object { $_.ToString('X2') }) -join ':'
Write-Host "Ferry agent $Version is running: server id $ServerId, TCP $Port, certificate SHA-256 $fingerprint"
`);
}
