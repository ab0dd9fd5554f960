// Turns what Windows reports (HRESULTs from DiskShadow, PowerShell failures) into FerryErrors with a stable
// code, a message an admin can act on and a fix hint. Messages name the server and step, never credentials.
import { FerryError } from '../../../../src-shared/contract/errors';
import { WinCode, formatHresult, lookupHresult, lookupVssName, type HresultRow } from './error-codes';
import type { ExecResult } from './exec/executor';

export interface WinErrorDetails {
  hint: string;
  /** e.g. "0x80042306" */
  hresult?: string;
  /** e.g. "VSS_E_PROVIDER_VETO" */
  vssName?: string;
  server?: string;
  step?: string;
  retryable?: boolean;
  [extra: string]: unknown;
}

export function winError(code: string, message: string, details: WinErrorDetails): FerryError {
  return new FerryError(code, message, details);
}

/** The fix hint an error carries (every winError has one), for a readiness check or a wrapped error. */
export function hintOf(e: FerryError): string | undefined {
  const d = e.details;
  return d && typeof d === 'object' && 'hint' in d && typeof d.hint === 'string' ? d.hint : undefined;
}

export interface VssFailureInput {
  hresult: number | null;
  errorText: string | null;
}

/** A DiskShadow "The last operation failed." block → FerryError. `step` is a verb phrase: "Snapshot", "Import". */
export function vssFailureError(step: string, server: string, failure: VssFailureInput): FerryError {
  const known = lookupFailure(failure);
  const hresult = failure.hresult !== null ? formatHresult(failure.hresult) : known ? formatHresult(known.hresult) : undefined;
  if (known) {
    return winError(known.code, `${step} on ${server} failed: ${known.meaning} (${known.name}, ${hresult}).`, {
      hint: known.hint,
      hresult,
      vssName: known.name,
      server,
      step,
      retryable: known.retryable,
    });
  }
  const label = [failure.errorText, hresult].filter(Boolean).join(', ') || 'no error code printed';
  return winError(WinCode.DiskShadowFailed, `${step} on ${server} failed (${label}).`, {
    hint: 'Look the code up in the Application event log (source VSS) on the server, and keep the DiskShadow transcript for support.',
    hresult,
    vssName: failure.errorText ?? undefined,
    server,
    step,
    retryable: false,
  });
}

/** True when a failure only says "that object is gone" — the success case for idempotent cleanup. */
export function isObjectNotFound(failure: VssFailureInput): boolean {
  return lookupFailure(failure)?.code === 'E_VSS_OBJECT_NOT_FOUND';
}

/** The reference table's row for a failure: by its HRESULT, else by the VSS name DiskShadow printed. */
function lookupFailure(failure: VssFailureInput): HresultRow | undefined {
  return (failure.hresult !== null ? lookupHresult(failure.hresult) : undefined) ?? (failure.errorText ? lookupVssName(failure.errorText) : undefined);
}

// Markers written by the PowerShell bootstrap (local-executor) and the WinRM wrapper (remote-executor), so a
// failure can be classified without reading localized error text.
const REMOTING_MARKER = /^FERRY_REMOTING_ERROR:(-?\d+):(.*)$/m;
const ERROR_MARKER = /^FERRY_ERROR:\s?(.*)$/m;

/** A PowerShell run that exited non-zero → FerryError. */
export function powerShellFailureError(step: string, server: string, result: ExecResult): FerryError {
  const remoting = REMOTING_MARKER.exec(result.stderr) ?? REMOTING_MARKER.exec(result.stdout);
  if (remoting) {
    const transportCode = Number(remoting[1]);
    const text = remoting[2].trim();
    if (transportCode === 5) {
      return winError(WinCode.AccessDenied, `${step}: access to ${server} was denied (${text}).`, {
        hint: 'Use an account that is a member of the local Administrators group on the server, and check the credentials stored for it.',
        server,
        step,
      });
    }
    return winError(WinCode.Unreachable, `${step}: cannot reach ${server} over WinRM (${text}).`, {
      hint: 'Check that the server is on, that WinRM is enabled (Enable-PSRemoting) and that TCP 5985/5986 is open from the console.',
      server,
      step,
      retryable: true,
    });
  }
  const thrown = ERROR_MARKER.exec(result.stderr) ?? ERROR_MARKER.exec(result.stdout);
  const text = (thrown?.[1] ?? lastLine(result.stderr) ?? `exit code ${result.exitCode}`).trim();
  return winError(WinCode.PowerShellFailed, `${step} on ${server} failed: ${text}`, {
    hint: 'Run the same step in an elevated PowerShell on the server to see the full error; check the Windows event logs.',
    server,
    step,
    exitCode: result.exitCode,
  });
}

export function badOutputError(step: string, server: string, what: string): FerryError {
  return winError(WinCode.BadOutput, `${step} on ${server}: unexpected output (${what}).`, {
    hint: 'The server printed something Ferry does not understand (a non-English Windows or a newer tool version?). Keep the transcript and report it.',
    server,
    step,
  });
}

function lastLine(text: string): string | undefined {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines.at(-1);
}
