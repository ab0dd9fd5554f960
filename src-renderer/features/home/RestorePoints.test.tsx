// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import type { RestorePoint } from '../../../src-shared/domain';
import { NotifyProvider } from '../../components/notify';
import { inventory } from '../../test/fixtures';
import { renderWithStore } from '../../test/render';
import { RestorePoints } from './RestorePoints';

afterEach(cleanup);

type Disk = RestorePoint['disks'][number];
const disk = (vmName: string, kind: Disk['kind'], consistency: Disk['consistency']): Disk => ({
  vmId: vmName.toLowerCase(), vmName, diskIndex: 0, sourcePath: `C:\\VMs\\${vmName}.vhdx`, virtualSizeBytes: 64 << 20, storedBytes: 1 << 20, kind, consistency,
});
const point = (id: string, createdAt: string, disks: Disk[]): RestorePoint => ({
  id, jobId: 'job-1', jobName: 'Nightly', jobDeleted: false, sessionId: `s-${id}`, repositoryId: 'repo-default', createdAt, lastVerify: null, disks,
});

describe('Restore points of a job', () => {
  it('shows Full / Incremental and the consistency of each point; crash-consistent VMs stand out', async () => {
    renderWithStore(
      <NotifyProvider>
        <RestorePoints jobId="job-1" />
      </NotifyProvider>,
      {
        inventory,
        answers: {
          'restorePoints.list': () => [
            point('rp-1', '2026-11-24T22:00:00Z', [disk('APP01', 'full', 'application'), disk('SQL01', 'full', 'application')]),
            point('rp-2', '2026-11-25T22:00:00Z', [disk('APP01', 'incremental', 'application'), disk('SQL01', 'incremental', 'crash')]),
          ],
        },
      },
    );
    const grid = await screen.findByRole('grid', { name: 'Restore points' });
    const rows = within(grid).getAllByRole('row').slice(1); // newest first
    expect(within(grid).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(expect.arrayContaining(['Type', 'Consistency']));
    expect(rows[0]!.textContent).toContain('Incremental');
    expect(within(rows[0]!).getByText('Crash: SQL01').closest('[data-consistency]')?.getAttribute('data-consistency')).toBe('crash');
    // Per disk behind a named info button, not a tooltip: keyboard and screen-reader users reach it too.
    const info = within(rows[0]!).getByRole('button', { name: /^Disks of the restore point of / });
    fireEvent.click(info);
    const list = await screen.findByRole('list', { name: 'Disks: full or incremental, consistency' });
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'APP01 disk 0: Incremental, application-consistent',
      'SQL01 disk 0: Incremental, crash-consistent',
    ]);
    expect(rows[0]!.textContent).toContain('databases in these guests replay their logs after a restore');
    expect(rows[1]!.textContent).toContain('Full');
    expect(within(rows[1]!).getByText('Application').getAttribute('data-consistency')).toBe('application');
  });
});
