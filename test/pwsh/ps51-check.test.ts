// The Windows PowerShell 5.1 check itself: each rule fires on a sample pwsh 7 accepts and 5.1 does not, and stays
// quiet on the 5.1 spelling of the same thing. One pwsh process, one request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkScripts, type ScriptProblems } from './ps51-check';
import { PwshSession } from './testing/pwsh-session';
import { toolForTests } from './testing/tools';

const pwsh = toolForTests('pwsh');

/** rule → samples that must be flagged with it */
const REJECTED: Record<string, string[]> = {
  'null-coalescing': ['$a = $b ?? 1', '$x = ($env:FOO ?? "d").Length'],
  'null-coalescing-assignment': ['$a ??= 1'],
  'null-conditional-member': ['${a}?.Length', '${a}?.ToString()'],
  'null-conditional-index': ['${a}?[0]'],
  ternary: ['$a = $b ? 1 : 2', 'if ($true) { ($x -gt 1) ? "y" : "n" }'],
  'pipeline-chain': ['Get-Item x && Write-Host ok', 'Get-Item x || throw "no"'],
  parallel: ['1..3 | ForEach-Object -Parallel { $_ }', '1..3 | % -Parallel { $_ } -ThrottleLimit 2'],
  'new-parameter': [
    'ConvertTo-Json -AsArray -InputObject 1',
    '$o = $t | ConvertFrom-Json -AsHashtable',
    '$o = ConvertFrom-Json $t -Depth 20',
    '$o = ConvertFrom-Json $t -AsHash',
    'Get-Content -AsByteStream -Path x',
    'Join-Path a b c',
    'Split-Path -LeafBase x',
    'Get-Date -AsUTC',
    'Where-Object -Not Foo',
  ],
  'new-command': ['Get-Error', 'Test-Json -Json "{}"', '1..3 | Join-String -Separator ","'],
  'new-variable': ['$PSStyle.Reset', 'if ($IsWindows) { 1 }', 'if ($IsLinux) { 1 }'],
  'clean-block': ['function f { process { 1 } clean { 2 } }'],
  'background-operator': ['Start-Sleep 1 &'],
  'new-encoding': ["Set-Content -Path x -Value 1 -Encoding utf8NoBOM", 'Out-File -FilePath x -Encoding:utf8BOM'],
  'unicode-escape': ['"`u{2019}"'],
  'escape-e': ['"`e[0m"'],
  'number-literal': ['$a = 0b1010', '$a = 5u', '$a = 10y', '$a = 2n'],
  'leading-pipe': ['Get-ChildItem\n| Select-Object -First 1'],
  'replace-scriptblock': ["'abc' -replace 'b', { $_.Value.ToUpper() }"],
  'net-core-member': ['[Convert]::ToHexString($b)', '[System.IO.Path]::GetRelativePath("a", "b")', '[Security.Cryptography.SHA256]::HashData($b)', '[Math]::Clamp(1, 0, 2)'],
  'requires-version': ['#Requires -Version 7.0\n1'],
  'requires-edition': ['#Requires -PSEdition Core\n1'],
};

/** 5.1 spellings (and Ferry's own idioms) that must pass */
const ACCEPTED = [
  "$ErrorActionPreference = 'Stop'",
  "$a = if ($null -ne $b) { $b } else { 1 }",
  "if ($a) { $a.Length }",
  "'x' + (ConvertTo-Json -Compress -Depth 4 -InputObject @($list))",
  '$o = ConvertFrom-Json -InputObject $t',
  'Get-Item x; if ($?) { Write-Host ok }',
  '1..3 | ForEach-Object { $_ } | Where-Object { $_ -gt 1 }',
  '1..3 | ForEach-Object -Process { $_ }',
  'Join-Path $root "snapshots"',
  'Join-Path -Path $root -ChildPath "x"',
  'Join-Path $root "x" -Resolve',
  "$utf8 = New-Object System.Text.UTF8Encoding($false); [IO.File]::WriteAllText('p', 't', $utf8)",
  'Set-Content -Path x -Value 1 -Encoding UTF8',
  '"tab`there"',
  '$n = 0x1F; $m = 10kb; $l = 5l; $d = 1.5d',
  "[BitConverter]::ToString([Security.Cryptography.SHA256]::Create().ComputeHash($b)).Replace('-', '')",
  "'abc' -replace 'b', 'B'",
  'function f { begin { } process { } end { } }',
  "Get-ChildItem |\n  Select-Object -First 1",
  '#Requires -Version 5.1\n#Requires -RunAsAdministrator\n1',
  'Write-Host "a && b || c ?? d"',
  "$IsWindowsServer = $true",
  '& cmd.exe /c "echo x" 2>&1',
];

describe.skipIf(!pwsh.path)(`the Windows PowerShell 5.1 check${pwsh.path ? '' : ` (skipped: ${pwsh.skipReason})`}`, () => {
  let session: PwshSession;
  let rejected: Array<{ rule: string; sample: string; result: ScriptProblems }>;
  let accepted: ScriptProblems[];

  beforeAll(async () => {
    session = new PwshSession(pwsh.path!);
    const samples = Object.entries(REJECTED).flatMap(([rule, texts]) => texts.map((text) => ({ rule, text })));
    const results = await checkScripts(session, [
      ...samples.map((s, i) => ({ name: `rejected-${i}`, text: s.text })),
      ...ACCEPTED.map((text, i) => ({ name: `accepted-${i}`, text })),
    ]);
    rejected = samples.map((s, i) => ({ rule: s.rule, sample: s.text, result: results[i] }));
    accepted = results.slice(samples.length);
  });
  afterAll(() => session?.close());

  it('flags each construct that pwsh 7 accepts and Windows PowerShell 5.1 does not', () => {
    const missed = rejected
      .filter((r) => !r.result.ps51.some((f) => f.includes(` ${r.rule}: `)))
      .map((r) => ({ rule: r.rule, sample: r.sample, got: r.result.ps51, parseErrors: r.result.parseErrors }));
    expect(missed).toEqual([]);
    // the samples are valid pwsh 7: what the check reports is not a parse error
    expect(rejected.filter((r) => r.result.parseErrors.length > 0).map((r) => r.sample)).toEqual([]);
  });

  it('accepts the Windows PowerShell 5.1 spellings', () => {
    expect(accepted.filter((a) => a.ps51.length > 0 || a.parseErrors.length > 0).map((a) => ({ sample: ACCEPTED[Number(a.name.split('-')[1])], ...a }))).toEqual([]);
  });

  it('reports where: line and column of the construct', () => {
    const hit = rejected.find((r) => r.sample === 'Get-ChildItem\n| Select-Object -First 1')!;
    expect(hit.result.ps51[0]).toMatch(/^2:1 leading-pipe: /);
  });
});
