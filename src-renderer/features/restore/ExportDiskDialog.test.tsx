// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FerryError } from '../../../src-shared/contract';
import type { RestorePoint, TaskView } from '../../../src-shared/domain';
import { NotifyProvider } from '../../components/notify';
import { inventory } from '../../test/fixtures';
import { renderWithStore } from '../../test/render';
import { useFerryStore } from '../../store';
import { ExportDiskDialog } from './ExportDiskDialog';
import { outPathError, withFormatExtension } from './validation';

afterEach(cleanup);

const point: RestorePoint = {
  id: 'rp-1', jobId: 'job-1', jobName: 'Nightly', jobDeleted: false, sessionId: 's-1', repositoryId: 'repo-default', createdAt: '2026-11-25T10:00:00Z', lastVerify: null,
  disks: [
    { vmId: 'app01', vmName: 'APP01', diskIndex: 0, sourcePath: 'C:\\ClusterStorage\\Volume1\\APP01.vhdx', virtualSizeBytes: 64 << 20, storedBytes: 1 << 20, kind: 'full', consistency: 'application' },
    { vmId: 'file01', vmName: 'FILE01', diskIndex: 1, sourcePath: 'C:\\ClusterStorage\\Volume2\\FILE01_1.vhdx', virtualSizeBytes: 64 << 20, storedBytes: 1 << 20, kind: 'incremental', consistency: 'crash' },
  ],
};

const task = (state: TaskView['state'], progress: number): TaskView => ({
  id: 'task-r', title: 'Restore FILE01 disk 1 (RAW)', state, progress, log: [{ at: '2026-11-25T10:00:01Z', level: 'info', text: 'Restoring' }], error: null, result: null,
});

function renderDialog(restore: (p: unknown) => { taskId: string }) {
  const utils = renderWithStore(
    <NotifyProvider>
      <ExportDiskDialog restorePoint={point} onClose={vi.fn()} />
    </NotifyProvider>,
    { inventory, answers: { 'restorePoints.restore': (p) => restore(p), 'tasks.get': () => task('running', 0.4) } },
  );
  useFerryStore.setState({ appInfo: { version: '0', platform: 'lab', dataDir: '/data', labCreatedNow: false, host: 'web' } });
  return { ...utils, dialog: screen.getByRole('dialog') };
}

describe('Export disk', () => {
  it('exports the chosen disk to a raw image and shows the task progress', async () => {
    const restore = vi.fn(() => ({ taskId: 'task-r' }));
    const { dialog } = renderDialog(restore);
    expect(within(dialog).getByText(/^Full, application-consistent\. Every restore point gives the whole disk/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('combobox', { name: /^Disk/ }));
    expect(screen.getByRole('option', { name: /^APP01 — disk 0 .* · Full, application-consistent$/ })).toBeTruthy();
    fireEvent.click(await screen.findByRole('option', { name: /^FILE01 — disk 1 .* · Incremental, crash-consistent$/ }));
    expect(within(dialog).getByText(/^Incremental, crash-consistent: the Hyper-V VSS writer did not run/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('radio', { name: /^Raw image/ }));
    const path = within(dialog).getByRole('textbox', { name: /^File to create/ }) as HTMLInputElement;
    expect(path.value).toMatch(/^\/data\/FILE01-disk1-\d+\.img$/);
    fireEvent.change(path, { target: { value: '/restores/file01.img' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export' }));

    await waitFor(() => expect(restore).toHaveBeenCalled());
    expect(restore.mock.calls[0]).toEqual([{ id: 'rp-1', vmId: 'file01', diskIndex: 1, format: 'raw', outPath: '/restores/file01.img' }]);
    useFerryStore.getState().taskReceived(task('running', 0.4));
    expect(await within(dialog).findByText(/RAW\): 40%/)).toBeTruthy();
    useFerryStore.getState().taskReceived({ ...task('succeeded', 1), log: [...task('running', 0).log, { at: '2026-11-25T10:00:02Z', level: 'info', text: 'Restored' }] });
    expect(await within(dialog).findByText(/: Completed$/)).toBeTruthy();
    expect(within(dialog).queryByRole('button', { name: 'Restore' })).toBeNull();
  });

  it('puts "never overwrites" and a bad path on the path field', async () => {
    const { dialog } = renderDialog(() => {
      throw new FerryError('E_CONFLICT', '/data/x.vhdx already exists: restores never overwrite');
    });
    const path = within(dialog).getByRole('textbox', { name: /^File to create/ });
    fireEvent.change(path, { target: { value: 'relative.vhdx' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export' }));
    expect(await within(dialog).findByText(/Give a full path/)).toBeTruthy();
    fireEvent.change(path, { target: { value: '/data/x.vhdx' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export' }));
    expect(await within(dialog).findByText(/already exists: restores never overwrite/)).toBeTruthy();
    expect(path.getAttribute('aria-invalid')).toBe('true');
  });
});

describe('export rules', () => {
  it('wants a full file path and keeps the extension in step with the format', () => {
    expect(outPathError('')).toMatch(/Enter/);
    expect(outPathError('D:\\Restores\\')).toMatch(/file name/);
    expect(outPathError('D:\\Restores\\a.vhdx')).toBeNull();
    expect(withFormatExtension('/r/a.vhdx', 'raw')).toBe('/r/a.img');
    expect(withFormatExtension('/r/a.img', 'vhdx')).toBe('/r/a.vhdx');
  });
});
