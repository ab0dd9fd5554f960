// Builds the prelude a test script runs after: data for the stubs (as JSON, so nothing in it is PowerShell
// syntax) and the stub files of ./stubs, dot-sourced in order.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const STUBS = join(dirname(fileURLToPath(import.meta.url)), 'stubs');

export type StubFile = 'windows-identity' | 'server-facts' | 'cim-rct' | 'remoting' | 'agent-install';

function literal(text: string): string {
  return `'${text.replace(/['\u2018\u2019\u201a\u201b]/g, '$&$&')}'`;
}

/** `$name = <value>` with value given as JSON (objects become hashtables, top level only, for ContainsKey). */
function jsonVariable(name: string, value: unknown): string {
  const b64 = Buffer.from(JSON.stringify(value ?? null), 'utf8').toString('base64');
  return [
    `$${name} = ConvertFrom-Json -DateKind String -InputObject ([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${b64}')))`,
    `if ($${name} -is [pscustomobject]) { $ferryH = @{}; foreach ($ferryP in $${name}.PSObject.Properties) { $ferryH[$ferryP.Name] = $ferryP.Value }; $${name} = $ferryH }`,
  ].join('\n');
}

export interface PreludeParams {
  /** variables for the stubs, e.g. FerryFixture (the transcript), FerryStubOptions */
  vars?: Record<string, unknown>;
  files: StubFile[];
  /** environment variables set before the stubs (the harness restores the environment after each case) */
  env?: Record<string, string>;
  /** PowerShell appended after the stub files (test-specific stubs) */
  extra?: string;
}

export function stubPrelude(p: PreludeParams): string {
  const lines = Object.entries(p.vars ?? {}).map(([name, value]) => jsonVariable(name, value));
  if (p.env) {
    lines.push(jsonVariable('FerryEnv', p.env), 'foreach ($ferryK in @($FerryEnv.Keys)) { [Environment]::SetEnvironmentVariable($ferryK, [string]$FerryEnv[$ferryK]) }');
  }
  for (const f of p.files) lines.push(`. ${literal(join(STUBS, `${f}.ps1`))}`);
  if (p.extra) lines.push(p.extra);
  return lines.join('\n') + '\n';
}
