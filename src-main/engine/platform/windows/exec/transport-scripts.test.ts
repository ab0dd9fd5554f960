// The transport wrappers every script travels in: the local bootstrap (one stdin line) and the WinRM wrapper.
import { describe, expect, it } from 'vitest';
import { listShadowsScript } from '../snapshot/dsh-scripts';
import { expectGolden } from '../testing/test-support';
import { powershellBootstrap } from './local-executor';
import { remoteWrapperScript } from './remote-executor';

describe('transport wrappers (golden)', () => {
  it('local bootstrap: one stdin line carrying the script base64-encoded', () => {
    const line = powershellBootstrap("Write-Output 'hi'\n");
    expectGolden('bootstrap.txt', line);
    expect(line.trimEnd()).not.toMatch(/[\r\n]/);
    const b64 = /FromBase64String\('([^']+)'\)/.exec(line)![1];
    expect(Buffer.from(b64, 'base64').toString('utf8')).toBe("Write-Output 'hi'\n");
  });

  it('remote wrappers: Invoke-Command with the credential from the environment, DiskShadow through a remote temp file', () => {
    expectGolden('remote-wrapper.powershell.ps1', remoteWrapperScript({ server: 'hv01.contoso.local', program: 'powershell', script: "'x'\n", withCredential: true }));
    expectGolden(
      'remote-wrapper.diskshadow.ps1',
      remoteWrapperScript({ server: 'hv01.contoso.local', program: 'diskshadow', script: listShadowsScript(), withCredential: false, authentication: 'Kerberos', useSsl: true, port: 5986 }),
    );
  });
});
