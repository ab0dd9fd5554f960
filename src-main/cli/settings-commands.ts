// Settings and notifications from the command line: read them (all, a section, one key), change one key, set the
// SMTP password (stdin or FERRY_PASSWORD, never argv), send a test message, list the deliveries.
import { NotificationChannel, Settings, type SettingsSection } from '../../src-shared/contract/settings';
import { dataDirOf, dataOpt } from './args';
import { UsageError, type CliIo, type Command } from './command';
import { badArg, issuesText, jsonOpt } from './input-files';
import { withClient } from './service-client';
import { PASSWORD_ENV } from './server-commands';

const SECTIONS = Object.keys(Settings.shape) as SettingsSection[];

/** "notifications.email.port" → ['notifications', ['email', 'port']] */
function splitKey(key: string): [SettingsSection, string[]] {
  const [section, ...rest] = key.split('.');
  if (!SECTIONS.includes(section as SettingsSection)) throw badArg(`unknown setting ${key}: keys start with ${SECTIONS.join(', ')} (ferry settings get lists them)`);
  return [section as SettingsSection, rest];
}

function lookup(doc: unknown, path: string[]): unknown {
  let at: unknown = doc;
  for (const p of path) {
    if (typeof at !== 'object' || at === null || !(p in at)) return undefined;
    at = (at as Record<string, unknown>)[p];
  }
  return at;
}

/** a copy of `doc` with `path` set to `value`; the key must exist (no typo creates a new setting) */
function withValue(doc: unknown, path: string[], value: unknown, key: string): unknown {
  if (path.length === 0) return value;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || !(path[0] in doc)) throw badArg(`unknown setting ${key} (ferry settings get lists them)`);
  const obj = doc as Record<string, unknown>;
  return { ...obj, [path[0]]: withValue(obj[path[0]], path.slice(1), value, key) };
}

