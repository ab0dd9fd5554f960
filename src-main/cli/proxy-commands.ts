// Off-host backup proxies from the command line, as Backup Infrastructure → Add off-host backup proxy does it:
// readiness, install, registration (a task with its log), and the list and removal.
import { ErrorCode, FerryError } from '../../src-shared/contract/errors';
import type { FerryClient } from '../../src-shared/contract/client';
import { ProxyDraft } from '../../src-shared/contract/methods';
import type { Proxy } from '../../src-shared/domain';
import { dataDirOf, dataOpt, parseIntArg } from './args';
import type { Command } from './command';
import { badArg, issuesText, jsonOpt } from './input-files';
import { waitTask, withClient } from './service-client';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** A server of the inventory by name or id (proxies run on managed Windows servers or hosts). */
async function serverIdOf(c: FerryClient, name: string): Promise<string> {
  const inv = await c.call('inventory.get', {});
  const host = inv.hosts.find((h) => h.id === name) ?? inv.hosts.find((h) => same(h.name, name) || same(h.name.split('.')[0], name));
  if (!host) throw new FerryError(ErrorCode.NotFound, `No managed server named ${name} (add it first: ferry server add ${name} --kind windows-server)`);
  return host.id;
}

async function proxyOf(c: FerryClient, name: string): Promise<Proxy> {
  const proxies = await c.call('proxies.list', {});
  const p = proxies.find((x) => x.id === name || x.serverId === name) ?? proxies.find((x) => same(x.name, name));
  if (!p) throw new FerryError(ErrorCode.NotFound, `No off-host proxy named ${name}`);
  return p;
}

export const proxyCommands: Record<string, Command> = {
  'proxy add': {
    usage: 'ferry proxy add SERVER [--max-tasks N] [--throttle MBPS] [--volumes ID,ID…] [--description TEXT] [--json] [--data DIR]',
    summary: 'Make a managed server an off-host backup proxy: readiness check, agent install, registration (--volumes: only these volumes, default all it can see)',
    options: { ...dataOpt, ...jsonOpt, 'max-tasks': { type: 'string' }, throttle: { type: 'string' }, volumes: { type: 'string' }, description: { type: 'string' } },
    positionals: 1,
    async run({ values, positionals }, io) {
      const maxTasks = values['max-tasks'] === undefined ? 2 : parseIntArg('--max-tasks', values['max-tasks'], 1, 64);
      const throttleMBps = values.throttle === undefined ? 0 : parseIntArg('--throttle', values.throttle, 0, 100_000);
      const volumeIds = typeof values.volumes === 'string' ? values.volumes.split(',').map((v) => v.trim()).filter(Boolean) : null;
      const shape = ProxyDraft.safeParse({
        serverId: 'x',
        maxTasks,
        throttleMBps,
        description: typeof values.description === 'string' ? values.description : '',
        connectedVolumes: volumeIds ? { mode: 'chosen', volumeIds } : { mode: 'automatic' },
      });
      if (!shape.success) throw badArg(issuesText(shape.error.issues));
      return withClient(dataDirOf(values), io, { access: 'write', command: 'ferry proxy add' }, async (c) => {
        const serverId = await serverIdOf(c, positionals[0]);
        const { taskId } = await c.call('proxies.create', { ...shape.data, serverId });
        const task = await waitTask(c, taskId);
        if (values.json !== true) for (const l of task.log) io.out(`${l.at.slice(11, 19)} ${l.level.padEnd(7)} ${l.text}`);
        if (task.state !== 'succeeded') throw new FerryError(task.error?.code ?? ErrorCode.Internal, task.error?.message ?? 'adding the proxy failed');
        const proxy = (await c.call('proxies.list', {})).find((p) => p.id === task.result?.proxyId);
        io.out(values.json === true ? JSON.stringify(proxy ?? task.result, null, 2) : `Added off-host proxy ${proxy?.name ?? serverId} (${String(task.result?.proxyId)}), ${maxTasks} task(s)`);
        return 0;
      });
    },
  },
  'proxy list': {
    usage: 'ferry proxy list [--json] [--data DIR]',
    summary: 'List off-host proxies: status, task slots, throttle, the volumes they can back up',
    options: { ...dataOpt, ...jsonOpt },
    async run({ values }, io) {
      return withClient(dataDirOf(values), io, { access: 'read', command: 'ferry proxy list' }, async (c) => {
        const proxies = await c.call('proxies.list', {});
        if (values.json === true) {
          io.out(JSON.stringify(proxies, null, 2));
          return 0;
        }
        if (proxies.length === 0) io.out('No off-host proxies. Add one with: ferry proxy add SERVER');
        for (const p of proxies) {
          const throttle = p.throttleMBps > 0 ? `${p.throttleMBps} MB/s per task` : 'no throttle';
          io.out(`${p.id}\t${p.name}\t${p.enabled ? p.status : 'disabled'}\t${p.maxTasks} task(s)\t${throttle}\t${p.eligibleVolumeIds.length} volume(s)`);
        }
        return 0;
      });
    },
  },
  'proxy remove': {
    usage: 'ferry proxy remove NAME|ID [--data DIR]',
    summary: 'Uninstall and deregister an off-host proxy (refused while it has tasks running)',
    options: dataOpt,
    positionals: 1,
    async run({ values, positionals }, io) {
      return withClient(dataDirOf(values), io, { access: 'write', command: 'ferry proxy remove' }, async (c) => {
        const p = await proxyOf(c, positionals[0]);
        await c.call('proxies.remove', { id: p.id });
        io.out(`Removed off-host proxy ${p.name} (${p.id})`);
        return 0;
      });
    },
  },
};
