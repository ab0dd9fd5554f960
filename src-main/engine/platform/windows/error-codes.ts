// Stable Windows error codes. The console, the CLI and scripts match on these strings, never on message text,
// so a code, once published, never changes meaning. VSS rows come from vsserror.h (reference §1.6);
// the hint is what an admin should do about it.

/** Codes raised by the Windows platform itself (not an HRESULT printed by DiskShadow). */
export const WinCode = {
  ExecFailed: 'E_WIN_EXEC_FAILED',
  ExecTimeout: 'E_WIN_EXEC_TIMEOUT',
  OutputTooLarge: 'E_WIN_OUTPUT_TOO_LARGE',
  Unreachable: 'E_WIN_UNREACHABLE',
  AccessDenied: 'E_WIN_ACCESS_DENIED',
  Credentials: 'E_WIN_CREDENTIALS',
  PowerShellFailed: 'E_WIN_POWERSHELL_FAILED',
  BadOutput: 'E_WIN_BAD_OUTPUT',
  DiskShadowFailed: 'E_WIN_DISKSHADOW_FAILED',
  UnsafePath: 'E_WIN_UNSAFE_PATH',
  UnknownServer: 'E_WIN_UNKNOWN_SERVER',
  UnknownVolume: 'E_WIN_UNKNOWN_VOLUME',
  UnknownVm: 'E_WIN_UNKNOWN_VM',
  UnknownSnapshot: 'E_WIN_UNKNOWN_SNAPSHOT',
  NoHardwareProvider: 'E_WIN_NO_HARDWARE_PROVIDER',
  VmSpansVolumes: 'E_WIN_VM_SPANS_VOLUMES',
  CreateTimeout: 'E_WIN_CREATE_TIMEOUT',
  SessionEnded: 'E_WIN_SESSION_ENDED',
  GateNoIds: 'E_WIN_GATE_NO_IDS',
  BadCab: 'E_WIN_BAD_CAB',
  AlreadyImported: 'E_WIN_ALREADY_IMPORTED',
  NotImported: 'E_WIN_NOT_IMPORTED',
  ImportOnClusterNode: 'E_WIN_IMPORT_ON_CLUSTER_NODE',
  ExposeUnconfirmed: 'E_WIN_EXPOSE_UNCONFIRMED',
  MountPointBusy: 'E_WIN_MOUNT_POINT_BUSY',
  CleanupIncomplete: 'E_WIN_CLEANUP_INCOMPLETE',
  /** a software shadow copy was to be imported or exposed on another server than its host */
  NotTransportable: 'E_WIN_NOT_TRANSPORTABLE',
  /** the agent package folder is missing or incomplete (build it with npm run dist:agent) */
  AgentPackageMissing: 'E_WIN_AGENT_PACKAGE_MISSING',
  /** install-agent.ps1 ran on the proxy and failed; the message is the installer's */
  AgentInstallFailed: 'E_WIN_AGENT_INSTALL_FAILED',
  /** the agent installed reports another certificate than the one Ferry generated: nothing was paired */
  AgentFingerprintMismatch: 'E_WIN_AGENT_FINGERPRINT_MISMATCH',
  /** DestroyReferencePoint failed for an RCT reference point Ferry no longer builds on (retried after the next backup) */
  RctRetireFailed: 'E_WIN_RCT_RETIRE_FAILED',
  NotImplemented: 'E_WIN_NOT_IMPLEMENTED',
} as const;
export type WinCode = (typeof WinCode)[keyof typeof WinCode];

export interface HresultRow {
  /** HRESULT as an unsigned 32-bit number */
  hresult: number;
  /** symbolic name as DiskShadow prints it in "Error text:" */
  name: string;
  /** stable Ferry code */
  code: string;
  /** what it means, in admin language */
  meaning: string;
  /** what to do about it */
  hint: string;
  /** true when trying again later, unchanged, has a fair chance to work */
  retryable: boolean;
}

const row = (hresult: number, name: string, code: string, meaning: string, hint: string, retryable = false): HresultRow => ({
  hresult,
  name,
  code,
  meaning,
  hint,
  retryable,
});

