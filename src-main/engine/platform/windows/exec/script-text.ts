// What every generated script is made of, in one place so the generators (snapshot, discovery, agent, RCT) and the
// executors agree byte for byte: line endings, PowerShell literals, the one result line parse.ts reads, and the
// PowerShell fragments several snippets share.

/** DiskShadow and cmd.exe scripts are CRLF: with LF-only files DiskShadow has been reported to drop the last character of lines. */
export const CRLF = '\r\n';

/** Prefix of the one result line every PowerShell snippet prints (extractPsJson reads the last such line). */
export const JSON_SENTINEL = 'FERRY_JSON:';

/**
 * A PowerShell single-quoted literal: nothing inside is expanded; a quote is written twice. PowerShell's tokenizer
 * takes the typographic quotes U+2018, U+2019, U+201A and U+201B as single quotes too (a name like "Bob’s VM" would
 * otherwise end the literal and run the rest as code), so those are doubled as well.
 */
export function psq(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, '$&$&')}'`;
}

/** A snippet that stops at the first error (`$ErrorActionPreference = 'Stop'`), LF-separated, ending in a newline. */
export function psScript(lines: string[]): string {
  return ["$ErrorActionPreference = 'Stop'", ...lines].join('\n') + '\n';
}

/** The result line: `inputObject` exactly as it follows `-InputObject` (a variable, `@(...)` or a parenthesized expression). */
export function jsonResultLine(inputObject: string, depth: number): string {
  return `'${JSON_SENTINEL}' + (ConvertTo-Json -Compress -Depth ${depth} -InputObject ${inputObject})`;
}

/** The result line of one expression (wrapped in parentheses). */
export function emitJson(expression: string, depth = 4): string {
  return jsonResultLine(`(${expression})`, depth);
}

/** Declares `$utf8`: UTF-8 without a byte-order mark, for the JSON records Ferry writes on Windows. */
export const UTF8_NO_BOM = '$utf8 = New-Object System.Text.UTF8Encoding($false)';

/** True for `$item` when it is a mount point (a volume mounted at a folder is a reparse point). */
export const IS_MOUNT = '($item.Attributes -band [IO.FileAttributes]::ReparsePoint)';
