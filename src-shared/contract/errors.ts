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
  /** another engine (ferry serve, the Ferry app, a running ferry command) owns the data folder: one engine per folder */
  EngineBusy: 'E_ENGINE_BUSY',
  /** the hardware VSS provider could not take the snapshot (absent, vetoed, out of array space) */
  HardwareProviderFailed: 'E_HW_PROVIDER_FAILED',
  /** the Hyper-V VSS writer failed for a VM: no application-consistent snapshot of it */
  WriterFailed: 'E_WRITER_FAILED',
  ServerUnreachable: 'E_SERVER_UNREACHABLE',
  AccessDenied: 'E_ACCESS_DENIED',
  WrongServerKind: 'E_WRONG_SERVER_KIND',
  Cancelled: 'E_CANCELLED',
  Unauthorized: 'E_UNAUTHORIZED',
  /** the caller is logged in but its role does not allow this method: nothing was changed */
  Forbidden: 'E_FORBIDDEN',
  /** too many failed logins: the account is locked for a while (details.lockedUntil) */
  AccountLocked: 'E_ACCOUNT_LOCKED',
  /** the server's TLS certificate is not the one pinned on first connect */
  CertChanged: 'E_CERT_CHANGED',
  Internal: 'E_INTERNAL',
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
