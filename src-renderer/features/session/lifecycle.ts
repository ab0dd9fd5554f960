// Snapshot lifecycle as the timeline shows it: created on host → imported on proxy → exposed → released → deleted.
import type { SnapshotView } from '../../../src-shared/domain';

export const LIFECYCLE_STAGES = [
  { stage: 'created', label: 'Created on host' },
  { stage: 'imported', label: 'Imported on proxy' },
  { stage: 'exposed', label: 'Exposed' },
  { stage: 'released', label: 'Released' },
  { stage: 'deleted', label: 'Deleted' },
] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number]['stage'];

/**
 * done: reached (with time) · failed: the step that failed · active: in progress now · pending: not yet ·
 * skipped: passed over (a later stage was reached, or not applicable on-host) · missed: the session ended
 * without reaching it (for `deleted` that means a leftover snapshot).
 */
export type StageState = 'done' | 'failed' | 'active' | 'pending' | 'skipped' | 'missed';

export interface StageView {
  stage: LifecycleStage;
  label: string;
  state: StageState;
  at: string | null;
  note: string | null;
  /** reached by start-up recovery: Ferry was stopped under the session and cleaned the snapshot at its next start */
  byStartup: boolean;
}

/**
 * While the session runs, one stage is `active`: the step under way. The engine records a stage when it is
 * reached and moves on at once from created and imported, so the next step is the active one; but an exposed
 * snapshot stays exposed while the data mover reads it (`beingRead`: some VM of it is still processed), and only
 * then is it released — exposed is the active stage until the reading ends.
 */
export function snapshotTimeline(snapshot: SnapshotView, sessionRunning: boolean, beingRead = false): StageView[] {
  const views: StageView[] = LIFECYCLE_STAGES.map(({ stage, label }) => ({ stage, label, state: 'pending', at: null, note: null, byStartup: false }));
  const indexOf = (stage: string) => views.findIndex((v) => v.stage === stage);
  let reached = -1;

  for (const entry of snapshot.history) {
    if (entry.stage === 'failed') {
      // The failure belongs to the step after the last one reached.
      const target = views[reached + 1];
      if (target && target.state !== 'done') {
        target.state = 'failed';
        target.at = entry.at;
        target.note = entry.note ?? 'Failed';
      }
      continue;
    }
    const i = indexOf(entry.stage);
    if (i < 0) continue; // 'planned' is not a lifecycle point worth a column
    views[i] = { ...views[i]!, state: 'done', at: entry.at, note: entry.note ?? null, byStartup: entry.startupCleanup === true };
    reached = Math.max(reached, i);
  }

  const onHost = snapshot.proxyServerId === null;
  const lastDone = views.reduce((last, v, i) => (v.state === 'done' ? i : last), -1);
  const failedAnywhere = views.some((v) => v.state === 'failed');
  const exposed = views[indexOf('exposed')]!;
  let activeGiven = false;
  if (sessionRunning && !failedAnywhere && beingRead && lastDone === indexOf('exposed')) {
    exposed.state = 'active';
    exposed.note = 'Being read';
    activeGiven = true;
  }
  views.forEach((v, i) => {
    if (v.state !== 'pending') return;
    if (onHost && v.stage === 'imported') {
      v.state = 'skipped';
      v.note = 'Not applicable: processed on-host';
    } else if (i < lastDone) {
      v.state = 'skipped';
    } else if (!sessionRunning) {
      v.state = 'missed';
    } else if (!activeGiven && !failedAnywhere) {
      v.state = 'active';
      activeGiven = true;
    }
  });
  return views;
}

export function reachedDeleted(snapshot: SnapshotView): boolean {
  return snapshot.history.some((h) => h.stage === 'deleted');
}
