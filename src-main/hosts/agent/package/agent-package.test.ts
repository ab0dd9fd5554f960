// The agent package's Windows scripts: asserted byte for byte against __golden__/ (CRLF, ASCII), plus the
// properties an admin relies on. After a deliberate change: UPDATE_GOLDEN=1 npx vitest run <this file>, then review
// the diff of __golden__/.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AGENT_PACKAGE, installAgentPs, launcherCmd, serviceHostCs } from './index';
import { windowsText } from './layout';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), '__golden__');

function expectGolden(name: string, text: string): void {
  const file = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(file, text, 'utf8');
    return;
  }
  if (!existsSync(file)) throw new Error(`golden file ${name} missing; run with UPDATE_GOLDEN=1 and review it`);
  const golden = readFileSync(file, 'utf8');
  if (golden === text) return;
  const a = golden.split('\n');
  const b = text.split('\n');
  const i = a.findIndex((line, k) => line !== b[k]);
  throw new Error(`${name} differs from its golden file at line ${i + 1}:\n  golden:    ${JSON.stringify(a[i])}\n  generated: ${JSON.stringify(b[i])}`);
}

const script = installAgentPs({ version: '0.1.0' });
const lines = script.split('\r\n');

describe('agent package scripts', () => {
  it('install-agent.ps1, ferry-agent.cmd and the service host match their golden files', () => {
    expectGolden('install-agent.ps1', script);
    expectGolden('ferry-agent.cmd', launcherCmd());
    expectGolden('FerryAgentService.cs', serviceHostCs());
  });

  it('are Windows text: CRLF only, ASCII only, no unfilled placeholder', () => {
    for (const text of [script, launcherCmd(), serviceHostCs()]) {
      expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      expect(text).toMatch(/^[\x09\x0a\x0d\x20-\x7e]*$/);
      expect(text).not.toMatch(/\$\{|undefined/);
    }
    expect(() => windowsText('caf\u00e9')).toThrow(/non-ASCII/);
  });

  it('the service is FerryAgent, hosted by the compiled service host, started automatically and restarted on failure', () => {
    expect(script).toContain("$ServiceName = 'FerryAgent'");
    expect(lines).toContain("  New-Service -Name $ServiceName -BinaryPathName $binPath -DisplayName 'Ferry data mover agent' -Description 'Reads VM disks from exposed snapshots on this off-host proxy and writes them to the Ferry backup repository.' -StartupType Automatic | Out-Null");
    expect(lines).toContain('& sc.exe failure $ServiceName reset= 86400 actions= restart/5000/restart/10000/restart/60000 | Out-Null');
    // the binPath: service host, its log, node, the bundle, then `ferry agent` with the pairing files and the port
    const binPath = script.slice(script.indexOf('$binPath = @('), script.indexOf(") -join ' '"));
    expect(binPath).toContain('(Quote-Path $ServiceExe), (Quote-Path $logFile), (Quote-Path $NodeExe), (Quote-Path $CliJs)');
    expect(binPath).toContain("'agent', '--server-id', $ServerId, '--cert', (Quote-Path $certDest), '--key', (Quote-Path $keyDest), '--token-file', (Quote-Path $tokenDest)");
    expect(binPath).toContain("'--port', $Port, '--bind', $Bind, '--exit-with-parent'");
    expect(script).toContain("$ServiceExe = Join-Path $InstallDir 'FerryAgentService.exe'");
  });

  it('opens the agent port (6170 by default) inbound in Windows Firewall, and removes the rule on uninstall', () => {
    expect(AGENT_PACKAGE.port).toBe(6170);
    expect(lines).toContain('  [Parameter(ParameterSetName = \'Install\')][ValidateRange(1, 65535)][int]$Port = 6170,');
    expect(script).toMatch(/New-NetFirewallRule -Name \$FirewallRule .* -Direction Inbound -Protocol TCP -LocalPort \$Port -RemoteAddress \$AllowFrom .* -Action Allow/);
    expect(script).toContain('Remove-NetFirewallRule -Name $FirewallRule -ErrorAction SilentlyContinue');
  });

  it('holds and generates no secret: pairing material comes from files, is locked down, and is never printed', () => {
    expect(script).not.toMatch(/BEGIN (RSA |EC )?PRIVATE KEY-----[A-Za-z0-9+/]/);
    expect(script).not.toMatch(/New-SelfSignedCertificate|RandomNumberGenerator|Get-Random|ConvertTo-SecureString/);
    expect(script).toContain("& icacls.exe $DataDir /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F' | Out-Null");
    // only the certificate's public fingerprint is shown
    const shown = lines.filter((l) => /Write-Host/.test(l)).join('\n');
    expect(shown).not.toMatch(/\$keyDest|\$tokenDest|\$KeyFile|\$TokenFile|Get-Content/);
    expect(shown).toContain('certificate SHA-256 $fingerprint');
  });

  it('refuses to run without elevation or on an older PowerShell, and checks the bundle starts with the Node it found', () => {
    expect(lines).toContain('#Requires -RunAsAdministrator');
    expect(lines).toContain('#Requires -Version 5.1');
    expect(script).toContain("if ($nodeVersion -lt [version]'22.5.0')");
    expect(script).toContain("$Version = '0.1.0'");
    expect(() => installAgentPs({ version: "0.1.0'; Remove-Item C:\\ -Recurse; '" })).toThrow(/unexpected version/);
  });
});
