// The server-facts probe, asserted against its golden files (the host flavour reads VMs, the proxy flavour not).
import { describe, expect, it } from 'vitest';
import { expectGolden } from '../testing/test-support';
import { serverFactsPs } from './ps-server-facts';

describe('server facts probe (golden)', () => {
  it('server facts probe, host and proxy flavours', () => {
    const host = serverFactsPs({ includeVms: true });
    const proxy = serverFactsPs({ includeVms: false });
    expectGolden('server-facts.host.ps1', host);
    expectGolden('server-facts.proxy.ps1', proxy);
    // JSON pitfalls handled in the script itself
    expect(host).toContain('-Depth 10');
    expect(host).toContain("ToString('o')");
    expect(host).toMatch(/State = \[string\]\$vm\.State/);
    expect(proxy).not.toContain('Get-VM');
  });
});
