// Pure generators of the scripts that put the Ferry data-mover agent on an off-host proxy and take it off again.
// The package (`npm run dist:agent`) and its installer are built elsewhere (src-main/hosts/agent/package, which
// the engine may not import: the few names it relies on are repeated in AGENT_PACKAGE_LAYOUT and a test there
// keeps both in step). No script holds a secret: the pairing files travel by path only.
import { emitJson, psScript, psq } from '../exec/script-text';
import { sessionParamsLines, type WinRmOptions } from '../exec/remote-executor';
import { winJoin } from '../paths';

/** What the deployer relies on in the agent package (mirrors AGENT_PACKAGE in hosts/agent/package/layout.ts). */
export const AGENT_PACKAGE_LAYOUT = {
  installer: 'install-agent.ps1',
  appDir: 'app',
  entry: 'cli.js',
  serviceName: 'FerryAgent',
  /** `ferry agent`'s default port */
  port: 6170,
} as const;

/** Names of the pairing files in the local temp folder and the remote pairing folder (as the installer keeps them). */
export const PAIRING_FILES = { cert: 'agent.crt', key: 'agent.key', token: 'agent.token' } as const;

/** Default folder on the proxy for the copied package: <workRoot>\agent-package\<version>\. */
export const AGENT_PACKAGE_FOLDER = 'agent-package';

/** The installer prints "... certificate SHA-256 AA:BB:..." as its last line. */
const FINGERPRINT_PATTERN = 'SHA-256 ((?:[0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2})';

export interface DeployAgentParams {
  /** WinRM target as the executor reaches it; undefined = this machine (no session) */
  server: string | undefined;
  /** how to open the session: the same settings as the RemoteExecutor's */
  winrm?: WinRmOptions;
  /** the agent package on the console machine */
  packageDir: string;
  /** owner-only folder on the console machine holding the three PAIRING_FILES */
  pairingDir: string;
  /** parent of the package folders on the proxy */
  remoteRoot: string;
  /** the package's version: its folder name on the proxy */
  version: string;
  /** -ServerId for the installer (the id the console knows the proxy by) */
  serverId: string;
  /** the agent's TCP port (-Port) */
  agentPort: number;
}

function remotePackageDir(remoteRoot: string, version: string): string {
  return winJoin(remoteRoot, version);
}

/**
 * Runs locally (ExecRequest.credentialFor = server): opens one session to the proxy, copies the package and the
 * pairing files, runs install-agent.ps1 there and returns its lines with the fingerprint it printed. The pairing
 * folder on the proxy (SYSTEM and Administrators only) is removed whatever happens; so is the session.
 * Result: FERRY_JSON {installed, failure, fingerprint, lines, pairingRemoved}; a failure before the installer ran
 * (no session, copy failed) ends the script with an error instead.
 */
