// Backup repositories from the command line: register a folder (created when empty, an existing Ferry repository
// adopted), and the list.
import { dataDirOf, dataOpt } from './args';
import type { Command } from './command';
import { badArg, jsonOpt } from './input-files';
import { withClient } from './service-client';
import { resolve } from 'node:path';

export const repositoryCommands: Record<string, Command> = {
  'repository add': {
    usage: 'ferry repository add NAME PATH [--json] [--data DIR]',
    summary: 'Register a folder as a backup repository (created if empty; an existing Ferry repository is adopted with its restore points)',
    options: { ...dataOpt, ...jsonOpt },
    positionals: 2,
    async run({ values, positionals }, io) {
      const [name, path] = positionals;
      if (name.trim() === '' || name.length > 64) throw badArg('NAME: 1 to 64 characters');
      if (path.trim() === '') throw badArg('PATH is required');
      return withClient(dataDirOf(values), io, { access: 'write', command: 'ferry repository add' }, async (c) => {
        const repo = await c.call('repositories.create', { name, path: resolve(path) });
        io.out(values.json === true ? JSON.stringify(repo, null, 2) : `Added repository ${repo.name} (${repo.id}) at ${repo.path}, ${repo.restorePoints} restore point(s)`);
        return 0;
      });
    },
  },
  'repository list': {
    usage: 'ferry repository list [--json] [--data DIR]',
    summary: 'List backup repositories: path, restore points, used and free space',
    options: { ...dataOpt, ...jsonOpt },
    async run({ values }, io) {
      return withClient(dataDirOf(values), io, { access: 'read', command: 'ferry repository list' }, async (c) => {
        const repos = await c.call('repositories.list', {});
        if (values.json === true) io.out(JSON.stringify(repos, null, 2));
        else for (const r of repos) io.out(`${r.id}\t${r.name}\t${r.path}\t${r.restorePoints} restore point(s)`);
        return 0;
      });
    },
  },
};
