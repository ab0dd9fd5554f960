$ErrorActionPreference = 'Stop'
$bytes = [IO.File]::ReadAllBytes('C:\ProgramData\Ferry\snapshots\snap-0001\snapshot.cab')
$sha = [BitConverter]::ToString([Security.Cryptography.SHA256]::Create().ComputeHash($bytes)).Replace('-', '')
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ length = $bytes.Length; sha256 = $sha; base64 = [Convert]::ToBase64String($bytes) }))
