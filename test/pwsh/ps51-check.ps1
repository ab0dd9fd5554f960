# Windows PowerShell 5.1 compatibility rules, read from the AST (and a few tokens) that pwsh 7's parser builds.
# Everything here parses in pwsh 7; each rule is a construct Windows PowerShell 5.1 rejects, or runs differently,
# because it only exists in PowerShell 6 or 7. Get-Ps51Finding returns {rule, line, column, text} per hit.
# Used by ps51-check.ts (through testing/server.ps1); the unit samples are in ps51-check.test.ts.

# cmdlet -> parameters that 5.1's version of it does not have (names compared case-insensitively, as prefixes
# of at least 3 characters, because PowerShell accepts unambiguous abbreviations)
$script:Ps51NewParameters = @{
  'ConvertTo-Json' = @('AsArray', 'EnumsAsStrings', 'EscapeHandling')
  'ConvertFrom-Json' = @('AsHashtable', 'Depth', 'NoEnumerate', 'DateKind')
  'ForEach-Object' = @('Parallel', 'ThrottleLimit', 'TimeoutSeconds', 'AsJob', 'UseNewRunspace')
  'Get-Content' = @('AsByteStream')
  'Set-Content' = @('AsByteStream')
  'Add-Content' = @('AsByteStream')
  'Join-Path' = @('AdditionalChildPath')
  'Split-Path' = @('LeafBase', 'Extension')
  'Get-Date' = @('AsUTC', 'UnixTimeSeconds')
  'Sort-Object' = @('Top', 'Bottom', 'Stable')
  'Select-String' = @('Raw', 'NoEmphasis')
  'Select-Object' = @('SkipIndex')
  'Where-Object' = @('Not')
  'Get-ChildItem' = @('FollowSymlink')
  'Get-Random' = @('Shuffle')
  'Test-Connection' = @('TargetName', 'TcpPort', 'Ping', 'Traceroute', 'MtuSize', 'Repeat')
  'Start-Process' = @('Environment')
  'Invoke-WebRequest' = @('SkipCertificateCheck', 'SslProtocol', 'Authentication', 'Token', 'Resume', 'SkipHttpErrorCheck', 'StatusCodeVariable', 'HttpVersion', 'SkipHeaderValidation', 'MaximumRetryCount', 'RetryIntervalSec', 'ConnectionTimeoutSeconds')
  'Invoke-RestMethod' = @('SkipCertificateCheck', 'SslProtocol', 'Authentication', 'Token', 'Resume', 'SkipHttpErrorCheck', 'StatusCodeVariable', 'HttpVersion', 'SkipHeaderValidation', 'MaximumRetryCount', 'RetryIntervalSec', 'ConnectionTimeoutSeconds', 'ResponseHeadersVariable', 'FollowRelLink')
}
# cmdlets that do not exist in Windows PowerShell 5.1
$script:Ps51NewCommands = @('Get-Error', 'Test-Json', 'Join-String', 'Get-Uptime', 'Remove-Service', 'Remove-Alias', 'ConvertFrom-Markdown',
  'Show-Markdown', 'Get-MarkdownOption', 'Set-MarkdownOption', 'Get-ExperimentalFeature', 'Enable-ExperimentalFeature',
  'Disable-ExperimentalFeature', 'Start-ThreadJob', 'Get-PSSubsystem', 'Get-SecureRandom', 'ConvertTo-CliXml', 'ConvertFrom-CliXml')
# aliases 5.1 would resolve to the cmdlets above
$script:Ps51Aliases = @{ '%' = 'ForEach-Object'; 'foreach' = 'ForEach-Object'; '?' = 'Where-Object'; 'where' = 'Where-Object'
  'gc' = 'Get-Content'; 'cat' = 'Get-Content'; 'type' = 'Get-Content'; 'ac' = 'Add-Content'; 'sort' = 'Sort-Object'; 'select' = 'Select-Object'
  'gci' = 'Get-ChildItem'; 'ls' = 'Get-ChildItem'; 'dir' = 'Get-ChildItem'; 'iwr' = 'Invoke-WebRequest'; 'irm' = 'Invoke-RestMethod'; 'sls' = 'Select-String' }
# -Encoding values 5.1 does not know
$script:Ps51NewEncodings = @('utf8NoBOM', 'utf8BOM', 'ansi')
# automatic variables that 5.1 does not set (reading them there gives $null, silently)
$script:Ps51NewVariables = @('PSStyle', 'IsWindows', 'IsLinux', 'IsMacOS', 'IsCoreCLR', 'PSNativeCommandArgumentPassing',
  'PSNativeCommandUseErrorActionPreference', 'EnabledExperimentalFeatures', 'PSApplicationOutputBuffer')
