$ErrorActionPreference = 'Stop'
$dir = 'C:\ProgramData\Ferry\snapshots\snap-0001'
New-Item -ItemType Directory -Force -Path $dir | Out-Null
$bytes = [Convert]::FromBase64String('TVNDRgAAAABmZXJyeS10ZXN0LWNhYg==')
$sha = [BitConverter]::ToString([Security.Cryptography.SHA256]::Create().ComputeHash($bytes)).Replace('-', '')
if ($sha -ne 'E9745047B15C4E49ABE80AEDEFD2E0CD216F429BEA73ECC4476D776628822875') { throw 'the snapshot metadata file arrived damaged (SHA-256 mismatch)' }
[IO.File]::WriteAllBytes('C:\ProgramData\Ferry\snapshots\snap-0001\snapshot.cab', $bytes)
$utf8 = New-Object System.Text.UTF8Encoding($false)
[IO.File]::WriteAllText('C:\ProgramData\Ferry\snapshots\snap-0001\snapshot.json', '{"ferry":1,"role":"proxy","snapshotId":"snap-0001","hostId":"hv01","setId":"{4c1f2d7a-9b3e-4e8a-a6d1-2f5c7b9e0a13}","shadowIds":["{9e0d4b6c-3a21-4f7e-b8c5-6d2a1e9f7c40}"],"importedAt":"2026-11-25T13:04:02.000Z"}', $utf8)
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ length = $bytes.Length }))
