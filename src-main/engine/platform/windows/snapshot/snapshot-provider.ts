// Which VSS provider takes a host snapshot, and what a failed `create` means for the engine. The engine decides
// what to do (software-provider fallback, retake without the VMs the writer failed for): it needs the failure
// classified by stable codes, E_HW_PROVIDER_FAILED and E_WRITER_FAILED, not by VSS's own codes. The VSS code,
// HRESULT and hint stay in the details for the admin.
import { ErrorCode, FerryError } from '../../../../../src-shared/contract/errors';
import { WinCode } from '../error-codes';
import { winError, type WinErrorDetails } from '../errors';

/**
 * The Microsoft Software Shadow Copy provider 1.0 (the "system" provider, same id on every Windows version,
 * reference §1.5). Its shadow copies live in a diff area of the host: not transportable, on-host only.
 */
export const SOFTWARE_PROVIDER = { id: '{b5946137-7b9f-4925-af80-51abd60b20d5}', name: 'Microsoft Software Shadow Copy provider 1.0' } as const;

export function providerKindOf(providerId: string): 'hardware' | 'software' {
  return providerId.toLowerCase() === SOFTWARE_PROVIDER.id ? 'software' : 'hardware';
}

/**
 * VSS errors of `create` that say the hardware provider could not take this snapshot (reference §1.6): absent or
 * not registered, vetoed, failed internally, does not own the LUN, cannot do a transportable/auto-recoverable
 * copy, out of snapshot reserve or snapshots on the array, too old. The software provider may still succeed.
 * (The reference has no VSS_E_NO_SUCH_PROVIDER; an unregistered provider id is VSS_E_PROVIDER_NOT_REGISTERED.)
 */
const HARDWARE_PROVIDER_FAILURES = new Set([
  'VSS_E_PROVIDER_NOT_REGISTERED',
  'VSS_E_PROVIDER_VETO',
  'VSS_E_PROVIDER_IN_USE',
  'VSS_E_VOLUME_NOT_SUPPORTED_BY_PROVIDER',
  'VSS_E_UNEXPECTED_PROVIDER_ERROR',
  'VSS_E_UNSUPPORTED_CONTEXT',
  'VSS_E_INSUFFICIENT_STORAGE',
  'VSS_E_MAXIMUM_NUMBER_OF_SNAPSHOTS_REACHED',
  'VSS_E_LEGACY_PROVIDER',
  'VSS_E_AUTORECOVERY_FAILED',
]);

/**
 * VSS errors of `create` that come from the writers (here: the Hyper-V VSS writer). A crash-consistent snapshot
 * (`nowriters`) does not involve them. DiskShadow does not say which writer component (VM) failed, so all VMs of
 * the set are named; Hyper-V backs up all or none of them anyway (reference §2.1).
 */
const WRITER_FAILURES = new Set([
  'VSS_E_UNEXPECTED_WRITER_ERROR',
  'VSS_E_WRITER_INFRASTRUCTURE',
  'VSS_E_WRITER_NOT_RESPONDING',
  'VSS_E_WRITER_STATUS_NOT_AVAILABLE',
  'VSS_E_WRITERERROR_PARTIAL_FAILURE',
  'VSS_E_WRITERERROR_INCONSISTENTSNAPSHOT',
  'VSS_E_WRITERERROR_OUTOFRESOURCES',
  'VSS_E_WRITERERROR_TIMEOUT',
  'VSS_E_WRITERERROR_RETRYABLE',
  'VSS_E_WRITERERROR_NONRETRYABLE',
  'VSS_E_WRITERERROR_RECOVERY_FAILED',
]);

export interface CreateContext {
  providerId: string;
  applicationConsistent: boolean;
  vmIds: string[];
}

/** A `create` failure as DiskShadow reported it (vssFailureError) → the engine's code where one applies. */
export function classifyCreateFailure(err: FerryError, ctx: CreateContext): FerryError {
  const details = (err.details ?? {}) as WinErrorDetails;
  const name = details.vssName?.toUpperCase() ?? '';
  if (providerKindOf(ctx.providerId) === 'hardware' && HARDWARE_PROVIDER_FAILURES.has(name)) {
    return new FerryError(ErrorCode.HardwareProviderFailed, err.message, { ...details, vssCode: err.code });
  }
  if (ctx.applicationConsistent && WRITER_FAILURES.has(name)) {
    // DiskShadow names the failed writer, not the VM: with one VM it is that one; with several, none is named
    // (the engine then retakes each on its own to find it)
    return new FerryError(ErrorCode.WriterFailed, err.message, { ...details, vssCode: err.code, vmIds: ctx.vmIds.length === 1 ? [...ctx.vmIds] : [] });
  }
  return err;
}

export function noHardwareProviderError(serverName: string, volume: string): FerryError {
  return winError(ErrorCode.HardwareProviderFailed, `${serverName} has no VSS hardware provider; a transportable snapshot of ${volume} is not possible.`, {
    hint: 'Install and configure the storage vendor\'s VSS hardware provider on the host, then refresh the inventory. Until then Ferry can use the software provider and process the VMs on-host.',
    server: serverName,
    step: 'Snapshot',
    winCode: WinCode.NoHardwareProvider,
  });
}

export function notTransportableError(snapshotId: string, hostName: string, serverName: string, step: 'Import' | 'Expose'): FerryError {
  return winError(WinCode.NotTransportable, `Snapshot ${snapshotId} was taken on ${hostName} by the ${SOFTWARE_PROVIDER.name}: it is not transportable and cannot be ${step === 'Import' ? 'imported' : 'exposed'} on ${serverName}.`, {
    hint: 'A software shadow copy can only be read on its own host (on-host processing). Off-host processing needs the storage vendor\'s VSS hardware provider.',
    server: serverName,
    step,
  });
}
