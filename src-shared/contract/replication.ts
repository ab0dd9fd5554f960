// Replication: the replicas a replication job keeps on its target host, their restore points, and the
// disaster-recovery operations (failover, undo, permanent failover, failback + commit/undo). Typed facts only:
// the console shows these fields, never log text. Operations run as tasks (progress, log, result).
import { z } from 'zod';
import { Id } from '../domain';

/**
 * Ready: replication runs, the replica VM is off. Failover: the replica runs on the target from a point (its writes on
 * top of that point, which stays untouched). ReadyToSwitch: failback sent the replica's changes to production, the
 * replica still runs. Failback: production runs again with the replica's data, awaiting commit (or undo).
 * PermanentFailover: the replica is the production VM now; it left the job. Replication of a VM pauses while its
 * replica is not Ready.
 */
export const ReplicaState = z.enum(['Ready', 'Failover', 'ReadyToSwitch', 'Failback', 'PermanentFailover']);
export type ReplicaState = z.infer<typeof ReplicaState>;

export const ReplicaPointDisk = z.object({
  diskIndex: z.number().int().nonnegative(),
  /** the point's file on the target host: the base .vhdx for the oldest point, a differencing .avhdx after it */
  path: z.string(),
  virtualSizeBytes: z.number().nonnegative(),
  /** bytes this point's file holds (what the session wrote, or the base after merges) */
  fileBytes: z.number().nonnegative(),
});
export type ReplicaPointDisk = z.infer<typeof ReplicaPointDisk>;

export const ReplicaPoint = z.object({
  id: Id,
  createdAt: z.string(),
  sessionId: Id,
  /** the Hyper-V checkpoint this point is on the replica VM */
  checkpointName: z.string(),
  kind: z.enum(['full', 'incremental']),
  consistency: z.enum(['application', 'crash']),
  disks: z.array(ReplicaPointDisk),
});
export type ReplicaPoint = z.infer<typeof ReplicaPoint>;

export const ReplicaHealth = z.object({
  level: z.enum(['ok', 'warning']),
  /** why a warning (e.g. "last good sync 3 h ago; the job runs every 60 min"); '' when ok */
  reason: z.string(),
});

export const Replica = z.object({
  id: Id,
  jobId: Id,
  jobName: z.string(),
  sourceVmId: Id,
  sourceVmName: z.string(),
  /** the replica VM's name on the target (source name + the job's suffix) */
  name: z.string(),
  targetHostId: Id,
  targetHostName: z.string(),
  /** the replica VM's folder on the target host */
  path: z.string(),
  state: ReplicaState,
  /** oldest first; the newest is what a failover uses by default */
  points: z.array(ReplicaPoint),
  lastSyncAt: z.string().nullable(),
  /** while in Failover / ReadyToSwitch / Failback: the point the replica runs from and why */
  failover: z.object({ pointId: Id, startedAt: z.string(), reason: z.string(), planned: z.boolean() }).nullable(),
  /** failback under way or done and awaiting commit: where production runs and how much was sent back */
  failback: z.object({ toHostId: Id, path: z.string().nullable(), at: z.string(), bytesSent: z.number().nonnegative(), blocksCompared: z.number().int().nonnegative() }).nullable(),
  health: ReplicaHealth,
  /** why the job skips this VM now (replica not Ready), '' when it replicates */
  pausedReason: z.string(),
});
export type Replica = z.infer<typeof Replica>;

const reason = z.string().trim().max(500).default('');
const taskRef = z.object({ taskId: Id });
const byReplica = z.object({ id: Id, reason }).strict();

export const replicationMethods = {
  'replicas.list': { params: z.object({ jobId: Id.optional() }).strict(), result: z.array(Replica) },
  'replicas.get': { params: z.object({ id: Id }).strict(), result: Replica },
  /** start the replica from a point (default the newest); planned: sync, shut the source down, sync again, then fail over */
  'replicas.failover': { params: z.object({ id: Id, pointId: Id.optional(), planned: z.boolean().default(false), reason }).strict(), result: taskRef },
  /** power the replica off, discard what it wrote since the failover: back to Ready */
  'replicas.undoFailover': { params: byReplica, result: taskRef },
  /** the replica becomes a normal VM: its chain is merged, it leaves the job (the source VM is excluded) */
  'replicas.permanentFailover': { params: byReplica, result: taskRef },
  /** send back only the blocks that differ to the source VM (default) or a new location: → ReadyToSwitch → Failback */
  'replicas.failback': { params: z.object({ id: Id, toHostId: Id.optional(), path: z.string().trim().min(3).max(200).optional(), reason }).strict(), result: taskRef },
  /** production runs on the failed-back VM: → Ready, replication resumes */
  'replicas.commitFailback': { params: byReplica, result: taskRef },
  /** back to the replica: → Failover */
  'replicas.undoFailback': { params: byReplica, result: taskRef },
} as const;
