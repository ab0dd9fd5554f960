$ErrorActionPreference = 'Stop'
$vm = Get-VM -Id '5e2b7c1a-3f4d-4e8a-9b0c-1d2e3f4a5b6c' -ErrorAction SilentlyContinue
if (-not $vm) { throw ('VM ' + '5e2b7c1a-3f4d-4e8a-9b0c-1d2e3f4a5b6c' + ' not found') }
if ($vm.State -ne 'Off') {
  try { Stop-VM -VM $vm -Force -ErrorAction Stop } catch { Stop-VM -VM $vm -TurnOff -Force }
}
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ State = [string](Get-VM -Id $vm.Id).State }))
