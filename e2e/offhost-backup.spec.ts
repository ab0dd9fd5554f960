// The off-host story end to end, as an admin walks it: add and edit a proxy, add a repository, create a
// job (exclusions, retention, pinned proxy), clone / disable / edit / delete, run it with a forced failure,
// retry, a failover to on-host, a stop, then verify and restore. Every wizard step is screenshotted.
import { join } from 'node:path';
import { expectNoSeriousA11yViolations } from './fixtures/a11y';
import { buttonsWrappedInCells, cellsRunningOver } from './fixtures/layout';
import { attachHostOutputOnFailure, expect, skipWithoutRunner, test } from './fixtures/test';

const JOB = 'Cluster apps off-host';
const CLONE = `Copy of ${JOB}`;

test.describe.configure({ mode: 'serial' });
skipWithoutRunner();
attachHostOutputOnFailure();

/** HH:MM twelve hours from now: a schedule that cannot fire while the suite runs. */
function farFromNow(): string {
  const d = new Date(Date.now() + 12 * 3600_000);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

test.describe('off-host backup', () => {
  test('the console connects to a fresh lab; every view is accessible', async ({ shell, shot }) => {
    await shell.expectConnected();
    await shot('00-home-empty');
    await expectNoSeriousA11yViolations(shell.page, 'Home');
    await shell.open('Inventory');
    await expect(shell.page.getByRole('grid', { name: 'Hosts' })).toBeVisible();
    await expectNoSeriousA11yViolations(shell.page, 'Inventory');
    await shot('01-inventory');
  });

  test('the Add proxy wizard works from the keyboard alone', async ({ shell, infrastructure }) => {
    await shell.open('Backup Infrastructure');
    const wizard = await infrastructure.addProxy(); // focus is on the step heading now
    const page = wizard.page;
    await page.keyboard.press('Tab');
    await expect(wizard.dialog.getByRole('combobox', { name: /^Server/ })).toBeFocused();
    await page.keyboard.press('Enter');
    await page.keyboard.type('PROXY02'); // type-ahead in the open list
    await page.keyboard.press('Enter');
    await expect(wizard.dialog.getByRole('combobox', { name: /^Server/ })).toHaveText(/PROXY02/);
    await page.keyboard.press('Tab'); // Add new server…
    await expect(wizard.button('Add new server…')).toBeFocused();
    await page.keyboard.press('Tab'); // description
    await page.keyboard.press('Tab'); // Back is disabled, so: Next
    await expect(wizard.button('Next')).toBeFocused();
    await page.keyboard.press('Enter');
    await wizard.expectStep('Readiness');
    await expect(wizard.readinessTable('PROXY02')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(wizard.dialog).toBeHidden();
  });

  test('Add off-host backup proxy: refusals, connected volumes, tasks, traffic rules, review, apply', async ({ shell, infrastructure, shot }) => {
    await shell.open('Backup Infrastructure');
    const wizard = await infrastructure.addProxy();
    await expect(wizard.button('Next')).toBeDisabled();
    await shot('proxy-01-server');

    // A cluster node first: readiness runs and refuses the node's own CSVs.
    await wizard.chooseServer(/^HVC01/);
    await wizard.next('Readiness');
    await expect(wizard.rows('HVC01', 'fail').filter({ hasText: /node of cluster CLU01/ }).first()).toBeVisible();
    await expect(wizard.button('Next')).toBeDisabled();
    await shot('proxy-02-readiness-cluster-node');

    await wizard.back('Server');
    await wizard.chooseServer(/^PROXY01/);
    await shot('proxy-03-server-proxy01');
    await wizard.next('Readiness');
    await expect(wizard.rows('PROXY01', 'pass').first()).toBeVisible();
    await expect(wizard.dialog.getByText(/PROXY01 can back up \d+ volumes? off-host/)).toBeVisible();
    await shot('proxy-04-readiness');

    await wizard.next('Connected volumes');
    await wizard.dialog.getByRole('radio', { name: 'Only the volumes I choose' }).check();
    await expect(wizard.dialog.getByText(/Choose at least one volume/)).toBeVisible();
    await expect(wizard.button('Next')).toBeDisabled();
    await shot('proxy-05-volumes-none-chosen');
    await expectNoSeriousA11yViolations(wizard.page, 'Proxy wizard, Connected volumes');
    await wizard.volumesAutomatic();
    await shot('proxy-06-volumes');

    await wizard.next('Max concurrent tasks');
    const tasks = wizard.dialog.getByRole('spinbutton', { name: /Max concurrent tasks/ });
    await tasks.fill('0');
    await tasks.press('Tab');
    await expect(wizard.dialog.getByText(/At least 1 task/)).toBeVisible();
    await expect(wizard.button('Next')).toBeDisabled();
    await shot('proxy-07-tasks-invalid');
    await wizard.setMaxTasks(8);
    await shot('proxy-08-tasks');

    await wizard.next('Traffic rules');
    await wizard.dialog.getByRole('checkbox', { name: /Throttle reads/ }).check();
    const rate = wizard.dialog.getByRole('spinbutton', { name: /Maximum read rate/ });
    await rate.fill('0');
    await rate.press('Tab');
    await expect(wizard.dialog.getByText(/at least 1 MB\/s/)).toBeVisible();
    await expect(wizard.button('Next')).toBeDisabled();
    await shot('proxy-09-traffic-invalid');
    await wizard.setThrottle(null);
    await shot('proxy-10-traffic');

    await wizard.next('Review');
    await expect(wizard.dialog.getByRole('list', { name: 'Components to install' })).toContainText('FerryAgent');
    await expect(wizard.dialog.getByRole('definition').filter({ hasText: 'unlimited' })).toBeVisible();
    await shot('proxy-11-review');

    await wizard.applyAndWait();
    await expect(wizard.dialog.getByRole('log', { name: 'Installation log' })).toContainText('registered');
    await shot('proxy-12-apply');
    await wizard.next('Summary');
    await shot('proxy-13-summary');
    await wizard.button('Finish').click();
    await expect(wizard.dialog).toBeHidden();

    const row = infrastructure.proxyRow('PROXY01');
    await expect(row).toContainText('Ready');
    await expect(row).toContainText('0 / 8');
    await expect(row).toContainText('Automatic');
    await shot('proxy-14-listed');
    // long volume paths wrap inside their column instead of running over the traffic rule
    expect(await cellsRunningOver(infrastructure.page.getByRole('main'))).toEqual([]);
    await expectNoSeriousA11yViolations(infrastructure.page, 'Backup Infrastructure');
  });

  test('Edit proxy: chosen volumes and a traffic rule; Re-check', async ({ infrastructure, shot }) => {
    const wizard = await infrastructure.editProxy('PROXY01');
    await expect(wizard.dialog.getByRole('textbox', { name: /^Server/ })).toHaveValue('PROXY01');
    await shot('proxy-edit-01-server');
    await wizard.next('Readiness');
    await expect(wizard.rows('PROXY01', 'pass').first()).toBeVisible();
    await wizard.next('Connected volumes');
    await wizard.volumesChosen(['C:\\ClusterStorage\\Volume1', 'C:\\ClusterStorage\\Volume2']);
    await shot('proxy-edit-02-volumes');
    await wizard.next('Max concurrent tasks');
    await wizard.next('Traffic rules');
    await wizard.setThrottle(200);
    await shot('proxy-edit-03-traffic');
    await wizard.next('Review');
    const changes = wizard.dialog.getByRole('table', { name: 'Changes to the proxy' });
    await expect(changes.locator('[data-changed="true"]')).toHaveCount(2);
    await shot('proxy-edit-04-review');
    await wizard.button('Save').click();
    await wizard.expectStep('Summary');
    await shot('proxy-edit-05-summary');
    await wizard.button('Finish').click();
    await expect(wizard.dialog).toBeHidden();

    const row = infrastructure.proxyRow('PROXY01');
    await expect(row).toContainText('200 MB/s, always');
    await expect(row).toContainText('Chosen: C:\\ClusterStorage\\Volume1, C:\\ClusterStorage\\Volume2');
    await infrastructure.command('Re-check').click();
    await expect(infrastructure.page.getByText('PROXY01 is ready', { exact: true })).toBeVisible();
    await shot('proxy-edit-06-rechecked');
  });

  test('Add backup repository: validation, a refused folder, then created', async ({ infrastructure, consoleApp, shot }) => {
    const wizard = await infrastructure.addRepository();
    await wizard.expectRefused('Name', 'Name is required');
    await shot('repo-01-name-required');
    await wizard.setName('Second repository');
    await wizard.next('Folder');
    await expect(wizard.dialog.getByRole('textbox', { name: /^Folder/ })).toHaveValue(/second-repository$/);
    await wizard.setFolder('backups');
    await wizard.expectRefused('Folder', /Give a full path/);
    await shot('repo-02-folder-invalid');
    await expectNoSeriousA11yViolations(wizard.page, 'Repository wizard, Folder');
    await wizard.back('Name');
    await expect(wizard.dialog.getByRole('textbox', { name: /^Name/ })).toHaveValue('Second repository');
    await wizard.next('Folder');

    // The test's temp folder holds the lab: a folder with other data is refused by the host.
    await wizard.setFolder(consoleApp.dataDir);
    await wizard.next('Review');
    await wizard.create();
    await expect(wizard.dialog.getByText('The folder holds other data')).toBeVisible();
    await shot('repo-03-refused');
    await wizard.dialog.getByRole('button', { name: 'Change the folder' }).click();
    await wizard.expectStep('Folder');
    await wizard.setFolder(join(consoleApp.dataDir, 'second-repo'));
    await wizard.next('Review');
    await shot('repo-04-review');
    await wizard.create();
    await shot('repo-05-summary');
    await wizard.finish();
    await expect(infrastructure.repositoryRow('Second repository')).toBeVisible();
    await shot('repo-06-listed');
  });

  test('New backup job: every step validated, disk exclusions, pinned proxy, snapshot plan', async ({ shell, home, shot }) => {
    await shell.open('Home');
    const wizard = await home.newJob();
    await wizard.expectRefused('Name', 'Name is required');
    await wizard.setName(JOB, 'Cluster VMs, read by the off-host proxy');
    await shot('job-01-name');

    await wizard.next('Virtual machines');
    await wizard.expectRefused('Virtual machines', 'Select at least one VM');
    await wizard.search('app0');
    await expect(wizard.vmItem('FILE01')).toHaveCount(0);
    await wizard.checkVm('APP01');
    await shot('job-02-vms-search');
    await wizard.search('');
    await wizard.checkVm('FILE01');
    await wizard.excludeDisk('FILE01', 1);
    await expect(wizard.dialog.getByText(/^2 VMs selected, .*1 disk excluded/)).toBeVisible();
    await shot('job-03-vms-exclusions');
    await expectNoSeriousA11yViolations(wizard.page, 'Job wizard, Virtual machines');

    await wizard.next('Storage');
    await wizard.expectRefused('Storage', 'Choose a backup repository');
    await wizard.chooseRepository(/^Default/);
    const keep = wizard.dialog.getByRole('spinbutton', { name: /Restore points to keep/ });
    await keep.fill('0');
    await keep.press('Tab');
    await wizard.expectRefused('Storage', 'Keep 1 to 1000 restore points');
    await wizard.setSpin(/Restore points to keep/, 3);
    await shot('job-04-storage');

    await wizard.next('Guest processing');
    await expect(wizard.dialog.getByRole('radio', { name: /^Application-consistent/ })).toBeChecked();
    await shot('job-05-guest');

    await wizard.next('Processing mode');
    await wizard.expectOffHostAutomaticWithFailover();
    await wizard.dialog.getByRole('radio', { name: /Use the following backup proxy servers only/ }).check();
    await wizard.expectRefused('Processing mode', 'Pick at least one proxy');
    await wizard.pinProxies(['PROXY01']);
    const perSnapshot = wizard.dialog.getByRole('spinbutton', { name: /VMs per volume snapshot/ });
    await perSnapshot.fill('9');
    await perSnapshot.press('Tab');
    await wizard.expectRefused('Processing mode', 'Enter 1 to 8 VMs per snapshot');
    await wizard.setSpin(/VMs per volume snapshot/, 4);
    await shot('job-06-processing');

    await wizard.next('Schedule');
    await wizard.dialog.getByRole('radio', { name: 'Daily' }).check();
    await wizard.dialog.getByLabel('At', { exact: true }).fill(farFromNow());
    await wizard.setSpin(/Retries of failed VMs/, 0); // a forced failure below should stay a failure
    await shot('job-07-schedule');

    await wizard.next('Summary');
    await expect(wizard.planTable.getByRole('row').filter({ hasText: 'Off-host proxy PROXY01' })).toHaveCount(2);
    await expect(wizard.dialog.getByText('2 volume snapshots, 2 read off-host, 0 on-host')).toBeVisible();
    await expect(wizard.dialog.getByRole('definition').filter({ hasText: 'FILE01 disk 1' })).toBeVisible();
    await wizard.planTable.scrollIntoViewIfNeeded();
    await shot('job-08-summary');
    await expectNoSeriousA11yViolations(wizard.page, 'Job wizard, Summary');
    await wizard.back('Schedule');
    await expect(wizard.dialog.getByRole('radio', { name: 'Daily' })).toBeChecked();
    await wizard.next('Summary');
    await wizard.finish();

    const row = home.jobRow(JOB);
    await expect(row).toContainText('Off-host (failover to on-host)');
    await expect(row).toContainText('PROXY01');
    await expect(row).toContainText(/Daily at/);
    await shot('job-09-listed');
  });

  test('Remove proxy is refused while a job pins it, naming the job', async ({ shell, infrastructure, shot }) => {
    await shell.open('Backup Infrastructure');
    await infrastructure.selectProxy('PROXY01');
    await infrastructure.command('Remove proxy').click();
    const confirm = infrastructure.page.getByRole('alertdialog', { name: 'Remove off-host backup proxy' });
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await expect(confirm).toContainText(`pinned by job(s) ${JOB}`);
    await shot('proxy-15-remove-refused');
    await confirm.getByRole('button', { name: 'Close' }).click();
    await expect(infrastructure.proxyRow('PROXY01')).toBeVisible();
  });

  test('Clone, disable, edit and delete a job', async ({ shell, home, shot }) => {
    await shell.open('Home');
    const clone = await home.cloneJob(JOB);
    await expect(clone.dialog.getByRole('textbox', { name: /^Name/ })).toHaveValue(CLONE);
    await shot('job-clone-01-name');
    for (const step of ['Virtual machines', 'Storage', 'Guest processing', 'Processing mode']) await clone.next(step);
    await clone.dialog.getByRole('radio', { name: /^On-host backup/ }).check();
    await clone.next('Schedule');
    await clone.next('Summary');
    await expect(clone.planTable.getByRole('row').filter({ hasText: 'On-host' })).toHaveCount(2);
    await shot('job-clone-02-summary');
    await clone.finish();
    await expect(home.jobRow(CLONE)).toContainText('On-host');

    await home.selectJob(CLONE);
    await home.command('Disable').click();
    await expect(home.jobRow(CLONE)).toContainText('Disabled');
    await shot('job-clone-03-disabled');

    const edit = await home.editJob(CLONE);
    await edit.dialog.getByRole('textbox', { name: /^Description/ }).fill('Edited by the e2e suite');
    for (const step of ['Virtual machines', 'Storage', 'Guest processing', 'Processing mode', 'Schedule', 'Summary']) await edit.next(step);
    await expect(edit.dialog.getByRole('definition').filter({ hasText: 'Edited by the e2e suite' })).toBeVisible();
    await edit.finish();
    await expect(home.page.getByText('Job saved', { exact: true })).toBeVisible();

    await home.deleteJob(CLONE);
    await shot('job-clone-04-deleted');
  });

  test('A forced read failure fails one VM; its own log says why; Retry failed VMs succeeds', async ({ home, session, consoleApp, shot }) => {
    await consoleApp.call('lab.injectFault', { step: 'read', target: 'vm-app01', times: 1 });
    await home.selectJob(JOB);
    await home.runNow();
    await expect(session.header.getByRole('heading', { name: JOB })).toBeVisible();
    await shot('session-01-running');

    await session.waitForResult('Failed');
    await expect(session.failedAlert).toContainText('APP01');
    await expect(session.vmRow('APP01')).toHaveAttribute('data-status', 'Failed');
    await expect(session.vmRow('FILE01')).toHaveAttribute('data-status', 'Success');
    await session.vmRow('APP01').click();
    await expect(session.region.getByRole('heading', { name: 'Log of APP01' })).toBeVisible();
    await expect(session.log).toContainText(/failed/);
    await shot('session-02-failed-vm-log');
    await expectNoSeriousA11yViolations(session.page, 'Session view, failed');

    await session.retryFailed();
    await expect(session.vmRow('APP01')).toBeVisible();
    await expect(session.vmRow('FILE01')).toHaveCount(0); // only what failed is retried
    await session.waitForResult('Success');
    const cards = session.snapshots;
    await expect(cards).toHaveCount(1);
    for (const stage of ['created', 'imported', 'exposed', 'released', 'deleted'] as const) {
      await expect(session.stage(cards.first(), stage)).toHaveAttribute('data-state', 'done');
    }
    await shot('session-03-retry-success');
  });

  test('An unreachable proxy: the job fails over to on-host and says so; notifications list it', async ({ shell, home, session, infrastructure, consoleApp, shot }) => {
    await consoleApp.call('lab.injectFault', { step: 'proxy-unreachable', target: 'proxy01', times: 1000 });
    await session.backToHome();
    await home.selectJob(JOB);
    await home.runNow();
    await session.waitForResult('Warning');
    await expect(session.failoverAlert).toContainText('Failed over to on-host backup');
    await expect(session.failoverAlert).toContainText('PROXY01');
    await expect(session.vmRow('APP01')).toHaveAttribute('data-mode', 'on-host');
    await expect(session.vmRow('APP01')).toContainText('(failover)');
    await shot('session-04-failover');

    await shell.open('Backup Infrastructure');
    await infrastructure.selectProxy('PROXY01');
    await infrastructure.command('Re-check').click();
    await expect(infrastructure.proxyRow('PROXY01')).toContainText('Unavailable');
    await shot('proxy-16-unavailable');

    await expect(shell.notificationsButton).toHaveAccessibleName(/unread/);
    const items = await shell.openNotifications();
    await expect(items.filter({ hasText: `${JOB} ended with errors (Failed)` })).toHaveCount(1);
    await expect(items.filter({ hasText: `${JOB} ended with warnings` })).toHaveCount(1);
    await expect(items.filter({ hasText: 'Proxy PROXY01 is unavailable' })).toHaveCount(1);
    await shot('notifications-01');
    await expectNoSeriousA11yViolations(shell.page, 'Notifications');
    await shell.notifications.getByRole('button', { name: 'Mark all as read' }).click();
    await shell.closeNotifications();
    await expect(shell.notificationsButton).toHaveAccessibleName('Notifications');

    await consoleApp.call('lab.clearFaults', {});
    await infrastructure.command('Re-check').click();
    await expect(infrastructure.proxyRow('PROXY01')).toContainText('Ready');
  });

  test('Stop (immediate) ends a running session as Stopped', async ({ shell, home, session, consoleApp, shot }) => {
    // The lab moves a few MB in a second; a 1 MB/s traffic rule keeps the session running long enough to stop.
    const [proxy] = await consoleApp.call('proxies.list', {});
    await consoleApp.call('proxies.update', { id: proxy!.id, throttleMBps: 1 });
    await shell.open('Home');
    await home.selectJob(JOB);
    await home.runNow();
    await expect(session.result()).toHaveAttribute('data-result', 'Running');
    await session.stop('immediate');
    await session.waitForResult('Stopped');
    await shot('session-05-stopped');
    await consoleApp.call('proxies.update', { id: proxy!.id, throttleMBps: 0 });
  });

  test('Verify and restore: the restore point verifies OK, a disk restores with progress, never overwriting', async ({ home, session, consoleApp, shot }) => {
    await session.backToHome();
    await home.selectJob(JOB);
    await expect(home.restorePointRows().first()).toBeVisible();
    const badge = await home.verifyNewest();
    await expect(badge).toHaveText('OK', { timeout: 60_000 });
    await shot('restore-01-verified');
    // done: it can be verified again
    await expect(home.restorePointRows().first().getByRole('button', { name: /^Verify restore point/ })).toBeEnabled();
    // the squeezed Verification column keeps its buttons on one line
    expect(await buttonsWrappedInCells(home.page.getByRole('main'))).toEqual([]);

    const target = join(consoleApp.dataDir, 'restored-disk.img');
    let dialog = await home.openExportDisk();
    await dialog.getByRole('radio', { name: /^Raw image/ }).check();
    await dialog.getByRole('textbox', { name: /^File to create/ }).fill(target);
    await shot('restore-02-dialog');
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    await expect(dialog.getByText(/: Completed$/)).toBeVisible({ timeout: 60_000 });
    await expect(dialog.getByRole('progressbar', { name: /Completed/ })).toHaveAttribute('aria-valuenow', '1');
    await shot('restore-03-completed');
    await dialog.getByRole('button', { name: 'Close' }).click();

    dialog = await home.openExportDisk();
    await dialog.getByRole('radio', { name: /^Raw image/ }).check();
    await dialog.getByRole('textbox', { name: /^File to create/ }).fill(target);
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    await expect(dialog.getByText(/already exists: restores never overwrite/)).toBeVisible();
    await shot('restore-04-conflict');
    await expectNoSeriousA11yViolations(home.page, 'Restore dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await shot('home-01-jobs-sessions-restore-points');
    await expectNoSeriousA11yViolations(home.page, 'Home with a job, sessions and restore points');
  });

  test('A past session opens read-only in the same view, with its whole-session rate chart', async ({ home, session, shot }) => {
    await home.openSession(JOB);
    await expect(session.region).toBeVisible();
    await expect(session.header.getByRole('button', { name: 'Stop', exact: true })).toHaveCount(0);
    await expect(session.region.getByText('Read-only: this session has ended')).toBeVisible();
    await expect(session.region.getByRole('radio', { name: 'Whole session' })).toBeChecked();
    await expect(session.region.getByRole('img', { name: /^Processing rate chart/ })).toHaveAccessibleName(/Average: read .*\/s/);
    await shot('session-06-past-read-only');
    await expectNoSeriousA11yViolations(session.page, 'Session view, past');
  });
});
