// Jobs from a JSON spec (what the console's job wizard makes): create one, or change one. In the file, VMs and the
// repository may be named as the console shows them (e.g. "WEB01", "Default backup repository") or by id.
import { ErrorCode, FerryError } from '../../src-shared/contract/errors';
import type { FerryClient } from '../../src-shared/contract/client';
import { JobSpec, type Job } from '../../src-shared/domain';
import { dataDirOf, dataOpt } from './args';
import type { CliIo, Command } from './command';
import { badArg, issuesText, jsonOpt, readJsonArg } from './input-files';
import { withClient } from './service-client';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function asObject(doc: unknown): Record<string, unknown> {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw badArg('--spec: the document must be a JSON object (a job spec)');
  return doc as Record<string, unknown>;
}

/** VM and repository names → ids (ids pass through); an unknown name is E_NOT_FOUND. */
async function resolveNames(c: FerryClient, doc: Record<string, unknown>): Promise<Record<string, unknown>> {
  const out = { ...doc };
  if (Array.isArray(doc.vmIds)) {
    const vms = (await c.call('inventory.get', {})).vms;
    out.vmIds = doc.vmIds.map((v) => {
      if (typeof v !== 'string') return v;
      const vm = vms.find((x) => x.id === v) ?? vms.find((x) => same(x.name, v));
      if (!vm) throw new FerryError(ErrorCode.NotFound, `No VM named ${v} in the inventory`);
      return vm.id;
    });
  }
  if (typeof doc.repositoryId === 'string') {
    const repos = await c.call('repositories.list', {});
    const repo = repos.find((r) => r.id === doc.repositoryId) ?? repos.find((r) => same(r.name, doc.repositoryId as string));
    if (!repo) throw new FerryError(ErrorCode.NotFound, `No repository named ${doc.repositoryId}`);
    out.repositoryId = repo.id;
  }
  return out;
}

function withPlaceholders(doc: Record<string, unknown>): Record<string, unknown> {
  const named = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? 'named' : v);
  return { ...doc, ...(Array.isArray(doc.vmIds) ? { vmIds: doc.vmIds.map(named) } : {}), ...('repositoryId' in doc ? { repositoryId: named(doc.repositoryId) } : {}) };
}

function checkSpec(doc: Record<string, unknown>) {
  const spec = JobSpec.safeParse(doc);
  if (!spec.success) throw badArg(`--spec: ${issuesText(spec.error.issues)}`);
  return spec.data;
}

function printJob(io: CliIo, job: Job, json: boolean, verb: string): void {
  if (json) io.out(JSON.stringify(job, null, 2));
  else io.out(`${verb} job ${job.spec.name} (${job.id}): ${job.spec.vmIds.length} VM(s)${job.nextRunAt ? `, next run ${job.nextRunAt}` : ''}`);
}

export const jobSpecCommands: Record<string, Command> = {
  'job create': {
    usage: 'ferry job create --spec FILE.json|- [--json] [--data DIR]',
    summary: 'Create a backup job from a JSON job spec (name, vmIds, repositoryId, processing, schedule, …; VMs and repository by name or id)',
    options: { ...dataOpt, ...jsonOpt, spec: { type: 'string' } },
    async run({ values }, io) {
      const doc = asObject(await readJsonArg('--spec', values.spec, io));
      // the shape is checked before the engine is opened (names stand in for ids until they are resolved)
      checkSpec(withPlaceholders(doc));
      return withClient(dataDirOf(values), io, { access: 'write', command: 'ferry job create' }, async (c) => {
        const job = await c.call('jobs.create', checkSpec(await resolveNames(c, doc)));
        printJob(io, job, values.json === true, 'Created');
        return 0;
      });
    },
  },
  'job edit': {
    usage: 'ferry job edit NAME --spec FILE.json|- [--json] [--data DIR]',
    summary: "Change a job: the spec's fields replace the job's (fields the file leaves out stay as they are)",
    options: { ...dataOpt, ...jsonOpt, spec: { type: 'string' } },
    positionals: 1,
    async run({ values, positionals }, io) {
      const doc = asObject(await readJsonArg('--spec', values.spec, io));
      return withClient(dataDirOf(values), io, { access: 'write', command: 'ferry job edit' }, async (c) => {
        const job = (await c.call('jobs.list', {})).find((j) => same(j.spec.name, positionals[0]) || j.id === positionals[0]);
        if (!job) throw new FerryError(ErrorCode.NotFound, `No job named ${positionals[0]}`);
        const spec = checkSpec(await resolveNames(c, { ...job.spec, ...doc }));
        printJob(io, await c.call('jobs.update', { id: job.id, spec }), values.json === true, 'Changed');
        return 0;
      });
    },
  },
};
