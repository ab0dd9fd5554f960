import { describe, expect, it } from 'vitest';
import { FerryError } from '../../../../src-shared/contract/errors';
import { HRESULT_TABLE, WinCode, formatHresult, lookupHresult } from './error-codes';
import { isObjectNotFound, powerShellFailureError, vssFailureError } from './errors';
import { parseDiskShadow } from './exec/parse';
import { transcript } from './testing/test-support';

// Every HRESULT listed in the reference's table (§1.6), including the Win32/cluster rows.
const REFERENCE_HRESULTS = [
  0x80042301, 0x80042302, 0x80042303, 0x80042304, 0x80042306, 0x80042307, 0x80042308, 0x8004230c, 0x8004230d, 0x8004230e,
  0x8004230f, 0x80042310, 0x80042311, 0x80042312, 0x80042313, 0x80042314, 0x80042315, 0x80042316, 0x80042317, 0x80042318,
  0x80042319, 0x8004231b, 0x8004231d, 0x8004231f, 0x80042320, 0x00042321, 0x80042321, 0x80042322, 0x80042323, 0x80042324,
  0x80042327, 0x80042328, 0x80042329, 0x8004232a, 0x8004232b, 0x8004232c, 0x8004232d, 0x8004232e, 0x8004232f, 0x80042336,
  0x800423f0, 0x800423f1, 0x800423f2, 0x800423f3, 0x800423f4, 0x800423f5, 0x800423f7, 0x800423f8, 0x800423f9, 0x800423fa,
  0x800423fb, 0x80042400, 0x80042409, 0x80042417, 0x8007173d, 0x8007138f, 0x80070005,
];

describe('HRESULT table', () => {
  it('covers every row of the reference table', () => {
    for (const h of REFERENCE_HRESULTS) expect(lookupHresult(h), formatHresult(h)).toBeDefined();
    expect(HRESULT_TABLE).toHaveLength(REFERENCE_HRESULTS.length);
  });

  it('has stable, unique-per-meaning codes, a message and a fix hint on every row', () => {
    const codes = new Map<string, string>();
    for (const row of HRESULT_TABLE) {
      expect(row.code).toMatch(/^E_(VSS|WIN)_[A-Z0-9_]+$/);
      expect(row.meaning.length).toBeGreaterThan(10);
      expect(row.hint.length).toBeGreaterThan(10);
      const meaning = codes.get(row.code);
      if (meaning) expect(meaning).toBe(row.meaning); // S_/E_ SOME_SNAPSHOTS_NOT_IMPORTED share one code
      codes.set(row.code, row.meaning);
    }
  });

  it.each(HRESULT_TABLE.map((r) => [formatHresult(r.hresult), r] as const))('%s → FerryError with code, message and hint', (_hex, row) => {
    const err = vssFailureError('Import', 'PROXY01', { hresult: row.hresult, errorText: row.name });
    expect(err).toBeInstanceOf(FerryError);
    expect(err.code).toBe(row.code);
    expect(err.message).toContain('PROXY01');
    expect(err.message).toContain(row.name);
    expect(err.message).toContain(formatHresult(row.hresult));
    expect(err.details).toMatchObject({ hint: row.hint, hresult: formatHresult(row.hresult), vssName: row.name, server: 'PROXY01', step: 'Import', retryable: row.retryable });
  });
});

describe('vssFailureError', () => {
  it('maps the recorded provider-veto transcript to E_VSS_PROVIDER_VETO', () => {
    const [failure] = parseDiskShadow(transcript('host-create.provider-veto.txt')).failures;
    const err = vssFailureError('Snapshot', 'hv01', failure);
    expect(err.toPayload()).toEqual({
      code: 'E_VSS_PROVIDER_VETO',
      message: 'Snapshot on hv01 failed: the VSS hardware provider refused the snapshot (VSS_E_PROVIDER_VETO, 0x80042306).',
      details: expect.objectContaining({ hresult: '0x80042306', hint: expect.stringMatching(/provider's log/) }),
    });
  });

  it('falls back to the error text when the HRESULT is missing, and to a generic code when both are unknown', () => {
    expect(vssFailureError('Import', 'p', { hresult: null, errorText: 'VSS_E_NO_SNAPSHOTS_IMPORTED' }).code).toBe('E_VSS_NO_SNAPSHOTS_IMPORTED');
    const unknown = vssFailureError('Import', 'p', { hresult: 0x80042999, errorText: 'VSS_E_SOMETHING_NEW' });
    expect(unknown.code).toBe(WinCode.DiskShadowFailed);
    expect(unknown.message).toContain('0x80042999');
    expect(unknown.details).toMatchObject({ hint: expect.any(String) });
  });

  it('recognises "already gone" for idempotent cleanup', () => {
    expect(isObjectNotFound({ hresult: 0x80042308, errorText: null })).toBe(true);
    expect(isObjectNotFound({ hresult: null, errorText: 'VSS_E_OBJECT_NOT_FOUND' })).toBe(true);
    expect(isObjectNotFound({ hresult: 0x80042306, errorText: null })).toBe(false);
  });
});

describe('powerShellFailureError', () => {
  it('WinRM transport error 5 → access denied', () => {
    const err = powerShellFailureError('Inventory', 'hv01', { exitCode: 1, stdout: '', stderr: 'FERRY_REMOTING_ERROR:5:Access is denied.\r\n' });
    expect(err.code).toBe(WinCode.AccessDenied);
  });
  it('other WinRM transport errors → unreachable, retryable', () => {
    const err = powerShellFailureError('Inventory', 'hv01', { exitCode: 1, stdout: '', stderr: 'FERRY_REMOTING_ERROR:-2144108526:WinRM cannot complete the operation.\r\n' });
    expect(err.code).toBe(WinCode.Unreachable);
    expect(err.details).toMatchObject({ retryable: true, hint: expect.stringMatching(/5985/) });
  });
  it('a thrown error → E_WIN_POWERSHELL_FAILED with its message', () => {
    const err = powerShellFailureError('Copy snapshot metadata', 'proxy01', { exitCode: 1, stdout: '', stderr: 'FERRY_ERROR: the snapshot metadata file arrived damaged (SHA-256 mismatch)\r\n' });
    expect(err.code).toBe(WinCode.PowerShellFailed);
    expect(err.message).toBe('Copy snapshot metadata on proxy01 failed: the snapshot metadata file arrived damaged (SHA-256 mismatch)');
  });
});
