$ErrorActionPreference = 'Stop'
$ferryPayload = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('IyBGZXJyeSBsZWZ0b3ZlciBzY2FuDQpsaXN0IHNoYWRvd3MgYWxsDQpleGl0DQo='))
$ferryParams = @{ ComputerName = 'hv01.contoso.local'; ErrorAction = 'Stop' }
$ferryParams.Authentication = 'Kerberos'
$ferryParams.UseSSL = $true
$ferryParams.Port = 5986
Invoke-Command @ferryParams -ArgumentList $ferryPayload -ScriptBlock {
  param($ferryDsh)
  $ErrorActionPreference = 'Continue'
  $file = Join-Path $env:TEMP ('ferry-' + [guid]::NewGuid().ToString('N') + '.dsh')
  try {
    [IO.File]::WriteAllText($file, $ferryDsh, [Text.Encoding]::ASCII)
    & (Join-Path $env:SystemRoot 'System32\diskshadow.exe') /s $file 2>&1 | ForEach-Object { [string]$_ }
    'FERRY_EXIT_CODE=' + $LASTEXITCODE
  } finally { Remove-Item -LiteralPath $file -Force -ErrorAction SilentlyContinue }
}
