// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { RestoreDisksRequestInput } from '../../../src-shared/contract/restore';
import { NotifyProvider } from '../../components/notify';
import { useFerryStore } from '../../store';
import { inventory } from '../../test/fixtures';
import { renderWithStore } from '../../test/render';
import { plan, restorePoints, targets } from '../../test/restoreFixtures';
import { DiskRestoreWizard } from './DiskRestoreWizard';

afterEach(cleanup);

const click = (dialog: HTMLElement, name: string) => fireEvent.click(within(dialog).getByRole('button', { name }));
const heading = (dialog: HTMLElement) => within(dialog).getByRole('heading', { level: 3 }).textContent;

describe('Virtual disks restore wizard', () => {
  it('picks a disk, refuses a running target VM, then restores into a folder on a managed server', async () => {
    const start = vi.fn((_r: RestoreDisksRequestInput) => ({ sessionId: 'rs-2' }));
    renderWithStore(
      <NotifyProvider>
        <DiskRestoreWizard vmId="app01" pointId="rp-1" onClose={vi.fn()} />
      </NotifyProvider>,
      { inventory, answers: { 'restore.targets': () => targets, 'restore.planDisks': () => plan(), 'restore.startDisks': (r) => start(r) } },
    );
    useFerryStore.setState({ allRestorePoints: { data: restorePoints, status: 'ready', error: null, refreshing: false } });
    const dialog = screen.getByRole('dialog');
    click(dialog, 'Next');
    expect(await within(dialog).findByText('Pick at least one disk')).toBeTruthy();
    // opened from the older point: it stays chosen
    expect(within(dialog).getByRole('combobox', { name: /^Restore point/ }).textContent).toMatch(/Full/);
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /^Disk 1:/ }));
    click(dialog, 'Next');

    expect(heading(dialog)).toBe('Target');
    click(dialog, 'Next');
    expect(within(dialog).getByText('APP01 is running: shut it down first (its disks are replaced)')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('radio', { name: /^Another VM/ }));
    fireEvent.click(within(dialog).getByRole('combobox', { name: /^VM/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'DC01 on HV01 (Running)' }));
    click(dialog, 'Next');
    expect(within(dialog).getByText('DC01 is running: shut it down first')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('radio', { name: /^A folder on a managed server/ }));
    fireEvent.click(within(dialog).getByRole('combobox', { name: /^Server/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'PROXY01' }));
    fireEvent.change(within(dialog).getByRole('textbox', { name: /^Folder/ }), { target: { value: 'E:\\Restores' } });
    click(dialog, 'Next');

    expect(heading(dialog)).toBe('Summary');
    expect(await within(dialog).findByText('Enough space')).toBeTruthy();
    click(dialog, 'Finish');
    await waitFor(() => expect(start).toHaveBeenCalled());
    expect(start.mock.calls[0]![0]).toEqual({ pointId: 'rp-1', vmId: 'app01', diskIndexes: [1], target: { kind: 'folder', serverId: 'proxy01', path: 'E:\\Restores' }, reason: '' });
    await waitFor(() => expect(useFerryStore.getState().route).toEqual({ view: 'session', sessionId: 'rs-2' }));
  });
});
