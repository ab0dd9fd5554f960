// Per-step validation of the job draft with the shared JobSpec schema, plus console-side rules.
import { JobSpec, type Vm } from '../../../src-shared/domain';
import type { FieldError } from '../../backend/errors';
import { draftToSpec, type JobDraft } from './draft';

export const JOB_STEPS = [
  { id: 'name', label: 'Name' },
  { id: 'vms', label: 'Virtual machines' },
  { id: 'storage', label: 'Storage' },
  { id: 'guest', label: 'Guest processing' },
  { id: 'processing', label: 'Processing mode' },
  { id: 'schedule', label: 'Schedule' },
  { id: 'summary', label: 'Summary' },
] as const;
export type JobStep = (typeof JOB_STEPS)[number]['id'];

/** Which top-level JobSpec fields each step edits. */
const STEP_FIELDS: Record<JobStep, string[]> = {
  name: ['name', 'description'],
  vms: ['vmIds', 'excludedDisks'],
  storage: ['repositoryId', 'compression', 'blockSize', 'retention', 'changeTracking', 'activeFull'],
  guest: ['applicationConsistent', 'requireSuccessfulProcessing'],
  processing: ['processing', 'maxVmsPerSnapshot'],
  schedule: ['schedule', 'window', 'retries', 'enabled'],
  summary: [],
};

/** Schema messages written for developers get admin wording where it matters. */
const FRIENDLY: Record<string, string> = {
  repositoryId: 'Choose a backup repository',
  maxVmsPerSnapshot: 'Enter 1 to 8 VMs per snapshot',
  'retention.keepLast': 'Keep 1 to 1000 restore points',
  'activeFull.dayOfMonth': 'Enter a day from 1 to 28',
  'schedule.everyMinutes': 'Enter 5 to 1440 minutes',
  'retries.count': 'Enter 0 to 10 retries',
  'retries.intervalSec': 'Enter 0 to 3600 seconds',
};

export interface ValidationContext {
  /** names of the other jobs (when editing, without the job itself) */
  existingJobNames: string[];
  /** the inventory's VMs, to check that every selected VM keeps at least one disk */
  vms?: Pick<Vm, 'id' | 'name' | 'disks'>[];
}

export function stepOfPath(path: string): JobStep {
  const top = path.split('.')[0] ?? '';
  return (Object.keys(STEP_FIELDS) as JobStep[]).find((s) => STEP_FIELDS[s].includes(top)) ?? 'summary';
}

export function stepErrors(step: JobStep, draft: JobDraft, ctx: ValidationContext): FieldError[] {
  if (step === 'summary') return allErrors(draft, ctx);
  const parsed = JobSpec.safeParse(draftToSpec(draft));
  const errors: FieldError[] = parsed.success
    ? []
    : parsed.error.issues
        .map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
        .filter((e) => STEP_FIELDS[step].includes(e.path.split('.')[0] ?? ''))
        .map((e) => ({ ...e, message: FRIENDLY[e.path] ?? e.message }))
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
  return errors;
}

export function allErrors(draft: JobDraft, ctx: ValidationContext): FieldError[] {
  return JOB_STEPS.filter((s) => s.id !== 'summary').flatMap((s) => stepErrors(s.id, draft, ctx));
}

export function errorFor(errors: FieldError[], path: string): string | undefined {
  return errors.find((e) => e.path === path || e.path.startsWith(`${path}.`))?.message;
}
