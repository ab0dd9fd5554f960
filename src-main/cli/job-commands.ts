// Jobs from the command line, through the same contract as the console: list, run with live progress, delete (keeping
// or deleting its restore points), verify a restore point, restore one disk to a raw image — restore points are found
// by job name, also those of a deleted job whose points were kept.
import { resolve } from 'node:path';
import { ErrorCode, FerryError } from '../../src-shared/contract/errors';
import type { FerryClient } from '../../src-shared/contract/client';
import type { LogLine, RestorePoint, SessionView } from '../../src-shared/domain';
import { fmtBytes } from '../engine/util/format';
import { RepoPool } from '../engine/repository/repo-pool';
import { dataDirOf, dataOpt, parseIntArg, requireString } from './args';
import { UsageError, type Command } from './command';
import { waitTask, withClient } from './service-client';

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function findJob(jobs: Array<{ id: string; spec: { name: string } }>, name: string) {
  const job = jobs.find((j) => sameName(j.spec.name, name) || j.id === name);
  if (!job) throw new FerryError(ErrorCode.NotFound, `No job named ${name}`);
  return job;
}

/**
 * The restore points of the job named `name`, newest first: a job that exists, else a deleted job whose points were
 * kept (they keep its name). `pointId` picks one of them; without it the newest.
 */
async function findRestorePoint(c: FerryClient, name: string, pointId: string | undefined): Promise<RestorePoint> {
  const job = (await c.call('jobs.list', {})).find((j) => sameName(j.spec.name, name) || j.id === name);
  const points = job
    ? await c.call('restorePoints.list', { jobId: job.id })
    : (await c.call('restorePoints.list', {})).filter((p) => p.jobDeleted && (sameName(p.jobName, name) || p.jobId === name));
  if (!job && points.length === 0) throw new FerryError(ErrorCode.NotFound, `No job named ${name}, and no kept restore points of a deleted job of that name`);
  const label = job ? `Job ${job.spec.name}` : `Deleted job ${name}`;
  const point = pointId ? points.find((p) => p.id === pointId) : points[0];
  if (!point) throw new FerryError(ErrorCode.NotFound, `${label} has no ${pointId ? `restore point ${pointId}` : 'restore point yet'}`);
  return point;
}

