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
$out = @(foreach ($id in @('3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b', '4a3b2c1d-6e5f-4071-9b8a-1d2e3f4a5b6c')) {
  $entry = [pscustomobject]@{ VmId = $id; Code = 0; Error = $null; InstanceId = $null; Disks = @() }
  try {
    $vm = Get-CimInstance -Namespace $ns -ClassName Msvm_ComputerSystem -Filter ("Name='" + $id + "'")
    if (-not $vm) { throw ('VM ' + $id + ' not found') }
    $r = Invoke-CimMethod -InputObject $svc -MethodName CreateReferencePoint -Arguments @{ AffectedSystem = $vm; ReferencePointSettings = ''; ReferencePointType = [uint16]1 }
    $code = [int]$r.ReturnValue
    $rp = $null
    if ($code -eq 4096) {
      $code = Wait-FerryJob $r.Job
      if ($code -eq 0) { $rp = Get-CimAssociatedInstance -InputObject $r.Job -ResultClassName Msvm_VirtualSystemReferencePoint | Select-Object -First 1 }
    } elseif ($code -eq 0) { $rp = Get-CimInstance -InputObject $r.ResultingReferencePoint }
    $entry.Code = $code
    if ($code -eq 0 -and $rp) {
      $entry.InstanceId = [string]$rp.InstanceID
      $vssd = Get-CimAssociatedInstance -InputObject $vm -ResultClassName Msvm_VirtualSystemSettingData | Where-Object { $_.VirtualSystemType -eq 'Microsoft:Hyper-V:System:Realized' } | Select-Object -First 1
      $sasd = @(Get-CimAssociatedInstance -InputObject $vssd -ResultClassName Msvm_StorageAllocationSettingData)
      $ids = @($rp.VirtualDiskIdentifiers); $rcts = @($rp.ResilientChangeTrackingIdentifiers)
      $entry.Disks = @(for ($i = 0; $i -lt $ids.Count; $i++) {
        $disk = $sasd | Where-Object { $_.InstanceID -eq $ids[$i] } | Select-Object -First 1
        [pscustomobject]@{ Path = [string](@($disk.HostResource)[0]); RctId = [string]$rcts[$i] } })
    } elseif ($code -eq 0) { $entry.Code = 32768; $entry.Error = 'no reference point was returned' }
  } catch { $entry.Code = -1; $entry.Error = $_.Exception.Message }
  $entry
})
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 5 -InputObject @($out))
