// Pure generators of the small PowerShell snippets around the DiskShadow steps: work folders, the gate's
// files and flags, shipping the .cab, mount folders, the crash-safe records. Every snippet runs with
// $ErrorActionPreference = 'Stop' and prints exactly one result line "FERRY_JSON:{...}" (exec/parse.ts reads the
// last such line, so warnings or banners printed by profiles or modules cannot confuse the parser).
import { IS_MOUNT, UTF8_NO_BOM, emitJson, psScript, psq } from '../exec/script-text';
import { stripTrailingBackslash } from '../paths';

export interface PrepareHostParams {
  dir: string;
  gatePath: string;
  gateText: string;
  recordPath: string;
  recordJson: string;
}

/** Host: (re)create the snapshot folder, write the gate and the record before DiskShadow starts. */
export function prepareHostSnapshotPs(p: PrepareHostParams): string {
  return psScript([
    `$dir = ${psq(p.dir)}`,
    'New-Item -ItemType Directory -Force -Path $dir | Out-Null',
    '# a previous attempt with the same snapshot id must not leave a marker, flag or .cab that looks current',
    "foreach ($name in @('created.txt', 'created.tmp', 'release.flag', 'abort.flag', 'snapshot.cab')) {",
    '  Remove-Item -LiteralPath (Join-Path $dir $name) -Force -ErrorAction SilentlyContinue',
    '}',
    UTF8_NO_BOM,
    `[IO.File]::WriteAllText(${psq(p.gatePath)}, ${psq(p.gateText)}, [Text.Encoding]::ASCII)`,
    `[IO.File]::WriteAllText(${psq(p.recordPath)}, ${psq(p.recordJson)}, $utf8)`,
    emitJson('[pscustomobject]@{ prepared = $true }'),
  ]);
}

/** Host: has the gate written the shadow ids yet? */
export function readGateStatePs(p: { createdPath: string }): string {
  return psScript([
    `$path = ${psq(p.createdPath)}`,
    '$created = $null',
    'if (Test-Path -LiteralPath $path) { $created = [IO.File]::ReadAllText($path) }',
    emitJson('[pscustomobject]@{ created = $created }'),
  ]);
}

/** Host: let the gate go on (release → end backup) or fail it (abort → DiskShadow quits). */
export function signalGatePs(p: { dir: string; flagPath: string; flag: 'release' | 'abort' }): string {
  return psScript([
    `$dir = ${psq(p.dir)}`,
    "$state = 'missing'",
    `if (Test-Path -LiteralPath $dir) { [IO.File]::WriteAllText(${psq(p.flagPath)}, ${psq(p.flag)}, [Text.Encoding]::ASCII); $state = 'signalled' }`,
    emitJson('[pscustomobject]@{ state = $state }'),
  ]);
}

/** Host: read the .cab so the console can carry it to the proxy (no second-hop credentials needed). */
export function readCabPs(p: { cabPath: string }): string {
  return psScript([
    `$bytes = [IO.File]::ReadAllBytes(${psq(p.cabPath)})`,
    "$sha = [BitConverter]::ToString([Security.Cryptography.SHA256]::Create().ComputeHash($bytes)).Replace('-', '')",
    emitJson('[pscustomobject]@{ length = $bytes.Length; sha256 = $sha; base64 = [Convert]::ToBase64String($bytes) }'),
  ]);
}

export interface WriteProxyCabParams {
  dir: string;
  cabPath: string;
  recordPath: string;
  recordJson: string;
  base64: string;
  sha256: string;
}

