// The Windows PowerShell 5.1 check: Ferry's scripts run on powershell.exe 5.1 (the consoles' and the servers'),
// but the only PowerShell here is pwsh 7, whose parser accepts more. ps51-check.ps1 walks pwsh's AST for the
// constructs 5.1 rejects or runs differently (??, ?., ternary, && / ||, -Parallel, ConvertFrom-Json -AsHashtable,
// $PSStyle, clean {} …); this module runs it over a batch of scripts in one pwsh process and words the result.
import type { CheckResult, NamedScript, PwshSession } from './testing/pwsh-session';

export interface ScriptProblems {
  name: string;
  /** PowerShell's own parse errors, "line:col message" */
  parseErrors: string[];
  /** 5.1 incompatibilities, "line:col rule: why (text)" */
  ps51: string[];
}

export function describeProblems(r: CheckResult): ScriptProblems {
  return {
    name: r.name,
    parseErrors: r.parseErrors.map((e) => `${e.line}:${e.column} ${e.message}`),
    ps51: r.findings.map((f) => `${f.line}:${f.column} ${f.rule}: ${f.why} (${f.text})`),
  };
}

/** Parses every script with pwsh's parser and applies the 5.1 rules; one request to the session. */
export async function checkScripts(session: PwshSession, scripts: NamedScript[]): Promise<ScriptProblems[]> {
  const results = await session.check(scripts);
  if (results.length !== scripts.length) throw new Error(`checked ${results.length} of ${scripts.length} scripts`);
  return results.map(describeProblems);
}

/** Only the scripts with a problem, for a readable assertion. */
export function withProblems(problems: ScriptProblems[]): ScriptProblems[] {
  return problems.filter((p) => p.parseErrors.length > 0 || p.ps51.length > 0);
}
