// Backup infrastructure from the command line: stored credentials and managed servers, through the same
// contract as the console. A password is read from stdin (or FERRY_PASSWORD), never from the command line.
import { CredentialDraft, ServerName } from '../../src-shared/contract/methods';
import { ManagedServerKind } from '../../src-shared/domain';
import { FerryError } from '../../src-shared/contract/errors';
import { dataDirOf, dataOpt } from './args';
import { UsageError, type CliIo, type Command } from './command';
import { waitTask, withClient } from './service-client';

export const PASSWORD_ENV = 'FERRY_PASSWORD';

const NO_ARGV_PASSWORD =
  `--password is refused: a password on the command line lands in shell history and process listings. ` +
  `Pipe it on stdin (printf '%s' "$PW" | ferry credential add --user USER), type it at the prompt, or set ${PASSWORD_ENV}.`;

function text(name: string, v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new UsageError(`${name} needs a value`);
  return v;
}

/** Zod's verdict as a usage error naming the field (never quoting the value: it may be the password). */
function usageFrom(issues: Array<{ path: PropertyKey[]; message: string }>): UsageError {
  return new UsageError(issues.map((i) => `${i.path.length ? `--${String(i.path[0])}` : 'argument'}: ${i.message}`).join('; '));
}

/** The password from FERRY_PASSWORD, stdin or the prompt; `example` is the command shown in the hint. */
export async function passwordFrom(io: CliIo, example = 'ferry credential add …'): Promise<string> {
  const fromEnv = process.env[PASSWORD_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!io.readSecret) throw new UsageError(`no password: pipe it on stdin or set ${PASSWORD_ENV}`);
  let secret: string;
  try {
    secret = await io.readSecret();
  } catch {
    throw new UsageError('no password entered');
  }
  if (secret === '') throw new UsageError(`no password on stdin: pipe it (printf '%s' "$PW" | ${example}) or set ${PASSWORD_ENV}`);
  return secret;
}

