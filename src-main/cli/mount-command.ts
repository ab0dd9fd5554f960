// `ferry mount`: one disk of a restore point served read-only over NBD on 127.0.0.1 until Ctrl-C/SIGTERM, so
// qemu-img, nbdfuse, qemu-nbd or nbd-client read a backup without restoring it. The point is found by job, VM and
// disk (through the engine, read-only, like `ferry restore`) or by repository and point id; the data is read
// straight from the repository (readers never take its lock: backups keep running meanwhile).
import { resolve } from 'node:path';
import { ErrorCode, FerryError } from '../../src-shared/contract/errors';
import { mountCommands } from '../../src-shared/mount';
import { DiskMount, exportNameOf, type DiskMountRequest } from '../engine/mount/disk-mount';
import { DEFAULT_NBD_PORT } from '../engine/nbd/server';
import { Repo } from '../engine/repository';
import { diskKeyOf } from '../engine/repository/point-reader';
import { fmtBytes } from '../engine/util/format';
import { dataDirOf, parseIntArg, requireString } from './args';
import { UsageError, type CliIo, type Command, type ParsedArgs } from './command';
import { pickDisk } from './disk-commands';
import { findRestorePoint } from './job-commands';
import { withClient } from './service-client';

type Values = ParsedArgs['values'];
type Target = Omit<DiskMountRequest, 'port' | 'log'> & { what: string };

/** --data DIR --job NAME --vm VM --disk N [--point ID]: looked up through the engine, read-only. */
async function targetByJob(values: Values, io: CliIo): Promise<Target> {
  const name = requireString('--job', values.job);
  const vmName = requireString('--vm', values.vm);
  const diskIndex = parseIntArg('--disk', requireString('--disk', values.disk), 0, 255);
  return withClient(dataDirOf(values), io, { access: 'read', command: 'ferry mount' }, async (c) => {
    const point = await findRestorePoint(c, name, typeof values.point === 'string' ? values.point : undefined);
    const disk = point.disks.find((d) => (d.vmName.toLowerCase() === vmName.toLowerCase() || d.vmId === vmName) && d.diskIndex === diskIndex);
    if (!disk) throw new FerryError(ErrorCode.NotFound, `Restore point ${point.id} has no disk ${diskIndex} of VM ${vmName}`);
    const repoRow = (await c.call('repositories.list', {})).find((r) => r.id === point.repositoryId);
    if (!repoRow) throw new FerryError(ErrorCode.RepoMissing, `Repository ${point.repositoryId} is not registered`);
    return {
      repoPath: repoRow.path,
      pointId: point.id,
      diskKey: diskKeyOf(disk.vmId, disk.diskIndex),
      exportName: exportNameOf(disk.vmName, `disk${disk.diskIndex}`, point.id),
      description: `${disk.vmName} disk ${disk.diskIndex}, restore point ${point.id} (${point.createdAt})`,
      what: `${disk.vmName} disk ${disk.diskIndex} of restore point ${point.id} (${point.createdAt}, job ${point.jobName || name})`,
    };
  });
}

/** --repo DIR --point ID [--disk KEY]: a bare repository. */
async function targetByRepo(values: Values): Promise<Target> {
  const repoPath = resolve(requireString('--repo', values.repo));
  const pointId = requireString('--point', values.point);
  const repo = await Repo.open(repoPath);
  try {
    const point = await repo.getPoint(pointId);
    const diskKey = pickDisk(point, values.disk);
    return { repoPath, pointId, diskKey, exportName: exportNameOf(diskKey, point.id), description: `${diskKey}, restore point ${point.id}`, what: `disk ${diskKey} of restore point ${point.id} (${point.createdAt})` };
  } finally {
    await repo.close();
  }
}

/** Resolves at the first SIGINT/SIGTERM; a second one ends the process at once. */
function stopRequested(io: CliIo): { requested: Promise<NodeJS.Signals>; dispose(): void } {
  let resolveStop!: (s: NodeJS.Signals) => void;
  const requested = new Promise<NodeJS.Signals>((r) => (resolveStop = r));
  let seen = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (++seen === 1) return resolveStop(signal);
    io.err(`ferry: ${signal} again: exiting now`);
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { requested, dispose: () => (process.off('SIGINT', onSignal), process.off('SIGTERM', onSignal)) };
}

function printHowToRead(io: CliIo, mount: DiskMount, what: string): void {
  io.out(mount.url);
  io.out(`Serving ${what}, ${fmtBytes(mount.reader.size)}, read-only over NBD on 127.0.0.1:${mount.server.port} (export ${mount.server.exp.name}).`);
  io.out('Read it with:');
  for (const c of mountCommands(mount.url, `${mount.server.exp.name}.raw`)) io.out(`  # ${c.purpose}\n  ${c.command}`);
  io.out('Writes are refused. Ctrl-C or SIGTERM stops serving (reads under way finish, clients are disconnected).');
}

export const mountCommand: Command = {
  usage: 'ferry mount (--data DIR --job NAME --vm VM --disk N [--point ID] | --repo DIR --point ID [--disk KEY]) [--port N]',
  summary: `Serve one disk of a restore point read-only over NBD on 127.0.0.1 (default port ${DEFAULT_NBD_PORT}; 0 = any free port) until Ctrl-C; prints the nbd:// URL and the qemu-img/nbdfuse commands`,
  options: {
    data: { type: 'string' },
    repo: { type: 'string' },
    job: { type: 'string' },
    vm: { type: 'string' },
    disk: { type: 'string' },
    point: { type: 'string' },
    port: { type: 'string' },
  },
  async run({ values }, io) {
    if (values.repo !== undefined && (values.data !== undefined || values.job !== undefined || values.vm !== undefined)) {
      throw new UsageError('name the restore point either by --repo DIR --point ID or by --data DIR --job NAME --vm VM --disk N, not both');
    }
    const port = values.port === undefined ? DEFAULT_NBD_PORT : parseIntArg('--port', values.port, 0, 65535);
    if (values.repo === undefined && values.job === undefined) throw new UsageError('--job NAME (with --data DIR) or --repo DIR is required');
    // Signals are watched from the start: a Ctrl-C during the look-up still stops cleanly.
    const stop = stopRequested(io);
    try {
      const target = values.repo !== undefined ? await targetByRepo(values) : await targetByJob(values, io);
      const mount = await DiskMount.start({ ...target, port, log: (level, text) => level === 'warn' && io.err(`ferry: ${text}`) });
      try {
        printHowToRead(io, mount, target.what);
        const signal = await stop.requested;
        io.err(`ferry: ${signal}: stopping the mount`);
      } finally {
        await mount.stop();
      }
      const s = mount.stats;
      io.err(`Stopped: served ${fmtBytes(s.bytesRead)} (${s.chunksRead} chunks read from the repository${s.readErrors ? `, ${s.readErrors} failed reads: ${s.lastReadError}` : ''})`);
      return s.readErrors > 0 ? 1 : 0;
    } finally {
      stop.dispose();
    }
  },
};
