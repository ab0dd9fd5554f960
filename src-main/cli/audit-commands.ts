// `ferry audit list`: who did what on this engine, newest first, from the audit log in the data folder.
import { dataDirOf, dataOpt, parseIntArg } from './args';
import type { Command } from './command';
import { withClient } from './service-client';

export const auditCommands: Record<string, Command> = {
  'audit list': {
    usage: 'ferry audit list [--data DIR] [--user NAME] [--limit N] [--json]',
    summary: 'Show the audit log: who started, stopped, edited, deleted, restored, managed users (newest first)',
    options: { ...dataOpt, user: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
    async run({ values }, io) {
      const limit = values.limit === undefined ? 200 : parseIntArg('--limit', values.limit, 1, 1000);
      const user = typeof values.user === 'string' ? values.user : undefined;
      return withClient(dataDirOf(values), io, { access: 'read', command: 'ferry audit list' }, async (c) => {
        const entries = await c.call('audit.list', { limit, ...(user ? { user } : {}) });
        if (values.json) io.out(JSON.stringify(entries, null, 2));
        else if (entries.length === 0) io.out('The audit log is empty.');
        else for (const e of entries) io.out(`${e.at}  ${e.user.padEnd(16)} ${e.method.padEnd(24)} ${e.outcome.padEnd(8)} ${e.target}${e.detail ? `  (${e.detail})` : ''}`);
        return 0;
      });
    },
  },
};
