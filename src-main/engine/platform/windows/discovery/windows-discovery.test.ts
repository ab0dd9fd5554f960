// WindowsPlatform's inventory (a server that does not answer is a warning) and the proxy readiness check.
import { describe, expect, it } from 'vitest';
import { WinCode } from '../error-codes';
import { codeOf, harness } from '../testing/platform-harness';
import { ok } from '../testing/scripted-executor';
import { factsStdout, inventorySteps, PROXY } from '../testing/test-support';
import { serverFactsPs } from './ps-server-facts';

describe('WindowsPlatform inventory and readiness', () => {
  it('inventory goes on without an unreachable host and says so', async () => {
    const steps = inventorySteps();
    steps[2] = { ...steps[2], reply: { exitCode: 1, stdout: '', stderr: 'FERRY_REMOTING_ERROR:-2144108526:WinRM cannot complete the operation.\r\n' } };
    const h = harness(steps);
    const inv = await h.platform.inventory();
    expect(inv.hosts.map((x) => x.id)).toEqual(['hv01', 'hv02', 'proxy01']);
    expect(h.platform.windowsInventory()?.warnings[0]).toMatch(/^hv03\.contoso\.local: not inventoried \(Inventory: cannot reach hv03\.contoso\.local over WinRM/);
  });

  it('inventory fails with the reason when no server answers', async () => {
    const down = { exitCode: 1, stdout: '', stderr: 'FERRY_REMOTING_ERROR:5:Access is denied.\r\n' };
    const h = harness(inventorySteps().map((s) => ({ ...s, reply: down })));
    expect(await codeOf(h.platform.inventory())).toBe(WinCode.AccessDenied);
  });

  it('checkProxy: inventory, then one probe of the server', async () => {
    const h = harness([
      ...inventorySteps(),
      { label: 'probe proxy01', program: 'powershell', server: PROXY, script: serverFactsPs({ includeVms: false }), reply: ok(factsStdout('facts-proxy01.json')) },
    ]);
    const checks = await h.platform.checkProxy('proxy01');
    expect(checks.every((c) => c.status === 'pass')).toBe(true);
    expect(checks.filter((c) => c.volumeId).map((c) => c.volumeId)).toHaveLength(6);
    h.exec.assertDone();
  });

  it('checkProxy of an unreachable new server: reachability fails with the reason and fix', async () => {
    const h = harness([
      ...inventorySteps(),
      { label: 'probe proxy02', program: 'powershell', server: 'proxy02.contoso.local', reply: { exitCode: 1, stdout: '', stderr: 'FERRY_REMOTING_ERROR:53:The network path was not found.\r\n' } },
    ]);
    const checks = await h.platform.checkProxy('proxy02.contoso.local');
    expect(checks[0]).toMatchObject({ id: 'reachable', status: 'fail', reason: expect.stringMatching(/cannot reach proxy02\.contoso\.local/), fix: expect.stringMatching(/WinRM/) });
  });
});
