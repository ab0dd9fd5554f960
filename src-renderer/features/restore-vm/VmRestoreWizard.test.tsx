// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { RestorePlan, RestoreVmRequestInput } from '../../../src-shared/contract/restore';
import { NotifyProvider } from '../../components/notify';
import { useFerryStore } from '../../store';
import { inventory } from '../../test/fixtures';
import { renderWithStore } from '../../test/render';
import { plan, restorePoints, targets } from '../../test/restoreFixtures';
import { VmRestoreWizard } from './VmRestoreWizard';

afterEach(cleanup);

function renderWizard(planAnswer: (r: RestoreVmRequestInput) => RestorePlan) {
  const onClose = vi.fn();
  const start = vi.fn((_r: RestoreVmRequestInput) => ({ sessionId: 'rs-1' }));
  const planVm = vi.fn(planAnswer);
  renderWithStore(
    <NotifyProvider>
      <VmRestoreWizard vmId="app01" pointId={null} onClose={onClose} />
    </NotifyProvider>,
    { inventory, answers: { 'restore.targets': () => targets, 'restore.planVm': (r) => planVm(r), 'restore.startVm': (r) => start(r) } },
  );
  useFerryStore.setState({ allRestorePoints: { data: restorePoints, status: 'ready', error: null, refreshing: false } });
  return { onClose, start, planVm, dialog: screen.getByRole('dialog') };
}

const click = (dialog: HTMLElement, name: string) => fireEvent.click(within(dialog).getByRole('button', { name }));
const heading = (dialog: HTMLElement) => within(dialog).getByRole('heading', { level: 3 }).textContent;

describe('Entire VM restore wizard', () => {
  it('restores to a new location: host and path defaults, `<name>_restored`, network map, plan, then the session', async () => {
    const { dialog, start, onClose } = renderWizard(() => plan());
    const appVm = await within(dialog).findByRole('checkbox', { name: /^APP01 — newest point/ });
    expect((appVm as HTMLInputElement).checked).toBe(true);
    fireEvent.click(appVm);
    click(dialog, 'Next');
    expect(within(dialog).getByText('Pick at least one VM')).toBeTruthy();
    expect(heading(dialog)).toBe('Virtual machines');
    fireEvent.click(appVm);
    click(dialog, 'Next');

    expect(heading(dialog)).toBe('Restore point');
    expect(within(dialog).getByRole('combobox', { name: /^Restore point of APP01/ }).textContent).toMatch(/Incremental/);
    expect(within(dialog).getByText(/^Generation 2, 4 vCPU, 4.0 GB memory, 2 NIC\(s\), 2 disk\(s\)$/)).toBeTruthy();
    click(dialog, 'Next');

    expect(heading(dialog)).toBe('Restore mode');
    expect((within(dialog).getByRole('switch', { name: /^Quick rollback/ }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(dialog).getByRole('radio', { name: /^New location/ }));
    expect(within(dialog).queryByRole('switch', { name: /^Quick rollback/ })).toBeNull();
    click(dialog, 'Next');

    expect(heading(dialog)).toBe('Host');
    click(dialog, 'Next');
    expect(within(dialog).getByText('Choose the host or cluster to restore to')).toBeTruthy();
    fireEvent.click(await within(dialog).findByRole('combobox', { name: /^Host or cluster/ }));
    fireEvent.click(await screen.findByRole('option', { name: /^HV01 \(Hyper-V host/ }));
    expect(screen.queryByRole('option', { name: /^PROXY01/ })).toBeNull();
    expect((within(dialog).getByRole('textbox', { name: /^Folder for the VM files/ }) as HTMLInputElement).value).toBe('D:\\Hyper-V');
    const name = within(dialog).getByRole('textbox', { name: /^New name of APP01/ }) as HTMLInputElement;
    expect(name.value).toBe('APP01_restored');
    fireEvent.change(name, { target: { value: 'DC01' } });
    click(dialog, 'Next');
    expect(within(dialog).getByText('A VM named DC01 already exists on HV01')).toBeTruthy();
    fireEvent.change(name, { target: { value: 'APP01_restored' } });
    click(dialog, 'Next');

    expect(heading(dialog)).toBe('Network');
    expect(within(dialog).getByRole('combobox', { name: 'Target switch for LAN' }).textContent).toBe('LAN');
    expect(within(dialog).getByRole('combobox', { name: 'Target switch for Backup' }).textContent).toBe('Not connected');
    click(dialog, 'Next');

    expect(heading(dialog)).toBe('Reason');
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Power on the VM after restoring' }));
    fireEvent.change(within(dialog).getByRole('textbox', { name: /^Reason/ }), { target: { value: 'DR test' } });
    click(dialog, 'Next');

    expect(heading(dialog)).toBe('Summary');
    expect(await within(dialog).findByText('Enough space')).toBeTruthy();
    expect(within(dialog).getByText(/Backup NIC: Backup → not connected/)).toBeTruthy();
    click(dialog, 'Finish');
    await waitFor(() => expect(start).toHaveBeenCalled());
    expect(start.mock.calls[0]![0]).toEqual({
      vms: [{ vmId: 'app01', pointId: 'rp-2', newName: 'APP01_restored' }],
      mode: 'new',
      target: { serverId: 'hv01', path: 'D:\\Hyper-V', newVmId: true, registerClusterRole: false, networkMap: [{ sourceSwitch: 'Backup', targetSwitch: null }, { sourceSwitch: 'LAN', targetSwitch: 'LAN' }] },
      powerOn: true,
      reason: 'DR test',
    });
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(useFerryStore.getState().route).toEqual({ view: 'session', sessionId: 'rs-1' });
  });

  it('refuses up front when the target is short of space: Finish stays disabled and the summary says by how much', async () => {
    const short = plan({
      ok: false,
      space: [{ volumePath: 'C:\\ClusterStorage\\Volume1', serverName: 'HVC01', neededBytes: 10 * 2 ** 30, freeBytes: 2 * 2 ** 30, ok: false }],
      blockers: [{ code: 'E_TARGET_NO_SPACE', message: 'C:\\ClusterStorage\\Volume1 on HVC01 has 2 GB free, the restore needs 10 GB', vmId: 'app01' }],
    });
    const { dialog, start, planVm } = renderWizard(() => short);
    await within(dialog).findByRole('checkbox', { name: /^APP01/ });
    click(dialog, 'Next');
    click(dialog, 'Next');
    click(dialog, 'Next'); // original location, quick rollback on
    expect(heading(dialog)).toBe('Reason');
    click(dialog, 'Next');
    expect(await within(dialog).findByText('Short by 8.0 GB')).toBeTruthy();
    expect(within(dialog).getByRole('list', { name: 'What blocks the restore' }).textContent).toMatch(/needs 10 GB/);
    expect(planVm.mock.calls[0]![0]).toEqual({ vms: [{ vmId: 'app01', pointId: 'rp-2' }], mode: 'original', quickRollback: true, powerOn: false, reason: '' });
    expect(within(dialog).getByRole('button', { name: 'Finish' }).hasAttribute('disabled')).toBe(true);
    expect(start).not.toHaveBeenCalled();
  });
});
