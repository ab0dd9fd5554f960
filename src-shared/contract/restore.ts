// Recovery commands: the Backups view (job → VM → restore points, orphaned points of deleted jobs), the VM
// configuration kept in a point, restore targets, the plan with its space check, and restore sessions (entire VM to
// the original or a new location, virtual disks to a VM or a folder). Restore data flows from the repository to
// the target server's data mover; the console only starts and watches the session (sessions.get / session.state).
import { z } from 'zod';
import { Id } from '../domain';
import { VmConfig } from '../vm-config';

// ---------- the Backups view ----------

export const BackupPointSummary = z.object({
  pointId: Id,
  createdAt: z.string(),
  /** incremental when any disk of this VM was read incrementally */
  kind: z.enum(['full', 'incremental']),
  /** crash when any disk of this VM is crash-consistent */
  consistency: z.enum(['application', 'crash']),
  /** sum of the VM's disks' virtual sizes: what a full restore writes */
  sizeBytes: z.number().nonnegative(),
  /** what the point added to the repository for this VM (after dedupe and compression) */
  storedBytes: z.number().nonnegative(),
  diskCount: z.number().int().nonnegative(),
  /** the last verify of the point: null = never verified */
  verified: z.object({ at: z.string(), ok: z.boolean(), summary: z.string() }).nullable(),
  /** the point holds the VM's configuration (points of older Ferry versions do not: only disk restores) */
  hasConfig: z.boolean(),
});
export type BackupPointSummary = z.infer<typeof BackupPointSummary>;

export const BackupVm = z.object({
  vmId: Id,
  vmName: z.string(),
  /** still in the inventory (restore to original location possible) */
  inInventory: z.boolean(),
  /** newest first */
  points: z.array(BackupPointSummary),
});
export type BackupVm = z.infer<typeof BackupVm>;

export const BackupJob = z.object({
  /** the job's id (a deleted job's points keep it) */
  jobId: Id,
  jobName: z.string(),
  jobDeleted: z.boolean(),
  repositoryId: Id,
  repositoryName: z.string(),
  vms: z.array(BackupVm),
});
export type BackupJob = z.infer<typeof BackupJob>;

export const Backups = z.object({
  /** jobs that exist, by name */
  jobs: z.array(BackupJob),
  /** points of deleted jobs whose points were kept */
  orphaned: z.array(BackupJob),
});
export type Backups = z.infer<typeof Backups>;

/** One VM of one point: its configuration and disks, as a restore wizard shows them. */
export const PointVm = z.object({
  pointId: Id,
  createdAt: z.string(),
  vmId: Id,
  vmName: z.string(),
  /** the host (and cluster) it ran on when the point was made */
  sourceHostId: Id,
  sourceHostName: z.string(),
  sourceClusterId: Id.nullable(),
  config: VmConfig.nullable(),
  disks: z.array(
    z.object({
      diskIndex: z.number().int().nonnegative(),
      sourcePath: z.string(),
      virtualSizeBytes: z.number().nonnegative(),
      kind: z.enum(['full', 'incremental']),
      consistency: z.enum(['application', 'crash']),
    }),
  ),
});
export type PointVm = z.infer<typeof PointVm>;

// ---------- targets ----------

export const RestoreTargetVolume = z.object({
  path: z.string(),
  kind: z.enum(['csv', 'local']),
  freeBytes: z.number().nonnegative(),
});

/** A managed server a restore can write to: a Hyper-V host, a cluster (its CSVs, its nodes), or a Windows server (folder restores). */
export const RestoreTarget = z.object({
  serverId: Id,
  name: z.string(),
  kind: z.enum(['hyperv-host', 'hyperv-cluster', 'windows-server']),
  /** for a cluster: the node a restore registers the VM on (the owner of the chosen CSV) is picked by the engine */
  nodeIds: z.array(Id),
  /** the host's default virtual machine path; on a cluster the CSV with most free space */
  defaultPath: z.string(),
  volumes: z.array(RestoreTargetVolume),
  /** virtual switches (Hyper-V hosts and clusters; a cluster: those every node has) */
  switches: z.array(z.string()),
  /** the server's data mover can take restore data (false: why in `unavailableReason`) */
  available: z.boolean(),
  unavailableReason: z.string().nullable(),
});
export type RestoreTarget = z.infer<typeof RestoreTarget>;

// ---------- requests ----------

export const NetworkMapping = z.object({
  sourceSwitch: z.string().min(1).max(256),
  /** null: not connected */
  targetSwitch: z.string().min(1).max(256).nullable(),
});
export type NetworkMapping = z.infer<typeof NetworkMapping>;