/** Proxy: write the .cab (checked against the host's SHA-256) and the proxy-side record. */
export function writeProxyCabPs(p: WriteProxyCabParams): string {
  return psScript([
    `$dir = ${psq(p.dir)}`,
    'New-Item -ItemType Directory -Force -Path $dir | Out-Null',
    `$bytes = [Convert]::FromBase64String(${psq(p.base64)})`,
    "$sha = [BitConverter]::ToString([Security.Cryptography.SHA256]::Create().ComputeHash($bytes)).Replace('-', '')",
    `if ($sha -ne ${psq(p.sha256.toUpperCase())}) { throw 'the snapshot metadata file arrived damaged (SHA-256 mismatch)' }`,
    `[IO.File]::WriteAllBytes(${psq(p.cabPath)}, $bytes)`,
    UTF8_NO_BOM,
    `[IO.File]::WriteAllText(${psq(p.recordPath)}, ${psq(p.recordJson)}, $utf8)`,
    emitJson('[pscustomobject]@{ length = $bytes.Length }'),
  ]);
}

export type MountPointState = 'absent' | 'created' | 'empty' | 'not-empty' | 'mounted';

/** What is at the mount folder: a mounted volume (reparse point), an empty folder, or nothing; optionally create it. */
export function mountPointStatePs(p: { mountPoint: string; create: boolean }): string {
  return psScript([
    `$path = ${psq(stripTrailingBackslash(p.mountPoint))}`,
    '$item = Get-Item -LiteralPath $path -Force -ErrorAction SilentlyContinue',
    `if ($item -and ${IS_MOUNT}) { $state = 'mounted' }`,
    "elseif ($item) { $state = if (@(Get-ChildItem -LiteralPath $path -Force).Count -gt 0) { 'not-empty' } else { 'empty' } }",
    p.create
      ? "else { New-Item -ItemType Directory -Force -Path $path | Out-Null; $state = 'created' }"
      : "else { $state = 'absent' }",
    emitJson('[pscustomobject]@{ state = $state }'),
  ]);
}

/** Remove a snapshot folder and (non-recursively!) its mount folder, unless something is still mounted there. */
export function removeWorkPs(p: { dir: string; mountPoint?: string }): string {
  const lines = [
    '$removed = @(); $kept = @()',
    `$dir = ${psq(p.dir)}`,
    "if (Test-Path -LiteralPath $dir) { Remove-Item -LiteralPath $dir -Recurse -Force; $removed += 'dir' }",
  ];
  if (p.mountPoint) {
    lines.push(
      `$mount = ${psq(stripTrailingBackslash(p.mountPoint))}`,
      '$item = Get-Item -LiteralPath $mount -Force -ErrorAction SilentlyContinue',
      '# never recurse into a mount folder: if a snapshot is still exposed there, its files would be walked',
      `if ($item -and ${IS_MOUNT}) { $kept += 'mount' }`,
      "elseif ($item) { try { [IO.Directory]::Delete($mount, $false); $removed += 'mount' } catch { $kept += 'mount' } }",
    );
  }
  lines.push(emitJson('[pscustomobject]@{ removed = @($removed); kept = @($kept) }'));
  return psScript(lines);
}

/** Every Ferry snapshot folder on this machine with its record and gate marker (raw text, parsed in TS). */
export function listFerryRecordsPs(p: { snapshotsRoot: string }): string {
  return psScript([
    `$root = ${psq(p.snapshotsRoot)}`,
    '$records = @()',
    'if (Test-Path -LiteralPath $root) {',
    '  foreach ($d in @(Get-ChildItem -LiteralPath $root -Directory -Force)) {',
    "    $record = Join-Path $d.FullName 'snapshot.json'",
    "    $created = Join-Path $d.FullName 'created.txt'",
    '    $records += [pscustomobject]@{',
    '      folder = $d.Name',
    '      record = if (Test-Path -LiteralPath $record) { [IO.File]::ReadAllText($record) } else { $null }',
    '      created = if (Test-Path -LiteralPath $created) { [IO.File]::ReadAllText($created) } else { $null }',
    '    }',
    '  }',
    '}',
    '# -InputObject @(...) keeps a single record an array (ConvertTo-Json unrolls pipelines)',
    emitJson('@($records)'),
  ]);
}
