# Stub Windows service, registry, firewall and TCP commands for install-agent.ps1 (the real installer runs; only
# what needs Windows is stubbed). The services live in a JSON file next to the call log, so an uninstall (a later
# script) sees what the install created; every call goes to the remoting stubs' call log (load remoting.ps1 first).
# csc.exe is a stub executable under $env:WINDIR (see the test).
$FerryServicesFile = $FerryRemote.callLog + '.services.json'
$FerryServices = @{}

function New-FerryService([string]$Name, [string]$Status = 'Stopped') {
  $svc = [pscustomobject]@{ Name = $Name; Status = $Status }
  $svc | Add-Member -MemberType ScriptMethod -Name WaitForStatus -Value { param($status, $timeout) $this.Status = $status; Save-FerryServices }
  $svc
}
function Save-FerryServices {
  $list = @($FerryServices.Values | ForEach-Object { [pscustomobject]@{ Name = $_.Name; Status = $_.Status } })
  [IO.File]::WriteAllText($FerryServicesFile, (ConvertTo-Json -Compress -InputObject $list))
}
if (Test-Path -LiteralPath $FerryServicesFile) {
  foreach ($s in @(ConvertFrom-Json -InputObject ([IO.File]::ReadAllText($FerryServicesFile)))) { $FerryServices[$s.Name] = New-FerryService $s.Name $s.Status }
}

function Get-Service {
  [CmdletBinding()] param([string]$Name)
  if ($FerryServices.ContainsKey($Name)) { return $FerryServices[$Name] }
  Write-Error "Cannot find any service with service name '$Name'."
}
function New-Service {
  [CmdletBinding()] param([string]$Name, [string]$BinaryPathName, [string]$DisplayName, [string]$Description, [string]$StartupType)
  Write-FerryCall 'New-Service' @{ Name = $Name; BinaryPathName = $BinaryPathName; DisplayName = $DisplayName; StartupType = $StartupType }
  $FerryServices[$Name] = New-FerryService $Name
  Save-FerryServices
  $FerryServices[$Name]
}
function Set-Service {
  [CmdletBinding()] param([string]$Name, [string]$StartupType, [string]$DisplayName, [string]$Description)
  Write-FerryCall 'Set-Service' @{ Name = $Name; StartupType = $StartupType }
}
function Start-Service {
  [CmdletBinding()] param([string]$Name)
  Write-FerryCall 'Start-Service' @{ Name = $Name }
  $FerryServices[$Name].Status = 'Running'
  Save-FerryServices
}
function Stop-Service {
  [CmdletBinding()] param([string]$Name, [switch]$Force)
  Write-FerryCall 'Stop-Service' @{ Name = $Name }
  $FerryServices[$Name].Status = 'Stopped'
  Save-FerryServices
}
function Set-ItemProperty {
  [CmdletBinding()] param([string]$LiteralPath, [string]$Name, $Value)
  Write-FerryCall 'Set-ItemProperty' @{ LiteralPath = $LiteralPath; Name = $Name; Value = $Value }
}
function sc.exe {
  Write-FerryCall 'sc.exe' @{ Args = [string[]]$args }
  if ($args[0] -eq 'delete') { $FerryServices.Remove([string]$args[1]); Save-FerryServices }
  $global:LASTEXITCODE = 0
}
function Remove-NetFirewallRule {
  [CmdletBinding()] param([string]$Name)
  Write-FerryCall 'Remove-NetFirewallRule' @{ Name = $Name }
}
function New-NetFirewallRule {
  [CmdletBinding()] param([string]$Name, [string]$DisplayName, [string]$Description, [string]$Direction, [string]$Protocol, $LocalPort, [string[]]$RemoteAddress, [string]$Profile, [string]$Action)
  Write-FerryCall 'New-NetFirewallRule' @{ Name = $Name; LocalPort = [string]$LocalPort; RemoteAddress = $RemoteAddress; Profile = $Profile; Direction = $Direction; Action = $Action }
}
function Get-NetTCPConnection {
  [CmdletBinding()] param([int]$LocalPort, [string]$State)
  if (@($FerryServices.Values | Where-Object { $_.Status -eq 'Running' }).Count -gt 0) { [pscustomobject]@{ LocalPort = $LocalPort; State = $State } }
}
function Start-Sleep {
  [CmdletBinding()] param([int]$Milliseconds, [int]$Seconds)
}