const VmName = z
  .string()
  .trim()
  .min(1, 'Enter a VM name')
  .max(100)
  .regex(/^[^\\/:*?"<>|]+$/, 'A VM name cannot contain \\ / : * ? " < > |');
const Reason = z.string().max(1000).default('');
const AbsPath = z.string().min(3).max(1024);

export const NewLocation = z
  .object({
    /** a Hyper-V host or a cluster */
    serverId: Id,
    /** folder for the VM's files; default: the host's VM path (cluster: the CSV with most free space) */
    path: AbsPath.optional(),
    /** generate a new VM id (BIOS UUID); false keeps the original (never on the VM's own host while it exists) */
    newVmId: z.boolean().default(true),
    /** source switch → target switch; switches not listed keep their name when the target has it, else not connected */
    networkMap: z.array(NetworkMapping).max(64).default([]),
    /** on a cluster: make the VM a clustered role (Add-ClusterVirtualMachineRole) */
    registerClusterRole: z.boolean().default(false),
  })
  .strict();
export type NewLocation = z.infer<typeof NewLocation>;

export const RestoreVmItem = z
  .object({
    vmId: Id,
    /** default: the VM's newest point */
    pointId: Id.optional(),
    /** new location only; default `<name>_restored` */
    newName: VmName.optional(),
  })
  .strict();

export const RestoreVmRequest = z
  .object({
    vms: z.array(RestoreVmItem).min(1, 'Pick at least one VM').max(64),
    /** original: power off the VM and rewrite its disks in place; new: a new VM on the chosen host */
    mode: z.enum(['original', 'new']),
    /** original only: write back only the blocks changed since the point (when change tracking allows) */
    quickRollback: z.boolean().default(true),
    /** mode 'new' only (required there) */
    target: NewLocation.optional(),
    powerOn: z.boolean().default(false),
    /** kept in the session, as admins expect */
    reason: Reason,
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.mode === 'new' && !r.target) ctx.addIssue({ code: 'custom', path: ['target'], message: 'Choose the host for a restore to a new location' });
    if (r.mode === 'original' && r.vms.some((v) => v.newName !== undefined)) ctx.addIssue({ code: 'custom', path: ['vms'], message: 'A restore to the original location keeps the name' });
  });
export type RestoreVmRequest = z.infer<typeof RestoreVmRequest>;
export type RestoreVmRequestInput = z.input<typeof RestoreVmRequest>;

export const DiskRestoreTarget = z.discriminatedUnion('kind', [
  /** replaces the disks at their attachments; the VM must be (and is left) off */
  z.object({ kind: z.literal('original-vm') }).strict(),
  /** attached to another VM (off) at free SCSI locations; files next to that VM's first disk unless `path` */
  z.object({ kind: z.literal('other-vm'), vmId: Id, path: AbsPath.optional() }).strict(),
  /** VHDX files in a folder on a managed server, written by that server's data mover */
  z.object({ kind: z.literal('folder'), serverId: Id, path: AbsPath }).strict(),
]);
export type DiskRestoreTarget = z.infer<typeof DiskRestoreTarget>;

export const RestoreDisksRequest = z
  .object({
    pointId: Id,
    vmId: Id,
    diskIndexes: z.array(z.number().int().min(0).max(255)).min(1, 'Pick at least one disk').max(64),
    target: DiskRestoreTarget,
    reason: Reason,
  })
  .strict();
export type RestoreDisksRequest = z.infer<typeof RestoreDisksRequest>;
export type RestoreDisksRequestInput = z.input<typeof RestoreDisksRequest>;

// ---------- the plan (pre-flight) ----------

/** Why a restore cannot run as asked (the plan lists them all; start refuses with the first one's code). */
export const RestoreBlocker = z.object({ code: z.string(), message: z.string(), vmId: Id.nullable() });
export type RestoreBlocker = z.infer<typeof RestoreBlocker>;

export const PlannedDisk = z.object({
  diskIndex: z.number().int().nonnegative(),
  virtualSizeBytes: z.number().nonnegative(),
  /** where the restored VHDX ends up (the data mover writes a temp name next to it and renames it when complete) */
  targetPath: z.string(),
  /** quick rollback: the bytes changed since the point (what is written back); otherwise the full size */
  bytesToWrite: z.number().nonnegative(),
  /** null: full write; otherwise why quick rollback does or does not apply */
  quickRollback: z.object({ used: z.boolean(), reason: z.string() }).nullable(),
});
export type PlannedDisk = z.infer<typeof PlannedDisk>;

export const PlannedVmRestore = z.object({
  vmId: Id,
  vmName: z.string(),
  pointId: Id,
  pointCreatedAt: z.string(),
  mode: z.enum(['original', 'new', 'disks']),
  targetServerId: Id,
  targetServerName: z.string(),
  /** the host that registers the VM (a cluster: the chosen CSV's owner node); null for folder restores */
  targetHostId: Id.nullable(),
  /** the restored VM's name (original: unchanged); null for disk restores */
  targetVmName: z.string().nullable(),
  targetPath: z.string(),
  newVmId: z.boolean(),
  /** each NIC's source switch and the target switch it gets (null: not connected) */
  network: z.array(z.object({ nicName: z.string(), sourceSwitch: z.string().nullable(), targetSwitch: z.string().nullable() })),
  disks: z.array(PlannedDisk),
  /** original location: what happens to the running VM */
  originalVmState: z.enum(['Running', 'Off']).nullable(),
  warnings: z.array(z.string()),
});
export type PlannedVmRestore = z.infer<typeof PlannedVmRestore>;

export const SpaceCheck = z.object({
  volumePath: z.string(),
  serverName: z.string(),
  neededBytes: z.number().nonnegative(),
  freeBytes: z.number().nonnegative(),
  ok: z.boolean(),
});
export type SpaceCheck = z.infer<typeof SpaceCheck>;

export const RestorePlan = z.object({
  items: z.array(PlannedVmRestore),
  space: z.array(SpaceCheck),
  blockers: z.array(RestoreBlocker),
  /** no blockers: start will accept this request as it is now */
  ok: z.boolean(),
  bytesToWrite: z.number().nonnegative(),
});
export type RestorePlan = z.infer<typeof RestorePlan>;

// ---------- restore sessions ----------

export const RestoreDiskState = z.enum(['Pending', 'Writing', 'Written', 'Failed', 'Stopped']);
export const RestoreStep = z.enum(['check', 'power-off', 'prepare', 'write', 'register', 'network', 'cluster-role', 'power-on', 'done']);
export type RestoreStep = z.infer<typeof RestoreStep>;

/** The typed facts of a restore session (its log, progress and result are the session's: sessions.get). */
export const RestoreSessionFacts = z.object({
  sessionId: Id,
  mode: z.enum(['original', 'new', 'disks']),
  reason: z.string(),
  powerOn: z.boolean(),
  items: z.array(
    z.object({
      vmId: Id,
      vmName: z.string(),
      pointId: Id,
      targetServerId: Id,
      targetHostId: Id.nullable(),
      targetVmName: z.string().nullable(),
      /** the restored (or rolled-back) VM's id on the target; null until registered */
      restoredVmId: Id.nullable(),
      step: RestoreStep,
      quickRollback: z.boolean(),
      disks: z.array(
        z.object({
          diskIndex: z.number().int().nonnegative(),
          targetPath: z.string(),
          state: RestoreDiskState,
          bytesTotal: z.number().nonnegative(),
          /** bytes the target's data mover wrote (quick rollback: only the changed blocks) */
          bytesWritten: z.number().nonnegative(),
        }),
      ),
      /** what the target is left as, in words for an admin (e.g. "original VM powered off, disks unchanged") */
      targetState: z.string(),
      error: z.object({ code: z.string(), message: z.string() }).nullable(),
    }),
  ),
  bytesWritten: z.number().nonnegative(),
});
export type RestoreSessionFacts = z.infer<typeof RestoreSessionFacts>;

const sessionRef = z.object({ sessionId: Id });

export const restoreMethods = {
  /** The Backups view: job → VM → restore points; orphaned = points of deleted jobs (kept when the job was deleted). */
  'restore.backups': { params: z.object({}).strict(), result: Backups },
  /** Every restore point of one VM, newest first, across jobs (Inventory's VM pane). */
  'restore.vmPoints': { params: z.object({ vmId: Id }).strict(), result: z.array(BackupPointSummary.extend({ jobId: Id, jobName: z.string(), jobDeleted: z.boolean() })) },
  /** One VM of one point: its saved configuration and disks. */
  'restore.pointVm': { params: z.object({ pointId: Id, vmId: Id }).strict(), result: PointVm },
  /** Managed servers a restore can write to, with paths, free space and switches. */
  'restore.targets': { params: z.object({}).strict(), result: z.array(RestoreTarget) },
  /** The pre-flight of an entire-VM restore: targets, names, network, quick rollback, space needed vs free. Changes nothing. */
  'restore.planVm': { params: RestoreVmRequest, result: RestorePlan },
  'restore.planDisks': { params: RestoreDisksRequest, result: RestorePlan },
  /** Starts a restore session (refused with the plan's first blocker's code); watch it with sessions.get / session.state. */
  'restore.startVm': { params: RestoreVmRequest, result: sessionRef },
  'restore.startDisks': { params: RestoreDisksRequest, result: sessionRef },
  /** The typed facts of a restore session (E_NOT_FOUND for a backup session). */
  'restore.session': { params: z.object({ id: Id }).strict(), result: RestoreSessionFacts },
} as const;
