// Replicas from the command line, through the same contract as the console: list them with their state and points,
// and the disaster-recovery operations (failover, undo, permanent failover, failback, commit). Each operation is a
// task: its log is printed as it runs, the exit code says whether it succeeded. NAME is the replica VM's name
// (e.g. SQL01_replica) or its id.
import { ErrorCode, FerryError } from '../../src-shared/contract/errors';
import type { FerryClient } from '../../src-shared/contract/client';
import type { Replica } from '../../src-shared/contract/replication';
import type { TaskView } from '../../src-shared/domain';
import { dataDirOf, dataOpt } from './args';
import { UsageError, type Command } from './command';
import type { CliIo } from './command';
import { withClient } from './service-client';

async function findReplica(c: FerryClient, name: string): Promise<Replica> {
  const all = await c.call('replicas.list', {});
  const r = all.find((x) => x.id === name || x.name.toLowerCase() === name.toLowerCase());
  if (!r) throw new FerryError(ErrorCode.NotFound, `No replica named ${name}${all.length ? ` (replicas: ${all.map((x) => x.name).join(', ')})` : ''}`);
  return r;
}

/** Prints the task's log as it grows and its progress in steps of 10 %; resolves when it has ended. */
function followTask(c: FerryClient, taskId: string, io: CliIo): Promise<TaskView> {
  let printed = 0;
  let lastPct = -1;
  return new Promise<TaskView>((res) => {
    const show = (t: TaskView) => {
      for (const l of t.log.slice(printed)) io.out(`${l.at.slice(11, 19)} ${l.level.padEnd(7)} ${l.text}`);
      printed = Math.max(printed, t.log.length);
      const pct = Math.floor(t.progress * 100);
      if (t.state === 'running' && pct >= lastPct + 10) {
        lastPct = pct;
        io.out(`progress ${pct}%`);
      }
      if (t.state !== 'running') {
        off();
        res(t);
      }
    };
    const off = c.subscribe('task.updated', taskId, show);
    void c.call('tasks.get', { id: taskId }).then(show);
  });
}

const reasonOpt = { reason: { type: 'string' as const } };
const reasonOf = (v: Record<string, string | boolean | undefined>) => (typeof v.reason === 'string' ? v.reason : '');

/** One operation on the replica NAME: start it, follow its task, exit 0 only when it succeeded. */
function operation(usage: string, summary: string, options: Command['options'], start: (c: FerryClient, r: Replica, values: Record<string, string | boolean | undefined>) => Promise<{ taskId: string }>): Command {
  return {
    usage,
    summary,
    options: { ...dataOpt, ...reasonOpt, ...options },
    positionals: 1,
    async run({ values, positionals }, io) {
      return withClient(dataDirOf(values), io, { access: 'write', command: `ferry ${usage.split(' ').slice(1, 3).join(' ')}` }, async (c) => {
        const r = await findReplica(c, positionals[0]);
        const { taskId } = await start(c, r, values);
        const t = await followTask(c, taskId, io);
        const now = await c.call('replicas.get', { id: r.id });
        io.out(t.state === 'succeeded' ? `${now.name}: ${now.state}` : `${now.name}: ${t.error?.code ?? 'E_INTERNAL'}: ${t.error?.message ?? 'failed'} (state ${now.state})`);
        return t.state === 'succeeded' ? 0 : 1;
      });
    },
  };
}

export const replicaCommands: Record<string, Command> = {
  'replica list': {
    usage: 'ferry replica list [--data DIR]',
    summary: 'List replicas: state, target host and folder, restore points, last sync, health',
    options: dataOpt,
    async run({ values }, io) {
      return withClient(dataDirOf(values), io, { access: 'read', command: 'ferry replica list' }, async (c) => {
        const all = await c.call('replicas.list', {});
        if (all.length === 0) io.out('No replicas yet. Run a replication job first (ferry job run NAME).');
        for (const r of all) {
          io.out(`${r.name}\t${r.state}\t${r.sourceVmName} → ${r.targetHostName} ${r.path}\t${r.points.length} point(s)\tlast sync ${r.lastSyncAt ?? 'never'}\tjob ${r.jobName}`);
          for (const p of r.points) io.out(`  ${p.id}\t${p.createdAt}\t${p.kind}\t${p.consistency}\t"${p.checkpointName}"${r.failover?.pointId === p.id ? '\t(running from it)' : ''}`);
          if (r.health.level === 'warning') io.out(`  warning: ${r.health.reason}`);
          if (r.pausedReason) io.out(`  ${r.pausedReason}`);
        }
        return 0;
      });
    },
  },
  'replica failover': operation(
    'ferry replica failover NAME [--point ID] [--planned] [--reason TEXT] [--data DIR]',
    'Start the replica from a point (default the newest); --planned: sync, shut the source down, sync again, then fail over',
    { point: { type: 'string' }, planned: { type: 'boolean' } },
    (c, r, v) => c.call('replicas.failover', { id: r.id, pointId: typeof v.point === 'string' ? v.point : undefined, planned: v.planned === true, reason: reasonOf(v) }),
  ),
  'replica undo': operation(
    'ferry replica undo NAME [--reason TEXT] [--data DIR]',
    "Undo a failover (the replica is powered off, what it wrote is discarded) or, in state Failback, the failback (back to Failover)",
    {},
    (c, r, v) => (r.state === 'Failback' ? c.call('replicas.undoFailback', { id: r.id, reason: reasonOf(v) }) : c.call('replicas.undoFailover', { id: r.id, reason: reasonOf(v) })),
  ),
  'replica permanent': operation(
    'ferry replica permanent NAME [--reason TEXT] [--data DIR]',
    'Make a failover permanent: the replica is the production VM now, its source VM leaves the job',
    {},
    (c, r, v) => c.call('replicas.permanentFailover', { id: r.id, reason: reasonOf(v) }),
  ),
  'replica failback': operation(
    'ferry replica failback NAME [--to-host HOST --path DIR] [--reason TEXT] [--data DIR]',
    'Send back to the source VM only the blocks that differ (then: ferry replica commit NAME, or ferry replica undo NAME)',
    { 'to-host': { type: 'string' }, path: { type: 'string' } },
    (c, r, v) => {
      const toHostId = typeof v['to-host'] === 'string' ? v['to-host'] : undefined;
      const path = typeof v.path === 'string' ? v.path : undefined;
      if ((toHostId === undefined) !== (path === undefined)) throw new UsageError('--to-host and --path go together (a new location), or neither (the original VM)');
      return c.call('replicas.failback', { id: r.id, toHostId, path, reason: reasonOf(v) });
    },
  ),
  'replica commit': operation(
    'ferry replica commit NAME [--reason TEXT] [--data DIR]',
    'Commit a failback: production runs on the source VM again, the replica is Ready and replication resumes',
    {},
    (c, r, v) => c.call('replicas.commitFailback', { id: r.id, reason: reasonOf(v) }),
  ),
};
