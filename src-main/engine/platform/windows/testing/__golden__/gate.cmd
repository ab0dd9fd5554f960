@echo off
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
