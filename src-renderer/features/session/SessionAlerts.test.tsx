// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import type { SnapshotView, VmTaskView } from '../../../src-shared/domain';
import { installDomShims } from '../../test/setup-dom';
import { SessionAlerts } from './SessionAlerts';
import { providerFallbacks, softwareFallbackVolumes, writerFallbacks } from './sessionAlerts';

afterEach(cleanup);

const vm = (vmId: string, vmName: string, o: Partial<VmTaskView> = {}): VmTaskView => ({
  vmId, vmName, status: 'Success', progress: 1, processingMode: 'off-host', proxyServerId: 'proxy01', bytesTotal: 1, bytesRead: 1,
  message: 'Success', consistency: 'application', backupKind: 'full', ...o,
});
const snap = (id: string, volumePath: string, provider: SnapshotView['provider'], vmIds: string[]): SnapshotView => ({
  id, volumeId: id, volumePath, hostId: 'hvc01', proxyServerId: provider === 'software' ? null : 'proxy01', vmIds, provider, stage: 'deleted', history: [],
});

const V1 = 'C:\\ClusterStorage\\Volume1';
const V2 = 'C:\\ClusterStorage\\Volume2';
const vms = [
  vm('app01', 'APP01', { processingMode: 'on-host', proxyServerId: null, status: 'Warning' }),
  vm('app02', 'APP02', { processingMode: 'on-host', proxyServerId: null, status: 'Warning' }),
  vm('file01', 'FILE01'),
];
// Two snapshots of Volume1 (VMs per snapshot = 1), one hardware snapshot of Volume2.
const snapshots = [snap('s1', V1, 'software', ['app01']), snap('s2', V1, 'software', ['app02']), snap('s3', V2, 'hardware', ['file01'])];
// The engine's words (snapshot-attempts.ts): the reason sits between "<volume>: " and "; ".
const warning = `hardware VSS provider failed on ${V1}: Contoso SAN VSS Hardware Provider refused the snapshot (VSS_E_PROVIDER_VETO; lab: injected); fell back to the Microsoft Software Shadow Copy provider — processed on-host`;

describe('software-provider fallback', () => {
  it('is one line per volume, naming its VMs, with the reason from the log', () => {
    expect(providerFallbacks(snapshots, vms, [warning], true)).toEqual([
      `Hardware VSS provider failed on ${V1}; fell back to the software provider — VMs processed on-host: APP01, APP02. ` +
        'Reason: Contoso SAN VSS Hardware Provider refused the snapshot (VSS_E_PROVIDER_VETO; lab: injected)',
    ]);
    // Without the log (cut short, or not yet arrived), the snapshot data alone tells it in an off-host job.
    expect(providerFallbacks(snapshots, vms, [], true)).toEqual([
      `Hardware VSS provider failed on ${V1}; fell back to the software provider — VMs processed on-host: APP01, APP02.`,
    ]);
  });

  it('in an on-host job, a software snapshot is a fallback only when the log says the hardware provider failed there', () => {
    expect(softwareFallbackVolumes(snapshots, [], false)).toEqual(new Set());
    expect(softwareFallbackVolumes(snapshots, [warning], false)).toEqual(new Set([V1]));
    expect(softwareFallbackVolumes([snap('s3', V2, 'hardware', ['file01']), snap('s4', V2, null, [])], [], true)).toEqual(new Set());
    // A warning in another shape is shown whole.
    expect(providerFallbacks(snapshots, vms, [`${V1} hardware provider is out of space`], false)[0]).toMatch(/Reason: C:.*Volume1 hardware provider is out of space$/);
  });
});

describe('writer fallback', () => {
  it('lists crash-consistent VMs of an application-consistent job, not failed ones, nothing for a crash-consistent job', () => {
    const list = [
      vm('a', 'A', { consistency: 'crash', status: 'Warning', message: 'Hyper-V VSS writer failed' }),
      vm('b', 'B', { consistency: 'crash', status: 'Failed' }),
      vm('c', 'C'),
    ];
    expect(writerFallbacks(list, true)).toEqual([{ name: 'A', message: 'Hyper-V VSS writer failed' }]);
    expect(writerFallbacks(list, false)).toEqual([]);
  });
});

describe('session banners', () => {
  function renderAlerts(p: Partial<Parameters<typeof SessionAlerts>[0]>) {
    installDomShims();
    render(
      <FluentProvider theme={webLightTheme}>
        <SessionAlerts vms={vms} snapshots={snapshots} logFailovers={[]} logProviderWarnings={[]} offHostJob appConsistentJob {...p} />
      </FluentProvider>,
    );
  }

  it('shows the software-provider banner like the failover one', () => {
    renderAlerts({ logProviderWarnings: [warning] });
    const banner = document.querySelector('[data-alert="software-provider"]')!;
    expect(banner.textContent).toMatch(/Fell back to the software VSS provider/);
    expect(banner.textContent).toContain(`Hardware VSS provider failed on ${V1}; fell back to the software provider — VMs processed on-host`);
    expect(banner.querySelectorAll('li')).toHaveLength(1);
    expect(document.querySelector('[data-alert="crash-consistent"]')).toBeNull();
  });

  it('shows the crash-consistent banner for writer fallbacks, and nothing when all is well', () => {
    renderAlerts({ snapshots: [], vms: [vm('a', 'SQL01', { consistency: 'crash', status: 'Warning', message: 'Hyper-V VSS writer failed' })] });
    expect(screen.getByText('1 VM backed up crash-consistent')).toBeTruthy();
    expect(document.querySelector('[data-alert="crash-consistent"]')!.textContent).toContain('SQL01: Hyper-V VSS writer failed');
    cleanup();
    renderAlerts({ snapshots: [snap('s3', V2, 'hardware', ['file01'])], vms: [vm('file01', 'FILE01')] });
    expect(document.querySelector('[data-alert]')).toBeNull();
  });
});
