// Replication from the console: a replication job made in the wizard (destination, network mapping, job
// settings), run twice through the lab's proxy and target agents; the replica with its two points in Replicas;
// failover, undo, failover again, failback, commit — each state shown, each operation's task log live.
import type { Locator } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './fixtures/a11y';
import { attachHostOutputOnFailure, expect, skipWithoutRunner, test } from './fixtures/test';
import { ReplicasPage } from './pages/ReplicasPage';

const JOB = 'DR of DC01';
const REPLICA = 'DC01_replica';

test.describe.configure({ mode: 'serial' });
skipWithoutRunner();
attachHostOutputOnFailure();

test('replication job: wizard, two runs, two points; failover, undo, failover, failback, commit', async ({ shell, home, session, shot }) => {
  test.setTimeout(180_000);
  await shell.expectConnected();
  await shell.open('Home');
  const wizard = await home.newJob('replication');
  await wizard.setName(JOB);
  await wizard.next('Virtual machines');
  await wizard.checkVm('DC01');
  await wizard.next('Destination');
  await wizard.expectRefused('Destination', 'Choose the target host');
  // DC01 runs on HV01: the wizard refuses it as its own target
  await wizard.choose(/^Target host/, /^HV01 /);
  await wizard.expectRefused('Destination', /run\(s\) on this host/);
  await wizard.choose(/^Target host/, /^HV02 /);
  await expect(wizard.dialog.getByRole('textbox', { name: /^Path/ })).toHaveValue('C:\\Replicas');
  await wizard.next('Network');
  await wizard.button('Add mapping').click();
  await wizard.dialog.getByRole('textbox', { name: /^Source switch/ }).fill('Production');
  await wizard.dialog.getByRole('checkbox', { name: 'Not connected' }).check();
  await wizard.next('Job settings');
  await expect(wizard.dialog.getByRole('spinbutton', { name: /^Restore points to keep/ })).toHaveValue('7');
  await expect(wizard.dialog.getByRole('textbox', { name: /^Replica name suffix/ })).toHaveValue('_replica');
  await wizard.next('Guest processing');
  await wizard.next('Data transfer');
  await wizard.expectOffHostAutomaticWithFailover();
  await wizard.next('Schedule');
  await wizard.next('Summary');
  await expect(wizard.setting('Destination')).toHaveText('HV02: C:\\Replicas');
  await expect(wizard.setting('Network mapping')).toHaveText('Production → not connected');
  await expect(wizard.setting('Replica names')).toHaveText(REPLICA);
  await shot('replication-01-summary');
  await wizard.finish();
  await expect(home.command('New job')).toBeFocused();
  await expect(home.jobRow(JOB)).toContainText('Replication');

  for (const run of [1, 2]) {
    await home.selectJob(JOB);
    await home.runNow();
    await expect(session.header.getByRole('heading', { name: JOB })).toBeVisible();
    await expect(session.header.locator('[data-job-kind="replication"]')).toHaveText('Replication');
    await expect(session.result()).not.toHaveAttribute('data-result', 'Running', { timeout: 90_000 });
    await expect(session.result()).toHaveAttribute('data-result', /^(Success|Warning)$/);
    if (run === 2) await shot('replication-02-second-run');
    await session.backToHome();
  }

  // Home, the replication job selected: its replica instead of repository restore points
  await home.selectJob(JOB);
  const onHome = home.page.getByRole('list', { name: 'Replicas of this job' });
  await expect(onHome).toContainText(`${REPLICA}Ready2 restore points on HV02`);

  await shell.open('Replicas');
  const replicas = new ReplicasPage(shell.page);
  await replicas.select(REPLICA);
  await replicas.expectState(REPLICA, 'Ready');
  await expect(replicas.row(REPLICA)).toContainText('HV02');
  await expect(replicas.points.getByRole('row')).toHaveCount(3); // header + two points
  await expect(replicas.command('Failover')).toBeEnabled();
  await expect(replicas.command('Undo failover')).toBeDisabled();
  await expect(replicas.command('Commit failback')).toBeDisabled();
  await shot('replication-03-replicas-ready');

  const step = async (op: Parameters<ReplicasPage['run']>[0], submit: string, state: string, before?: (d: Locator) => Promise<void>) => {
    const dialog = await replicas.run(op, { reason: `e2e: ${op}`, submit, before });
    await expect(dialog.getByRole('log')).toContainText(`Reason: e2e: ${op}`);
    await replicas.close(dialog);
    await replicas.expectState(REPLICA, state);
  };
  await step('Failover', 'Fail over', 'Failover', async (d) => {
    await expect(d.getByRole('combobox', { name: /^Restore point/ })).toHaveText(/\(latest\)/);
  });
  await expect(replicas.points).toContainText('running from this point');
  await expect(replicas.command('Failover')).toBeDisabled();
  await shot('replication-04-failover');
  await step('Undo failover', 'Undo failover', 'Ready');
  await step('Failover', 'Fail over', 'Failover');
  await step('Failback', 'Fail back', 'Failback');
  await expect(replicas.command('Commit failback')).toBeEnabled();
  await shot('replication-05-failback');
  await expectNoSeriousA11yViolations(shell.page, 'Replicas, failback');
  await step('Commit failback', 'Commit failback', 'Ready');
  await expect(replicas.points.getByRole('row')).toHaveCount(3);
  await shot('replication-06-committed');
});
