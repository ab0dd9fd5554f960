// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FerryError } from '../../../src-shared/contract';
import type { RestorePoint } from '../../../src-shared/domain';
import type { MountInfo } from '../../../src-shared/mount';
import { NotifyProvider } from '../../components/notify';
import { inventory } from '../../test/fixtures';
import { renderWithStore } from '../../test/render';
import { MountAction } from './MountDialog';

afterEach(cleanup);

const point: RestorePoint = {
  id: 'rp-1', jobId: 'job-1', jobName: 'Nightly', jobDeleted: false, sessionId: 's-1', repositoryId: 'repo-default', createdAt: '2026-11-25T10:00:00Z', lastVerify: null,
  disks: [
    { vmId: 'web01', vmName: 'WEB01', diskIndex: 0, sourcePath: 'C:\\VMs\\WEB01.vhdx', virtualSizeBytes: 64 << 20, storedBytes: 1 << 20, kind: 'full', consistency: 'application' },
    { vmId: 'web01', vmName: 'WEB01', diskIndex: 1, sourcePath: 'C:\\VMs\\WEB01_1.vhdx', virtualSizeBytes: 32 << 20, storedBytes: 1 << 20, kind: 'full', consistency: 'application' },
  ],
};

const mounted = (over: Partial<MountInfo> = {}): MountInfo => ({
  id: 'mnt-1', pointId: 'rp-1', vmId: 'web01', vmName: 'WEB01', diskIndex: 1, url: 'nbd://127.0.0.1:40123/WEB01-disk1-rp-1', port: 40123,
  exportName: 'WEB01-disk1-rp-1', sizeBytes: 32 << 20, startedAt: '2026-11-25T11:00:00Z', connections: 0, bytesRead: 0, chunksRead: 0,
  readErrors: 0, lastReadError: null, ...over,
});

function renderAction(answers: Parameters<typeof renderWithStore>[1]['answers']) {
  renderWithStore(
    <NotifyProvider>
      <MountAction restorePoint={point} />
    </NotifyProvider>,
    { inventory, answers },
  );
  fireEvent.click(screen.getByRole('button', { name: /^Mount a disk of the restore point/ }));
  return screen.getByRole('dialog');
}

describe('Mount a restore point disk', () => {
  it('mounts the chosen disk, shows its NBD address, the commands and live counters, and stops it', async () => {
    let list: MountInfo[] = [];
    const start = vi.fn(() => {
      list = [mounted()];
      return mounted();
    });
    const stop = vi.fn(() => {
      list = [];
      return { ok: true as const };
    });
    const dialog = renderAction({ 'mount.list': () => list, 'mount.start': start, 'mount.stop': stop });
    fireEvent.click(within(dialog).getByRole('combobox', { name: /^Disk/ }));
    fireEvent.click(await screen.findByRole('option', { name: /^WEB01 — disk 1/ }));
    const mountButton = within(dialog).getByRole('button', { name: 'Mount' });
    await waitFor(() => expect(mountButton.hasAttribute('disabled')).toBe(false));
    fireEvent.click(mountButton);

    await waitFor(() => expect(start).toHaveBeenCalledWith({ pointId: 'rp-1', vmId: 'web01', diskIndex: 1 }));
    const address = (await within(dialog).findByRole('textbox', { name: /^NBD address/ })) as HTMLInputElement;
    expect(address.value).toBe('nbd://127.0.0.1:40123/WEB01-disk1-rp-1');
    const commands = within(dialog).getByRole('list', { name: 'Commands that read the mounted disk' });
    expect(within(commands).getByText("qemu-img convert -p -f raw -O raw 'nbd://127.0.0.1:40123/WEB01-disk1-rp-1' 'WEB01-disk1.raw'")).toBeTruthy();
    expect(within(commands).getByText(/^mkdir -p \/tmp\/ferry-mount && nbdfuse -r /)).toBeTruthy();
    expect(within(dialog).getByRole('status').textContent).toBe('0 clients connected · 0 B read · 0 chunks from the repository');

    // the counters follow the host (polled while the dialog is open)
    list = [mounted({ connections: 1, bytesRead: 8 << 20, chunksRead: 8, readErrors: 1, lastReadError: 'chunk damaged' })];
    await waitFor(() => expect(within(dialog).getByRole('status').textContent).toBe('1 client connected · 8.0 MB read · 8 chunks from the repository · 1 failed reads: chunk damaged'), { timeout: 5000 });

    fireEvent.click(within(dialog).getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(stop).toHaveBeenCalledWith({ id: 'mnt-1' }));
    expect(await within(dialog).findByRole('button', { name: 'Mount' })).toBeTruthy();
    expect(within(dialog).queryByRole('textbox', { name: /^NBD address/ })).toBeNull();
  });

  it('shows a disk mounted earlier as mounted, and a refusal as an error', async () => {
    const dialog = renderAction({
      'mount.list': () => [mounted({ diskIndex: 0, url: 'nbd://127.0.0.1:40000/WEB01-disk0-rp-1' })],
      'mount.start': () => {
        throw new FerryError('E_IN_USE', 'Port 40001 on 127.0.0.1 is in use');
      },
    });
    expect(((await within(dialog).findByRole('textbox', { name: /^NBD address/ })) as HTMLInputElement).value).toBe('nbd://127.0.0.1:40000/WEB01-disk0-rp-1');
    expect(within(dialog).getByRole('button', { name: 'Stop' })).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('combobox', { name: /^Disk/ }));
    fireEvent.click(await screen.findByRole('option', { name: /^WEB01 — disk 1/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Mount' }));
    expect(await within(dialog).findByText('The disk was not mounted')).toBeTruthy();
    expect(within(dialog).getByText(/is in use/)).toBeTruthy();
  });
});
