$ErrorActionPreference = 'Stop'
$vm = Get-VM -Id '5e2b7c1a-3f4d-4e8a-9b0c-1d2e3f4a5b6c' -ErrorAction Stop
if ($vm.State -ne 'Off') {
  Stop-VM -VM $vm -Force -AsJob | Out-Null
  $deadline = (Get-Date).AddSeconds(300)
  while ((Get-VM -Id $vm.Id).State -ne 'Off' -and (Get-Date) -lt $deadline) { Start-Sleep -Seconds 2 }
  if ((Get-VM -Id $vm.Id).State -ne 'Off') { Stop-VM -VM $vm -TurnOff -Force }
}
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ State = [string](Get-VM -Id $vm.Id).State }))
