// The harness's tool lookup (no pwsh needed): PATH first, then ~/.dotnet/tools; outside CI a missing tool skips,
// in CI it fails. And psq, whose typographic-quote doubling the pwsh tests found missing.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DOUBLE_QUOTES, SINGLE_QUOTES } from './testing/hostile';
import { findTool, toolForTests } from './testing/tools';
import { psq } from './windows-scripts';

describe('finding pwsh and dotnet', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-tools-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const onlyHere = { PATH: join(dir, 'empty') };

  const home = join(dir, 'home');

  function executable(file: string): void {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '#!/bin/sh\n');
    chmodSync(file, 0o755);
  }

  it('PATH first, then ~/.dotnet/tools (where `dotnet tool install --global` puts pwsh)', () => {
    expect(findTool('pwsh', onlyHere, home)).toBeNull();
    executable(join(home, '.dotnet', 'tools', 'pwsh'));
    expect(findTool('pwsh', onlyHere, home)).toBe(join(home, '.dotnet', 'tools', 'pwsh'));
    executable(join(dir, 'bin', 'pwsh'));
    expect(findTool('pwsh', { PATH: join(dir, 'bin') }, home)).toBe(join(dir, 'bin', 'pwsh'));
  });

  it('a missing tool: null outside CI (with a warning saying how to install it), an error in CI', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(toolForTests('dotnet', onlyHere, home)).toMatchObject({ path: null, skipReason: expect.stringContaining('dotnet not found') });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('skipping the dotnet tests'));
    warn.mockRestore();
    expect(() => toolForTests('dotnet', { ...onlyHere, CI: 'true' }, home)).toThrow(/CI is set but dotnet not found/);
  });
});

describe('psq', () => {
  it('doubles every character PowerShell ends a single-quoted literal with, and nothing else', () => {
    for (const q of SINGLE_QUOTES) expect(psq(`a${q}b`)).toBe(`'a${q}${q}b'`);
    for (const q of DOUBLE_QUOTES) expect(psq(`a${q}b`)).toBe(`'a${q}b'`);
    expect(psq('$(x) `n ;')).toBe("'$(x) `n ;'");
  });
});
