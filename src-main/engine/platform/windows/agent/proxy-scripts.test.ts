// The proxy registration snippets, byte for byte against testing/__golden__/.
import { describe, it } from 'vitest';
import { DEFAULT_WORK_ROOT } from '../paths';
import { expectGolden } from '../testing/test-support';
import { prepareProxyPs, unprepareProxyPs } from './proxy-scripts';

describe('proxy registration (golden)', () => {
  it('work folders and the ownership marker; deregistration refused while snapshots are there', () => {
    expectGolden('prepare-proxy.ps1', prepareProxyPs({ workRoot: DEFAULT_WORK_ROOT, markerJson: '{"ferry":1,"role":"proxy","serverId":"proxy01"}' }));
    expectGolden('unprepare-proxy.ps1', unprepareProxyPs({ workRoot: DEFAULT_WORK_ROOT }));
  });
});
