// Restores from the command line, through the same contract as the console: an entire VM to its original location
// (quick rollback unless --full) or to a host/cluster (new name, path, network mapping), and virtual disks to a VM
// or a folder on a managed server. Progress on stderr (a bar on a terminal), the result on stdout, --json for
// scripts. `ferry restore --out FILE` (export one disk to a file here) stays in job-commands.ts.
import { ErrorCode, FerryError } from '../../src-shared/contract/errors';
import type { FerryClient } from '../../src-shared/contract/client';
import type { LogLine, SessionView } from '../../src-shared/domain';
import type { NetworkMapping, RestorePlan, RestoreSessionFacts } from '../../src-shared/contract/restore';
import { fmtBytes } from '../engine/util/format';
import { dataDirOf, dataOpt, parseIntArg, requireString } from './args';
import { UsageError, type CliIo, type Command } from './command';
import { ProgressReporter } from './progress';
import { withClient } from './service-client';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const str = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/** The VM (by name or id) and its point (given, else the newest) among the job's points (also a deleted job's). */
async function findVmPoint(c: FerryClient, jobName: string, vmName: string, pointId: string | undefined): Promise<{ vmId: string; pointId: string }> {
  const b = await c.call('restore.backups', {});
  const jobs = [...b.jobs, ...b.orphaned].filter((j) => same(j.jobName, jobName) || j.jobId === jobName);
  if (jobs.length === 0) throw new FerryError(ErrorCode.NotFound, `No job named ${jobName} with restore points (also none of a deleted job of that name)`);
  const vm = jobs.flatMap((j) => j.vms).find((v) => same(v.vmName, vmName) || v.vmId === vmName);
  if (!vm) throw new FerryError(ErrorCode.NotFound, `Job ${jobName} has no restore point of VM ${vmName}`);
  const point = pointId ? vm.points.find((p) => p.pointId === pointId) : vm.points[0];
  if (!point) throw new FerryError(ErrorCode.NotFound, `VM ${vm.vmName} has no restore point ${pointId} in job ${jobName}`);
  return { vmId: vm.vmId, pointId: point.pointId };
}

async function serverIdOf(c: FerryClient, name: string): Promise<string> {
  const s = (await c.call('servers.list', {})).find((x) => same(x.name, name) || x.id === name.toLowerCase() || same(x.name.split('.')[0], name));
  if (!s) throw new FerryError(ErrorCode.NotFound, `${name} is not a managed server (ferry server list)`);
  return s.id;
}

/** "vSwitch-A=vSwitch-B,Backup=" → mappings (an empty target: not connected). */
export function parseNetworkMap(text: string | undefined): NetworkMapping[] {
  if (!text) return [];
  return text.split(',').map((pair) => {
    const i = pair.indexOf('=');
    if (i <= 0) throw new UsageError(`--network: expected SOURCE=TARGET (empty TARGET: not connected), got '${pair}'`);
    const target = pair.slice(i + 1).trim();
    return { sourceSwitch: pair.slice(0, i).trim(), targetSwitch: target === '' ? null : target };
  });
}

function printPlan(plan: RestorePlan, io: CliIo): void {
  for (const it of plan.items) {
    const where = it.mode === 'original' ? `original location on ${it.targetServerName}` : `${it.targetServerName} ${it.targetPath}`;
    io.err(`${it.vmName} (point ${it.pointCreatedAt}) → ${where}${it.targetVmName && it.mode !== 'original' ? ` as ${it.targetVmName}` : ''}`);
    for (const d of it.disks) io.err(`  disk ${d.diskIndex}: ${fmtBytes(d.bytesToWrite)} to write → ${d.targetPath}${d.quickRollback ? ` (${d.quickRollback.reason})` : ''}`);
    for (const n of it.network) io.err(`  ${n.nicName}: ${n.sourceSwitch ?? 'not connected'} → ${n.targetSwitch ?? 'not connected'}`);
    for (const w of it.warnings) io.err(`  warning: ${w}`);
  }
  for (const s of plan.space) io.err(`space on ${s.serverName} ${s.volumePath}: ${fmtBytes(s.neededBytes)} needed, ${fmtBytes(s.freeBytes)} free`);
}

/** Follows the session to its end: log lines and a progress bar on stderr; returns the final view and facts. */
async function follow(c: FerryClient, sessionId: string, io: CliIo): Promise<{ view: SessionView; facts: RestoreSessionFacts }> {
  const bar = new ProgressReporter('restoring', io);
  let lastSeq = 0;
  const print = (lines: LogLine[]) =>
    lines.filter((l) => l.seq > lastSeq).forEach((l) => {
      lastSeq = l.seq;
      bar.finish();
      io.err(`${l.at.slice(11, 19)} ${l.level.padEnd(7)} ${l.text}`);
    });
  const view = await new Promise<SessionView>((res) => {
    c.subscribe('session.log', sessionId, (p) => print(p.lines));
    c.subscribe('session.state', sessionId, (v) => {
      if (v.result === 'Running') bar.update(v.stats.bytesTransferred, v.vms.reduce((s, x) => s + x.bytesTotal, 0));
      else res(v);
    });
    void c.call('sessions.get', { id: sessionId }).then((snap) => {
      print(snap.log);
      if (snap.session.result !== 'Running') res(snap.session);
    });
  });
  bar.finish();
  const rest = await c.call('sessions.get', { id: sessionId });
  print(rest.log);
  return { view, facts: await c.call('restore.session', { id: sessionId }) };
}

