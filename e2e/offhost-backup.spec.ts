// The off-host story end to end, as an admin walks it: add a proxy, create an off-host job, run it,
// watch it to Success with every snapshot deleted, verify the restore point.
import { expectNoSeriousA11yViolations } from './fixtures/a11y';
import { attachHostOutputOnFailure, expect, skipWithoutRunner, test } from './fixtures/test';

const JOB = 'Cluster apps off-host';

test.describe.configure({ mode: 'serial' });
skipWithoutRunner();
attachHostOutputOnFailure();

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
    await page.keyboard.press('Tab'); // description
    await page.keyboard.press('Tab'); // Back is disabled, so: Next
    await expect(wizard.button('Next')).toBeFocused();
    await page.keyboard.press('Enter');
    await wizard.expectStep('Readiness');
    await expect(wizard.readinessTable('PROXY02')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(wizard.dialog).toBeHidden();
  });

  test('Add off-host backup proxy: a cluster node is refused for its own CSVs, PROXY01 is added', async ({
    shell,
    infrastructure,
    shot,
  }) => {
    await shell.open('Backup Infrastructure');
    const wizard = await infrastructure.addProxy();
    await expect(wizard.button('Next')).toBeDisabled();
    await shot('proxy-01-server');

    // A cluster node first: readiness runs and refuses the node's own CSVs.
    await wizard.chooseServer(/^HVC01/);
    await wizard.next('Readiness');
    await expect(wizard.readinessTable('HVC01').getByRole('row').nth(1)).toBeVisible();
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
    await expectNoSeriousA11yViolations(wizard.page, 'Add proxy wizard, Readiness');

    await wizard.next('Max concurrent tasks');
    await wizard.setMaxTasks(8);
    await shot('proxy-05-tasks');
    await wizard.next('Review');
    await expect(wizard.dialog.getByRole('definition').filter({ hasText: 'PROXY01' }).first()).toBeVisible();
    await shot('proxy-06-review');

    await wizard.applyAndWait();
    await expect(wizard.dialog.getByRole('log', { name: 'Installation log' })).toContainText('registered');
    await shot('proxy-07-apply');
    await wizard.next('Summary');
    await shot('proxy-08-summary');
    await wizard.button('Finish').click();
    await expect(wizard.dialog).toBeHidden();

    await expect(infrastructure.proxyRow('PROXY01')).toContainText('Ready');
    await expect(infrastructure.proxyRow('PROXY01')).toContainText('8');
    await shot('proxy-09-listed');
    await expectNoSeriousA11yViolations(infrastructure.page, 'Backup Infrastructure');
  });

  test('New backup job: off-host, automatic proxy, failover on', async ({ shell, home, shot }) => {
    await shell.open('Home');
    const wizard = await home.newJob();
    await wizard.next(); // empty name is refused on the spot
    await expect(wizard.dialog.getByText('Name is required')).toBeVisible();
    await wizard.setName(JOB, 'Cluster VMs, read by the off-host proxy');
    await shot('job-01-name');

    await wizard.next('Virtual machines');
    await wizard.checkVm('APP01');
    await wizard.checkVm('FILE01');
    await expect(wizard.dialog.getByText(/^2 VMs selected/)).toBeVisible();
    await shot('job-02-vms');
    await expectNoSeriousA11yViolations(wizard.page, 'New job wizard, Virtual machines');

    await wizard.next('Storage');
    await wizard.chooseRepository(/./);
    await shot('job-03-storage');

    await wizard.next('Processing mode');
    await wizard.expectOffHostAutomaticWithFailover();
    await shot('job-04-processing');

    await wizard.next('Schedule');
    await expect(wizard.dialog.getByRole('radio', { name: /^Not scheduled/ })).toBeChecked();
    await shot('job-05-schedule');

    await wizard.next('Summary');
    await expect(wizard.dialog.getByRole('definition').filter({ hasText: /Off-host backup, automatic proxy selection; failover to on-host on/ })).toBeVisible();
    await shot('job-06-summary');
    await wizard.finish();

    await expect(home.jobRow(JOB)).toContainText('Off-host (failover to on-host)');
    await expect(home.jobRow(JOB)).toContainText('Automatic');
  });

  test('Run now: the session reaches Success and every snapshot is deleted', async ({ home, session, shot }) => {
    await home.selectJob(JOB);
    await home.runNow();
    await expect(session.region).toBeVisible();
    await expect(session.header.getByRole('heading', { name: JOB })).toBeVisible();
    await shot('session-01-running');

    await session.waitForResult('Success');
    await expect(session.region.getByRole('progressbar', { name: 'Overall progress' })).toHaveAttribute('aria-valuenow', '1');
    for (const vm of ['APP01', 'FILE01']) {
      const row = session.vms.getByRole('row', { name: new RegExp(vm) });
      await expect(row).toContainText('Off-host');
      await expect(row).toContainText('PROXY01');
      await expect(row).toContainText('Success');
    }

    const cards = session.snapshots;
    await expect(cards.first()).toBeVisible();
    const count = await cards.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const card = cards.nth(i);
      for (const stage of ['created', 'imported', 'exposed', 'released', 'deleted'] as const) {
        await expect(session.stage(card, stage)).toHaveAttribute('data-state', 'done');
      }
    }
    await expect(session.log).toBeVisible();
    await shot('session-02-success');
    await expectNoSeriousA11yViolations(session.page, 'Session view');
  });

  test('the restore point verifies OK', async ({ home, session, shot }) => {
    await session.backToHome();
    await home.selectJob(JOB);
    await expect(home.jobRow(JOB)).toContainText('Success');
    await expect(home.restorePointRows()).toHaveCount(1);
    const badge = await home.verifyNewest();
    await expect(badge).toHaveText('OK', { timeout: 60_000 });
    await expect(badge).toHaveAttribute('data-verify', 'ok');
    await shot('restore-point-verified');
  });
});
