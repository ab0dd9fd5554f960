// The exec gate: the .cmd DiskShadow runs between `create` and `end backup` on the host.
//
// Why a gate file and not the DiskShadow output: the host session must stay open (VSS BackupComplete only after
// the proxy is done, reference §1.1), so DiskShadow is still running when Ferry needs the shadow ids, and its
// stdout may sit in a pipe buffer until exit. DiskShadow exports every alias it sets as an environment variable
// of its own process, which the gate inherits; the gate writes them to created.txt (atomically, via move) and
// then waits for release.flag (exit 0 → end backup) or abort.flag (exit 1 → DiskShadow quits).
// The wait is bounded, so a lost console never holds a VSS session forever.
import { CRLF } from '../exec/script-text';
import { assertScriptSafePath } from '../paths';

export const GATE_POLL_SECONDS = 2;

export interface GateParams {
  label: string;
  /** snapshot folder on the host; holds created.txt and the flags */
  dir: string;
  /** DiskShadow aliases to record, besides VSS_SHADOW_SET */
  aliases: string[];
  /** longest time the gate holds the session before giving up (exit 2) */
  holdSeconds: number;
}

export function gateScript(p: GateParams): string {
  assertScriptSafePath(p.dir, 'snapshot folder');
  const checks = Math.max(1, Math.ceil(p.holdSeconds / GATE_POLL_SECONDS));
  const vars = ['VSS_SHADOW_SET', ...p.aliases];
  for (const v of vars) if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(v)) throw new Error(`invalid variable name "${v}"`);
  const lines = [
    '@echo off',
    `rem Ferry exec gate: ${p.label.replace(/[^A-Za-z0-9 ._:\\-]/g, '?')}`,
    'rem DiskShadow exports its aliases as environment variables; record the shadow ids before anything else.',
    'setlocal',
    `set "FERRY_DIR=${p.dir}"`,
    '(',
    ...vars.map((v) => `echo ${v}=%${v}%`),
    ') > "%FERRY_DIR%\\created.tmp"',
    'move /y "%FERRY_DIR%\\created.tmp" "%FERRY_DIR%\\created.txt" >nul',
    `rem hold the VSS session open until Ferry releases or aborts it; give up after ${checks} checks`,
    `set /a FERRY_LEFT=${checks}`,
    ':wait',
    'if exist "%FERRY_DIR%\\release.flag" exit /b 0',
    'if exist "%FERRY_DIR%\\abort.flag" exit /b 1',
    'if %FERRY_LEFT% LEQ 0 exit /b 2',
    'set /a FERRY_LEFT-=1',
    'rem ping as a sleep: timeout.exe refuses to run when stdin is redirected, as it is under DiskShadow',
    `ping -n ${GATE_POLL_SECONDS + 1} 127.0.0.1 >nul`,
    'goto wait',
  ];
  return lines.join(CRLF) + CRLF;
}