function report(view: SessionView, facts: RestoreSessionFacts, json: boolean, io: CliIo): number {
  if (json) io.out(JSON.stringify({ ...facts, result: view.result, resultReason: view.reason }, null, 2));
  else {
    for (const it of facts.items) io.out(`${it.vmName}: ${it.targetState}${it.error ? ` [${it.error.code}]` : ''}`);
    io.out(`Result: ${view.result}${view.reason ? ` — ${view.reason}` : ''} (${fmtBytes(facts.bytesWritten)} written, session ${view.id})`);
  }
  return view.result === 'Success' || view.result === 'Warning' ? 0 : 1;
}

const common = { ...dataOpt, job: { type: 'string' as const }, vm: { type: 'string' as const }, point: { type: 'string' as const }, reason: { type: 'string' as const }, json: { type: 'boolean' as const } };

export const restoreCommands: Record<string, Command> = {
  'restore vm': {
    usage: 'ferry restore vm --job NAME --vm VM [--point ID] (--original [--full] | --to-host HOST [--path DIR] [--name NEW] [--keep-id] [--network SRC=DST,…] [--cluster-role]) [--power-on] [--reason TEXT] [--json] [--data DIR]',
    summary: "Restore an entire VM: in place (powered off, quick rollback of only the changed blocks unless --full) or as a new VM on a host or cluster, written by the target's data mover",
    options: { ...common, original: { type: 'boolean' }, full: { type: 'boolean' }, 'to-host': { type: 'string' }, path: { type: 'string' }, name: { type: 'string' }, 'keep-id': { type: 'boolean' }, network: { type: 'string' }, 'cluster-role': { type: 'boolean' }, 'power-on': { type: 'boolean' } },
    async run({ values }, io) {
      const job = requireString('--job', values.job);
      const vm = requireString('--vm', values.vm);
      const original = values.original === true;
      const toHost = str(values['to-host']);
      if (original === (toHost !== undefined)) throw new UsageError('give either --original or --to-host HOST');
      if (original && (values.path !== undefined || values.name !== undefined || values.network !== undefined)) throw new UsageError('--path, --name and --network are for --to-host');
      const network = parseNetworkMap(str(values.network));
      return withClient(dataDirOf(values), io, { access: 'write', command: 'ferry restore vm' }, async (c) => {
        const found = await findVmPoint(c, job, vm, str(values.point));
        const req = {
          vms: [{ vmId: found.vmId, pointId: found.pointId, ...(str(values.name) ? { newName: str(values.name) } : {}) }],
          mode: original ? ('original' as const) : ('new' as const),
          quickRollback: values.full !== true,
          ...(toHost ? { target: { serverId: await serverIdOf(c, toHost), ...(str(values.path) ? { path: str(values.path) } : {}), newVmId: values['keep-id'] !== true, networkMap: network, registerClusterRole: values['cluster-role'] === true } } : {}),
          powerOn: values['power-on'] === true,
          reason: str(values.reason) ?? '',
        };
        const plan = await c.call('restore.planVm', req);
        printPlan(plan, io);
        const { sessionId } = await c.call('restore.startVm', req);
        const { view, facts } = await follow(c, sessionId, io);
        return report(view, facts, values.json === true, io);
      });
    },
  },
  'restore disks': {
    usage: 'ferry restore disks --job NAME --vm VM --disk N[,N…] [--point ID] (--to-vm VM | --to-original | --to-host HOST --path DIR) [--reason TEXT] [--json] [--data DIR]',
    summary: "Restore virtual disks of a point: attached to a VM that is off (the original replaces its disks), or as VHDX files in a folder on a managed server, written by that server's data mover",
    options: { ...common, disk: { type: 'string' }, 'to-vm': { type: 'string' }, 'to-original': { type: 'boolean' }, 'to-host': { type: 'string' }, path: { type: 'string' } },
    async run({ values }, io) {
      const job = requireString('--job', values.job);
      const vm = requireString('--vm', values.vm);
      const disks = requireString('--disk', values.disk).split(',').map((d) => parseIntArg('--disk', d.trim(), 0, 255));
      const targets = [values['to-vm'] !== undefined, values['to-original'] === true, values['to-host'] !== undefined].filter(Boolean).length;
      if (targets !== 1) throw new UsageError('give one of --to-vm VM, --to-original, --to-host HOST --path DIR');
      if (values['to-host'] !== undefined && !str(values.path)) throw new UsageError('--to-host needs --path DIR (a folder on that server)');
      return withClient(dataDirOf(values), io, { access: 'write', command: 'ferry restore disks' }, async (c) => {
        const found = await findVmPoint(c, job, vm, str(values.point));
        const inv = await c.call('inventory.get', {});
        const toVm = str(values['to-vm']);
        const other = toVm ? inv.vms.find((v) => same(v.name, toVm) || v.id === toVm) : undefined;
        if (toVm && !other) throw new FerryError(ErrorCode.NotFound, `No VM named ${toVm} in the inventory`);
        const target = other
          ? { kind: 'other-vm' as const, vmId: other.id }
          : values['to-original'] === true
            ? { kind: 'original-vm' as const }
            : { kind: 'folder' as const, serverId: await serverIdOf(c, str(values['to-host']) as string), path: str(values.path) as string };
        const req = { pointId: found.pointId, vmId: found.vmId, diskIndexes: disks, target, reason: str(values.reason) ?? '' };
        printPlan(await c.call('restore.planDisks', req), io);
        const { sessionId } = await c.call('restore.startDisks', req);
        const { view, facts } = await follow(c, sessionId, io);
        return report(view, facts, values.json === true, io);
      });
    },
  },
};
