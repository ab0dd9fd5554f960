# Test harness: one pwsh process serves many requests (pwsh takes about a second to start), one JSON line in,
# one JSON line out, on stdin/stdout.
#   {"id":"1","kind":"run","prelude":"...","script":"...","timeoutMs":20000}
#     runs `script` from a .ps1 file in a new scope, after dot-sourcing `prelude` (the stub commands) into it;
#     the file is invoked with `&`, so `exit N` in it (the bootstrap's) ends only the file and becomes exitCode.
#     Output objects are formatted like the console host does (Out-String -Stream, Write-Host included);
#     [Console]::Out / [Console]::Error writes are captured; environment variables are restored afterwards.
#   {"id":"2","kind":"check","scripts":[{"name":"a.ps1","text":"..."}]}
#     PowerShell's own parser on every script, plus the Windows PowerShell 5.1 rules of ps51-check.ps1.
param([Parameter(Mandatory = $true)][string]$CheckerPath)
$ErrorActionPreference = 'Stop'
. $CheckerPath

$reply = [Console]::Out
$utf8 = New-Object System.Text.UTF8Encoding($false)
$work = Join-Path ([IO.Path]::GetTempPath()) ('ferry-pwsh-' + [guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Force -Path $work | Out-Null
$baseEnv = @{}
foreach ($e in [Environment]::GetEnvironmentVariables().GetEnumerator()) { $baseEnv[[string]$e.Key] = [string]$e.Value }

function Restore-Environment {
  foreach ($e in @([Environment]::GetEnvironmentVariables().GetEnumerator())) {
    if (-not $baseEnv.ContainsKey([string]$e.Key)) { [Environment]::SetEnvironmentVariable([string]$e.Key, $null) }
  }
  foreach ($k in $baseEnv.Keys) {
    if ([Environment]::GetEnvironmentVariable($k) -ne $baseEnv[$k]) { [Environment]::SetEnvironmentVariable($k, $baseEnv[$k]) }
  }
}

# One runspace for all cases (a new one costs 0.3-0.5 s on a busy machine); each case runs in its own scope.
function New-CaseRunspace {
  $rs = [runspacefactory]::CreateRunspace([initialsessionstate]::CreateDefault2())
  $rs.Open()
  $rs
}
$script:caseRunspace = New-CaseRunspace

function Invoke-Case($req) {
  $file = Join-Path $work ('case-' + $req.id + '.ps1')
  $preludeFile = Join-Path $work ('prelude-' + $req.id + '.ps1')
  [IO.File]::WriteAllText($file, [string]$req.script, $utf8)
  [IO.File]::WriteAllText($preludeFile, [string]$req.prelude, $utf8)
  $out = New-Object IO.StringWriter
  $err = New-Object IO.StringWriter
  $oldOut = [Console]::Out; $oldErr = [Console]::Error
  $ps = [powershell]::Create()
  $ps.Runspace = $script:caseRunspace
  # a new scope per case: the stubs the prelude defines, and the script's variables, are gone afterwards
  $null = $ps.AddScript('param($ferryPrelude, $ferryFile) $global:LASTEXITCODE = 0; $global:FerryHarnessExit = $null; & { param($p, $f) . $p; & $f 6>&1 | Out-String -Stream; $global:FerryHarnessExit = $LASTEXITCODE } $ferryPrelude $ferryFile').AddArgument($preludeFile).AddArgument($file)
  $lines = @(); $thrown = $null; $timedOut = $false
  [Console]::SetOut($out); [Console]::SetError($err)
  try {
    $async = $ps.BeginInvoke()
    $timeout = if ($req.timeoutMs) { [int]$req.timeoutMs } else { 30000 }
    if (-not $async.AsyncWaitHandle.WaitOne($timeout)) { $timedOut = $true; $ps.Stop() }
    else { $lines = @($ps.EndInvoke($async) | ForEach-Object { [string]$_ }) }
  } catch {
    $thrown = $_.Exception.InnerException
    if (-not $thrown) { $thrown = $_.Exception }
  } finally {
    [Console]::SetOut($oldOut); [Console]::SetError($oldErr)
  }
  $exit = $script:caseRunspace.SessionStateProxy.GetVariable('FerryHarnessExit')
  $errors = @($ps.Streams.Error | ForEach-Object { [string]$_ })
  $warnings = @($ps.Streams.Warning | ForEach-Object { [string]$_ })
  $ps.Dispose()
  # a timed-out or broken case may leave the runspace unusable: the next case gets a new one
  if ($timedOut -or $thrown) { $script:caseRunspace.Dispose(); $script:caseRunspace = New-CaseRunspace }
  Restore-Environment
  Remove-Item -LiteralPath $file, $preludeFile -Force -ErrorAction SilentlyContinue
  $stdout = (@($lines) -join "`n")
  if ($out.ToString()) { $stdout = $stdout + $out.ToString() }
  $stderr = $err.ToString()
  if ($errors.Count -gt 0) { $stderr = $stderr + (($errors -join "`n") + "`n") }
  [pscustomobject]@{
    id = $req.id; stdout = $stdout; stderr = $stderr
    exitCode = if ($null -ne $thrown -or $timedOut) { 1 } elseif ($null -eq $exit) { 0 } else { [int]$exit }
    warnings = @($warnings); errors = @($errors)
    thrown = if ($thrown) { $thrown.Message } else { $null }
    timedOut = $timedOut
  }
}

function Invoke-Check($req) {
  @(foreach ($s in @($req.scripts)) {
    $tokens = $null; $parseErrors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseInput([string]$s.text, [ref]$tokens, [ref]$parseErrors)
    [pscustomobject]@{
      name = $s.name
      parseErrors = @($parseErrors | ForEach-Object { [pscustomobject]@{ line = $_.Extent.StartLineNumber; column = $_.Extent.StartColumnNumber; id = $_.ErrorId; message = $_.Message } })
      findings = @(Get-Ps51Finding -Ast $ast -Tokens $tokens)
    }
  })
}

while ($true) {
  $line = [Console]::In.ReadLine()
  if ($null -eq $line) { break }
  if ($line.Trim() -eq '') { continue }
  $req = ConvertFrom-Json -InputObject $line
  try {
    if ($req.kind -eq 'run') { $result = Invoke-Case $req }
    elseif ($req.kind -eq 'check') { $result = [pscustomobject]@{ id = $req.id; results = @(Invoke-Check $req) } }
    else { throw "unknown request kind $($req.kind)" }
  } catch {
    $result = [pscustomobject]@{ id = $req.id; harnessError = [string]$_ }
  }
  $reply.WriteLine((ConvertTo-Json -Compress -Depth 8 -InputObject $result))
  $reply.Flush()
}
Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
