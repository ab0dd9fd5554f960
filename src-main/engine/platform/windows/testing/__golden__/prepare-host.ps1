$ErrorActionPreference = 'Stop'
$dir = 'C:\ProgramData\Ferry\snapshots\snap-0001'
New-Item -ItemType Directory -Force -Path $dir | Out-Null
# a previous attempt with the same snapshot id must not leave a marker, flag or .cab that looks current
foreach ($name in @('created.txt', 'created.tmp', 'release.flag', 'abort.flag', 'snapshot.cab')) {
  Remove-Item -LiteralPath (Join-Path $dir $name) -Force -ErrorAction SilentlyContinue
}
$utf8 = New-Object System.Text.UTF8Encoding($false)
[IO.File]::WriteAllText('C:\ProgramData\Ferry\snapshots\snap-0001\gate.cmd', '@echo off
rem Ferry exec gate: snapshot snap-0001 of C:\ClusterStorage\Volume1\ on hv01
rem DiskShadow exports its aliases as environment variables; record the shadow ids before anything else.
setlocal
set "FERRY_DIR=C:\ProgramData\Ferry\snapshots\snap-0001"
(
echo VSS_SHADOW_SET=%VSS_SHADOW_SET%
echo FERRY_VOL1=%FERRY_VOL1%
) > "%FERRY_DIR%\created.tmp"
move /y "%FERRY_DIR%\created.tmp" "%FERRY_DIR%\created.txt" >nul
rem hold the VSS session open until Ferry releases or aborts it; give up after 43170 checks
set /a FERRY_LEFT=43170
:wait
if exist "%FERRY_DIR%\release.flag" exit /b 0
if exist "%FERRY_DIR%\abort.flag" exit /b 1
if %FERRY_LEFT% LEQ 0 exit /b 2
set /a FERRY_LEFT-=1
rem ping as a sleep: timeout.exe refuses to run when stdin is redirected, as it is under DiskShadow
ping -n 3 127.0.0.1 >nul
goto wait
', [Text.Encoding]::ASCII)
[IO.File]::WriteAllText('C:\ProgramData\Ferry\snapshots\snap-0001\snapshot.json', '{"ferry":1,"role":"host","snapshotId":"snap-0001","hostId":"hv01","volumeId":"csv-5f3a9c1e-7d2b-4e6f-9a08-3c4d5e6f7a81","volumePath":"C:\\ClusterStorage\\Volume1\\","vmIds":["3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b","4a3b2c1d-6e5f-4071-9b8a-1d2e3f4a5b6c"],"applicationConsistent":true,"providerId":"{781c006a-5829-4a25-81e3-d5e43bd005ab}","alias":"FERRY_VOL1","createdAt":"2026-11-25T13:04:00.000Z"}', $utf8)
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{ prepared = $true }))