export const serverCommands: Record<string, Command> = {
  'credential add': {
    usage: 'ferry credential add --user USER [--description TEXT] [--data DIR]   (password on stdin or in FERRY_PASSWORD)',
    summary: 'Store a WinRM account (DOMAIN\\user, user@domain, .\\Administrator) for managed servers; prints its id',
    // --password is declared only to refuse it with the reason
    options: { ...dataOpt, user: { type: 'string' }, description: { type: 'string' }, password: { type: 'string' } },
    async run({ values }, io) {
      if (values.password !== undefined) throw new UsageError(NO_ARGV_PASSWORD);
      const user = text('--user', values.user);
      if (!user) throw new UsageError('--user is required');
      const description = text('--description', values.description) ?? '';
      // the account and description are checked before a password is asked for
      const shape = CredentialDraft.safeParse({ user, password: 'x', description });
      if (!shape.success) throw usageFrom(shape.error.issues);
      const password = await passwordFrom(io);
      const draft = CredentialDraft.safeParse({ user, password, description });
      if (!draft.success) throw usageFrom(draft.error.issues);
      return withClient(dataDirOf(values), io, { access: 'write', command: 'ferry credential add' }, async (c) => {
        const cred = await c.call('credentials.create', draft.data);
        io.out(`Stored credential ${cred.id} for ${cred.user} (the password is in the secret store, not in the database)`);
        return 0;
      });
    },
  },
  'credential list': {
    usage: 'ferry credential list [--data DIR]',
    summary: 'List stored credentials (account, description, the servers using it; never the password)',
    options: dataOpt,
    async run({ values }, io) {
      return withClient(dataDirOf(values), io, { access: 'read', command: 'ferry credential list' }, async (c) => {
        const creds = await c.call('credentials.list', {});
        if (creds.length === 0) io.out('No stored credentials. Add one with: ferry credential add --user USER');
        for (const cr of creds) io.out(`${cr.id}\t${cr.user}\t${cr.description || '-'}\t${cr.usedBy.length ? `used by ${cr.usedBy.join(', ')}` : 'unused'}`);
        return 0;
      });
    },
  },
  'credential remove': {
    usage: 'ferry credential remove ID [--data DIR]',
    summary: 'Delete a stored credential and its password (refused while a managed server uses it)',
    options: dataOpt,
    positionals: 1,
    async run({ values, positionals }, io) {
      return withClient(dataDirOf(values), io, { access: 'write', command: 'ferry credential remove' }, async (c) => {
        await c.call('credentials.remove', { id: positionals[0] });
        io.out(`Removed credential ${positionals[0]}`);
        return 0;
      });
    },
  },
  'server list': {
    usage: 'ferry server list [--data DIR]',
    summary: 'List managed servers (Hyper-V hosts, clusters, Windows servers) with their status and account',
    options: dataOpt,
    async run({ values }, io) {
      return withClient(dataDirOf(values), io, { access: 'read', command: 'ferry server list' }, async (c) => {
        const [servers, creds] = await Promise.all([c.call('servers.list', {}), c.call('credentials.list', {})]);
        if (servers.length === 0) io.out('No managed servers. Add one with: ferry server add NAME --kind hyperv-host|hyperv-cluster|windows-server');
        for (const s of servers) {
          const account = s.credentialId === null ? "console's identity" : (creds.find((x) => x.id === s.credentialId)?.user ?? s.credentialId);
          const members = s.memberIds.length ? ` (nodes ${s.memberIds.join(', ')})` : '';
          io.out(`${s.id}\t${s.name}\t${s.kind}${members}\t${s.status}${s.statusReason ? `: ${s.statusReason}` : ''}\t${account}`);
        }
        return 0;
      });
    },
  },
  'server add': {
    usage: 'ferry server add NAME --kind hyperv-host|hyperv-cluster|windows-server [--credential ID] [--description TEXT] [--data DIR]',
    summary: "Add a server to the backup infrastructure (connects with the credential, or the console's own identity)",
    options: { ...dataOpt, kind: { type: 'string' }, credential: { type: 'string' }, description: { type: 'string' } },
    positionals: 1,
    async run({ values, positionals }, io) {
      const name = ServerName.safeParse(positionals[0]);
      if (!name.success) throw new UsageError(`NAME: ${name.error.issues[0].message}`);
      const kind = ManagedServerKind.safeParse(values.kind);
      if (!kind.success) throw new UsageError(`--kind must be one of ${ManagedServerKind.options.join(', ')}`);
      const credentialId = text('--credential', values.credential) ?? null;
      const description = text('--description', values.description) ?? '';
      return withClient(dataDirOf(values), io, { access: 'write', command: 'ferry server add' }, async (c) => {
        const { taskId } = await c.call('servers.add', { name: name.data, kind: kind.data, credentialId, description });
        const task = await waitTask(c, taskId);
        for (const l of task.log) io.out(`${l.at.slice(11, 19)} ${l.level.padEnd(7)} ${l.text}`);
        if (task.state !== 'succeeded') throw new FerryError(task.error?.code ?? 'E_INTERNAL', task.error?.message ?? 'adding the server failed');
        io.out(`Added ${name.data} as ${String(task.result?.serverId)}`);
        return 0;
      });
    },
  },
  'server remove': {
    usage: 'ferry server remove ID [--data DIR]',
    summary: 'Remove a managed server (refused while jobs protect its VMs or a proxy runs on it)',
    options: dataOpt,
    positionals: 1,
    async run({ values, positionals }, io) {
      return withClient(dataDirOf(values), io, { access: 'write', command: 'ferry server remove' }, async (c) => {
        await c.call('servers.remove', { id: positionals[0] });
        io.out(`Removed managed server ${positionals[0]}`);
        return 0;
      });
    },
  },
};
