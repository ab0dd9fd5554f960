// Pure generators of the proxy registration snippets: Ferry's work folders on a server that becomes an off-host
// proxy, the marker saying which console owns them, and the refusal to deregister while snapshots are there.
import { IS_MOUNT, UTF8_NO_BOM, emitJson, psScript, psq } from '../exec/script-text';

/** Proxy registration: work folders plus a marker telling which console owns them. */
export function prepareProxyPs(p: { workRoot: string; markerJson: string }): string {
  return psScript([
    `$root = ${psq(p.workRoot)}`,
    "foreach ($sub in @('snapshots', 'mounts')) { New-Item -ItemType Directory -Force -Path (Join-Path $root $sub) | Out-Null }",
    UTF8_NO_BOM,
    `[IO.File]::WriteAllText((Join-Path $root 'proxy.json'), ${psq(p.markerJson)}, $utf8)`,
    emitJson('[pscustomobject]@{ prepared = $true }'),
  ]);
}

/** Proxy deregistration: refuses (busy) while any snapshot folder or mounted folder exists. */
export function unprepareProxyPs(p: { workRoot: string }): string {
  return psScript([
    `$root = ${psq(p.workRoot)}`,
    '$busy = @()',
    "$snapshots = Join-Path $root 'snapshots'",
    'if (Test-Path -LiteralPath $snapshots) { $busy += @(Get-ChildItem -LiteralPath $snapshots -Directory -Force | ForEach-Object { $_.Name }) }',
    "$mounts = Join-Path $root 'mounts'",
    `if (Test-Path -LiteralPath $mounts) { $busy += @(Get-ChildItem -LiteralPath $mounts -Directory -Force | Where-Object { $item = $_; ${IS_MOUNT} } | ForEach-Object { $_.Name }) }`,
    '$removed = $false',
    "if ($busy.Count -eq 0) { Remove-Item -LiteralPath (Join-Path $root 'proxy.json') -Force -ErrorAction SilentlyContinue; $removed = $true }",
    emitJson('[pscustomobject]@{ busy = @($busy | Select-Object -Unique); removed = $removed }'),
  ]);
}