export function deployAgentPs(p: DeployAgentParams): string {
  const remotePackage = remotePackageDir(p.remoteRoot, p.version);
  const remoteFile = (name: string) => `($pairing + ${psq(`\\${name}`)})`;
  const lines = ["$ProgressPreference = 'SilentlyContinue'"];
  if (p.server !== undefined) {
    lines.push(
      ...sessionParamsLines({ ...p.winrm, server: p.server, credential: 'env-if-set' }),
    );
  }
  lines.push(
    `$package = ${psq(p.packageDir)}`,
    `$pairingLocal = ${psq(p.pairingDir)}`,
    `$remotePackage = ${psq(remotePackage)}`,
    '# string work only: Join-Path would check that the drive exists on this machine',
    `$pairing = ${psq(`${winJoin(p.remoteRoot, 'pairing-')}`)} + [guid]::NewGuid().ToString('N')`,
  );
  if (p.server !== undefined) {
    lines.push('$session = New-PSSession @ferryParams', '$onServer = @{ Session = $session }', '$toServer = @{ ToSession = $session }');
  } else {
    lines.push('# this machine: the same steps without a session', '$session = $null', '$onServer = @{}', '$toServer = @{}');
  }
  lines.push(
    '$result = $null',
    '$pairingRemoved = $false',
    'try {',
    '  Invoke-Command @onServer -ArgumentList $remotePackage, $pairing -ScriptBlock {',
    '    param($remotePackage, $pairing)',
    "    $ErrorActionPreference = 'Stop'",
    '    # an earlier copy of the same version is replaced, never merged',
    '    if (Test-Path -LiteralPath $remotePackage) { Remove-Item -LiteralPath $remotePackage -Recurse -Force }',
    '    New-Item -ItemType Directory -Force -Path $remotePackage | Out-Null',
    '    # the pairing files pass through a folder only SYSTEM (S-1-5-18) and Administrators (S-1-5-32-544) can read',
    '    New-Item -ItemType Directory -Force -Path $pairing | Out-Null',
    "    & icacls.exe $pairing /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F' | Out-Null",
    '    if ($LASTEXITCODE -ne 0) { throw "Could not restrict access to $pairing (icacls exit code $LASTEXITCODE)." }',
    '  }',
    "  Copy-Item @toServer -Path (Join-Path ([Management.Automation.WildcardPattern]::Escape($package)) '*') -Destination $remotePackage -Recurse -Force",
    `  foreach ($name in @(${Object.values(PAIRING_FILES).map(psq).join(', ')})) {`,
    "    Copy-Item @toServer -LiteralPath (Join-Path $pairingLocal $name) -Destination ($pairing + '\\' + $name) -Force",
    '  }',
    '  $result = Invoke-Command @onServer -ArgumentList $pairing -ScriptBlock {',
    '    param($pairing)',
    "    $ErrorActionPreference = 'Stop'",
    '    # the package was copied, not downloaded (no mark of the web); a machine policy set by GPO still wins',
    '    try { Set-ExecutionPolicy -Scope Process -ExecutionPolicy Bypass -Force } catch { }',
    '    $lines = New-Object System.Collections.Generic.List[string]',
    '    $failure = $null',
    '    try {',
    `      & ${psq(winJoin(remotePackage, AGENT_PACKAGE_LAYOUT.installer))} -CertFile ${remoteFile(PAIRING_FILES.cert)} -KeyFile ${remoteFile(PAIRING_FILES.key)} -TokenFile ${remoteFile(PAIRING_FILES.token)} -ServerId ${psq(p.serverId)} -Port ${Math.trunc(p.agentPort)} 6>&1 | ForEach-Object { $lines.Add([string]$_) }`,
    "    } catch { $failure = $_.Exception.Message -replace '\\s+', ' ' }",
    '    [pscustomobject]@{ lines = @($lines); failure = $failure }',
    '  }',
    '} finally {',
    '  try {',
    '    Invoke-Command @onServer -ArgumentList $pairing -ScriptBlock { param($pairing) if (Test-Path -LiteralPath $pairing) { Remove-Item -LiteralPath $pairing -Recurse -Force } }',
    '    $pairingRemoved = $true',
    '  } catch { }',
    '  if ($session) { Remove-PSSession -Session $session -ErrorAction SilentlyContinue }',
    '}',
    '$fingerprint = $null',
    'foreach ($line in @($result.lines)) {',
    `  $match = [regex]::Match([string]$line, ${psq(FINGERPRINT_PATTERN)})`,
    '  if ($match.Success) { $fingerprint = $match.Groups[1].Value.ToUpperInvariant() }',
    '}',
    emitJson('[pscustomobject]@{ installed = ($null -eq $result.failure); failure = $result.failure; fingerprint = $fingerprint; lines = @($result.lines); pairingRemoved = $pairingRemoved }'),
  );
  return psScript(lines);
}

export interface UninstallAgentParams {
  remoteRoot: string;
  /** the console's package version: its installer is preferred */
  version: string;
}

/**
 * Runs on the proxy: `install-agent.ps1 -Uninstall` from the copied package (this version's, else the newest one
 * there), then removes every copied package. No package = nothing to run (reported, with whether a FerryAgent
 * service is still there). Result: FERRY_JSON {installer, lines, serviceLeft, removed}.
 */
export function uninstallAgentPs(p: UninstallAgentParams): string {
  return psScript([
    `$root = ${psq(p.remoteRoot)}`,
    `$preferred = ${psq(winJoin(remotePackageDir(p.remoteRoot, p.version), AGENT_PACKAGE_LAYOUT.installer))}`,
    '$installer = $null',
    'if (Test-Path -LiteralPath $preferred) { $installer = $preferred }',
    'elseif (Test-Path -LiteralPath $root) {',
    '  # a package of another version (the console was updated since): its installer removes the service just as well',
    `  $installer = @(Get-ChildItem -LiteralPath $root -Directory -Force | Sort-Object LastWriteTime -Descending | ForEach-Object { Join-Path $_.FullName ${psq(AGENT_PACKAGE_LAYOUT.installer)} } | Where-Object { Test-Path -LiteralPath $_ }) | Select-Object -First 1`,
    '}',
    '$lines = @()',
    'if ($installer) {',
    '  try { Set-ExecutionPolicy -Scope Process -ExecutionPolicy Bypass -Force } catch { }',
    '  $lines = @(& $installer -Uninstall 6>&1 | ForEach-Object { [string]$_ })',
    '}',
    `$serviceLeft = [bool](Get-Service -Name ${psq(AGENT_PACKAGE_LAYOUT.serviceName)} -ErrorAction SilentlyContinue)`,
    '$removed = $false',
    'if (Test-Path -LiteralPath $root) { Remove-Item -LiteralPath $root -Recurse -Force; $removed = $true }',
    emitJson('[pscustomobject]@{ installer = $installer; lines = @($lines); serviceLeft = $serviceLeft; removed = $removed }'),
  ]);
}
