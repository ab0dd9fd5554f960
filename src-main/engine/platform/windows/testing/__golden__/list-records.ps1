$ErrorActionPreference = 'Stop'
$root = 'C:\ProgramData\Ferry\snapshots'
$records = @()
if (Test-Path -LiteralPath $root) {
  foreach ($d in @(Get-ChildItem -LiteralPath $root -Directory -Force)) {
    $record = Join-Path $d.FullName 'snapshot.json'
    $created = Join-Path $d.FullName 'created.txt'
    $records += [pscustomobject]@{
      folder = $d.Name
      record = if (Test-Path -LiteralPath $record) { [IO.File]::ReadAllText($record) } else { $null }
      created = if (Test-Path -LiteralPath $created) { [IO.File]::ReadAllText($created) } else { $null }
    }
  }
}
# -InputObject @(...) keeps a single record an array (ConvertTo-Json unrolls pipelines)
'FERRY_JSON:' + (ConvertTo-Json -Compress -Depth 4 -InputObject (@($records)))
