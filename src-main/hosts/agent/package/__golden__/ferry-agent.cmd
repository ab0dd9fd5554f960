@echo off
rem Ferry agent launcher: runs app\cli.js with node\node.exe from this folder, or else the
rem node.exe on PATH (Node.js 22.5.0 or later). Examples:
rem   ferry-agent.cmd --version
rem   ferry-agent.cmd agent --server-id proxy01 --cert agent.crt --key agent.key --token-file agent.token --bind 0.0.0.0
setlocal
set "FERRY_AGENT_HOME=%~dp0"
set "FERRY_NODE=%FERRY_AGENT_HOME%node\node.exe"
if not exist "%FERRY_NODE%" set "FERRY_NODE=node.exe"
"%FERRY_NODE%" "%FERRY_AGENT_HOME%app\cli.js" %*
exit /b %ERRORLEVEL%