# .NET members of .NET Core / .NET 5+ that .NET Framework 4.8 lacks: type name (without System.) -> members
$script:Ps51NewMembers = @{
  'Convert' = @('ToHexString', 'FromHexString', 'ToHexStringLower')
  'Security.Cryptography.SHA256' = @('HashData'); 'Security.Cryptography.SHA1' = @('HashData'); 'Security.Cryptography.MD5' = @('HashData')
  'Security.Cryptography.SHA384' = @('HashData'); 'Security.Cryptography.SHA512' = @('HashData')
  'IO.Path' = @('GetRelativePath', 'Join', 'TrimEndingDirectorySeparator', 'EndsInDirectorySeparator', 'Exists', 'IsPathFullyQualified')
  'Math' = @('Clamp')
  'IO.File' = @('ReadAllTextAsync', 'WriteAllTextAsync', 'ReadAllBytesAsync', 'WriteAllBytesAsync', 'ReadAllLinesAsync', 'WriteAllLinesAsync', 'AppendAllTextAsync', 'AppendAllLinesAsync')
  'Environment' = @('ProcessPath', 'ProcessId')
  'OperatingSystem' = @('IsWindows', 'IsLinux', 'IsMacOS')
}

function New-Ps51Finding([string]$Rule, $Extent, [string]$Why) {
  $text = $Extent.Text
  if ($text.Length -gt 80) { $text = $text.Substring(0, 77) + '...' }
  [pscustomobject]@{ rule = $Rule; line = $Extent.StartLineNumber; column = $Extent.StartColumnNumber; text = $text; why = $Why }
}

function Get-Ps51CommandFindings([System.Management.Automation.Language.CommandAst]$Command) {
  $name = $Command.GetCommandName()
  if (-not $name) { return }
  if ($script:Ps51Aliases.ContainsKey($name)) { $name = $script:Ps51Aliases[$name] }
  $name = ($name -split '\\')[-1]
  if ($script:Ps51NewCommands -contains $name) { New-Ps51Finding 'new-command' $Command.Extent "$name does not exist in Windows PowerShell 5.1" }
  $newParams = $script:Ps51NewParameters[$name]
  $elements = $Command.CommandElements
  if ($name -eq 'Join-Path') {
    # 5.1's Join-Path takes exactly one child path; pwsh binds extra positional arguments to -AdditionalChildPath
    $positional = 0
    for ($i = 1; $i -lt $elements.Count; $i++) {
      $e = $elements[$i]
      if ($e -is [System.Management.Automation.Language.CommandParameterAst]) {
        if ('Resolve'.StartsWith($e.ParameterName, [StringComparison]::OrdinalIgnoreCase)) { continue }
        if ('Path'.StartsWith($e.ParameterName, [StringComparison]::OrdinalIgnoreCase) -or 'ChildPath'.StartsWith($e.ParameterName, [StringComparison]::OrdinalIgnoreCase)) { $positional++ }
        if (-not $e.Argument) { $i++ }
        continue
      }
      $positional++
    }
    if ($positional -gt 2) { New-Ps51Finding 'new-parameter' $Command.Extent 'Join-Path with more than one child path is PowerShell 6+' }
  }
  for ($i = 1; $i -lt $elements.Count; $i++) {
    $p = $elements[$i]
    if ($p -isnot [System.Management.Automation.Language.CommandParameterAst]) { continue }
    $pn = $p.ParameterName
    if ($pn -ieq 'Parallel') { New-Ps51Finding 'parallel' $p.Extent '-Parallel (ForEach-Object -Parallel) is PowerShell 7' ; continue }
    foreach ($np in @($newParams)) {
      if ($np -and $pn.Length -ge 3 -and $np.StartsWith($pn, [StringComparison]::OrdinalIgnoreCase)) {
        New-Ps51Finding 'new-parameter' $p.Extent "$name -$np does not exist in Windows PowerShell 5.1"
      }
    }
    if ($pn -ieq 'Encoding') {
      $value = $p.Argument
      if (-not $value -and $i + 1 -lt $elements.Count) { $value = $elements[$i + 1] }
      if ($value -is [System.Management.Automation.Language.StringConstantExpressionAst] -and ($script:Ps51NewEncodings -contains $value.Value)) {
        New-Ps51Finding 'new-encoding' $value.Extent "-Encoding $($value.Value) is PowerShell 6+ (5.1: UTF8 writes a BOM; use [IO.File] with UTF8Encoding(`$false))"
      }
    }
  }
}

