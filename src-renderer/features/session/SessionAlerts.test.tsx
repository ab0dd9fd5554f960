// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import type { SnapshotView, VmTaskView } from '../../../src-shared/domain';
import { installDomShims } from '../../test/setup-dom';
import { SessionAlerts } from './SessionAlerts';
import { sessionDepartures } from './departures';
import { providerFallbacks, writerFallbacks } from './sessionAlerts';

afterEach(cleanup);

const vm = (vmId: string, vmName: string, o: Partial<VmTaskView> = {}): VmTaskView => ({
  vmId, vmName, status: 'Success', progress: 1, processingMode: 'off-host', proxyServerId: 'proxy01', bytesTotal: 1, bytesRead: 1,
  message: 'Success', consistency: 'application', backupKind: 'full', departures: [], startedAt: null, endedAt: null, ...o,
});
type History = SnapshotView['history'];
const planned = (note?: string): History[number] => (note ? { stage: 'planned', at: 't', note } : { stage: 'planned', at: 't' });
const snap = (id: string, volumePath: string, provider: SnapshotView['provider'], vmIds: string[], o: Partial<SnapshotView> = {}): SnapshotView => ({
  id, volumeId: volumePath, volumePath, hostId: 'hvc01', proxyServerId: provider === 'software' ? null : 'proxy01', vmIds, provider, stage: 'deleted',
  history: [planned()], departures: [], ...o,
});
const failedAt = (note: string): History => [planned(), { stage: 'failed', at: 't', note }];

const V1 = 'C:\\ClusterStorage\\Volume1';
const V2 = 'C:\\ClusterStorage\\Volume2';
// The engine's words (snapshot-attempts.ts), kept on each software snapshot it took instead, as typed departures.
const REFUSED = 'Contoso SAN VSS Hardware Provider refused the snapshot (VSS_E_PROVIDER_VETO; lab: injected)';
const FELL_BACK = `hardware VSS provider failed on ${V1}: ${REFUSED}; fell back to the Microsoft Software Shadow Copy provider — processed on-host`;
const swDepartures = (reason: string): SnapshotView['departures'] => [
  { kind: 'software-provider', reason },
  { kind: 'failover-on-host', reason },
];
const vms = [
  vm('app01', 'APP01', { processingMode: 'on-host', proxyServerId: null, status: 'Warning', departures: swDepartures(FELL_BACK) }),
  vm('app02', 'APP02', { processingMode: 'on-host', proxyServerId: null, status: 'Warning', departures: swDepartures(FELL_BACK) }),
  vm('file01', 'FILE01'),
];
// The hardware attempt on Volume1 failed; the software provider took it in two snapshots (VMs per snapshot = 1).
const snapshots = [
  snap('s0', V1, 'hardware', ['app01', 'app02'], { stage: 'failed', history: failedAt(REFUSED) }),
  snap('s3', V2, 'hardware', ['file01']),
  snap('s1', V1, 'software', ['app01'], { history: [planned(FELL_BACK)], departures: swDepartures(FELL_BACK) }),
  snap('s2', V1, 'software', ['app02'], { history: [planned(FELL_BACK)], departures: swDepartures(FELL_BACK) }),
];
const fallbacksOf = (list: SnapshotView[]) => providerFallbacks(list, vms, sessionDepartures(list, vms).softwareFallbacks);

describe('software-provider fallback', () => {
  it('is one line per volume, naming its VMs, with the reason the snapshot itself keeps', () => {
    expect(fallbacksOf(snapshots)).toEqual([`APP01, APP02: ${FELL_BACK}`]);
  });

  it("uses the snapshot's own words: a host with no hardware provider is not told its hardware provider failed", () => {
    const none = `HV01 has no VSS hardware provider: the Microsoft Software Shadow Copy provider takes the snapshot of ${V1}, which cannot leave the host — processed on-host`;
    const lines = fallbacksOf([snap('s1', V1, 'software', ['app01', 'app02'], { history: [planned(none)], departures: swDepartures(none) })]);
    expect(lines).toEqual([`APP01, APP02: ${none}`]);
    expect(lines[0]).not.toMatch(/failed/i);
  });

  it('is nothing for a plain on-host software snapshot or a hardware one', () => {
    expect(fallbacksOf([snap('s1', V1, 'software', ['app01', 'app02']), snap('s3', V2, 'hardware', ['file01']), snap('s4', V2, null, [])])).toEqual([]);
  });
});

