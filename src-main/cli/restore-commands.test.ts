// `ferry restore vm` / `ferry restore disks`: the same restores as the console, progress on stderr, the result (or
// --json facts) on stdout; bad arguments exit 2 and change nothing; `ferry restore --out` (export disk) stays.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli';
import { parseNetworkMap } from './restore-commands';
import { removeDir, startLabService, waitSession } from '../testing/lab-service';

const dir = mkdtempSync(join(tmpdir(), 'ferry-cli-restore-'));
async function ferry(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  const h = await startLabService(dir);
  const job = await h.client.call('jobs.create', { name: 'Web', vmIds: ['vm-web02'], repositoryId: 'repo-default', processing: { mode: 'on-host' } });
  expect((await waitSession(h.client, (await h.client.call('jobs.start', { id: job.id })).sessionId)).result).toBe('Success');
  await h.close();
}, 60_000);
afterAll(() => removeDir(dir));

describe('ferry restore vm / disks', () => {
  it('refuses bad arguments with exit code 2 and changes nothing', async () => {
    const before = readdirSync(join(dir, 'lab', 'san', 'LUN-01'), { recursive: true }).length;
    expect((await ferry('restore', 'vm', '--data', dir, '--job', 'Web', '--vm', 'WEB02')).code).toBe(2);
    expect((await ferry('restore', 'vm', '--data', dir, '--job', 'Web', '--vm', 'WEB02', '--original', '--to-host', 'HV01')).code).toBe(2);
    expect((await ferry('restore', 'vm', '--data', dir, '--job', 'Web', '--vm', 'WEB02', '--to-host', 'HV01', '--network', 'nonsense')).code).toBe(2);
    expect((await ferry('restore', 'disks', '--data', dir, '--job', 'Web', '--vm', 'WEB02', '--disk', '0', '--to-host', 'PROXY01')).code).toBe(2);
    const taken = await ferry('restore', 'vm', '--data', dir, '--job', 'Web', '--vm', 'WEB02', '--to-host', 'HV01', '--name', 'DC01');
    expect(taken.code).toBe(1);
    expect(taken.err).toMatch(/E_VM_NAME_EXISTS/);
    expect(readdirSync(join(dir, 'lab', 'san', 'LUN-01'), { recursive: true }).length).toBe(before);
    expect(parseNetworkMap('A=B,C=')).toEqual([{ sourceSwitch: 'A', targetSwitch: 'B' }, { sourceSwitch: 'C', targetSwitch: null }]);
  });

  it('restores the VM to another host and starts it; --json gives the facts', async () => {
    const r = await ferry('restore', 'vm', '--data', dir, '--job', 'Web', '--vm', 'WEB02', '--to-host', 'HV01', '--name', 'WEB02-DR', '--network', 'vSwitch-Prod=vSwitch-Backup', '--power-on', '--reason', 'drill', '--json');
    expect(r.code).toBe(0);
    const facts = JSON.parse(r.out);
    expect(facts).toMatchObject({ result: 'Success', mode: 'new', reason: 'drill', items: [{ targetVmName: 'WEB02-DR', targetHostId: 'hv01', step: 'done' }] });
    expect(r.err).toMatch(/WEB02 \(point .*\) → HV01 D:\\Hyper-V\\WEB02-DR as WEB02-DR/);
    expect(r.err).toMatch(/Network Adapter: vSwitch-Prod → vSwitch-Backup/);
    expect(existsSync(join(dir, 'lab', 'san', 'LUN-01', 'Hyper-V', 'WEB02-DR', 'Virtual Hard Disks', 'WEB02-DR.vhdx'))).toBe(true);
  }, 60_000);

  it('rolls the VM back in place and restores a disk to a folder on a server', async () => {
    const back = await ferry('restore', 'vm', '--data', dir, '--job', 'Web', '--vm', 'WEB02', '--original');
    expect(back.code).toBe(0);
    expect(back.out).toMatch(/WEB02: disks restored to the point of .* \(quick rollback wrote [\d.]+ (B|KiB|MiB)\); the VM is off/);
    const disks = await ferry('restore', 'disks', '--data', dir, '--job', 'Web', '--vm', 'WEB02', '--disk', '0', '--to-host', 'PROXY02', '--path', 'D:\\Restores');
    expect(disks.code).toBe(0);
    expect(readdirSync(join(dir, 'lab', 'servers', 'proxy02', 'D', 'Restores'))).toEqual(['WEB02.vhdx']);
    expect((await ferry('restore', '--help')).out).toMatch(/Export disk/);
  }, 60_000);
});
