// Incrementals, active full, guest processing and VSS provider fallback, as an admin sees them: the job
// wizard's options (with a refused step and Back), a second run that is incremental, an active full from the
// Run now menu by keyboard, a hardware-provider failure that falls back to the software provider (on-host),
// and a Hyper-V writer failure that leaves one VM crash-consistent with a warning.
import { expectNoSeriousA11yViolations } from './fixtures/a11y';
import { attachHostOutputOnFailure, expect, skipWithoutRunner, test } from './fixtures/test';

const JOB = 'SQL and apps, incremental';
const CSV1 = 'C:\\ClusterStorage\\Volume1';

test.describe.configure({ mode: 'serial' });
// Its own lab: overriding the worker-scoped `lab` option runs this file in a worker of its own, so its
// proxy, job and faults neither see nor disturb the off-host story's lab (which starts from an empty one).
test.use({ lab: { stepDelayMs: 100 } });
skipWithoutRunner();
attachHostOutputOnFailure();

test.describe('job options: incrementals, active full, guest processing, VSS provider', () => {
  test.beforeAll(async ({ consoleApp }) => {
    // The proxy wizard has its own story; here an off-host proxy is only the setting.
    const { taskId } = await consoleApp.call('proxies.create', { serverId: 'proxy01', maxTasks: 8 });
    await expect.poll(async () => (await consoleApp.call('tasks.get', { id: taskId })).state, { timeout: 60_000 }).toBe('succeeded');
  });

  test('New job: RCT, weekly active full (a day is required), require successful processing; Back keeps them', async ({ shell, home, shot }) => {
    await shell.open('Home');
    const wizard = await home.newJob();
    await wizard.setName(JOB);
    await wizard.next('Virtual machines');
    for (const vm of ['APP01', 'APP02', 'DC01']) await wizard.checkVm(vm);
    await wizard.next('Storage');
    await wizard.chooseRepository(/^Default/);
    await expect(wizard.changeTracking()).toBeChecked();
    await expect(wizard.dialog.getByRole('radio', { name: 'Off' })).toBeChecked();

    await wizard.activeFullWeekly([]);
    await wizard.expectRefused('Storage', 'Pick at least one day');
    await expect(wizard.dialog.getByRole('group', { name: 'Active full on' })).toHaveAttribute('aria-invalid', 'true');
    await shot('job-options-01-active-full-no-day');
    await expectNoSeriousA11yViolations(wizard.page, 'Job wizard, Storage with an error');
    await wizard.activeFullWeekly(['Sat']);
    await shot('job-options-02-storage');

    await wizard.next('Guest processing');
    await expect(wizard.requireSuccess()).toBeEnabled();
    await expect(wizard.requireSuccess()).not.toBeChecked();
    await wizard.dialog.getByRole('radio', { name: /^Crash-consistent/ }).check();
    await expect(wizard.requireSuccess()).toBeDisabled();
    await wizard.dialog.getByRole('radio', { name: /^Application-consistent/ }).check();
    await wizard.requireSuccess().check();
    await shot('job-options-03-guest');

    // Back to Storage: the choices are still there; then leave the writer fallback on (the writer test needs it).
    await wizard.back('Storage');
    await expect(wizard.dialog.getByRole('radio', { name: 'Weekly on selected days' })).toBeChecked();
    await expect(wizard.dialog.getByRole('group', { name: 'Active full on' }).getByRole('checkbox', { name: 'Sat', exact: true })).toBeChecked();
    await wizard.next('Guest processing');
    await expect(wizard.requireSuccess()).toBeChecked();
    await wizard.requireSuccess().uncheck();

    await wizard.next('Processing mode');
    await wizard.expectOffHostAutomaticWithFailover();
    await wizard.next('Schedule');
    await wizard.setSpin(/Retries of failed VMs/, 0);
    await wizard.next('Summary');
    await expect(wizard.setting('Incrementals')).toHaveText(/Changed block tracking \(RCT\)/);
    await expect(wizard.setting('Active full')).toHaveText('Weekly on Sat');
    await expect(wizard.setting('Consistency')).toHaveText(/falls back to crash-consistent/);
    await shot('job-options-04-summary');
    await wizard.finish();
    await expect(home.jobRow(JOB)).toBeVisible();
  });

  test('The first run is full, the second incremental; the restore points say so', async ({ home, session, shot }) => {
    await home.selectJob(JOB);
    await home.runNow();
    await session.waitForResult('Success');
    for (const vm of ['APP01', 'APP02', 'DC01']) {
      await expect(session.vmRow(vm)).toHaveAttribute('data-kind', 'full');
      await expect(session.vmRow(vm)).toHaveAttribute('data-consistency', 'application');
    }
    await expect(await session.vmCell('APP01', 'Backup')).toHaveText('Full');
    await expect(session.snapshotOf(CSV1)).toHaveAttribute('data-provider', 'hardware');
    await expect(session.snapshotOf(CSV1)).toContainText('Hardware VSS provider');

    await session.backToHome();
    await home.selectJob(JOB);
    await home.runNow();
    await session.waitForResult('Success');
    for (const vm of ['APP01', 'APP02', 'DC01']) await expect(session.vmRow(vm)).toHaveAttribute('data-kind', 'incremental');
    await expect(await session.vmCell('APP01', 'Backup')).toHaveText('Incremental');
    await expect(await session.vmCell('APP01', 'Consistency')).toHaveText('Application');
    await shot('job-options-05-session-incremental');
    await expectNoSeriousA11yViolations(session.page, 'Session view, incremental');

    await session.backToHome();
    await home.selectJob(JOB);
    const rows = home.restorePointRows();
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0).locator('[data-kind]')).toHaveText('Incremental'); // newest first
    await expect(rows.nth(1).locator('[data-kind]')).toHaveText('Full');
    await expect(rows.nth(0).locator('[data-consistency]')).toHaveText('Application');
    await shot('job-options-06-restore-points');
  });

  test('Active full from the Run now menu, by keyboard: every VM is read in full again', async ({ home, session, shot }) => {
    await home.selectJob(JOB);
    // It asks first (it reads every disk in full); Cancel starts nothing.
    let dialog = await home.openActiveFullByKeyboard();
    await expect(dialog).toContainText(JOB);
    await expect(dialog).toContainText('reads every disk of every VM in full');
    await shot('job-options-07a-active-full-confirm');
    await home.page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(home.jobRow(JOB)).toBeVisible();
    dialog = await home.openActiveFullByKeyboard();
    await expect(dialog.getByRole('button', { name: 'Run active full' })).toBeFocused();
    await home.page.keyboard.press('Enter');
    await expect(session.header.getByRole('heading', { name: JOB })).toBeVisible();
    await session.waitForResult('Success');
    for (const vm of ['APP01', 'APP02', 'DC01']) await expect(session.vmRow(vm)).toHaveAttribute('data-kind', 'full');
    await shot('job-options-07-active-full');
  });

  test('The hardware VSS provider fails on a volume: the software provider takes it, its VMs go on-host, and the session says so', async ({
    home,
    session,
    consoleApp,
    shot,
  }) => {
    await consoleApp.call('lab.injectFault', { step: 'hw-provider', target: 'csv1', times: 1 });
    await session.backToHome();
    await home.selectJob(JOB);
    await home.runNow();
    await session.waitForResult('Warning');
    // The reason in the engine's own words, as the software snapshot keeps it (not scraped from the log).
    await expect(session.softwareProviderAlert).toContainText(/(APP01, APP02|APP02, APP01): hardware VSS provider failed on /);
    await expect(session.softwareProviderAlert).toContainText(CSV1);
    await expect(session.softwareProviderAlert).toContainText('fell back to the Microsoft Software Shadow Copy provider — processed on-host');
    // Two cards for the volume: the hardware attempt that failed at "Created on host", and the software snapshot.
    await expect(session.snapshotOf(CSV1)).toHaveCount(2);
    const failed = session.snapshotOf(CSV1).and(session.region.locator('[data-provider="hardware"]'));
    await expect(session.stage(failed, 'created')).toHaveAttribute('data-state', 'failed');
    const card = session.snapshotOf(CSV1).and(session.region.locator('[data-provider="software"]'));
    await expect(card).toContainText('Software VSS provider (fallback)');
    await expect(card).toContainText(`hardware VSS provider failed on ${CSV1}`);
    await expect(session.stage(card, 'deleted')).toHaveAttribute('data-state', 'done');
    for (const vm of ['APP01', 'APP02']) await expect(session.vmRow(vm)).toHaveAttribute('data-mode', 'on-host');
    await expect(await session.vmCell('APP01', 'Processed by')).toHaveText('On-host (failover)');
    // The other volume keeps its hardware snapshot and its proxy.
    await expect(session.vmRow('DC01')).toHaveAttribute('data-mode', 'off-host');
    await expect(await session.vmCell('DC01', 'Processed by')).toHaveText(/^Off-host PROXY01$/i);
    await expect(session.snapshots.filter({ hasText: 'D:\\' }).first()).toHaveAttribute('data-provider', 'hardware');
    await shot('job-options-08-software-provider-banner');
    await card.scrollIntoViewIfNeeded();
    await shot('job-options-09-software-provider-lifecycle');
    await expectNoSeriousA11yViolations(session.page, 'Session view, software provider fallback');
    await consoleApp.call('lab.clearFaults', {});
  });

  test('The Hyper-V VSS writer fails for one VM: it is backed up crash-consistent with a warning', async ({ home, session, consoleApp, shot }) => {
    await consoleApp.call('lab.injectFault', { step: 'writer', target: 'vm-app02', times: 1 });
    await session.backToHome();
    await home.selectJob(JOB);
    await home.runNow();
    await session.waitForResult('Warning');
    await expect(session.vmRow('APP02')).toHaveAttribute('data-status', 'Warning');
    await expect(session.vmRow('APP02')).toHaveAttribute('data-consistency', 'crash');
    // the reason is read with the cell (not only a tooltip)
    await expect(await session.vmCell('APP02', 'Consistency')).toHaveText('Crash: the Hyper-V VSS writer failed, so it was backed up crash-consistent');
    await expect(session.vmRow('APP01')).toHaveAttribute('data-consistency', 'application');
    await expect(session.vmRow('APP01')).toHaveAttribute('data-status', 'Success');
    await expect(session.crashConsistentAlert).toContainText('APP02');
    await shot('job-options-10-writer-fallback');
    await session.vms.scrollIntoViewIfNeeded();
    // At 1400 px the whole grid fits beside the navigation: Message is on screen, nothing scrolls sideways.
    expect(await session.vms.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    await expect(session.vms.getByRole('columnheader', { name: 'Message' })).toBeInViewport({ ratio: 1 });
    await shot('job-options-11-writer-fallback-vms');
    await consoleApp.call('lab.clearFaults', {});

    await session.backToHome();
    await home.selectJob(JOB);
    await expect(home.restorePointRows().first().locator('[data-consistency="crash"]')).toHaveText('Crash: APP02');
    const dialog = await home.openExportDisk();
    await dialog.getByRole('combobox', { name: /^Disk/ }).click();
    await home.page.getByRole('option', { name: /^APP02 — disk 0 .*crash-consistent$/ }).click();
    await expect(dialog.getByText(/crash-consistent: the Hyper-V VSS writer did not run/)).toBeVisible();
    await shot('job-options-12-restore-crash-consistent');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  test('A snapshot that could not be deleted: Home shows it, live, until "Retry clean-up now" deletes it', async ({ home, session, consoleApp, shot }) => {
    await consoleApp.call('lab.injectFault', { step: 'delete', times: 1 });
    await home.selectJob(JOB);
    await home.runNow();
    await session.waitForResult('Warning');
    await session.backToHome();
    const banner = home.page.getByRole('region', { name: 'Snapshots waiting for clean-up' });
    await expect(banner).toContainText('1 snapshot could not be deleted');
    await expect(banner.getByRole('listitem')).toContainText(/Snapshot of (C:\\ClusterStorage\\Volume1|D:\\) on [A-Z0-9]+ \(job SQL and apps, incremental\): release failed/);
    await expect(banner).toContainText('injected delete fault');
    await shot('job-options-13-snapshot-waiting-for-clean-up');
    await expectNoSeriousA11yViolations(home.page, 'Home, a snapshot waiting for clean-up');
    await banner.getByRole('button', { name: 'Retry clean-up now' }).click();
    await expect(banner).toBeHidden();
    expect(await consoleApp.call('snapshots.leftovers', {})).toEqual([]);
  });
});
