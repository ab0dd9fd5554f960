// Parsers for what DiskShadow and Ferry's PowerShell snippets print (formats: reference §1.5).
// DiskShadow's exit code is undocumented, so failure is read from "The last operation failed." blocks; ids are
// read as GUIDs and codes as hex, never from words, because the text around them may be localized.
import { z } from 'zod';
import { JSON_SENTINEL } from './script-text';

/** A GUID without braces, either case (the form every Windows tool prints, inside braces or not). */
export const GUID_BODY = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const GUID_IN_BRACES = new RegExp(`\\{${GUID_BODY}\\}`);

export interface ShadowCopyInfo {
  shadowId: string;
  /** alias shown next to the id, e.g. "VOL1" from "%VOL1%" */
  alias: string | null;
  setId: string | null;
  originalCount: number | null;
  /** "\\?\Volume{…}\" */
  originalVolume: string | null;
  /** text in brackets after the volume, e.g. "C:\" or "volume not on this machine" */
  originalVolumeLabel: string | null;
  /** as printed (locale-formatted); kept for display only */
  creationTime: string | null;
  deviceName: string | null;
  originatingMachine: string | null;
  serviceMachine: string | null;
  /** where it is exposed, or null when "Not exposed" */
  exposedAs: string | null;
  providerId: string | null;
  attributes: string[];
}

export interface DiskShadowFailure {
  hresult: number | null;
  errorText: string | null;
  /** the echoed script line the failure followed, e.g. "import" */
  command: string | null;
}

export interface DiskShadowTranscript {
  /** script lines as DiskShadow echoed them ("-> …"), without alias expansions */
  commands: string[];
  /** alias name → id, from "Alias X for shadow ID {…}" and "-> %X% = {…}" */
  aliases: Record<string, string>;
  shadowSetId: string | null;
  shadows: ShadowCopyInfo[];
  exposedAs: string[];
  /** "Number of shadow copies deleted: N" (summed over several deletes) */
  deletedCount: number | null;
  failures: DiskShadowFailure[];
  cabMembers: string[];
}

export function normalizeGuid(value: string): string {
  const m = new RegExp(GUID_BODY).exec(value);
  if (!m) throw new Error(`not a GUID: ${value}`);
  return `{${m[0].toLowerCase()}}`;
}

function guidOrNull(text: string | undefined): string | null {
  if (!text) return null;
  const m = GUID_IN_BRACES.exec(text);
  return m ? m[0].toLowerCase() : null;
}

export function parseDiskShadow(stdout: string): DiskShadowTranscript {
  const out: DiskShadowTranscript = {
    commands: [],
    aliases: {},
    shadowSetId: null,
    shadows: [],
    exposedAs: [],
    deletedCount: null,
    failures: [],
    cabMembers: [],
  };
  let lastCommand: string | null = null;
  let current: ShadowCopyInfo | null = null;
  let pendingFailure: DiskShadowFailure | null = null;

  const lines = stdout.split(/\r?\n/);
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;

    // echoed command; "-> %X% = {…}" is the alias expansion DiskShadow prints before running the line
    const echo = /^(?:->|DISKSHADOW>)\s*(.*)$/.exec(line);
    if (echo) {
      const expansion = /^%([A-Za-z0-9_]+)%\s*=\s*(\{[^}]+\})$/.exec(echo[1]);
      if (expansion) {
        out.aliases[expansion[1]] = expansion[2].toLowerCase();
        if (expansion[1].toUpperCase() === 'VSS_SHADOW_SET') out.shadowSetId = expansion[2].toLowerCase();
        continue;
      }
      lastCommand = echo[1].trim();
      out.commands.push(lastCommand);
      current = null;
      continue;
    }

    if (line === 'The last operation failed.') {
      pendingFailure = { hresult: null, errorText: null, command: lastCommand };
      out.failures.push(pendingFailure);
      current = null;
      continue;
    }
    const hr = /^-?\s*Returned HRESULT:\s*(?:0x)?([0-9A-Fa-f]{8})\b/.exec(line);
    if (hr && pendingFailure) {
      pendingFailure.hresult = parseInt(hr[1], 16) >>> 0;
      continue;
    }
    const errText = /^-?\s*Error text:\s*(\S+)/.exec(line);
    if (errText && pendingFailure) {
      pendingFailure.errorText = errText[1];
      continue;
    }

    // `create` prints "for shadow ID" / "for shadow set ID"; `load metadata` restores them "for value"
    const alias = /^Alias (\S+) for (?:shadow (set )?ID|value) (\{[^}]+\}) set as environment variable\.?$/.exec(line);
    if (alias) {
      out.aliases[alias[1]] = alias[3].toLowerCase();
      if (alias[2] || alias[1].toUpperCase() === 'VSS_SHADOW_SET') out.shadowSetId = alias[3].toLowerCase();
      continue;
    }

    const shadow = /^\*\s*Shadow copy ID = (\{[^}]+\})\s*(?:%([^%]+)%)?/.exec(line);
    if (shadow) {
      current = emptyShadow(shadow[1].toLowerCase(), shadow[2] ?? null);
      out.shadows.push(current);
      continue;
    }
    if (current && line.startsWith('-')) {
      readShadowProperty(current, line.replace(/^-\s*/, ''));
      continue;
    }

    const exposed = /successfully exposed as (.+)\.$/.exec(line);
    if (exposed) {
      out.exposedAs.push(exposed[1].trim());
      continue;
    }
    const deleted = /^Number of shadow copies deleted:\s*(\d+)/.exec(line);
    if (deleted) {
      out.deletedCount = (out.deletedCount ?? 0) + Number(deleted[1]);
      continue;
    }
    const cab = /^Inserted file (\S+) into \.cab file/.exec(line);
    if (cab) {
      out.cabMembers.push(cab[1]);
      continue;
    }
    // anything else (banner, verbose writer lines, "Querying all shadow copies…") ends a property block
    if (!line.startsWith('-')) current = null;
  }
  if (!out.shadowSetId) out.shadowSetId = out.shadows.find((s) => s.setId)?.setId ?? null;
  return out;
}

