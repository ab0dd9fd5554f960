import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DPAPI_HEADER, dpapiCodec, type PowerShellRun } from './dpapi-codec';
import { FileSecretStore } from './secret-store';

/** Stands in for DPAPI: a reversible scramble, and a record of every call. */
function fakeDpapi() {
  const calls: Array<{ script: string; input: string }> = [];
  const run: PowerShellRun = (script, input) => {
    calls.push({ script, input });
    const data = Buffer.from(input, 'base64').map((b) => b ^ 0x5a);
    expect(script).toMatch(/ProtectedData\]::(Protect|Unprotect)\(\$data, \$null, \[Security\.Cryptography\.DataProtectionScope\]::CurrentUser\)/);
    return Buffer.from(data).toString('base64');
  };
  return { run, calls };
}

describe('DPAPI secret codec (Windows CLI and web host)', () => {
  it('keeps the secret out of the file and off the script text', async () => {
    const { run, calls } = fakeDpapi();
    const dir = mkdtempSync(join(tmpdir(), 'ferry-dpapi-'));
    const store = new FileSecretStore(dir, dpapiCodec(run));
    const secret = JSON.stringify({ user: 'LAB\\backup-admin', secret: 'FerryLab!2026' });
    await store.set('credential.c1', secret);
    const file = readFileSync(join(dir, 'credential.c1'));
    expect(file.subarray(0, DPAPI_HEADER.length).equals(DPAPI_HEADER)).toBe(true);
    expect(file.toString('latin1')).not.toContain('FerryLab!2026');
    expect(calls.every((c) => !c.script.includes('FerryLab') && !c.script.includes(c.input))).toBe(true);
    expect(await store.get('credential.c1')).toBe(secret);
  });

  it('decrypts once per value (the executor asks for a credential on every command)', () => {
    const { run, calls } = fakeDpapi();
    const codec = dpapiCodec(run);
    const sealed = codec.encode('token-123');
    expect(codec.decode(sealed)).toBe('token-123');
    expect(codec.decode(sealed)).toBe('token-123');
    expect(calls.filter((c) => c.script.includes('Unprotect'))).toHaveLength(1);
  });

  it('reads a file written before encryption as it is', () => {
    const { run, calls } = fakeDpapi();
    expect(dpapiCodec(run).decode(Buffer.from('{"user":"u","secret":"s"}'))).toBe('{"user":"u","secret":"s"}');
    expect(calls).toHaveLength(0);
  });

  it('does not quote the secret when PowerShell fails', () => {
    const codec = dpapiCodec(() => {
      throw new Error('DPAPI through PowerShell failed (exit 1)');
    });
    expect(() => codec.encode('FerryLab!2026')).toThrow(/^DPAPI through PowerShell failed \(exit 1\)$/);
  });
});
