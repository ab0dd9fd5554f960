// Pure generators of every DiskShadow script Ferry runs (grammar: reference §1.3, templates §1.4).
// Output is CRLF and ASCII: with LF-only files DiskShadow has been reported to drop the last character of lines.
import { GUID_BODY } from '../exec/parse';
import { CRLF } from '../exec/script-text';
import { assertScriptSafePath } from '../paths';

/** "Microsoft Hyper-V VSS Writer"; verified by id because writer names can be localized. */
export const HYPERV_WRITER_ID = '{66841cd4-6ded-4f4b-8f17-fd23f8ddc3de}';

const GUID = new RegExp(`^\\{${GUID_BODY}\\}$`);
const ALIAS = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;

export interface ShadowVolume {
  /** volume as VSS accepts it, with trailing backslash: "C:\ClusterStorage\Volume1\" or "D:\" */
  path: string;
  /** DiskShadow alias; also the environment variable the gate reads */
  alias: string;
}

export interface HostCreateParams {
  /** one-line description for the header comment (snapshot id, host) */
  label: string;
  cabPath: string;
  gatePath: string;
  volumes: ShadowVolume[];
  /** provider id, "{guid}": the hardware provider, or the Microsoft software provider with transportable: false */
  providerId: string;
  /** true: Hyper-V writer must take part; false: crash-consistent, no writers */
  applicationConsistent: boolean;
  /**
   * default true: a transportable hardware snapshot (off-host possible). false: a software snapshot that stays on
   * the host (persistent context, no transportable option), read on-host.
   */
  transportable?: boolean;
}

/**
 * Host side: one transportable hardware snapshot of the volumes, then `exec` the gate, which blocks until the
 * proxy is done, then `end backup` (BackupComplete). Uses `set option transportable`, the documented form;
 * `set context persistent transportable` is not in the documented grammar (reference §1.3).
 * With transportable: false the same session takes a software shadow copy (the provider is chosen per volume by
 * `add volume … provider {id}`: DiskShadow has no `set provider` command) that the host itself exposes and reads.
 */
export function hostCreateScript(p: HostCreateParams): string {
  if (p.volumes.length === 0) throw new Error('hostCreateScript: at least one volume is required');
  assertGuid(p.providerId, 'provider id');
  assertScriptSafePath(p.cabPath, 'metadata file path');
  assertScriptSafePath(p.gatePath, 'gate script path');
  const seen = new Set<string>();
  for (const v of p.volumes) {
    assertScriptSafePath(v.path, 'volume path');
    assertAlias(v.alias);
    // adding the same volume twice makes DiskShadow fail the whole script
    const key = v.path.toLowerCase();
    if (seen.has(key)) throw new Error(`hostCreateScript: volume ${v.path} added twice`);
    seen.add(key);
  }
  const transportable = p.transportable ?? true;
  const kind = transportable ? 'transportable hardware snapshot' : 'software snapshot (stays on this host)';
  return dsh([
    comment(`Ferry ${p.label}`),
    comment(p.applicationConsistent ? `${kind}, application-consistent through the Hyper-V VSS writer` : `${kind}, crash-consistent (no writers)`),
    'reset',
    p.applicationConsistent ? 'set context persistent' : 'set context persistent nowriters',
    ...(transportable ? ['set option transportable'] : []),
    'set verbose on',
    `set metadata ${p.cabPath}`,
    'begin backup',
    ...(p.applicationConsistent ? [`writer verify ${HYPERV_WRITER_ID}`] : []),
    ...p.volumes.map((v) => `add volume ${v.path} alias ${v.alias} provider ${p.providerId.toLowerCase()}`),
    'create',
    comment(`blocks until Ferry releases the gate (${transportable ? 'proxy' : 'on-host read'} done); a non-zero exit makes DiskShadow quit without end backup`),
    `exec ${p.gatePath}`,
    'end backup',
    'exit',
  ]);
}

/**
 * Proxy side: import the set described by the .cab, then list it so the shadow ids as the proxy sees them are
 * printed (the aliases come back from the .cab through `load metadata`).
 */
export function proxyImportScript(p: { label: string; cabPath: string }): string {
  assertScriptSafePath(p.cabPath, 'metadata file path');
  return dsh([
    comment(`Ferry ${p.label}`),
    comment('import the transportable set; it can be imported only once'),
    'reset',
    `load metadata ${p.cabPath}`,
    'import',
    'list shadows set %VSS_SHADOW_SET%',
    'exit',
  ]);
}

export interface Exposure {
  /** literal shadow id: a new session has no aliases without the .cab */
  shadowId: string;
  /** empty NTFS folder with trailing backslash, or "P:" */
  mountPoint: string;
}

export function exposeScript(p: { label: string; exposures: Exposure[] }): string {
  for (const e of p.exposures) {
    assertGuid(e.shadowId, 'shadow id');
    assertScriptSafePath(e.mountPoint, 'mount point');
  }
  return dsh([
    comment(`Ferry ${p.label}`),
    ...p.exposures.map((e) => `expose ${e.shadowId.toLowerCase()} ${e.mountPoint}`),
    'exit',
  ]);
}

export function unexposeScript(p: { label: string; mountPoints: string[] }): string {
  for (const m of p.mountPoints) assertScriptSafePath(m, 'mount point');
  return dsh([comment(`Ferry ${p.label}`), ...p.mountPoints.map((m) => `unexpose ${m}`), 'exit']);
}

export type DeleteTarget = { setId: string } | { shadowIds: string[] };

/**
 * Deletes by literal ids captured at create/import time. `set context persistent` makes persistent and
 * transportable shadows visible to a fresh session (reference §1.2 step 8).
 */
export function deleteShadowsScript(p: { label: string; target: DeleteTarget }): string {
  const commands =
    'setId' in p.target
      ? [`delete shadows set ${guid(p.target.setId, 'shadow set id')}`]
      : p.target.shadowIds.map((id) => `delete shadows id ${guid(id, 'shadow id')}`);
  if (commands.length === 0) throw new Error('deleteShadowsScript: nothing to delete');
  return dsh([comment(`Ferry ${p.label}`), 'set context persistent', ...commands, 'exit']);
}

/** Everything VSS knows on this machine, for the leftover scan. */
export function listShadowsScript(): string {
  return dsh([comment('Ferry leftover scan'), 'list shadows all', 'exit']);
}

function dsh(lines: string[]): string {
  const text = lines.join(CRLF) + CRLF;
  if (!/^[\x20-\x7e\r\n]*$/.test(text)) throw new Error('DiskShadow script must be printable ASCII');
  return text;
}

function comment(text: string): string {
  return `# ${text.replace(/[^\x20-\x7e]/g, '?')}`;
}

function guid(value: string, what: string): string {
  assertGuid(value, what);
  return value.toLowerCase();
}

function assertGuid(value: string, what: string): void {
  if (!GUID.test(value)) throw new Error(`${what} must look like {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}, got "${value}"`);
}

function assertAlias(alias: string): void {
  // the alias becomes an environment variable name the gate expands
  if (!ALIAS.test(alias) || /^VSS_SHADOW/i.test(alias)) throw new Error(`invalid DiskShadow alias "${alias}"`);
}
