// Stable error codes: the console, the CLI and scripts match on `code`, never on message text.
export const ErrorCode = {
  BadFrame: 'E_BAD_FRAME',
  UnknownMethod: 'E_UNKNOWN_METHOD',
  UnknownTopic: 'E_UNKNOWN_TOPIC',
  InvalidParams: 'E_INVALID_PARAMS',
  NotFound: 'E_NOT_FOUND',
  Conflict: 'E_CONFLICT',
  ProxyNotReady: 'E_PROXY_NOT_READY',
  ProxyInUse: 'E_PROXY_IN_USE',
  NoEligibleProxy: 'E_NO_ELIGIBLE_PROXY',
  JobRunning: 'E_JOB_RUNNING',
  SnapshotFailed: 'E_SNAPSHOT_FAILED',
  ImportFailed: 'E_IMPORT_FAILED',
  ExposeFailed: 'E_EXPOSE_FAILED',
  DiskCorrupt: 'E_DISK_CORRUPT',
  DiskUnsupported: 'E_DISK_UNSUPPORTED',
  /** the file's name says VHDX/VHD but its content is neither (empty, text, another format): never read as raw */
  DiskFormat: 'E_DISK_FORMAT',
  /** a read starts beyond the end of a disk, partition or file (random-access readers, NBD) */
  OutOfRange: 'E_OUT_OF_RANGE',
  RepoMissing: 'E_REPO_MISSING',
  RepoCorrupt: 'E_REPO_CORRUPT',
  RepoLocked: 'E_REPO_LOCKED',
  RepoWrite: 'E_REPO_WRITE',
  /** this process held the repository's write lock and lost it (removed, replaced, heartbeat failed): it stopped writing */
  RepoLockLost: 'E_REPO_LOCK_LOST',
  AgentUnreachable: 'E_AGENT_UNREACHABLE',
  AgentVersion: 'E_AGENT_VERSION',
  AgentLost: 'E_AGENT_LOST',
  AgentAuth: 'E_AGENT_AUTH',
  InUse: 'E_IN_USE',
  /** a guest path names a file where a directory is needed (list), or a directory/link where a file is (open) */
  GuestNotADirectory: 'E_GUEST_NOT_A_DIRECTORY',
  GuestNotAFile: 'E_GUEST_NOT_A_FILE',
  /** a guest file whose data is encrypted inside the guest (NTFS EFS): its content cannot be read */
  GuestFileEncrypted: 'E_GUEST_FILE_ENCRYPTED',
  /** another engine (ferry serve, the Ferry app, a running ferry command) owns the data folder: one engine per folder */
  EngineBusy: 'E_ENGINE_BUSY',
  /** the hardware VSS provider could not take the snapshot (absent, vetoed, out of array space) */
  HardwareProviderFailed: 'E_HW_PROVIDER_FAILED',
  /** the Hyper-V VSS writer failed for a VM: no application-consistent snapshot of it */
  WriterFailed: 'E_WRITER_FAILED',
  /** the target host's data mover could not write (or merge) a replica disk: existing replica points are untouched */
  ReplicaWrite: 'E_REPLICA_WRITE',
  /** a replica operation (failover, undo, failback, commit) failed on the target host, or is not allowed in the replica's state */
  ReplicaOperation: 'E_REPLICA_OPERATION',
  ServerUnreachable: 'E_SERVER_UNREACHABLE',
  AccessDenied: 'E_ACCESS_DENIED',
  WrongServerKind: 'E_WRONG_SERVER_KIND',
  Cancelled: 'E_CANCELLED',
  Unauthorized: 'E_UNAUTHORIZED',
  /** a notification could not be delivered: the SMTP server refused the account or password */
  NotifyAuth: 'E_NOTIFY_AUTH',
  /** a notification could not be delivered: the server (SMTP, syslog, webhook) could not be reached */
  NotifyUnreachable: 'E_NOTIFY_UNREACHABLE',
  /** a notification could not be delivered: the server refused a recipient or the message */
  NotifyRefused: 'E_NOTIFY_REFUSED',
  /** a notification could not be delivered for another reason (TLS, bad answer, not configured, not on this platform) */
  NotifyFailed: 'E_NOTIFY_FAILED',
  /** the caller is logged in but its role does not allow this method: nothing was changed */
  Forbidden: 'E_FORBIDDEN',
  /** too many failed logins: the account is locked for a while (details.lockedUntil) */
  AccountLocked: 'E_ACCOUNT_LOCKED',
  /** the server's TLS certificate is not the one pinned on first connect */
  CertChanged: 'E_CERT_CHANGED',
  Internal: 'E_INTERNAL',
  // ---------- restores ----------
  /** the target volume has less free space than the restore writes (the plan gives both numbers) */
  TargetNoSpace: 'E_TARGET_NO_SPACE',
  /** a VM of that name already exists on the target host (or cluster) */
  VmNameExists: 'E_VM_NAME_EXISTS',
  /** a NIC maps to a virtual switch the target host does not have */
  SwitchMissing: 'E_SWITCH_MISSING',
  /** the restore point failed its last verify, or a chunk read during the restore is damaged */
  PointDamaged: 'E_POINT_DAMAGED',
  /** the restore point has no VM configuration (made by an older Ferry): restore its disks instead */
  NoVmConfig: 'E_NO_VM_CONFIG',
  /** a disk restore to a VM that is running (it must be off) */
  VmRunning: 'E_VM_RUNNING',
  /** a restore step on the target failed (create folder, register, cluster role, power on): the session says what is left */
  RestoreStepFailed: 'E_RESTORE_STEP_FAILED',
  /** an MBR/GPT partition table that cannot be trusted: entries past the disk, overlapping, absurd counts, bad CRC */
  PartitionTable: 'E_PARTITION_TABLE',
  /** a guest file system structure that is corrupt or hostile (superblock, FAT, inode, extent tree, directory) */
  FsCorrupt: 'E_FS_CORRUPT',
  /** a volume whose file system Ferry cannot read (unknown, or a feature it does not support) */
  FsUnsupported: 'E_FS_UNSUPPORTED',
  /** an encrypted volume (BitLocker): its files cannot be read without the key */
  EncryptedVolume: 'E_ENCRYPTED_VOLUME',
  /** a guest path that does not exist in the volume */
  GuestPathNotFound: 'E_GUEST_PATH_NOT_FOUND',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ErrorPayload {
  code: string;
  message: string;
  details?: unknown;
}

/** The one error type that crosses boundaries (engine → service → transport → client). */
export class FerryError extends Error {
  readonly code: string;
  readonly details?: unknown;
  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'FerryError';
    this.code = code;
    this.details = details;
  }
  toPayload(): ErrorPayload {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
  static from(e: unknown): FerryError {
    if (e instanceof FerryError) return e;
    const message = e instanceof Error ? e.message : String(e);
    return new FerryError(ErrorCode.Internal, message);
  }
}
