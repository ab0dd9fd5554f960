$ErrorActionPreference = 'Stop'
$ferryPayload = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('J3gnCg=='))
$ferryParams = @{ ComputerName = 'hv01.contoso.local'; ErrorAction = 'Stop' }
$ferrySecure = ConvertTo-SecureString -String $env:FERRY_CRED_SECRET -AsPlainText -Force
$ferryParams.Credential = New-Object System.Management.Automation.PSCredential($env:FERRY_CRED_USER, $ferrySecure)
Remove-Item -LiteralPath Env:FERRY_CRED_SECRET, Env:FERRY_CRED_USER -ErrorAction SilentlyContinue
Invoke-Command @ferryParams -ArgumentList $ferryPayload -ScriptBlock { param($ferryScript) & ([scriptblock]::Create($ferryScript)) }
