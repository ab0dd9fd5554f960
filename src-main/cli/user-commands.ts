// Accounts of a Ferry service from the command line, through the same contract as the console (the CLI is the
// local console: an implicit Administrator). The password comes from stdin or FERRY_PASSWORD, never from argv.
import { NewPassword, Role, UserName } from '../../src-shared/contract/accounts';
import { dataDirOf, dataOpt, requireString } from './args';
import { UsageError, type Command } from './command';
import { passwordFrom } from './server-commands';
import { withClient } from './service-client';

const NO_ARGV_PASSWORD =
  `--password is refused: a password on the command line lands in shell history and process listings. ` +
  `Pipe it on stdin (printf '%s' "$PW" | ferry user add NAME --role ROLE), type it at the prompt, or set FERRY_PASSWORD.`;

function oneName(positionals: string[]): string {
  const name = UserName.safeParse(positionals[0]);
  if (!name.success) throw new UsageError(`user name: ${name.error.issues[0].message}`);
  return name.data;
}

const ADD_USAGE = 'ferry user add NAME --role Administrator|Operator|Viewer [--data DIR]   (password on stdin or in FERRY_PASSWORD)';

export const userCommands: Record<string, Command> = {
  'user add': {
    usage: ADD_USAGE,
    summary: 'Add an account to the Ferry service (scrypt hash stored, never the password)',
    // --password is declared only to refuse it with the reason
    options: { ...dataOpt, role: { type: 'string' }, password: { type: 'string' } },
    positionals: 1,
    async run({ values, positionals }, io) {
      if (values.password !== undefined) throw new UsageError(NO_ARGV_PASSWORD);
      const name = oneName(positionals);
      const role = Role.safeParse(requireString('--role', values.role));
      if (!role.success) throw new UsageError('--role must be Administrator, Operator or Viewer');
      const password = NewPassword.safeParse(await passwordFrom(io, `ferry user add ${name} --role ${role.data}`));
      if (!password.success) throw new UsageError(`password: ${password.error.issues[0].message}`);
      return withClient(dataDirOf(values), io, { access: 'write', command: 'ferry user add' }, async (c) => {
        const user = await c.call('users.add', { name, role: role.data, password: password.data });
        io.out(`Added ${user.name} (${user.role})`);
        return 0;
      });
    },
  },
  'user list': {
    usage: 'ferry user list [--data DIR] [--json]',
    summary: 'List the accounts of the Ferry service: name, role, created, locked until',
    options: { ...dataOpt, json: { type: 'boolean' } },
    async run({ values }, io) {
      return withClient(dataDirOf(values), io, { access: 'read', command: 'ferry user list' }, async (c) => {
        const users = await c.call('users.list', {});
        if (values.json) io.out(JSON.stringify(users, null, 2));
        else if (users.length === 0) io.out('No accounts. Add one with: ferry user add NAME --role Administrator');
        else for (const u of users) io.out(`${u.name.padEnd(24)} ${u.role.padEnd(14)} created ${u.createdAt}${u.lockedUntil ? `  LOCKED until ${u.lockedUntil}` : ''}`);
        return 0;
      });
    },
  },
  'user remove': {
    usage: 'ferry user remove NAME [--data DIR]',
    summary: 'Remove an account and end its logins (the last Administrator stays)',
    options: { ...dataOpt },
    positionals: 1,
    async run({ values, positionals }, io) {
      const name = oneName(positionals);
      return withClient(dataDirOf(values), io, { access: 'write', command: 'ferry user remove' }, async (c) => {
        await c.call('users.remove', { name });
        io.out(`Removed ${name}`);
        return 0;
      });
    },
  },
};
