// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import type { Job, RestorePoint } from '../../../src-shared/domain';
import { NotifyProvider } from '../../components/notify';
import { inventory } from '../../test/fixtures';
import { renderWithStore } from '../../test/render';
import { BackupsView } from './BackupsView';
import { backupTree, pointsOfVm } from './backupTree';

afterEach(cleanup);

type Disk = RestorePoint['disks'][number];
const disk = (vmName: string, diskIndex: number, kind: Disk['kind'], consistency: Disk['consistency'] = 'application'): Disk => ({
  vmId: vmName.toLowerCase(), vmName, diskIndex, sourcePath: `C:\\VMs\\${vmName}_${diskIndex}.vhdx`, virtualSizeBytes: 64 << 20, storedBytes: 1 << 20, kind, consistency,
});
const point = (id: string, jobId: string, jobName: string, createdAt: string, disks: Disk[], jobDeleted = false): RestorePoint => ({
  id, jobId, jobName, jobDeleted, sessionId: `s-${id}`, repositoryId: 'repo-default', createdAt, lastVerify: null, disks,
});
const job = (id: string, name: string): Job => ({
  id, createdAt: '2026-11-01T00:00:00Z', lastResult: 'Success', lastRunAt: null, nextRunAt: null,
  spec: {
    kind: 'backup', replication: null,
    name, description: '', vmIds: ['app01'], repositoryId: 'repo-default', processing: { mode: 'on-host' }, compression: 'optimal', blockSize: '1M',
    applicationConsistent: true, requireSuccessfulProcessing: false, changeTracking: true, activeFull: { kind: 'none' }, maxVmsPerSnapshot: 8,
    excludedDisks: [], retention: { keepLast: 7 }, retries: { count: 2, intervalSec: 10 }, schedule: { kind: 'none' },
    window: { enabled: false, start: '22:00', end: '06:00' }, enabled: true,
  },
});

const points = [
  point('rp-1', 'job-1', 'Nightly', '2026-11-24T22:00:00Z', [disk('APP01', 0, 'full'), disk('APP01', 1, 'full'), disk('SQL01', 0, 'full')]),
  point('rp-2', 'job-1', 'Nightly', '2026-11-25T22:00:00Z', [disk('APP01', 0, 'incremental'), disk('APP01', 1, 'full'), disk('SQL01', 0, 'incremental', 'crash')]),
  // a deleted job whose points were kept
  point('rp-3', 'job-old', 'Old weekly', '2026-10-01T22:00:00Z', [disk('DC01', 0, 'full')], true),
  // its job is gone from the jobs list although the point does not say so yet (the lists are fetched apart)
  point('rp-4', 'job-gone', 'Gone', '2026-10-02T22:00:00Z', [disk('DC01', 0, 'full')]),
];

describe('backup tree', () => {
  it('groups points by job and VM, newest first; deleted jobs go under Orphaned', () => {
    const tree = backupTree(points, [job('job-1', 'Nightly')]);
    expect(tree.jobs.map((j) => [j.jobName, j.vms.map((v) => v.vmName), j.pointCount])).toEqual([['Nightly', ['APP01', 'SQL01'], 2]]);
    expect(tree.orphaned.map((j) => j.jobName)).toEqual(['Gone', 'Old weekly']);
    const app = tree.jobs[0]!.vms[0]!;
    expect(app.points.map((p) => [p.point.id, p.kind, p.disks.length, p.sizeBytes])).toEqual([
      ['rp-2', 'incremental', 2, 128 << 20],
      ['rp-1', 'full', 2, 128 << 20],
    ]);
    expect(tree.jobs[0]!.vms[1]!.points[0]!.consistency).toBe('crash');
  });

  it("finds a VM's points across jobs", () => {
    expect(pointsOfVm(points, 'dc01').map((p) => p.point.id)).toEqual(['rp-4', 'rp-3']);
    expect(pointsOfVm(points, 'nope')).toEqual([]);
  });
});

describe('Backups view', () => {
  it('lists jobs and orphaned points as a tree; picking a VM shows its points and the restore commands', async () => {
    renderWithStore(
      <NotifyProvider>
        <BackupsView />
      </NotifyProvider>,
      { inventory, jobs: [job('job-1', 'Nightly')], answers: { 'restorePoints.list': () => points } },
    );
    const tree = await screen.findByRole('tree', { name: 'Backups by job and VM' });
    expect(within(tree).getByRole('treeitem', { name: /^Orphaned/ })).toBeTruthy();
    expect(screen.getByText('Select a VM under a job to see its restore points and restore it.')).toBeTruthy();
    const commands = () => screen.queryByRole('toolbar', { name: 'Restore commands for APP01' });
    expect(commands()).toBeNull();

    fireEvent.click(within(tree).getByRole('treeitem', { name: /^APP01 in Nightly:\s*2 restore points/ }));
    const grid = await screen.findByRole('grid', { name: 'Restore points of APP01' });
    const rows = within(grid).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.querySelector('[data-kind]')?.textContent)).toEqual(['Incremental', 'Full']);
    expect(within(commands()!).getByRole('button', { name: 'Entire VM restore…' }).hasAttribute('disabled')).toBe(false);
    expect(screen.getByText(/\(the newest\)\.$/)).toBeTruthy();

    fireEvent.click(within(tree).getByRole('treeitem', { name: /^DC01 in Old weekly:\s*1 restore point$/ }));
    expect(await screen.findByText(/belong to a deleted job/)).toBeTruthy();
    expect(screen.getByRole('grid', { name: 'Restore points of DC01' })).toBeTruthy();
  });

  it('says when there is nothing yet, and offers Retry on an error', async () => {
    renderWithStore(<BackupsView />, { inventory, answers: { 'restorePoints.list': () => [] } });
    expect(await screen.findByText('No restore points yet. Run a backup job to create the first.')).toBeTruthy();
    cleanup();
    renderWithStore(<BackupsView />, {
      inventory,
      answers: {
        'restorePoints.list': () => {
          throw new Error('repository offline');
        },
      },
    });
    expect(await screen.findByText('Could not load the restore points')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
  });
});
