// Per-step validation of the job draft with the shared JobSpec schema, plus console-side rules.
import { JobSpec, type JobKind, type Vm } from '../../../src-shared/domain';
import type { FieldError } from '../../backend/errors';
import { draftToSpec, type JobDraft } from './draft';

export type JobStep = 'name' | 'vms' | 'storage' | 'destination' | 'network' | 'settings' | 'guest' | 'processing' | 'schedule' | 'summary';

export const JOB_STEPS: readonly { id: JobStep; label: string }[] = [
  { id: 'name', label: 'Name' },
  { id: 'vms', label: 'Virtual machines' },
  { id: 'storage', label: 'Storage' },
  { id: 'guest', label: 'Guest processing' },
  { id: 'processing', label: 'Processing mode' },
  { id: 'schedule', label: 'Schedule' },
  { id: 'summary', label: 'Summary' },
];

/** A replication job has no repository step: its data goes to the replica VMs on the target host. */
export const REPLICATION_STEPS: readonly { id: JobStep; label: string }[] = [
  { id: 'name', label: 'Name' },
  { id: 'vms', label: 'Virtual machines' },
  { id: 'destination', label: 'Destination' },
  { id: 'network', label: 'Network' },
  { id: 'settings', label: 'Job settings' },
  { id: 'guest', label: 'Guest processing' },
  { id: 'processing', label: 'Data transfer' },
  { id: 'schedule', label: 'Schedule' },
  { id: 'summary', label: 'Summary' },
];

export function stepsFor(kind: JobKind): readonly { id: JobStep; label: string }[] {
  return kind === 'replication' ? REPLICATION_STEPS : JOB_STEPS;
}

/** Which JobSpec fields (a field and everything under it) each step edits. */
const STEP_FIELDS: Record<JobStep, string[]> = {
  name: ['name', 'description'],
  vms: ['vmIds', 'excludedDisks'],
  storage: ['repositoryId', 'compression', 'blockSize', 'retention', 'changeTracking', 'activeFull'],
  // a replication job without settings at all is the destination's business
  destination: ['replication.targetHostId', 'replication.path'],
  network: ['replication.networkMapping'],
  settings: ['replication.pointsToKeep', 'replication.suffix', 'changeTracking'],
  guest: ['applicationConsistent', 'requireSuccessfulProcessing'],
  processing: ['processing', 'maxVmsPerSnapshot'],
  schedule: ['schedule', 'window', 'retries', 'enabled'],
  summary: [],
};

const under = (path: string, field: string) => path === field || path.startsWith(`${field}.`);
const stepOwns = (step: JobStep, path: string) => STEP_FIELDS[step].some((f) => under(path, f)) || (step === 'destination' && path === 'replication');

/** Schema messages written for developers get admin wording where it matters. */
const FRIENDLY: Record<string, string> = {
  repositoryId: 'Choose a backup repository',
  maxVmsPerSnapshot: 'Enter 1 to 8 VMs per snapshot',
  'retention.keepLast': 'Keep 1 to 1000 restore points',
  'activeFull.dayOfMonth': 'Enter a day from 1 to 28',
  'schedule.everyMinutes': 'Enter 5 to 1440 minutes',
  'retries.count': 'Enter 0 to 10 retries',
  'retries.intervalSec': 'Enter 0 to 3600 seconds',
  'replication.targetHostId': 'Choose the target host',
  'replication.pointsToKeep': 'Keep 1 to 28 restore points',
  'replication.networkMapping.*.sourceSwitch': 'Enter the source switch',
  'replication.networkMapping.*.targetSwitch': 'Enter the target switch, or choose Not connected',
};

export interface ValidationContext {
  /** names of the other jobs (when editing, without the job itself) */
  existingJobNames: string[];
  /** the inventory's VMs, to check that every selected VM keeps at least one disk */
  vms?: (Pick<Vm, 'id' | 'name' | 'disks'> & Partial<Pick<Vm, 'hostId'>>)[];
}

/** The step of this kind of job that edits the field at path ('summary' when none does). */
export function stepOfPath(path: string, kind: JobKind = 'backup'): JobStep {
  return stepsFor(kind).find((s) => stepOwns(s.id, path))?.id ?? 'summary';
}

export function stepErrors(step: JobStep, draft: JobDraft, ctx: ValidationContext): FieldError[] {
  if (step === 'summary') return allErrors(draft, ctx);
  const parsed = JobSpec.safeParse(draftToSpec(draft));
  const errors: FieldError[] = parsed.success
    ? []
    : parsed.error.issues
        .map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
        .filter((e) => stepOwns(step, e.path))
        .map((e) => ({ ...e, message: FRIENDLY[e.path.replace(/\.\d+\./, '.*.')] ?? FRIENDLY[e.path] ?? e.message }))
        // One message per field: an empty id fails both "too short" and "pattern".
        .filter((e, i, all) => all.findIndex((x) => x.path === e.path) === i);
  if (step === 'name') {
    const name = draft.name.trim().toLowerCase();
    if (name && ctx.existingJobNames.some((n) => n.trim().toLowerCase() === name)) {
      errors.push({ path: 'name', message: 'A job with this name already exists' });
    }
  }
  if (step === 'vms') {
    const excluded = new Set(draft.excludedDisks);
    const bare = (ctx.vms ?? []).filter((vm) => draft.vmIds.includes(vm.id) && vm.disks.length > 0 && vm.disks.every((d) => excluded.has(`${vm.id}/${d.index}`)));
    if (bare.length > 0) errors.push({ path: 'excludedDisks', message: `Every disk of ${bare.map((v) => v.name).join(', ')} is excluded: keep one, or clear the VM` });
  }
  if (step === 'network') errors.push(...mappingErrors(draft).filter((m) => !errors.some((e) => e.path === m.path)));
  if (step === 'destination' && draft.targetHostId) {
    // a replica on the host its source runs on protects against nothing that takes the host down
    const here = (ctx.vms ?? []).filter((vm) => draft.vmIds.includes(vm.id) && vm.hostId === draft.targetHostId);
    if (here.length > 0) errors.push({ path: 'replication.targetHostId', message: `${here.map((v) => v.name).join(', ')} run(s) on this host: pick another target host` });
  }
  return errors;
}

/** One mapping per source switch: two rows for one switch would leave the engine to pick one. */
function mappingErrors(draft: JobDraft): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  draft.networkMapping.forEach((m, i) => {
    const key = m.sourceSwitch.trim().toLowerCase();
    if (key && seen.has(key)) errors.push({ path: `replication.networkMapping.${i}.sourceSwitch`, message: `${m.sourceSwitch.trim()} is mapped twice` });
    if (m.targetSwitch !== null && !m.targetSwitch.trim()) errors.push({ path: `replication.networkMapping.${i}.targetSwitch`, message: 'Enter the target switch, or choose Not connected' });
    seen.add(key);
  });
  return errors.filter((e, i, all) => all.findIndex((x) => x.path === e.path) === i);
}

export function allErrors(draft: JobDraft, ctx: ValidationContext): FieldError[] {
  return stepsFor(draft.kind)
    .filter((s) => s.id !== 'summary')
    .flatMap((s) => stepErrors(s.id, draft, ctx));
}

export function errorFor(errors: FieldError[], path: string): string | undefined {
  return errors.find((e) => e.path === path || e.path.startsWith(`${path}.`))?.message;
}
