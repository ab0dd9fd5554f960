// platform.json in the data folder: which Windows servers the `windows` platform talks to, and how (WinRM).
// It never holds a secret: WinRM credentials are only *named* here and kept in the secret store (the OS
// keychain in the app), and unknown keys are refused, so a "password" field cannot slip in unnoticed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';

export const PLATFORM_CONFIG_FILE = 'platform.json';

/** As the executor connects to it: a short name or an FQDN (no URL, no port, no spaces). */
const ServerName = z.string().regex(/^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9-]{1,63})*$/, 'a host name or FQDN, e.g. hv01.contoso.local');
/** Same rule as SecretStore names. */
const SecretName = z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, 'a secret name of letters, digits, . _ -');
const Millis = z.number().int().positive();

export const WindowsPlatformConfig = z
  .object({
    /** Hyper-V hosts and cluster nodes */
    hosts: z.array(ServerName).min(1, 'list at least one Hyper-V host'),
    /** other Windows servers that may become off-host proxies */
    servers: z.array(ServerName).default([]),
    /** lower-case computer name of the machine Ferry runs on, when it is one of the servers (reached without WinRM) */
    localServerId: z.string().regex(/^[a-z0-9-]{1,63}$/, 'the lower-case computer name').optional(),
    /** Ferry's work folder on every server (default C:\ProgramData\Ferry) */
    workRoot: z.string().min(3).optional(),
    winrm: z
      .object({
        authentication: z.enum(['Default', 'Kerberos', 'Negotiate', 'CredSSP']).optional(),
        useSsl: z.boolean().optional(),
        port: z.number().int().min(1).max(65535).optional(),
      })
      .strict()
      .default({}),
    /** names of secrets holding {"user": "...", "secret": "..."}; none = the identity Ferry runs as (Kerberos) */
    credentials: z
      .object({
        default: SecretName.optional(),
        servers: z.record(z.string(), SecretName).default({}),
      })
      .strict()
      .default({ servers: {} }),
    /** the Ferry agent package folder (npm run dist:agent → release/agent) deployed to proxies; relative = to the data folder */
    agentPackage: z.string().min(1).optional(),
    pollIntervalMs: z.number().int().min(100).max(60_000).optional(),
    timeouts: z
      .object({ commandMs: Millis, inventoryMs: Millis, createMs: Millis, holdMs: Millis, importMs: Millis, releaseMs: Millis, abortMs: Millis })
      .partial()
      .strict()
      .optional(),
  })
  .strict();
export type WindowsPlatformConfig = z.infer<typeof WindowsPlatformConfig>;

export const PlatformConfig = z
  .object({
    /** free text for the admin's own notes; ignored */
    $comment: z.string().optional(),
    windows: WindowsPlatformConfig.optional(),
  })
  .strict();
export type PlatformConfig = z.infer<typeof PlatformConfig>;

/** The parsed platform.json of a data folder, or null when there is none. Invalid content is an error naming the field. */
export function readPlatformConfig(dataDir: string): PlatformConfig | null {
  const file = join(dataDir, PLATFORM_CONFIG_FILE);
  if (!existsSync(file)) return null;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch {
    // not the parser's message: it quotes the text around the error, which could be a pasted password
    throw configError(file, 'it is not valid JSON');
  }
  const parsed = PlatformConfig.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw configError(file, issues.join('; '));
  }
  return parsed.data;
}

function configError(file: string, why: string): FerryError {
  return new FerryError(ErrorCode.InvalidParams, `${file}: ${why}`, {
    hint: 'Fix platform.json (its format is in the README, "Real Hyper-V: the windows platform"), then start Ferry again.',
  });
}