function emptyShadow(shadowId: string, alias: string | null): ShadowCopyInfo {
  return {
    shadowId,
    alias,
    setId: null,
    originalCount: null,
    originalVolume: null,
    originalVolumeLabel: null,
    creationTime: null,
    deviceName: null,
    originatingMachine: null,
    serviceMachine: null,
    exposedAs: null,
    providerId: null,
    attributes: [],
  };
}

function readShadowProperty(s: ShadowCopyInfo, text: string): void {
  const kv = /^([^:=]+?)\s*[:=]\s*(.*)$/.exec(text);
  const key = (kv ? kv[1] : text).trim().toLowerCase();
  const value = kv ? kv[2].trim() : '';
  switch (key) {
    case 'shadow copy set':
      s.setId = guidOrNull(value);
      return;
    case 'original count of shadow copies':
      s.originalCount = Number.parseInt(value, 10);
      return;
    case 'original volume name': {
      const m = /^(\S+)\s*(?:\[(.*)\])?$/.exec(value);
      s.originalVolume = m ? m[1] : value;
      s.originalVolumeLabel = m?.[2] ?? null;
      return;
    }
    case 'creation time':
      s.creationTime = value;
      return;
    case 'shadow copy device name':
      s.deviceName = value;
      return;
    case 'originating machine':
      s.originatingMachine = value;
      return;
    case 'service machine':
      s.serviceMachine = value;
      return;
    case 'not exposed':
      s.exposedAs = null;
      return;
    case 'exposed locally as':
    case 'exposed remotely as':
    case 'exposed name':
      s.exposedAs = value;
      return;
    case 'provider id':
      s.providerId = guidOrNull(value);
      return;
    case 'attributes':
      s.attributes = value.split(/\s+/).filter(Boolean);
      return;
    default:
      return;
  }
}

/** The gate's created.txt: "NAME={guid}" per line → name → guid (lower-case); names with no GUID are left out. */
export function parseGateMarker(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    const id = guidOrNull(m[2].trim());
    if (id && m[2].trim().length === id.length) vars[m[1]] = id;
  }
  return vars;
}

/** VSS_VOLUME_SNAPSHOT_ATTRIBUTES bits (reference §1.1), for "[Attributes: 0x…]" in delete output. */
const ATTRIBUTE_BITS: Array<[number, string]> = [
  [0x1, 'Persistent'],
  [0x2, 'No_Autorecovery'],
  [0x4, 'Client_Accessible'],
  [0x8, 'No_Auto_Release'],
  [0x10, 'No_Writers'],
  [0x20, 'Transportable'],
  [0x40, 'Not_Surfaced'],
  [0x80, 'Not_Transacted'],
  [0x10000, 'Hardware_Assisted'],
  [0x20000, 'Differential'],
  [0x40000, 'Plex'],
  [0x80000, 'Imported'],
  [0x100000, 'Exposed_Locally'],
  [0x200000, 'Exposed_Remotely'],
  [0x400000, 'Autorecover'],
  [0x800000, 'Rollback_Recovery'],
  [0x1000000, 'Delayed_Postsnapshot'],
  [0x2000000, 'TxF_Recovery'],
  [0x4000000, 'File_Share'],
];

export function decodeSnapshotAttributes(mask: number): string[] {
  return ATTRIBUTE_BITS.filter(([bit]) => (mask & bit) !== 0).map(([, name]) => name);
}

/** The value of the last "FERRY_JSON:" line of a PowerShell snippet's stdout, or throws. */
export function extractPsJson(stdout: string): unknown {
  const text = stdout.replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].trim();
    if (line.startsWith(JSON_SENTINEL)) return JSON.parse(line.slice(JSON_SENTINEL.length));
  }
  throw new Error('no FERRY_JSON result line in the output');
}

/**
 * A list inside a FERRY_JSON value: ConvertTo-Json prints an empty list as null and unrolls a one-element list
 * into the element, so null → [] and a single value → [value].
 */
export const psList = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v == null ? [] : Array.isArray(v) ? v : [v]), z.array(item));
