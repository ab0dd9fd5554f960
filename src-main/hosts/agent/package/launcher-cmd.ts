// ferry-agent.cmd: runs the bundled Ferry CLI with the packaged Node, else the node.exe on PATH. For an admin on
// the proxy (`ferry-agent.cmd --version`, running the agent by hand); the service starts node.exe directly.
import { AGENT_PACKAGE as P, ENTRY_PATH, windowsText } from './layout';

export function launcherCmd(): string {
  return windowsText(String.raw`@echo off
rem Ferry agent launcher: runs ${ENTRY_PATH} with ${P.nodeDir}\node.exe from this folder, or else the
rem node.exe on PATH (Node.js ${P.minNodeVersion} or later). Examples:
rem   ${P.launcher} --version
rem   ${P.launcher} agent --server-id proxy01 --cert agent.crt --key agent.key --token-file agent.token --bind 0.0.0.0
setlocal
set "FERRY_AGENT_HOME=%~dp0"
set "FERRY_NODE=%FERRY_AGENT_HOME%${P.nodeDir}\node.exe"
if not exist "%FERRY_NODE%" set "FERRY_NODE=node.exe"
"%FERRY_NODE%" "%FERRY_AGENT_HOME%${ENTRY_PATH}" %*
exit /b %ERRORLEVEL%
`);
}
