// The WindowsPlatform under test with a scripted executor and a manual clock, and the scenario's snapshot request,
// shared by the platform's behaviour tests (windows-platform.test.ts and the snapshot/, discovery/, agent/ ones).
import { FerryError } from '../../../../../src-shared/contract/errors';
import type { PlatformLog, SnapshotRequest } from '../../types';
import type { WindowsPlatformOptions } from '../platform-options';
import { WindowsPlatform } from '../windows-platform';
import { ScriptedExecutor, type ScriptedStep } from './scripted-executor';
import { APP01, CSV1, golden, HV01, HV02, HV03, ManualClock, PROXY, SCENARIO, SQL01 } from './test-support';

export const CSV2 = 'csv-6a4b0d2f-8e3c-4f70-ab19-4d5e6f708192';
export const SPAN01 = '6c5d4e3f-8071-4293-bdac-3f4a5b6c7d8e';
export const { shadowId: SHADOW, setId: SET } = SCENARIO;

export const REQUEST: SnapshotRequest = { snapshotId: 'snap-0001', hostId: 'hv01', volumeId: CSV1, vmIds: [APP01, SQL01], applicationConsistent: true, provider: 'hardware' };
export const HOST_SCRIPT = golden('host-create.app-consistent.dsh');

export interface Harness {
  exec: ScriptedExecutor;
  platform: WindowsPlatform;
  logs: string[];
  log: PlatformLog;
  clock: ManualClock;
}

export function harness(steps: ScriptedStep[], options: Partial<WindowsPlatformOptions> = {}): Harness {
  const exec = new ScriptedExecutor(steps);
  const clock = new ManualClock();
  const logs: string[] = [];
  const platform = new WindowsPlatform({ executor: exec, hosts: [HV01, HV02, HV03], servers: [PROXY], clock, ...options });
  return { exec, platform, logs, log: (level, text) => logs.push(`${level}: ${text}`), clock };
}

export async function codeOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err,
  );
  if (!(e instanceof FerryError)) throw e;
  return e.code;
}
