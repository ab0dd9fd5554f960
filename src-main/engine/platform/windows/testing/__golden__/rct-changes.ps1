$ErrorActionPreference = 'Stop'
$ns = 'root\virtualization\v2'
$ims = Get-CimInstance -Namespace $ns -ClassName Msvm_ImageManagementService
$path = 'C:\ClusterStorage\Volume1\VMs\APP01\Virtual Hard Disks\APP01_OS_8D3F2A1B-4C5D-4E6F-9A0B-1C2D3E4F5A6B.avhdx'; $limit = 'rctX:4a1f9c2e:0000000000000012:0'; $size = [uint64]137438953472
$offset = [uint64]0; $offsets = New-Object System.Collections.Generic.List[uint64]; $lengths = New-Object System.Collections.Generic.List[uint64]; $code = 0
while ($offset -lt $size) {
  $r = Invoke-CimMethod -InputObject $ims -MethodName GetVirtualDiskChanges -Arguments @{ Path = $path; LimitId = $limit; TargetSnapshotId = ''; ByteOffset = $offset; ByteLength = ($size - $offset) }
  $code = [int]$r.ReturnValue
  # a job (4096) carries no ranges back: reported as is, the engine reads the disk in full
  if ($code -ne 0) { break }
  foreach ($o in @($r.ChangedByteOffsets)) { $offsets.Add([uint64]$o) }
  foreach ($l in @($r.ChangedByteLengths)) { $lengths.Add([uint64]$l) }
  $done = [uint64]$r.ProcessedByteLength
  if ($done -eq 0) { $code = 32775; break }
  $offset += $done
}
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 3 -InputObject ([pscustomobject]@{ Code = $code; Offsets = @($offsets); Lengths = @($lengths) }))
