// Every PowerShell script Ferry generates or ships is parsed by PowerShell's own parser (zero errors) and passes
// the Windows PowerShell 5.1 check — the generated ones through the real generators (ordinary and hostile
// parameters), and every golden file. One pwsh process for all of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkScripts, withProblems, type ScriptProblems } from './ps51-check';
import { generatedScripts, goldenScripts } from './testing/script-catalog';
import { PwshSession } from './testing/pwsh-session';
import { toolForTests } from './testing/tools';

const pwsh = toolForTests('pwsh');

describe.skipIf(!pwsh.path)(`PowerShell parses every Ferry script${pwsh.path ? '' : ` (skipped: ${pwsh.skipReason})`}`, () => {
  let session: PwshSession;
  let generated: ScriptProblems[];
  let goldens: ScriptProblems[];
  const generatedList = generatedScripts();
  const goldenList = goldenScripts();

  beforeAll(async () => {
    session = new PwshSession(pwsh.path!);
    const all = await checkScripts(session, [...generatedList, ...goldenList]);
    generated = all.slice(0, generatedList.length);
    goldens = all.slice(generatedList.length);
  });
  afterAll(() => session?.close());

  it('covers every generator and every golden .ps1', () => {
    // 25 generators x (ordinary, hostile) + server facts (host, proxy) + install-agent.ps1 + the two DPAPI scripts
    expect(generatedList.length).toBeGreaterThanOrEqual(55);
    // 22 .ps1 + bootstrap.txt in platform/windows, install-agent.ps1 in the agent package
    expect(goldenList.length).toBeGreaterThanOrEqual(24);
    expect(goldenList.map((g) => g.name)).toContain('src-main/hosts/agent/package/__golden__/install-agent.ps1');
  });

  it('generated scripts: no parse error, nothing Windows PowerShell 5.1 lacks', () => {
    expect(withProblems(generated)).toEqual([]);
  });

  it('golden files: no parse error, nothing Windows PowerShell 5.1 lacks', () => {
    expect(withProblems(goldens)).toEqual([]);
  });
});
