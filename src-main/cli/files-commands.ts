// Guest file restore from the command line: `ferry restore files` through the console's data folder (job, VM and
// point by name, the restore runs as an engine task), and `ferry files list|get` straight on a repository folder
// (no data folder needed: a script on a backup server). Paths name the volume first: 'C:\dir', '/C/dir', '/p2/…'.
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ErrorCode, FerryError } from '../../src-shared/contract/errors';
import type { FerryClient } from '../../src-shared/contract/client';
import { GuestRestoreReport, type GuestDiskView, type GuestEntryView } from '../../src-shared/contract/files';
import { parseGuestPathSpec, type GuestPathSpec } from '../engine/guestfs/guest-path-spec';
import { restoreGuestItems } from '../engine/guestfs/guest-restore';
import { findVolume, openVolume, readDiskVolumes } from '../engine/guestfs/volumes';
import { entryView } from '../engine/restore-points/guest-files';
import { Repo } from '../engine/repository';
import { openPointReader, type PointReader } from '../engine/repository/point-reader';
import { fmtBytes } from '../engine/util/format';
import { dataDirOf, dataOpt, requireString } from './args';
import { UsageError, type CliIo, type Command } from './command';
import { findRestorePoint } from './job-commands';
import { ProgressReporter } from './progress';
import { waitTask, withClient } from './service-client';

const jsonOpt = { json: { type: 'boolean' as const } };

