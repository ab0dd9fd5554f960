// gc.json: which gc generation ran last and how far it got. A gc that crashed is visible here; every step of
// gc is individually safe, so the next gc simply runs again.
import { z } from 'zod';
import { readIfExists } from './fs-util';
import { writeFileAtomic } from '../util/atomic';
import type { RepoLayout } from './layout';

const GcState = z.object({
  generation: z.number().int().nonnegative(),
  phase: z.enum(['mark', 'sweep', 'done']),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
});
export type GcState = z.infer<typeof GcState>;

export async function readGcState(layout: RepoLayout): Promise<GcState | undefined> {
  const buf = await readIfExists(layout.gcState);
  if (!buf) return undefined;
  try {
    const parsed = GcState.safeParse(JSON.parse(buf.toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // only informational: a damaged file just restarts the generation count
  }
}

export async function writeGcState(layout: RepoLayout, state: GcState): Promise<void> {
  await writeFileAtomic(layout.gcState, JSON.stringify(state) + '\n', layout.tmpDir);
}