describe('writer fallback', () => {
  it('lists the VMs the session fell back to crash-consistent for, not failed ones', () => {
    const list = [
      vm('a', 'A', { consistency: 'crash', status: 'Warning', message: 'Hyper-V VSS writer failed' }),
      vm('b', 'B', { consistency: 'crash', status: 'Failed' }),
      vm('c', 'C'),
    ];
    expect(writerFallbacks(list, new Set(['a', 'b']))).toEqual([{ name: 'A', message: 'Hyper-V VSS writer failed' }]);
    expect(writerFallbacks(list, new Set())).toEqual([]);
  });
});

describe('session banners', () => {
  function renderAlerts(p: Partial<Parameters<typeof SessionAlerts>[0]>) {
    installDomShims();
    render(
      <FluentProvider theme={webLightTheme}>
        <SessionAlerts vms={vms} snapshots={snapshots} {...p} />
      </FluentProvider>,
    );
  }

  it('shows the software-provider banner like the failover one, from the snapshots alone (no log needed)', () => {
    renderAlerts({});
    const banner = document.querySelector('[data-alert="software-provider"]')!;
    expect(banner.textContent).toMatch(/Fell back to the software VSS provider/);
    expect(banner.textContent).toContain(`APP01, APP02: hardware VSS provider failed on ${V1}: ${REFUSED}; fell back to the Microsoft Software Shadow Copy provider`);
    expect(banner.querySelectorAll('li')).toHaveLength(1);
    expect(document.querySelector('[data-alert="crash-consistent"]')).toBeNull();
    // a software shadow copy is on-host by nature: it does not also show as a "no proxy" failover
    expect(document.querySelector('[data-alert="failover"]')).toBeNull();
  });

  it('shows the failover banner from the snapshots that found no proxy, with the reason, without reading any log', () => {
    const reason = 'Failed over to on-host backup: no eligible off-host proxy (proxy PROXY01 is disabled)';
    const failover: SnapshotView['departures'] = [{ kind: 'failover-on-host', reason }];
    renderAlerts({ snapshots: [snap('f1', V2, 'hardware', ['file01'], { proxyServerId: null, departures: failover })], vms: [vm('file01', 'FILE01', { status: 'Warning', departures: failover })] });
    expect(document.querySelector('[data-alert="failover"]')!.textContent).toContain(`${V2}: ${reason}`);
  });

  it('shows the crash-consistent banner for writer fallbacks, not for a session that asked for crash-consistent, nothing when all is well', () => {
    const sql = vm('a', 'SQL01', { consistency: 'crash', status: 'Warning', message: 'Hyper-V VSS writer failed', departures: [{ kind: 'crash-consistent', reason: 'Hyper-V VSS writer failed' }] });
    // The application-consistent snapshot failed in the writer; the crash-consistent retake took SQL01.
    const retaken = [
      snap('w0', V2, 'hardware', ['a'], { stage: 'failed', history: failedAt('Hyper-V VSS writer failed for SQL01') }),
      snap('w1', V2, 'hardware', ['a'], { history: [planned('crash-consistent: application-consistent processing failed')] }),
    ];
    renderAlerts({ snapshots: retaken, vms: [sql] });
    expect(screen.getByText('1 VM backed up crash-consistent')).toBeTruthy();
    expect(document.querySelector('[data-alert="crash-consistent"]')!.textContent).toContain('SQL01: Hyper-V VSS writer failed');
    cleanup();
    // The same VM taken crash-consistent at the first attempt: what the job asked for then, whatever it asks now.
    renderAlerts({ snapshots: [snap('w1', V2, 'hardware', ['a'])], vms: [{ ...sql, status: 'Success', message: 'Success', departures: [] }] });
    expect(document.querySelector('[data-alert]')).toBeNull();
    cleanup();
    renderAlerts({ snapshots: [snap('s3', V2, 'hardware', ['file01'])], vms: [vm('file01', 'FILE01')] });
    expect(document.querySelector('[data-alert]')).toBeNull();
  });
});
