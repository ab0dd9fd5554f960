import { describe, expect, it } from 'vitest';
import { vssFailureError } from '../errors';
import { lookupVssName } from '../error-codes';
import { SOFTWARE_PROVIDER, classifyCreateFailure, providerKindOf } from './snapshot-provider';

const HW = '{781c006a-5829-4a25-81e3-d5e43bd005ab}';
const failure = (name: string) => vssFailureError('Snapshot', 'hv01', { hresult: lookupVssName(name)?.hresult ?? null, errorText: name });
const classify = (name: string, providerId = HW, applicationConsistent = true) => classifyCreateFailure(failure(name), { providerId, applicationConsistent, vmIds: ['a', 'b'] });

describe('create failures for the engine', () => {
  it.each(['VSS_E_PROVIDER_VETO', 'VSS_E_PROVIDER_NOT_REGISTERED', 'VSS_E_UNEXPECTED_PROVIDER_ERROR', 'VSS_E_VOLUME_NOT_SUPPORTED_BY_PROVIDER', 'VSS_E_UNSUPPORTED_CONTEXT', 'VSS_E_INSUFFICIENT_STORAGE'])(
    'hardware provider: %s → E_HW_PROVIDER_FAILED, the VSS code kept',
    (name) => {
      const err = classify(name);
      expect(err.code).toBe('E_HW_PROVIDER_FAILED');
      expect(err.message).toContain(name);
      expect(err.details).toMatchObject({ vssCode: lookupVssName(name)?.code, vssName: name, hint: expect.any(String) });
    },
  );

  it.each(['VSS_E_WRITERERROR_RETRYABLE', 'VSS_E_WRITERERROR_TIMEOUT', 'VSS_E_WRITERERROR_NONRETRYABLE', 'VSS_E_UNEXPECTED_WRITER_ERROR', 'VSS_E_WRITER_NOT_RESPONDING'])('writer: %s → E_WRITER_FAILED naming no VM of a set of several (DiskShadow does not say which)', (name) => {
    expect(classify(name)).toMatchObject({ code: 'E_WRITER_FAILED', details: { vmIds: [] } });
  });

  it('writer failure of a one-VM snapshot names that VM', () => {
    expect(classifyCreateFailure(failure('VSS_E_WRITERERROR_RETRYABLE'), { providerId: HW, applicationConsistent: true, vmIds: ['a'] }).details).toMatchObject({ vmIds: ['a'] });
  });

  it('leaves what the engine cannot work around as it was', () => {
    // nothing to fall back to from the software provider; no writer in a crash-consistent snapshot; not a provider matter
    expect(classify('VSS_E_PROVIDER_VETO', SOFTWARE_PROVIDER.id).code).toBe('E_VSS_PROVIDER_VETO');
    expect(classify('VSS_E_WRITERERROR_RETRYABLE', HW, false).code).toBe('E_VSS_WRITER_RETRYABLE');
    expect(classify('VSS_E_HOLD_WRITES_TIMEOUT').code).toBe('E_VSS_HOLD_WRITES_TIMEOUT');
    expect(classify('VSS_E_VOLUME_NOT_SUPPORTED').code).toBe('E_VSS_VOLUME_NOT_SUPPORTED');
  });

  it('knows the software provider by its id, whatever the case', () => {
    expect(providerKindOf('{B5946137-7B9F-4925-AF80-51ABD60B20D5}')).toBe('software');
    expect(providerKindOf(HW)).toBe('hardware');
  });
});