export const jobCommands: Record<string, Command> = {
  'job list': {
    usage: 'ferry job list [--data DIR]',
    summary: 'List jobs with their kind (backup, or replication and its target), processing mode and last result',
    options: dataOpt,
    async run({ values }, io) {
      return withClient(dataDirOf(values), io, { access: 'read', command: 'ferry job list' }, async (c) => {
        const jobs = await c.call('jobs.list', {});
        if (jobs.length === 0) io.out('No jobs yet. Create one in the console (Home → New backup job).');
        for (const j of jobs) {
          const p = j.spec.processing;
          const mode = p.mode === 'on-host' ? 'on-host' : `off-host (${p.proxySelection}${p.failoverToOnHost ? ', failover to on-host' : ''})`;
          const kind = j.spec.kind === 'replication' && j.spec.replication ? `replication → ${j.spec.replication.targetHostId} ${j.spec.replication.path}` : 'backup';
          // the kind goes last: the first columns are what scripts already read
          io.out(`${j.spec.name}\t${j.spec.vmIds.length} VM(s)\t${mode}\t${j.lastResult ?? 'never run'}\t${kind}`);
        }
        return 0;
      });
    },
  },
  'job run': {
    usage: 'ferry job run NAME [--active-full] [--data DIR]',
    summary: 'Run a job now (--active-full: read every disk in full), print its progress, exit non-zero unless it succeeds (Success or Warning)',
    options: { ...dataOpt, 'active-full': { type: 'boolean' as const } },
    positionals: 1,
    async run({ values, positionals }, io) {
      return withClient(dataDirOf(values), io, { access: 'write', command: 'ferry job run' }, async (c, via) => {
        const job = findJob(await c.call('jobs.list', {}), positionals[0]);
        if (via.kind === 'remote') io.err(`ferry: the job runs in ${via.owner.command} (pid ${via.owner.pid}), which owns the data folder; Ctrl-C stops watching it, not the job (stop it in the console)`);
        // a line about a VM says whose it is, as the console does ([VM]): the engine does not repeat the name
        const vmNames = new Map((await c.call('inventory.get', {})).vms.map((v) => [v.id, v.name]));
        const { sessionId } = await c.call('jobs.start', { id: job.id, activeFull: values['active-full'] === true });
        let lastLogSeq = 0;
        let lastPct = -1;
        const printLines = (lines: LogLine[]) =>
          lines.filter((l) => l.seq > lastLogSeq).forEach((l) => {
            lastLogSeq = l.seq;
            const vm = l.vmId ? `[${vmNames.get(l.vmId) ?? l.vmId}] ` : '';
            io.out(`${l.at.slice(11, 19)} ${l.level.padEnd(7)} ${vm}${l.text}`);
          });
        const done = new Promise<SessionView>((res) => {
          c.subscribe('session.log', sessionId, (p) => printLines(p.lines));
          c.subscribe('session.state', sessionId, (v) => {
            const pct = Math.floor(v.progress * 100);
            if (v.result === 'Running' && pct >= lastPct + 10) {
              lastPct = pct;
              io.out(`progress ${pct}%`);
            }
            if (v.result !== 'Running') res(v);
          });
          // Subscribed first, then the snapshot: nothing said before the subscription is lost.
          void c.call('sessions.get', { id: sessionId }).then((snap) => {
            printLines(snap.log);
            if (snap.session.result !== 'Running') res(snap.session);
          });
        });
        const view = await done;
        io.out(`Result: ${view.result} — ${view.reason}${view.restorePointId ? ` (restore point ${view.restorePointId})` : ''}`);
        return view.result === 'Success' || view.result === 'Warning' ? 0 : 1;
      });
    },
  },
  'job delete': {
    usage: 'ferry job delete NAME --restore-points keep|delete [--data DIR]',
    summary: 'Delete a job; its restore points are kept (still listed, verifiable, restorable) or deleted from the repository',
    options: { ...dataOpt, 'restore-points': { type: 'string' } },
    positionals: 1,
    async run({ values, positionals }, io) {
      const choice = values['restore-points'];
      if (choice !== 'keep' && choice !== 'delete') throw new UsageError("--restore-points keep|delete is required: say what happens to the job's restore points");
      return withClient(dataDirOf(values), io, { access: 'write', command: 'ferry job delete' }, async (c) => {
        const job = findJob(await c.call('jobs.list', {}), positionals[0]);
        const r = await c.call('jobs.delete', { id: job.id, restorePoints: choice });
        io.out(
          choice === 'keep'
            ? `Deleted job ${job.spec.name}; kept its ${r.restorePointsKept} restore point(s) (ferry verify/restore --job ${job.spec.name})`
            : `Deleted job ${job.spec.name} and its ${r.restorePointsDeleted} restore point(s)`,
        );
        return 0;
      });
    },
  },
  verify: {
    usage: 'ferry verify --job NAME [--point ID] [--data DIR]',
    summary: "Re-read and re-hash a job's latest (or the given) restore point (also of a deleted job whose points were kept)",
    options: { ...dataOpt, job: { type: 'string' }, point: { type: 'string' } },
    async run({ values }, io) {
      const name = requireString('--job', values.job);
      return withClient(dataDirOf(values), io, { access: 'write', command: 'ferry verify' }, async (c) => {
        const point = await findRestorePoint(c, name, typeof values.point === 'string' ? values.point : undefined);
        const { taskId } = await c.call('restorePoints.verify', { id: point.id });
        const final = await waitTask(c, taskId);
        io.out(`${point.id}: ${String(final.result?.summary ?? final.error?.message)}`);
        return final.state === 'succeeded' && final.result?.ok === true ? 0 : 1;
      });
    },
  },
  restore: {
    usage: 'ferry restore --job NAME --vm VM --disk N --out FILE [--point ID] [--data DIR]',
    summary: 'Restore one disk of a restore point to a raw image file (also of a deleted job whose points were kept)',
    options: { ...dataOpt, job: { type: 'string' }, vm: { type: 'string' }, disk: { type: 'string' }, out: { type: 'string' }, point: { type: 'string' } },
    async run({ values }, io) {
      const name = requireString('--job', values.job);
      const vmName = requireString('--vm', values.vm);
      const diskIndex = parseIntArg('--disk', requireString('--disk', values.disk), 0, 255);
      const out = resolve(requireString('--out', values.out));
      // restore reads the repository directly (readers never wait for its lock): only the lookups go through the engine
      return withClient(dataDirOf(values), io, { access: 'read', command: 'ferry restore' }, async (c) => {
        const point = await findRestorePoint(c, name, typeof values.point === 'string' ? values.point : undefined);
        const disk = point.disks.find((d) => (d.vmName.toLowerCase() === vmName.toLowerCase() || d.vmId === vmName) && d.diskIndex === diskIndex);
        if (!disk) throw new FerryError(ErrorCode.NotFound, `Restore point ${point.id} has no disk ${diskIndex} of VM ${vmName}`);
        const repoRow = (await c.call('repositories.list', {})).find((r) => r.id === point.repositoryId);
        if (!repoRow) throw new FerryError(ErrorCode.RepoMissing, `Repository ${point.repositoryId} is not registered`);
        let lastPct = -1;
        const repos = new RepoPool();
        try {
          await repos.read(repoRow.path, (repo) =>
            repo.restoreRaw(point.id, `${disk.vmId}/${disk.diskIndex}`, out, (done, total) => {
              const pct = total ? Math.floor((done / total) * 100) : 100;
              if (pct >= lastPct + 10) {
                lastPct = pct;
                io.out(`restoring ${pct}%`);
              }
            }),
          );
        } finally {
          await repos.closeAll();
        }
        io.out(`Restored ${disk.vmName} disk ${diskIndex} (${fmtBytes(disk.virtualSizeBytes)}) from ${point.id} to ${out}`);
        return 0;
      });
    },
  },
};
