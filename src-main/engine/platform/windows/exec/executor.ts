// The one seam between the Windows platform and real processes: everything the platform does on a Windows
// machine is a PowerShell script or a DiskShadow script handed to an Executor. Local spawn, WinRM remoting
// and the scripted test double all implement this interface.

export type ExecProgram = 'powershell' | 'diskshadow';

export interface ExecRequest {
  program: ExecProgram;
  /** PowerShell source, or the DiskShadow script text (CRLF, ASCII) */
  script: string;
  /** remote target (WinRM); undefined = this machine */
  server?: string;
  /**
   * Only with `server` undefined and program 'powershell': a local script that itself opens a PowerShell session
   * to this server (New-PSSession, Copy-Item -ToSession). The executor hands it that server's credential exactly
   * as for a remote run: through the FERRY_CRED_USER / FERRY_CRED_SECRET variables of the child, masked in output.
   */
  credentialFor?: string;
  /**
   * With `server`: connect with exactly this account instead of the one the CredentialProvider has for the server
   * (probing a server before it is managed, with the account the admin chose). Same env-var path, same masking.
   */
  credential?: RemoteCredential;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface Executor {
  run(cmd: ExecRequest): Promise<ExecResult>;
}

/** Credentials for WinRM. `null` means "use the console's own Windows identity" (Kerberos/Negotiate). */
export interface RemoteCredential {
  user: string;
  secret: string;
}

export interface CredentialProvider {
  get(server: string): Promise<RemoteCredential | null>;
}

/** Where a request is going, for log lines and error messages (never includes credentials). */
export function describeTarget(cmd: Pick<ExecRequest, 'program' | 'server'>): string {
  return `${cmd.program} on ${cmd.server ?? 'this machine'}`;
}
