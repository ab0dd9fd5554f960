$ErrorActionPreference = 'Stop'
if (Get-VM -Name 'SQL01_restored' -ErrorAction SilentlyContinue) { throw ('FERRY_EXISTS: ' + 'SQL01_restored') }
$report = Compare-VM -Path 'E:\Hyper-V\SQL01_restored\Virtual Machines\X.vmcx' -Copy -GenerateNewId -VirtualMachinePath 'E:\Hyper-V\SQL01_restored' -VhdDestinationPath 'E:\Hyper-V\SQL01_restored\Virtual Hard Disks'
$map = @(@{ Name = 'Network Adapter'; Switch = 'vSwitch-Prod' }, @{ Name = 'Backup'; Switch = $null })
foreach ($i in @($report.Incompatibilities)) {
  # 33012: the switch the adapter was connected to is missing on this host
  if ($i.MessageId -eq 33012) { $m = $map | Where-Object { $_.Name -eq $i.Source.Name } | Select-Object -First 1
    if ($m -and $m.Switch) { Connect-VMNetworkAdapter -VMNetworkAdapter $i.Source -SwitchName $m.Switch } else { Disconnect-VMNetworkAdapter -VMNetworkAdapter $i.Source } }
}
Rename-VM -VM $report.VM -NewName 'SQL01_restored'
$vm = Import-VM -CompatibilityReport $report
Set-VM -VM $vm -Notes ('ferry-restore-id:vm-r1')
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ Id = [string]$vm.Id; State = [string]$vm.State }))