/** JSON when it parses (numbers, true/false, arrays), else the text itself. */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function flatten(doc: unknown, prefix: string, out: string[]): string[] {
  if (typeof doc === 'object' && doc !== null && !Array.isArray(doc)) {
    for (const [k, v] of Object.entries(doc)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.push(`${prefix} = ${JSON.stringify(doc)}`);
  return out;
}

async function passwordFromInput(io: CliIo): Promise<string> {
  const fromEnv = process.env[PASSWORD_ENV];
  if (fromEnv) return fromEnv;
  if (!io.readSecret) throw new UsageError(`no password: pipe it on stdin or set ${PASSWORD_ENV}`);
  const secret = await io.readSecret().catch(() => '');
  if (secret === '') throw new UsageError(`no password on stdin: pipe it or set ${PASSWORD_ENV}`);
  return secret;
}

export const settingsCommands: Record<string, Command> = {
  'settings get': {
    usage: 'ferry settings get [--json] [--data DIR]',
    summary: 'Show every setting (notifications, history, jobDefaults) as key = value, or as JSON; never a password',
    options: { ...dataOpt, ...jsonOpt },
    async run({ values }, io) {
      return withClient(dataDirOf(values), io, { access: 'read', command: 'ferry settings get' }, async (c) => {
        const view = await c.call('settings.get', {});
        io.out(values.json === true ? JSON.stringify(view, null, 2) : flatten(view, '', []).join('\n'));
        return 0;
      });
    },
  },
  'settings show': {
    usage: 'ferry settings show KEY [--json] [--data DIR]',
    summary: 'Show one setting or section, e.g. ferry settings show notifications.email',
    options: { ...dataOpt, ...jsonOpt },
    positionals: 1,
    async run({ values, positionals }, io) {
      const [section, path] = splitKey(positionals[0]);
      return withClient(dataDirOf(values), io, { access: 'read', command: 'ferry settings show' }, async (c) => {
        const value = lookup((await c.call('settings.get', {}))[section], path);
        if (value === undefined) throw badArg(`unknown setting ${positionals[0]}`);
        io.out(values.json === true ? JSON.stringify(value, null, 2) : typeof value === 'object' ? flatten(value, positionals[0], []).join('\n') : String(value));
        return 0;
      });
    },
  },
  'settings set': {
    usage: 'ferry settings set KEY VALUE [--data DIR]   (VALUE as JSON: 30, true, ["a@b.c"]; or plain text)',
    summary: 'Change one setting, e.g. ferry settings set history.retentionDays 30; a bad key or value changes nothing (exit 2)',
    options: dataOpt,
    positionals: 2,
    async run({ values, positionals }, io) {
      const [key, text] = positionals;
      const [section, path] = splitKey(key);
      if (path.length === 0) throw badArg(`${key} is a section: set one of its keys (ferry settings get)`);
      return withClient(dataDirOf(values), io, { access: 'write', command: 'ferry settings set' }, async (c) => {
        const current = await c.call('settings.get', {});
        const next = Settings.shape[section].safeParse(withValue(current[section], path, parseValue(text), key));
        if (!next.success) throw badArg(`${section}.${issuesText(next.error.issues)}`);
        await c.call('settings.set', { [section]: next.data });
        io.out(`${key} = ${JSON.stringify(lookup(next.data, path))}`);
        return 0;
      });
    },
  },
  'settings smtp-password': {
    usage: 'ferry settings smtp-password [--clear] [--data DIR]   (password on stdin or in FERRY_PASSWORD)',
    summary: "Store the SMTP account's password in the secret store (never on the command line), or remove it",
    options: { ...dataOpt, clear: { type: 'boolean' }, password: { type: 'string' } },
    async run({ values }, io) {
      if (values.password !== undefined) throw new UsageError('--password is refused: a password on the command line lands in shell history; pipe it on stdin or set FERRY_PASSWORD');
      const password = values.clear === true ? null : await passwordFromInput(io);
      return withClient(dataDirOf(values), io, { access: 'write', command: 'ferry settings smtp-password' }, async (c) => {
        await c.call('settings.set', { smtpPassword: password });
        io.out(password === null ? 'Removed the SMTP password' : 'Stored the SMTP password in the secret store');
        return 0;
      });
    },
  },
  'notifications test': {
    usage: 'ferry notifications test --channel email|syslog|webhook|eventLog [--data DIR]',
    summary: 'Send a test message through one channel with the saved settings; exit 1 with the reason when it fails',
    options: { ...dataOpt, channel: { type: 'string' } },
    async run({ values }, io) {
      const channel = NotificationChannel.safeParse(values.channel);
      if (!channel.success) throw badArg(`--channel must be one of ${NotificationChannel.options.join(', ')}`);
      return withClient(dataDirOf(values), io, { access: 'write', command: 'ferry notifications test' }, async (c) => {
        io.out((await c.call('notifications.test', { channel: channel.data })).detail);
        return 0;
      });
    },
  },
  'notifications list': {
    usage: 'ferry notifications list [--json] [--data DIR]',
    summary: 'Recent notification deliveries: sent, waiting for a retry (with the reason), given up',
    options: { ...dataOpt, ...jsonOpt },
    async run({ values }, io) {
      return withClient(dataDirOf(values), io, { access: 'read', command: 'ferry notifications list' }, async (c) => {
        const list = await c.call('notifications.deliveries', {});
        if (values.json === true) io.out(JSON.stringify(list, null, 2));
        else if (list.length === 0) io.out('No notifications yet.');
        else for (const d of list) io.out(`${d.createdAt}\t${d.channel}\t${d.state}${d.state === 'pending' && d.attempts > 0 ? ` (attempt ${d.attempts + 1} at ${d.nextAttemptAt})` : ''}\t${d.subject}${d.lastError ? `\t${d.lastErrorCode}: ${d.lastError}` : ''}`);
        return 0;
      });
    },
  },
};