function guestPath(v: unknown): GuestPathSpec {
  try {
    return parseGuestPathSpec(requireString('--path or PATH', v));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

const when = (ms?: number): string => (ms === undefined ? '-'.padEnd(19) : new Date(ms).toISOString().slice(0, 19).replace('T', ' '));

function printEntries(io: CliIo, entries: GuestEntryView[]): void {
  for (const e of entries) {
    const kind = e.kind === 'directory' ? '<DIR>' : e.kind === 'file' ? '' : `<${e.kind}>`;
    io.out(`${when(e.modifiedMs)}  ${kind.padEnd(15)} ${e.kind === 'file' ? String(e.size).padStart(12) : ''.padStart(12)}  ${e.name}${e.linkTarget ? ` -> ${e.linkTarget}` : ''}`);
  }
}

function printReport(io: CliIo, r: GuestRestoreReport): void {
  for (const i of r.items) io.out(`${i.kind === 'directory' ? 'folder' : 'file  '}  ${i.hostPath}${i.renamed ? `  (renamed from ${i.guestPath.split('/').pop()})` : ''}`);
  for (const s of r.skipped) io.out(`skipped ${s.guestPath}: ${s.reason}`);
  io.out(`Restored ${r.files} file(s), ${r.folders} folder(s), ${fmtBytes(r.bytes)} to ${r.folder}${r.truncated ? ' (list truncated)' : ''}`);
}

/** The VM disk that holds the volume: --disk N, else the one disk whose volumes name it. */
function pickDisk(disks: GuestDiskView[], volume: string, diskArg: unknown): number {
  if (diskArg !== undefined) {
    if (typeof diskArg !== 'string' || !/^\d{1,3}$/.test(diskArg)) throw new UsageError('--disk must be a disk number (0, 1, …)');
    return Number(diskArg);
  }
  const v = volume.toLowerCase().replace(/:$/, '');
  const holding = disks.filter((d) => d.volumes.some((x) => x.letter?.toLowerCase() === v || x.label?.toLowerCase() === v || x.key === v));
  if (holding.length === 1) return holding[0].diskIndex;
  if (holding.length > 1) throw new UsageError(`Volume ${volume} is on ${holding.length} disks: add --disk N`);
  const known = disks.flatMap((d) => d.volumes.map((x) => `disk ${d.diskIndex}: ${[x.letter && `${x.letter}:`, x.key, x.label, x.format].filter(Boolean).join(' ')}`));
  throw new FerryError(ErrorCode.GuestPathNotFound, `No volume ${volume} in this VM (${known.join('; ') || 'no readable volumes'})`);
}

async function restoreFiles(c: FerryClient, values: Record<string, string | boolean | undefined>, io: CliIo): Promise<number> {
  const spec = guestPath(values.path);
  const out = resolve(requireString('--out', values.out));
  const point = await findRestorePoint(c, requireString('--job', values.job), typeof values.point === 'string' ? values.point : undefined);
  const vmArg = requireString('--vm', values.vm).toLowerCase();
  const disk = point.disks.find((d) => d.vmName.toLowerCase() === vmArg || d.vmId === vmArg);
  if (!disk) throw new FerryError(ErrorCode.NotFound, `VM ${values.vm} is not in restore point ${point.id}`);
  const { disks } = await c.call('files.volumes', { pointId: point.id, vmId: disk.vmId });
  const diskIndex = pickDisk(disks, spec.volume, values.disk);
  await mkdir(out, { recursive: true });
  const { taskId } = await c.call('files.restore', { pointId: point.id, vmId: disk.vmId, diskIndex, volume: spec.volume, paths: [spec.path], folder: out });
  const bar = values.json ? null : new ProgressReporter(`Restoring ${values.path}`, io);
  const off = c.subscribe('task.updated', taskId, (t) => bar?.update(Math.round(t.progress * 1000), 1000));
  const task = await waitTask(c, taskId);
  off();
  bar?.finish();
  if (task.state !== 'succeeded') throw new FerryError(task.error?.code ?? ErrorCode.Internal, task.error?.message ?? 'The restore failed');
  const report = GuestRestoreReport.parse(task.result);
  if (values.json) io.out(JSON.stringify({ pointId: point.id, vm: disk.vmName, diskIndex, ...report }));
  else printReport(io, report);
  return 0;
}

/** A point's disk straight from a repository: --disk KEY (vm-web01/0), or the point's only disk. */
async function openRepoDisk(values: Record<string, string | boolean | undefined>): Promise<PointReader> {
  const repoDir = resolve(requireString('--repo', values.repo));
  const pointId = requireString('--point', values.point);
  let diskKey = typeof values.disk === 'string' ? values.disk : undefined;
  if (!diskKey) {
    const repo = await Repo.open(repoDir);
    try {
      const disks = (await repo.getPoint(pointId)).disks;
      if (disks.length !== 1) throw new UsageError(`Restore point ${pointId} has ${disks.length} disks: add --disk KEY (${disks.map((d) => d.diskKey).join(', ')})`);
      diskKey = disks[0].diskKey;
    } finally {
      await repo.close();
    }
  }
  return openPointReader(repoDir, pointId, diskKey);
}

async function withRepoVolume<T>(values: Record<string, string | boolean | undefined>, spec: GuestPathSpec, fn: (fs: Awaited<ReturnType<typeof openVolume>>) => Promise<T>): Promise<T> {
  const reader = await openRepoDisk(values);
  try {
    return await fn(await openVolume(findVolume((await readDiskVolumes(reader)).volumes, spec.volume)));
  } finally {
    await reader.close();
  }
}

export const filesCommands: Record<string, Command> = {
  'restore files': {
    usage: "ferry restore files --job NAME --vm VM [--point ID] [--disk N] --path 'C:\\dir\\or\\file' --out DIR [--data DIR] [--json]",
    summary: "Restore guest files or a folder out of a VM's restore point (NTFS, FAT, ext4) into DIR, keeping names and times; prints what was restored",
    options: { ...dataOpt, ...jsonOpt, job: { type: 'string' }, vm: { type: 'string' }, point: { type: 'string' }, disk: { type: 'string' }, path: { type: 'string' }, out: { type: 'string' } },
    run({ values }, io) {
      guestPath(values.path);
      requireString('--out', values.out);
      return withClient(dataDirOf(values), io, { access: 'write', command: 'ferry restore files' }, (c) => restoreFiles(c, values, io));
    },
  },
  'files list': {
    usage: 'ferry files list --repo DIR --point ID [--disk KEY] PATH [--json]',
    summary: "List a folder inside a restore point's disk (PATH like /C/Users or C:\\Users; the volume by letter, label or p1, p2…)",
    options: { ...jsonOpt, repo: { type: 'string' }, point: { type: 'string' }, disk: { type: 'string' } },
    positionals: 1,
    async run({ values, positionals }, io) {
      const spec = guestPath(positionals[0]);
      const entries = await withRepoVolume(values, spec, async (fs) => (await fs.list(spec.path)).map((e) => entryView(spec.path, e)));
      if (values.json) io.out(JSON.stringify(entries));
      else printEntries(io, entries);
      return 0;
    },
  },
  'files get': {
    usage: 'ferry files get --repo DIR --point ID [--disk KEY] PATH --out DIR [--json]',
    summary: "Copy a file or folder out of a restore point's disk into DIR (names and times kept; links skipped, nothing overwritten)",
    options: { ...jsonOpt, repo: { type: 'string' }, point: { type: 'string' }, disk: { type: 'string' }, out: { type: 'string' } },
    positionals: 1,
    async run({ values, positionals }, io) {
      const spec = guestPath(positionals[0]);
      const out = resolve(requireString('--out', values.out));
      await mkdir(out, { recursive: true });
      const bar = values.json ? null : new ProgressReporter(`Copying ${positionals[0]}`, io);
      const report = await withRepoVolume(values, spec, (fs) => restoreGuestItems(fs, [spec.path], out, { onProgress: (d, t) => bar?.update(d, t) }));
      bar?.finish();
      if (values.json) io.out(JSON.stringify(report));
      else printReport(io, report);
      return 0;
    },
  },
};
