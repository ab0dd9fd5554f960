// Recovery, as an admin walks it on a fresh lab: back up two VMs, find their restore points under Backups and in
// Inventory (with the VM configuration), then restore an entire VM to another host (it appears there and starts),
// roll a VM back in place with quick rollback (the session says how much was written), and restore a disk to
// another VM. Every restore goes through its wizard, ends in the session view, and is screenshotted.
import { expectNoSeriousA11yViolations } from './fixtures/a11y';
import { attachHostOutputOnFailure, expect, skipWithoutRunner, test } from './fixtures/test';
import { BackupsPage } from './pages/BackupsPage';

const JOB = 'Web servers';
const VMS = ['vm-web01', 'vm-web02'];

test.describe.configure({ mode: 'serial' });
skipWithoutRunner();
attachHostOutputOnFailure();

test.describe('restore', () => {
  test.beforeAll(async ({ consoleApp }) => {
    const [repo] = await consoleApp.call('repositories.list', {});
    const job = await consoleApp.call('jobs.create', { name: JOB, vmIds: VMS, repositoryId: repo!.id, processing: { mode: 'on-host' } });
    const { sessionId } = await consoleApp.call('jobs.start', { id: job.id });
    await expect.poll(async () => (await consoleApp.call('sessions.get', { id: sessionId })).session.result, { timeout: 60_000 }).toBe('Success');
  });

  test('Backups lists the job → VM → points; Inventory shows the VM configuration and the same points', async ({ shell, shot }) => {
    const backups = new BackupsPage(shell.page);
    await shell.open('Backups');
    await backups.selectVm('WEB01', JOB);
    await expect(backups.pointRows('WEB01')).toHaveCount(1);
    await expect(backups.pointRows('WEB01').first().locator('[data-kind]')).toHaveText('Full');
    await expect(backups.command('WEB01', 'Entire VM restore…')).toBeEnabled();
    await shot('restore-01-backups');
    await expectNoSeriousA11yViolations(shell.page, 'Backups');

    await shell.open('Inventory');
    await shell.page.getByRole('tab', { name: /^Virtual machines/ }).click();
    await shell.page.getByRole('grid', { name: 'Virtual machines' }).getByRole('radio', { name: 'Select WEB01' }).check();
    await expect(shell.page.getByRole('region', { name: 'Configuration of WEB01' })).toContainText(/Generation\s*[12]/);
    await expect(shell.page.getByRole('grid', { name: 'Network adapters of WEB01' })).toBeVisible();
    await expect(backups.pointRows('WEB01')).toHaveCount(1);
    await shot('restore-02-inventory-vm');
  });

  test('Entire VM restore to a new location: WEB01_restored appears on HV01 and starts', async ({ shell, session, consoleApp, shot }) => {
    const backups = new BackupsPage(shell.page);
    await shell.open('Backups');
    await backups.selectVm('WEB01', JOB);
    const wizard = await backups.openVmRestore('WEB01');
    await expect(wizard.dialog.getByRole('checkbox', { name: /^WEB01/ })).toBeChecked();
    await wizard.next('Restore point');
    await wizard.next('Restore mode');
    await wizard.dialog.getByRole('radio', { name: /^New location/ }).check();
    await wizard.next('Host');
    await wizard.choose(/^Host or cluster/, /^HV01 /);
    await expect(wizard.dialog.getByRole('textbox', { name: /^New name of WEB01/ })).toHaveValue('WEB01_restored');
    await shot('restore-03-vm-host');
    await wizard.next('Network');
    await shot('restore-04-vm-network');
    await wizard.next('Reason');
    await wizard.dialog.getByRole('checkbox', { name: 'Power on the VM after restoring' }).check();
    await wizard.dialog.getByRole('textbox', { name: /^Reason/ }).fill('DR test');
    await wizard.next();
    await wizard.expectPlanned();
    await expect(wizard.dialog.locator('[data-space="ok"]').first()).toBeVisible();
    await shot('restore-05-vm-summary');
    await expectNoSeriousA11yViolations(shell.page, 'Entire VM restore summary');
    await wizard.finish();

    await expect(session.region).toBeVisible();
    await expect(session.header.getByRole('heading', { name: `Restore from ${JOB}` })).toBeVisible();
    await expect(session.region.locator('[data-restore-mode="new"]')).toBeVisible();
    await expect(session.result()).toHaveAttribute('data-result', 'Success', { timeout: 90_000 });
    await expect(session.region.locator('[data-restore-step="done"]')).toBeVisible();
    await shot('restore-06-vm-session');
    const inv = await consoleApp.call('inventory.get', {});
    const restored = inv.vms.find((vm) => vm.name === 'WEB01_restored');
    expect(restored?.hostId).toBe('hv01');
    expect(restored?.state).toBe('Running');

    await shell.open('Inventory');
    await shell.page.getByRole('tab', { name: /^Virtual machines/ }).click();
    const row = shell.page.getByRole('grid', { name: 'Virtual machines' }).getByRole('row', { name: /WEB01_restored/ });
    await expect(row).toContainText('HV01');
    await expect(row).toContainText('Running');
  });

  test('Original location with quick rollback writes only what changed, and says how much', async ({ shell, session, shot }) => {
    const backups = new BackupsPage(shell.page);
    await shell.open('Backups');
    await backups.selectVm('WEB01', JOB);
    const wizard = await backups.openVmRestore('WEB01');
    await wizard.next('Restore point');
    await wizard.next('Restore mode');
    await expect(wizard.dialog.getByRole('radio', { name: /^Original location/ })).toBeChecked();
    await expect(wizard.dialog.getByRole('switch', { name: /^Quick rollback/ })).toBeChecked();
    await wizard.next('Reason');
    await wizard.next();
    await wizard.expectPlanned();
    await expect(wizard.dialog.getByText(/quick rollback/).first()).toBeVisible();
    await shot('restore-07-rollback-summary');
    await wizard.finish();
    await expect(session.result()).toHaveAttribute('data-result', 'Success', { timeout: 90_000 });
    const rollback = session.region.locator('[data-quick-rollback]');
    await expect(rollback).toHaveText(/^Quick rollback: \d[\d.]* [KMG]?B written \(only the blocks changed since the point\)$/);
    // only what the guest changed since the point went back: far less than the 48 MB disk
    const written = Number(await session.region.locator('[data-restore-written]').getAttribute('data-restore-written'));
    expect(written).toBeLessThan(48 * 2 ** 20 / 4);
    await shot('restore-08-rollback-session');
  });

  test('Virtual disks restore: a disk of WEB01 attached to WEB02 (off)', async ({ shell, session, consoleApp, shot }) => {
    const backups = new BackupsPage(shell.page);
    await shell.open('Backups');
    await backups.selectVm('WEB01', JOB);
    const wizard = await backups.openDisksRestore('WEB01');
    await wizard.dialog.getByRole('checkbox', { name: /^Disk 0/ }).check();
    await wizard.next('Target');
    await wizard.dialog.getByRole('radio', { name: /^Another VM/ }).check();
    await wizard.choose(/^VM/, /^WEB02 on HV02 \(Off\)/);
    await shot('restore-09-disks-target');
    await wizard.next();
    await wizard.expectPlanned();
    await wizard.finish();
    await expect(session.result()).toHaveAttribute('data-result', 'Success', { timeout: 90_000 });
    await expect(session.region.locator('[data-restore-mode="disks"]')).toBeVisible();
    await shot('restore-10-disks-session');
    const web02 = (await consoleApp.call('inventory.get', {})).vms.find((vm) => vm.id === 'vm-web02');
    expect(web02?.disks.length).toBe(2);
  });

  test('Deleting the job asks keep or delete; kept points stay restorable under Orphaned', async ({ shell, home, shot }) => {
    await shell.open('Home');
    await home.deleteJob(JOB, 'keep');
    const backups = new BackupsPage(shell.page);
    await shell.open('Backups');
    await expect(backups.tree.getByRole('treeitem', { name: /^Orphaned/ })).toBeVisible();
    await backups.selectVm('WEB01', JOB);
    await expect(shell.page.getByText(/belong to a deleted job/)).toBeVisible();
    await expect(backups.pointRows('WEB01')).toHaveCount(1);
    await expect(backups.command('WEB01', 'Entire VM restore…')).toBeEnabled();
    await shot('restore-11-orphaned');
  });
});