function Get-Ps51Finding {
  param(
    [Parameter(Mandatory = $true)][System.Management.Automation.Language.Ast]$Ast,
    [System.Management.Automation.Language.Token[]]$Tokens = @()
  )
  $L = 'System.Management.Automation.Language'
  foreach ($node in $Ast.FindAll({ $true }, $true)) {
    switch ($node.GetType().Name) {
      'TernaryExpressionAst' { New-Ps51Finding 'ternary' $node.Extent 'the ternary operator a ? b : c is PowerShell 7' }
      'PipelineChainAst' { New-Ps51Finding 'pipeline-chain' $node.Extent 'pipeline chain operators && and || are PowerShell 7' }
      'BinaryExpressionAst' {
        if ([string]$node.Operator -eq 'QuestionQuestion') { New-Ps51Finding 'null-coalescing' $node.Extent 'the ?? operator is PowerShell 7' }
        if (@('Ireplace', 'Creplace', 'Replace') -contains [string]$node.Operator -and $node.Right -is "$L.ArrayLiteralAst" -and @($node.Right.Elements | Where-Object { $_ -is "$L.ScriptBlockExpressionAst" }).Count -gt 0) {
          New-Ps51Finding 'replace-scriptblock' $node.Extent '-replace with a script block substitution is PowerShell 6.1+'
        }
      }
      'AssignmentStatementAst' {
        if ([string]$node.Operator -eq 'QuestionQuestionEquals') { New-Ps51Finding 'null-coalescing-assignment' $node.Extent 'the ??= operator is PowerShell 7' }
      }
      { $_ -in 'MemberExpressionAst', 'InvokeMemberExpressionAst' } {
        if ($node.NullConditional) { New-Ps51Finding 'null-conditional-member' $node.Extent 'null-conditional member access ?. is PowerShell 7' }
        if ($node.Static -and $node.Expression -is "$L.TypeExpressionAst" -and $node.Member -is "$L.StringConstantExpressionAst") {
          $type = $node.Expression.TypeName.FullName -replace '^System\.', ''
          if ($script:Ps51NewMembers.ContainsKey($type) -and ($script:Ps51NewMembers[$type] -contains $node.Member.Value)) {
            New-Ps51Finding 'net-core-member' $node.Extent "[$type]::$($node.Member.Value) is not in .NET Framework 4.8"
          }
        }
      }
      'IndexExpressionAst' {
        if ($node.NullConditional) { New-Ps51Finding 'null-conditional-index' $node.Extent 'null-conditional indexing ?[] is PowerShell 7' }
      }
      'ScriptBlockAst' {
        if ($node.CleanBlock) { New-Ps51Finding 'clean-block' $node.CleanBlock.Extent 'clean {} blocks are PowerShell 7.3' }
        $req = $node.ScriptRequirements
        if ($req) {
          if ($req.RequiredPSVersion -and $req.RequiredPSVersion -gt [version]'5.1') { New-Ps51Finding 'requires-version' $node.Extent "#Requires -Version $($req.RequiredPSVersion) excludes Windows PowerShell 5.1" }
          if (@($req.RequiredPSEditions).Count -gt 0 -and -not (@($req.RequiredPSEditions) -contains 'Desktop')) { New-Ps51Finding 'requires-edition' $node.Extent '#Requires -PSEdition Core excludes Windows PowerShell 5.1' }
        }
      }
      'PipelineAst' {
        if ($node.Background) { New-Ps51Finding 'background-operator' $node.Extent 'the background operator & at the end of a pipeline is PowerShell 6' }
      }
      'VariableExpressionAst' {
        $vn = $node.VariablePath.UserPath
        if ($script:Ps51NewVariables -contains $vn) { New-Ps51Finding 'new-variable' $node.Extent "`$$vn is not set by Windows PowerShell 5.1" }
      }
      'CommandAst' { Get-Ps51CommandFindings $node }
    }
  }
  $previous = $null
  foreach ($t in $Tokens) {
    $kind = [string]$t.Kind
    if (@('StringExpandable', 'HereStringExpandable') -contains $kind -and $t.Text -match '`u\{') { New-Ps51Finding 'unicode-escape' $t.Extent 'the `u{...} escape is PowerShell 6 (5.1 prints u{...})' }
    if (@('StringExpandable', 'HereStringExpandable') -contains $kind -and $t.Text -cmatch '`e') { New-Ps51Finding 'escape-e' $t.Extent 'the `e escape is PowerShell 6 (5.1 prints e)' }
    if ($kind -eq 'Number' -and $t.Text -match '^(0[bB][01]+|\d+(?:u|ul|us|s|y|uy|n))$') { New-Ps51Finding 'number-literal' $t.Extent "the number literal $($t.Text) is PowerShell 6.2+ (binary literal or u/s/y/n suffix)" }
    if ($kind -eq 'Pipe' -and $previous -and [string]$previous.Kind -eq 'NewLine') { New-Ps51Finding 'leading-pipe' $t.Extent 'a pipe at the start of a line (continuing the previous one) is PowerShell 7' }
    if ($kind -ne 'Comment' -and $kind -ne 'LineContinuation') { $previous = $t }
  }
}
