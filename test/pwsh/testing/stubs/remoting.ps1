# Stub WinRM commands for the remote wrapper and the agent deployment: Invoke-Command / New-PSSession /
# Remove-PSSession / Copy-Item -ToSession run locally and log what they were given (the credential included, so a
# test can check it arrived intact through the environment variables) to $FerryRemote.callLog as JSON lines.
# $FerryRemote = @{ callLog; deniedCode (optional: a PSRemotingTransportException with that ErrorCode) }
function Write-FerryCall([string]$Name, $Details) {
  $line = ConvertTo-Json -Compress -Depth 6 -InputObject ([pscustomobject]@{ call = $Name; details = $Details })
  [IO.File]::AppendAllText($FerryRemote.callLog, $line + "`n", (New-Object System.Text.UTF8Encoding($false)))
}

function Get-FerryConnection($bound) {
  $c = [ordered]@{}
  foreach ($k in @('ComputerName', 'Authentication', 'UseSSL', 'Port', 'ErrorAction')) { if ($bound.ContainsKey($k)) { $c[$k] = [string]$bound[$k] } }
  if ($bound.ContainsKey('Credential')) { $c.User = $bound.Credential.UserName; $c.Password = $bound.Credential.GetNetworkCredential().Password }
  # the wrapper must have deleted the variables before it connects
  $c.CredentialEnvLeft = [bool]($env:FERRY_CRED_SECRET -or $env:FERRY_CRED_USER)
  $c
}

function Assert-FerryReachable {
  if ($null -ne $FerryRemote.deniedCode) {
    $transport = New-Object System.Management.Automation.Remoting.PSRemotingTransportException('Connecting to remote server failed with the following error message : Access is denied.')
    $transport.ErrorCode = [int]$FerryRemote.deniedCode
    # Invoke-Command reports it inside a wrapper; the bootstrap walks InnerException to find it
    throw (New-Object System.Management.Automation.RuntimeException('[server] Connecting to remote server failed.', $transport))
  }
}

function New-PSSession {
  [CmdletBinding()]
  param([string]$ComputerName, [pscredential]$Credential, [string]$Authentication, [switch]$UseSSL, [int]$Port)
  Write-FerryCall 'New-PSSession' (Get-FerryConnection $PSBoundParameters)
  Assert-FerryReachable
  [pscustomobject]@{ FerrySession = $true; ComputerName = $ComputerName }
}

function Remove-PSSession {
  [CmdletBinding()] param($Session)
  Write-FerryCall 'Remove-PSSession' @{ ComputerName = $Session.ComputerName }
}

function Invoke-Command {
  [CmdletBinding()]
  param([string]$ComputerName, [pscredential]$Credential, [string]$Authentication, [switch]$UseSSL, [int]$Port, $Session,
    [object[]]$ArgumentList, [scriptblock]$ScriptBlock)
  $details = Get-FerryConnection $PSBoundParameters
  $details.Session = [bool]$Session
  Write-FerryCall 'Invoke-Command' $details
  if (-not $Session) { Assert-FerryReachable }
  # "remote" = here, in a new scope, with the arguments as Invoke-Command passes them
  & $ScriptBlock @ArgumentList
}

function Copy-Item {
  [CmdletBinding()]
  param([string[]]$Path, [string[]]$LiteralPath, [string]$Destination, $ToSession, [switch]$Recurse, [switch]$Force)
  Write-FerryCall 'Copy-Item' @{ Path = $Path; LiteralPath = $LiteralPath; Destination = $Destination; ToSession = [bool]$ToSession }
  $p = @{ Destination = $Destination; Recurse = $Recurse; Force = $Force }
  if ($LiteralPath) { $p.LiteralPath = $LiteralPath } else { $p.Path = $Path }
  Microsoft.PowerShell.Management\Copy-Item @p
}

function icacls.exe {
  Write-FerryCall 'icacls.exe' @{ Args = [string[]]$args }
  $global:LASTEXITCODE = 0
}

function Set-ExecutionPolicy { [CmdletBinding()] param([string]$Scope, [string]$ExecutionPolicy, [switch]$Force) }
