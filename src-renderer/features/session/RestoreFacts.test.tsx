// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import type { RestoreSessionFacts } from '../../../src-shared/contract/restore';
import { inventory } from '../../test/fixtures';
import { renderWithStore } from '../../test/render';
import { RestoreFacts } from './RestoreFacts';

afterEach(cleanup);

const facts = (patch: Partial<RestoreSessionFacts['items'][number]> = {}): RestoreSessionFacts => ({
  sessionId: 'rs-1', mode: 'original', reason: 'ticket 42', powerOn: false, bytesWritten: 256 << 10,
  items: [
    {
      vmId: 'app01', vmName: 'APP01', pointId: 'rp-2', targetServerId: 'clu01', targetHostId: 'hvc01', targetVmName: 'APP01', restoredVmId: 'app01',
      step: 'done', quickRollback: true, targetState: 'APP01: disks restored to the point; the VM is off', error: null,
      disks: [{ diskIndex: 0, targetPath: 'C:\\ClusterStorage\\Volume1\\APP01.vhdx', state: 'Written', bytesTotal: 256 << 10, bytesWritten: 256 << 10 }],
      ...patch,
    },
  ],
});

function renderFacts(answer: () => RestoreSessionFacts) {
  renderWithStore(<RestoreFacts sessionId="rs-1" running={false} progress={1} />, { inventory, answers: { 'restore.session': answer } });
}

describe('Restore facts in the session view', () => {
  it('says the mode, the reason, how much quick rollback wrote, and what the target is left as', async () => {
    renderFacts(() => facts());
    const item = await screen.findByRole('region', { name: 'Restore of APP01' });
    expect(screen.getByText('Entire VM restore to the original location')).toBeTruthy();
    expect(screen.getByText('Reason: ticket 42')).toBeTruthy();
    expect(within(item).getByText('Quick rollback: 256 KB written (only the blocks changed since the point)')).toBeTruthy();
    expect(within(item).getByText('Done')).toBeTruthy();
    expect(within(item).getByText(/the VM is off$/)).toBeTruthy();
    expect(within(item).getByRole('grid', { name: 'Disks of APP01' }).textContent).toContain('Written');
  });

  it('shows a failed step with its code, and the error of the call itself', async () => {
    renderFacts(() => facts({ step: 'register', error: { code: 'E_RESTORE_STEP_FAILED', message: 'Import-VM failed; the restored files were removed' } }));
    expect(await screen.findByText('APP01: E_RESTORE_STEP_FAILED')).toBeTruthy();
    expect(screen.getByText('Registering the VM')).toBeTruthy();
    cleanup();
    renderFacts(() => {
      throw new Error('E_NOT_FOUND: no restore session rs-1');
    });
    expect(await screen.findByText("Could not load the restore's details")).toBeTruthy();
  });
});
