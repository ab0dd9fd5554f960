// serverFactsPs executed by pwsh against stub cmdlets built from the recorded facts transcripts: what the script
// prints must be exactly the transcript (so the transcripts are what the script really prints for that machine),
// and Ferry's parser must read it to the same facts. One pwsh process for the file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_NAME } from './testing/hostile';
import { transcriptJson } from './testing/fixtures';
import { PwshExecutor } from './testing/pwsh-executor';
import { PwshSession } from './testing/pwsh-session';
import { stubPrelude } from './testing/stubs';
import { toolForTests } from './testing/tools';
import { ScriptRunner, serverFactsFromJson, serverFactsPs, type Target } from './windows-scripts';

const pwsh = toolForTests('pwsh');
const TARGET: Target = { id: 'hv01', server: undefined, name: 'hv01' };

type Facts = Record<string, unknown> & { Vms: Array<Record<string, unknown>> };

describe.skipIf(!pwsh.path)(`server facts through pwsh${pwsh.path ? '' : ` (skipped: ${pwsh.skipReason})`}`, () => {
  let session: PwshSession;
  beforeAll(() => {
    session = new PwshSession(pwsh.path!);
  });
  afterAll(() => session?.close());

  async function probe(fixture: Facts, includeVms: boolean, options: Record<string, unknown> = {}) {
    const executor = new PwshExecutor(session, stubPrelude({ vars: { FerryFixture: fixture, FerryStubOptions: options }, files: ['windows-identity', 'server-facts'] }));
    const value = (await new ScriptRunner(executor).ps(TARGET, 'Server facts', serverFactsPs({ includeVms }), 30_000)) as Facts;
    return { value, warnings: executor.warnings(), stderr: executor.results[0].stderr };
  }

  const without = (facts: Facts) => ({ ...facts, CollectedAt: 'x' });

  it.each([
    ['facts-hv01.json', true],
    ['facts-hv03.json', true],
    ['facts-edge05.workgroup.json', true],
    ['facts-proxy01.json', false],
  ])('%s: the script prints the transcript, Ferry reads the same facts', async (name, includeVms) => {
    const fixture = transcriptJson<Facts>(name);
    const { value, warnings, stderr } = await probe(fixture, includeVms);
    expect(stderr).toBe('');
    // nothing truncated by ConvertTo-Json -Depth, no other warning
    expect(warnings).toEqual([]);
    expect(without(value)).toEqual(without(fixture));
    expect(Date.now() - Date.parse(String(value.CollectedAt))).toBeLessThan(120_000);
    const { collectedAt: _a, ...parsed } = serverFactsFromJson(value);
    const { collectedAt: _b, ...expected } = serverFactsFromJson(fixture);
    expect(parsed).toEqual(expected);
  });

  it('one VM with one disk, one provider: still lists (ConvertTo-Json unrolls one-element pipelines)', async () => {
    const fixture = transcriptJson<Facts>('facts-edge05.workgroup.json');
    const { value } = await probe(fixture, true);
    expect(Array.isArray(value.Vms)).toBe(true);
    expect(Array.isArray(value.Providers)).toBe(true);
    const vm = (value.Vms as Array<{ Drives: Array<{ Chain: unknown }> }>)[0];
    expect(Array.isArray(vm.Drives)).toBe(true);
    expect(Array.isArray(vm.Drives[0].Chain)).toBe(true);
  });

  it('hostile names, a pass-through disk, a broken chain and a failing cluster query come through as facts', async () => {
    const fixture = transcriptJson<Facts>('facts-hv01.json');
    const vm = structuredClone(fixture.Vms[1]) as Record<string, unknown> & { Drives: Array<Record<string, unknown>> };
    const folder = `C:\\VMs\\${HOSTILE_NAME}`;
    vm.Name = HOSTILE_NAME;
    vm.Id = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
    vm.Path = folder;
    vm.Drives = [
      { ...vm.Drives[0], Path: `${folder}\\disk 1.vhdx`, Chain: [{ ...(vm.Drives[0].Chain as object[])[0], Path: `${folder}\\disk 1.vhdx` }] },
      { ControllerType: 'SCSI', ControllerNumber: 0, ControllerLocation: 1, Path: '', DiskNumber: 3, VolumePath: '', Chain: [], ChainError: null },
      { ControllerType: 'IDE', ControllerNumber: 1, ControllerLocation: 0, Path: `${folder}\\gone.vhdx`, DiskNumber: null, VolumePath: '', Chain: [], ChainError: `The system cannot find the file '${folder}\\gone.vhdx'.` },
    ];
    const hostile: Facts = { ...fixture, Cluster: null, ClusterError: 'The cluster service is not running on HV01.', Csvs: [], Vms: [vm] };
    const { value, warnings } = await probe(hostile, true, { IsAdmin: false });
    expect(warnings).toEqual([]);
    const facts = serverFactsFromJson(value);
    expect(facts.isAdmin).toBe(false);
    expect(facts.cluster).toBeNull();
    expect(facts.clusterError).toBe('The cluster service is not running on HV01.');
    expect(facts.vms.map((v) => v.name)).toEqual([HOSTILE_NAME]);
    const [disk, passThrough, broken] = facts.vms[0].drives;
    expect(disk.path).toBe(`${folder}\\disk 1.vhdx`);
    expect(disk.chain.map((c) => c.path)).toEqual([`${folder}\\disk 1.vhdx`]);
    expect(passThrough).toMatchObject({ path: null, passThroughDiskNumber: 3, chain: [] });
    expect(broken).toMatchObject({ path: `${folder}\\gone.vhdx`, chain: [], chainError: `The system cannot find the file '${folder}\\gone.vhdx'.` });
  });
});
