$ErrorActionPreference = 'Stop'
$ns = 'root\virtualization\v2'
function Wait-FerryJob($job) {
  $j = Get-CimInstance -InputObject $job
  while ($j.JobState -eq 3 -or $j.JobState -eq 4) { Start-Sleep -Milliseconds 200; $j = Get-CimInstance -InputObject $job }
  if ($j.JobState -eq 7) { return 0 }
  if ($j.ErrorCode) { return [int]$j.ErrorCode }
  return 32768
}
$svc = Get-CimInstance -Namespace $ns -ClassName Msvm_VirtualSystemReferencePointService
$retire = @('rctX:4a1f9c2e:0000000000000012:0', 'rctX:5b2e0d3f:0000000000000007:0'); $keep = @('rctX:4a1f9c2e:0000000000000013:0', 'rctX:5b2e0d3f:0000000000000008:0')
$vm = Get-CimInstance -Namespace $ns -ClassName Msvm_ComputerSystem -Filter ("Name='" + '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b' + "'")
$destroyed = @(); $failed = @()
if ($vm) {
  foreach ($rp in @(Get-CimAssociatedInstance -InputObject $vm -ResultClassName Msvm_VirtualSystemReferencePoint)) {
    $rcts = @($rp.ResilientChangeTrackingIdentifiers)
    if (-not ($rcts | Where-Object { $retire -contains $_ })) { continue }
    if ($rcts | Where-Object { $keep -contains $_ }) { continue }
    try {
      $r = Invoke-CimMethod -InputObject $svc -MethodName DestroyReferencePoint -Arguments @{ AffectedReferencePoint = $rp }
      $code = [int]$r.ReturnValue
      if ($code -eq 4096) { $code = Wait-FerryJob $r.Job }
    } catch { $code = -1 }
    if ($code -eq 0) { $destroyed += [string]$rp.InstanceID } else { $failed += [pscustomobject]@{ InstanceId = [string]$rp.InstanceID; Code = $code } }
  }
}
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 3 -InputObject ([pscustomobject]@{ Found = [bool]$vm; Destroyed = @($destroyed); Failed = @($failed) }))