export const HRESULT_TABLE: readonly HresultRow[] = [
  row(0x80042301, 'VSS_E_BAD_STATE', 'E_VSS_BAD_STATE', 'VSS calls came out of order or in the wrong context', 'Retry the job; if it repeats, collect the DiskShadow transcript and report it (a reused or half-closed VSS session).'),
  row(0x80042302, 'VSS_E_UNEXPECTED', 'E_VSS_UNEXPECTED', 'VSS reported an unexpected internal failure', 'Check the Application event log (source VSS) on the server for the underlying error.', true),
  row(0x80042303, 'VSS_E_PROVIDER_ALREADY_REGISTERED', 'E_VSS_PROVIDER_ALREADY_REGISTERED', 'the VSS provider is already registered', 'Repair or reinstall the storage vendor\'s VSS hardware provider.'),
  row(0x80042304, 'VSS_E_PROVIDER_NOT_REGISTERED', 'E_VSS_PROVIDER_NOT_REGISTERED', 'the VSS hardware provider is not installed on this server', 'Install the storage vendor\'s VSS hardware provider on this server (the same version as on the other hosts), then refresh the inventory.'),
  row(0x80042306, 'VSS_E_PROVIDER_VETO', 'E_VSS_PROVIDER_VETO', 'the VSS hardware provider refused the snapshot', 'Check the provider\'s log and the array: LUN not supported by the provider, snapshot reserve full, or array credentials missing in the provider configuration.', true),
  row(0x80042307, 'VSS_E_PROVIDER_IN_USE', 'E_VSS_PROVIDER_IN_USE', 'the VSS provider is busy with another operation', 'Wait for other backup or snapshot software to finish, then retry.', true),
  row(0x80042308, 'VSS_E_OBJECT_NOT_FOUND', 'E_VSS_OBJECT_NOT_FOUND', 'the shadow copy or shadow copy set does not exist (already deleted, or on another machine)', 'Nothing to clean up on this server; if the snapshot should exist, look for it on the host or the proxy with the leftover scan.'),
  row(0x8004230c, 'VSS_E_VOLUME_NOT_SUPPORTED', 'E_VSS_VOLUME_NOT_SUPPORTED', 'no VSS provider can snapshot this volume', 'Make sure the volume is an NTFS/ReFS/CSVFS volume on a SAN LUN that the hardware provider manages.'),
  row(0x8004230d, 'VSS_E_OBJECT_ALREADY_EXISTS', 'E_VSS_OBJECT_ALREADY_EXISTS', 'the shadow copy object already exists', 'A previous attempt left state behind: run the leftover cleanup, then retry.'),
  row(0x8004230e, 'VSS_E_VOLUME_NOT_SUPPORTED_BY_PROVIDER', 'E_VSS_VOLUME_NOT_SUPPORTED_BY_PROVIDER', 'the hardware provider does not own the LUN behind this volume', 'The volume is on storage the installed hardware provider does not manage; move the VMs to a LUN on the supported array or install that array\'s provider.'),
  row(0x8004230f, 'VSS_E_UNEXPECTED_PROVIDER_ERROR', 'E_VSS_UNEXPECTED_PROVIDER_ERROR', 'the VSS hardware provider failed internally', 'Check the provider\'s log and the array health; restart the provider service if the vendor documents one.', true),
  row(0x80042310, 'VSS_E_CORRUPT_XML_DOCUMENT', 'E_VSS_CORRUPT_XML_DOCUMENT', 'the snapshot metadata (.cab / backup components document) is damaged', 'Delete this snapshot and take a new one; check that the .cab was copied byte for byte.'),
  row(0x80042311, 'VSS_E_INVALID_XML_DOCUMENT', 'E_VSS_INVALID_XML_DOCUMENT', 'the snapshot metadata is not a valid backup components document', 'Delete this snapshot and take a new one; make sure host and proxy run the same Windows version.'),
  row(0x80042312, 'VSS_E_MAXIMUM_NUMBER_OF_VOLUMES_REACHED', 'E_VSS_MAX_VOLUMES_REACHED', 'too many volumes in one snapshot set', 'Split the job so that fewer volumes are snapshotted together.'),
  row(0x80042313, 'VSS_E_FLUSH_WRITES_TIMEOUT', 'E_VSS_FLUSH_WRITES_TIMEOUT', 'Windows could not flush the volume\'s writes in time', 'Retry outside peak I/O hours.', true),
  row(0x80042314, 'VSS_E_HOLD_WRITES_TIMEOUT', 'E_VSS_HOLD_WRITES_TIMEOUT', 'I/O could not be held long enough for the array to commit the snapshot', 'Retry; if it repeats, check array latency and the provider\'s commit time, and snapshot fewer volumes at once.', true),
  row(0x80042315, 'VSS_E_UNEXPECTED_WRITER_ERROR', 'E_VSS_UNEXPECTED_WRITER_ERROR', 'a VSS writer failed', 'Run "vssadmin list writers" on the host and fix or restart the failed writer (Hyper-V: the vmms service).', true),
  row(0x80042316, 'VSS_E_SNAPSHOT_SET_IN_PROGRESS', 'E_VSS_SNAPSHOT_SET_IN_PROGRESS', 'another snapshot is being created on this server', 'Another backup is running on the host; Ferry will retry later. Serialize jobs that share hosts.', true),
  row(0x80042317, 'VSS_E_MAXIMUM_NUMBER_OF_SNAPSHOTS_REACHED', 'E_VSS_MAX_SNAPSHOTS_REACHED', 'the volume or array has reached its maximum number of snapshots', 'Run the leftover cleanup and delete old snapshots on the array.'),
  row(0x80042318, 'VSS_E_WRITER_INFRASTRUCTURE', 'E_VSS_WRITER_INFRASTRUCTURE', 'the VSS writer infrastructure is not working', 'Restart the Volume Shadow Copy service (and vmms) on the host, or reboot it in a maintenance window.', true),
  row(0x80042319, 'VSS_E_WRITER_NOT_RESPONDING', 'E_VSS_WRITER_NOT_RESPONDING', 'a VSS writer did not respond', 'Check "vssadmin list writers" on the host; restart the unresponsive writer\'s service.', true),
  row(0x8004231b, 'VSS_E_UNSUPPORTED_CONTEXT', 'E_VSS_UNSUPPORTED_CONTEXT', 'the provider does not support this snapshot type (persistent, transportable)', 'Use a hardware provider that supports transportable snapshots, or update it to a version that does.'),
  row(0x8004231d, 'VSS_E_VOLUME_IN_USE', 'E_VSS_VOLUME_IN_USE', 'the volume is in use by another snapshot operation', 'Wait for the other operation to finish and retry.', true),
  row(0x8004231f, 'VSS_E_INSUFFICIENT_STORAGE', 'E_VSS_INSUFFICIENT_STORAGE', 'there is not enough space for the snapshot', 'Free snapshot reserve on the array (or diff-area space), then retry.'),
  row(0x80042320, 'VSS_E_NO_SNAPSHOTS_IMPORTED', 'E_VSS_NO_SNAPSHOTS_IMPORTED', 'the proxy could not see any of the snapshot LUNs', 'Zone/mask the array so that the proxy can see the snapshot LUNs (FC zoning or iSCSI target ACL), and configure the hardware provider on the proxy for the same array.'),
  row(0x00042321, 'VSS_S_SOME_SNAPSHOTS_NOT_IMPORTED', 'E_VSS_SOME_SNAPSHOTS_NOT_IMPORTED', 'only some of the snapshot LUNs reached the proxy', 'Check zoning/masking for every LUN of the volume set; the partial import is cleaned up.'),
  row(0x80042321, 'VSS_E_SOME_SNAPSHOTS_NOT_IMPORTED', 'E_VSS_SOME_SNAPSHOTS_NOT_IMPORTED', 'only some of the snapshot LUNs reached the proxy', 'Check zoning/masking for every LUN of the volume set; the partial import is cleaned up.'),
  row(0x80042322, 'VSS_E_MAXIMUM_NUMBER_OF_REMOTE_MACHINES_REACHED', 'E_VSS_MAX_REMOTE_MACHINES_REACHED', 'too many remote machines in the snapshot set', 'Snapshot fewer file-share volumes at once.'),
  row(0x80042323, 'VSS_E_REMOTE_SERVER_UNAVAILABLE', 'E_VSS_REMOTE_SERVER_UNAVAILABLE', 'the remote file server is unavailable', 'Check that the SMB file server is reachable and its File Server VSS Agent service runs.', true),
  row(0x80042324, 'VSS_E_REMOTE_SERVER_UNSUPPORTED', 'E_VSS_REMOTE_SERVER_UNSUPPORTED', 'the remote file server does not support shadow copies', 'Install the File Server VSS Agent service on the file server.'),
  row(0x80042327, 'VSS_E_REBOOT_REQUIRED', 'E_VSS_REBOOT_REQUIRED', 'the server must be restarted before VSS can continue', 'Restart the server in a maintenance window.'),
  row(0x80042328, 'VSS_E_TRANSACTION_FREEZE_TIMEOUT', 'E_VSS_TRANSACTION_FREEZE_TIMEOUT', 'the transaction manager could not freeze in time', 'Retry outside peak hours.', true),
  row(0x80042329, 'VSS_E_TRANSACTION_THAW_TIMEOUT', 'E_VSS_TRANSACTION_THAW_TIMEOUT', 'the snapshot took longer than the transaction freeze allows', 'Retry; check array commit latency.', true),
  row(0x8004232a, 'VSS_E_UNSELECTED_VOLUME', 'E_VSS_UNSELECTED_VOLUME', 'an operation referred to a volume that is not in the snapshot set', 'Report this with the DiskShadow transcript (script and set do not match).'),
  row(0x8004232b, 'VSS_E_SNAPSHOT_NOT_IN_SET', 'E_VSS_SNAPSHOT_NOT_IN_SET', 'the shadow copy is not part of the loaded set', 'Report this with the DiskShadow transcript (stale metadata file).'),
  row(0x8004232c, 'VSS_E_NESTED_VOLUME_LIMIT', 'E_VSS_NESTED_VOLUME_LIMIT', 'the volume is nested too deeply (VHD-on-VHD) for a shadow copy', 'Keep VM files on a volume of a physical SAN LUN, not on a mounted virtual disk.'),
  row(0x8004232d, 'VSS_E_VOLUME_NOT_LOCAL', 'E_VSS_VOLUME_NOT_LOCAL', 'the volume is not local to this server', 'Run the snapshot on the host that owns the volume (for CSVs: a node of that cluster).'),
  row(0x8004232e, 'VSS_E_CLUSTER_TIMEOUT', 'E_VSS_CLUSTER_TIMEOUT', 'the cluster did not respond in time during the snapshot', 'Check cluster health (Get-ClusterNode, CSV state) and retry.', true),
  row(0x8004232f, 'VSS_E_NOT_SUPPORTED', 'E_VSS_NOT_SUPPORTED', 'the operation is not supported here', 'Check that the provider and Windows version support transportable snapshots.'),
  row(0x80042336, 'VSS_E_WRITERERROR_PARTIAL_FAILURE', 'E_VSS_WRITER_PARTIAL_FAILURE', 'a writer failed for some of its components (Hyper-V: some VMs)', 'Check the Hyper-V-VMMS event log for the VMs that failed; Hyper-V backs up all or none.', true),
  row(0x800423f0, 'VSS_E_WRITERERROR_INCONSISTENTSNAPSHOT', 'E_VSS_WRITER_INCONSISTENT_SNAPSHOT', 'the snapshot is missing volumes a writer needs', 'Put every file of the VM (VHDX, AVHDX, configuration, checkpoints) on the snapshotted volume, or add all of its volumes.'),
  row(0x800423f1, 'VSS_E_WRITERERROR_OUTOFRESOURCES', 'E_VSS_WRITER_OUT_OF_RESOURCES', 'a writer ran out of resources', 'Retry in about 10 minutes (up to 3 times); check memory on the host.', true),
  row(0x800423f2, 'VSS_E_WRITERERROR_TIMEOUT', 'E_VSS_WRITER_TIMEOUT', 'a writer timed out between freeze and thaw', 'Retry later; reduce the number of VMs per snapshot.', true),
  row(0x800423f3, 'VSS_E_WRITERERROR_RETRYABLE', 'E_VSS_WRITER_RETRYABLE', 'a writer reported a transient error', 'Retry later.', true),
  row(0x800423f4, 'VSS_E_WRITERERROR_NONRETRYABLE', 'E_VSS_WRITER_NONRETRYABLE', 'a writer reported a permanent error', 'Fix the writer\'s configuration first (see "vssadmin list writers" and the Hyper-V-VMMS log); retrying as is will fail.'),
  row(0x800423f5, 'VSS_E_WRITERERROR_RECOVERY_FAILED', 'E_VSS_WRITER_RECOVERY_FAILED', 'the writer\'s recovery step on the snapshot failed', 'For online (child-partition) Hyper-V backups the provider must support auto-recovery; check the provider or back up crash-consistently.'),
  row(0x800423f7, 'VSS_E_LEGACY_PROVIDER', 'E_VSS_LEGACY_PROVIDER', 'the provider is too old for this operation', 'Update the storage vendor\'s VSS hardware provider.'),
  row(0x800423f8, 'VSS_E_MISSING_DISK', 'E_VSS_MISSING_DISK', 'a disk of the snapshot set is missing', 'Check that every LUN of the volume is presented to the server.'),
  row(0x800423f9, 'VSS_E_MISSING_HIDDEN_VOLUME', 'E_VSS_MISSING_HIDDEN_VOLUME', 'a hidden volume of the snapshot set is missing', 'Check that every LUN of the volume is presented to the server.'),
  row(0x800423fa, 'VSS_E_MISSING_VOLUME', 'E_VSS_MISSING_VOLUME', 'a volume of the snapshot set is missing', 'Check that every LUN of the volume is presented to the server.'),
  row(0x800423fb, 'VSS_E_AUTORECOVERY_FAILED', 'E_VSS_AUTORECOVERY_FAILED', 'auto-recovery of the snapshot failed', 'The provider may not support auto-recover on transportable snapshots: use crash-consistent processing or update the provider.'),
  row(0x80042400, 'VSS_E_CLUSTER_ERROR', 'E_VSS_CLUSTER_ERROR', 'the cluster reported an error during the snapshot', 'Check cluster events and CSV state on the cluster.', true),
  row(0x80042409, 'VSS_E_WRITER_STATUS_NOT_AVAILABLE', 'E_VSS_WRITER_STATUS_NOT_AVAILABLE', 'writer status could not be read', 'Restart the Volume Shadow Copy service on the host and retry.', true),
  row(0x80042417, 'VSS_E_FSS_TIMEOUT', 'E_VSS_FSS_TIMEOUT', 'the file share shadow copy agent timed out', 'Check the File Server VSS Agent on the file server and retry.', true),
  row(0x8007173d, 'ERROR_BACKUP_IN_PROGRESS', 'E_WIN_CSV_BACKUP_IN_PROGRESS', 'another backup holds the Cluster Shared Volume', 'Another backup is using this CSV; Ferry will retry. Serialize jobs per CSV.', true),
  row(0x8007138f, 'ERROR_RESOURCE_NOT_FOUND', 'E_WIN_CLUSTER_RESOURCE_NOT_FOUND', 'the cluster resource could not be found', 'Refresh the inventory: the CSV or VM may have been renamed, moved or removed.'),
  row(0x80070005, 'E_ACCESSDENIED', 'E_WIN_ACCESS_DENIED', 'access is denied', 'Run as a member of the local Administrators group on the server (DiskShadow needs an elevated administrator).'),
];

const byHresult = new Map(HRESULT_TABLE.map((r) => [r.hresult, r]));
const byName = new Map(HRESULT_TABLE.map((r) => [r.name.toUpperCase(), r]));

export function lookupHresult(hresult: number): HresultRow | undefined {
  return byHresult.get(hresult >>> 0);
}

export function lookupVssName(name: string): HresultRow | undefined {
  return byName.get(name.trim().toUpperCase());
}

export function formatHresult(hresult: number): string {
  return `0x${(hresult >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}
