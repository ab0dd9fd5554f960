// Managed servers and credentials as an admin walks them: store the workgroup account, add the workgroup
// Hyper-V host HV03 (the console identity is refused first), add PROXY04 from inside the proxy wizard and
// finish that proxy with a traffic window, disable it, see a credential in use refused, remove HV03.
// Every wizard step is screenshotted; new dialogs and steps pass the accessibility gate.
import { expectNoSeriousA11yViolations } from './fixtures/a11y';
import { cellsRunningOver } from './fixtures/layout';
import { attachHostOutputOnFailure, expect, skipWithoutRunner, test } from './fixtures/test';
import { CredentialDialogPage } from './pages/CredentialDialogPage';
import { ProxyWizardPage } from './pages/ProxyWizardPage';
import { ServerWizardPage } from './pages/ServerWizardPage';

/** The lab's workgroup servers accept only their local Administrator (see the lab's account table). */
const WORKGROUP_USER = '.\\Administrator';
const LAB_PASSWORD = 'FerryLab!2026';
const workgroupOption = /^\.\\Administrator/;

test.describe.configure({ mode: 'serial' });
skipWithoutRunner();
attachHostOutputOnFailure();

test.describe('managed servers and credentials', () => {
  test('Backup Infrastructure lists the managed servers, their accounts and status', async ({ shell, infrastructure, shot }) => {
    await shell.open('Backup Infrastructure');
    await expect(infrastructure.serverRow('HV01')).toContainText('Hyper-V host');
    await expect(infrastructure.serverRow('HV01')).toContainText('Console identity');
    await expect(infrastructure.serverRow('HV01').locator('[data-status="ok"]')).toBeVisible();
    await expect(infrastructure.serverRow('CLU01')).toContainText('Hyper-V cluster (3 nodes)');
    await expect(infrastructure.serverRow('HV03')).toHaveCount(0); // the workgroup servers are not managed yet
    await expect(infrastructure.command('Remove server')).toBeDisabled();
    await shot('servers-01-infrastructure');
    expect(await cellsRunningOver(infrastructure.page.getByRole('main'))).toEqual([]);
    await expectNoSeriousA11yViolations(shell.page, 'Backup Infrastructure with managed servers and credentials');
  });

  test('Add server works from the keyboard alone; Escape returns focus to the command', async ({ shell, infrastructure }) => {
    await shell.open('Backup Infrastructure');
    const wizard = await infrastructure.addServer(); // focus is on the step heading now
    const page = wizard.page;
    await page.keyboard.press('Tab');
    await expect(wizard.typeRadio('Hyper-V host')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(wizard.typeRadio('Hyper-V cluster')).toBeChecked();
    await page.keyboard.press('Tab'); // Back is disabled on the first step, so: Next
    await expect(wizard.button('Next')).toBeFocused();
    await page.keyboard.press('Enter');
    await wizard.expectStep('Name');
    await page.keyboard.press('Tab');
    await expect(wizard.dialog.getByRole('textbox', { name: /^DNS name or IP address/ })).toBeFocused();
    await page.keyboard.type('CLU02');
    await page.keyboard.press('Tab'); // description
    await page.keyboard.press('Tab'); // Back
    await page.keyboard.press('Tab'); // Next
    await expect(wizard.button('Next')).toBeFocused();
    await page.keyboard.press('Enter');
    await wizard.expectStep('Credentials');
    await page.keyboard.press('Tab');
    await expect(wizard.dialog.getByRole('combobox', { name: /^Credentials/ })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(wizard.dialog).toBeHidden();
    await expect(infrastructure.command('Add server')).toBeFocused();

    // Nested in the proxy wizard, Escape closes only the Add server wizard.
    const proxyWizard = await infrastructure.addProxy();
    await proxyWizard.button('Add new server…').click();
    const nested = new ServerWizardPage(page);
    await nested.expectStep('Type');
    await page.keyboard.press('Escape');
    await expect(nested.dialog).toBeHidden();
    await expect(proxyWizard.dialog).toBeVisible();
    await expect(proxyWizard.button('Add new server…')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(proxyWizard.dialog).toBeHidden();
  });

  test('Add credential: required fields, a password mismatch, then stored (the password never shown)', async ({ infrastructure, shot }) => {
    const dialog = await infrastructure.addCredential();
    await dialog.expectRefused('Enter the account');
    await expect(dialog.dialog.getByText('Enter the password')).toBeVisible();
    await shot('credential-01-required');
    await dialog.fill({ user: WORKGROUP_USER, password: LAB_PASSWORD, confirm: 'FerryLab!2025', description: 'Workgroup servers (local Administrator)' });
    await expect(dialog.field(/^Password/)).toHaveAttribute('type', 'password');
    await dialog.expectRefused('The passwords do not match');
    await shot('credential-02-mismatch');
    await expectNoSeriousA11yViolations(infrastructure.page, 'Add credential dialog');
    await dialog.fill({ confirm: LAB_PASSWORD });
    await dialog.save();
    await expect(dialog.dialog).toBeHidden();
    const row = infrastructure.credentialRow(WORKGROUP_USER);
    await expect(row).toContainText('Workgroup servers (local Administrator)');
    await expect(row).toContainText('Not used');
    await expect(infrastructure.credentials).not.toContainText(LAB_PASSWORD);
    await shot('credential-03-listed');
  });

  test('Add server HV03: the console identity is refused, the workgroup account gets in; discovery, VSS, apply', async ({ shell, infrastructure, shot }) => {
    const wizard = await infrastructure.addServer();
    await expect(wizard.button('Next')).toBeDisabled();
    await wizard.chooseType('Hyper-V host');
    await shot('server-01-type');
    await wizard.next('Name');
    await wizard.setName('HV 03');
    await expect(wizard.dialog.getByText(/A DNS name or NetBIOS name/)).toBeVisible();
    await expect(wizard.button('Next')).toBeDisabled();
    await wizard.setName('HV01');
    await expect(wizard.dialog.getByText('HV01 is already managed (Hyper-V host).')).toBeVisible();
    await shot('server-02-name-invalid');
    await wizard.setName('HV03');
    await wizard.dialog.getByRole('textbox', { name: /^Description/ }).fill('Workgroup Hyper-V host at the edge site');
    await shot('server-03-name');

    await wizard.next('Credentials');
    await expect(wizard.button('Next')).toBeDisabled();
    await wizard.chooseCredential(/^Console identity/);
    await shot('server-04-credentials-console');
    await wizard.next('Discovery');
    await expect(wizard.dialog.getByText('Access denied', { exact: true })).toBeVisible();
    await expect(wizard.dialog.getByText(/accepts only its own accounts/)).toBeVisible();
    await expect(wizard.button('Next')).toBeDisabled();
    await shot('server-05-discovery-access-denied');
    await expectNoSeriousA11yViolations(wizard.page, 'Add server, discovery refused');

    await wizard.button('Back to credentials').click();
    await wizard.expectStep('Credentials');
    await wizard.chooseCredential(workgroupOption);
    await shot('server-06-credentials-workgroup');
    await wizard.next('Discovery');
    await expect(wizard.dialog.getByText('HV03 is a Hyper-V host and can be added')).toBeVisible({ timeout: 30_000 });
    const found = wizard.page.getByLabel('Found on HV03');
    await expect(found).toContainText('Hyper-V host');
    await expect(found).toContainText('F:\\');
    await expect(wizard.requirements('HV03').locator('[data-status="fail"]')).toHaveCount(0);
    await shot('server-07-discovery');
    await expectNoSeriousA11yViolations(wizard.page, 'Add server, discovery');

    await wizard.next('VSS settings');
    await expect(wizard.dialog.getByRole('checkbox', { name: /Fail over to the software VSS provider/ })).toBeChecked();
    const snapshots = wizard.dialog.getByRole('spinbutton', { name: /Max snapshots per volume/ });
    await snapshots.fill('0');
    await snapshots.press('Tab');
    await expect(wizard.dialog.getByText(/Allowed: 1–16 snapshots per volume/)).toBeVisible();
    await expect(wizard.button('Next')).toBeDisabled();
    await wizard.setMaxSnapshots(2);
    await shot('server-08-vss');

    await wizard.next('Review');
    const review = wizard.page.getByLabel('Server to be added');
    await expect(review).toContainText(WORKGROUP_USER);
    await expect(review).toContainText('at most 2 snapshot(s) per volume');
    await shot('server-09-review');
    await wizard.applyAndWait();
    await shot('server-10-apply');
    await wizard.next('Summary');
    await expect(wizard.dialog).toContainText('HV03 is now managed by Ferry');
    await expect(wizard.dialog).toContainText('SRV-EDGE01');
    await shot('server-11-summary');
    await wizard.finish();

    const row = infrastructure.serverRow('HV03');
    await expect(row).toContainText(WORKGROUP_USER);
    await expect(row.locator('[data-status="ok"]')).toBeVisible();
    await expect(infrastructure.credentialRow(WORKGROUP_USER)).toContainText('HV03');
    await shot('server-12-listed');

    await shell.open('Inventory');
    const hosts = shell.page.getByRole('grid', { name: 'Hosts' });
    await expect(hosts.getByRole('gridcell', { name: 'HV03', exact: true })).toBeVisible();
    await shell.page.getByRole('tab', { name: /^Virtual machines/ }).click();
    await expect(shell.page.getByRole('grid', { name: 'Virtual machines' }).getByRole('gridcell', { name: 'SRV-EDGE01', exact: true })).toBeVisible();
    await shot('server-13-inventory');
  });

  test('Rescan and Edit server (description, VSS); Change password of the workgroup account', async ({ shell, infrastructure, shot }) => {
    await shell.open('Backup Infrastructure');
    await infrastructure.selectServer('HV03');
    await infrastructure.command('Rescan').click();
    await expect(infrastructure.page.getByText('HV03 is connected', { exact: true })).toBeVisible();

    await infrastructure.command('Edit server').click();
    const edit = infrastructure.page.getByRole('dialog', { name: 'Edit server HV03' });
    await expect(edit.getByRole('combobox', { name: /^Credentials/ })).toHaveText(WORKGROUP_USER);
    await expect(edit.getByRole('spinbutton', { name: /Max snapshots per volume/ })).toHaveValue('2');
    await edit.getByRole('textbox', { name: /^Description/ }).fill('Edge site Hyper-V host (workgroup)');
    const snapshots = edit.getByRole('spinbutton', { name: /Max snapshots per volume/ });
    await snapshots.fill('3');
    await snapshots.press('Tab');
    await shot('server-edit-01-dialog');
    await expectNoSeriousA11yViolations(infrastructure.page, 'Edit server dialog');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(edit).toBeHidden();
    await expect(infrastructure.serverRow('HV03')).toContainText('Edge site Hyper-V host (workgroup)');
    await expect(infrastructure.command('Edit server')).toBeFocused(); // back where the admin was

    await infrastructure.selectCredential(WORKGROUP_USER);
    await infrastructure.command('Change password').click();
    const change = new CredentialDialogPage(infrastructure.page, `Change password of ${WORKGROUP_USER}`);
    await expect(change.field(/^Account/)).toHaveValue(WORKGROUP_USER);
    await change.fill({ password: LAB_PASSWORD });
    await change.expectRefused('Type the password again to confirm it');
    await shot('credential-05-change-password');
    await expectNoSeriousA11yViolations(infrastructure.page, 'Change password dialog');
    // The lab checks the password: rotating to the same one keeps HV03 and PROXY04 reachable for the next tests.
    await change.fill({ confirm: LAB_PASSWORD });
    await change.save();
    await expect(change.dialog).toBeHidden();
    await expect(infrastructure.page.getByText('Password changed', { exact: true })).toBeVisible();
  });

  test('Add PROXY04 from the proxy wizard, then finish the proxy with a business-hours traffic window', async ({ shell, infrastructure, shot }) => {
    await shell.open('Backup Infrastructure');
    const proxyWizard = await infrastructure.addProxy();
    await proxyWizard.button('Add new server…').click();
    const wizard = new ServerWizardPage(proxyWizard.page);
    await wizard.expectStep('Type');
    await expect(wizard.typeRadio('Windows server')).toBeChecked();
    await shot('proxy-server-01-type');
    await wizard.next('Name');
    await wizard.setName('PROXY04');
    await wizard.next('Credentials');
    await wizard.chooseCredential(workgroupOption);
    await wizard.next('Discovery');
    await expect(wizard.dialog.getByText('PROXY04 is a Windows server and can be added')).toBeVisible({ timeout: 30_000 });
    await shot('proxy-server-02-discovery');
    await wizard.next('Review'); // a Windows server has no VSS settings
    await expect(wizard.dialog.getByRole('list', { name: 'Changes' })).toContainText('can be chosen as an off-host backup proxy');
    await shot('proxy-server-03-review');
    await wizard.applyAndWait();
    await wizard.next('Summary');
    await shot('proxy-server-04-summary');
    await wizard.finish();

    // Back in the proxy wizard, with the new server chosen.
    const proxy = new ProxyWizardPage(proxyWizard.page);
    await expect(proxy.dialog.getByRole('combobox', { name: /^Server/ })).toHaveText('PROXY04');
    await expect(proxy.page.getByLabel('Details of PROXY04')).toBeVisible();
    await shot('proxy-server-05-chosen');
    await proxy.next('Readiness');
    await expect(proxy.dialog.getByText(/PROXY04 can back up \d+ volumes? off-host/)).toBeVisible();
    await proxy.next('Connected volumes');
    await proxy.next('Max concurrent tasks');
    await proxy.setMaxTasks(4);
    await proxy.next('Traffic rules');
    await proxy.setThrottle(50);
    await proxy.dialog.getByRole('radio', { name: /^Only during/ }).check();
    const days = proxy.dialog.getByRole('group', { name: 'Days' });
    for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']) await days.getByRole('checkbox', { name: day, exact: true }).uncheck();
    await expect(proxy.dialog.getByText('Pick at least one day.')).toBeVisible();
    await expect(proxy.button('Next')).toBeDisabled();
    await shot('proxy-window-01-no-day');
    for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']) await days.getByRole('checkbox', { name: day, exact: true }).check();
    await proxy.dialog.getByLabel(/^From/).fill('08:00');
    await proxy.dialog.getByLabel(/^To/).fill('08:00');
    await expect(proxy.dialog.getByText(/The end must differ from the start/)).toBeVisible();
    await expect(proxy.button('Next')).toBeDisabled();
    await proxy.dialog.getByLabel(/^To/).fill('18:00');
    await expect(proxy.dialog.getByText(/Traffic rule: 50 MB\/s, Mon–Fri 08:00–18:00/)).toBeVisible();
    await shot('proxy-window-02-traffic');
    await expectNoSeriousA11yViolations(proxy.page, 'Proxy wizard, traffic window');

    await proxy.next('Review');
    await expect(proxy.dialog.getByRole('definition').filter({ hasText: '50 MB/s, Mon–Fri 08:00–18:00' })).toBeVisible();
    await shot('proxy-window-03-review');
    await proxy.applyAndWait();
    await proxy.next('Summary');
    await expect(proxy.dialog).toContainText('Traffic rule (per task): 50 MB/s, Mon–Fri 08:00–18:00');
    await shot('proxy-window-04-summary');
    await proxy.button('Finish').click();
    await expect(proxy.dialog).toBeHidden();
    await expect(infrastructure.proxyRow('PROXY04')).toContainText('50 MB/s, Mon–Fri 08:00–18:00');
    await expect(infrastructure.serverRow('PROXY04')).toContainText('Windows server');
  });

  test('Disable the proxy: it stays listed, visibly disabled', async ({ infrastructure, shot }) => {
    await infrastructure.selectProxy('PROXY04');
    await infrastructure.command('Disable proxy').click();
    const row = infrastructure.proxyRow('PROXY04');
    await expect(row.locator('[data-enabled="false"]')).toHaveText('Disabled');
    await expect(infrastructure.command('Enable proxy')).toBeVisible();
    await shot('proxy-disabled');
    await expectNoSeriousA11yViolations(infrastructure.page, 'Backup Infrastructure with a disabled proxy');
  });

  test('Removing a credential in use is refused, naming the servers', async ({ infrastructure, shot }) => {
    await infrastructure.selectCredential(WORKGROUP_USER);
    await infrastructure.command('Remove credential').click();
    const confirm = infrastructure.page.getByRole('alertdialog', { name: 'Remove credential' });
    await confirm.getByRole('button', { name: 'Remove' }).click();
    const refusal = confirm.getByText(/is used by/).last();
    await expect(refusal).toContainText('HV03');
    await expect(refusal).toContainText('PROXY04');
    await shot('credential-04-remove-refused');
    await confirm.getByRole('button', { name: 'Close' }).click();
    await expect(infrastructure.credentialRow(WORKGROUP_USER)).toBeVisible();
  });

  test('Remove HV03: no job uses it, so it goes, with its VM', async ({ shell, infrastructure, shot }) => {
    await infrastructure.selectServer('HV03');
    await infrastructure.command('Remove server').click();
    const confirm = infrastructure.page.getByRole('alertdialog', { name: 'Remove managed server' });
    await expect(confirm).toContainText('HV03');
    await shot('server-14-remove');
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await expect(confirm).toBeHidden();
    await expect(infrastructure.serverRow('HV03')).toHaveCount(0);
    await expect(infrastructure.credentialRow(WORKGROUP_USER)).not.toContainText('HV03');
    await shot('server-15-removed');
    await shell.open('Inventory');
    await expect(shell.page.getByRole('grid', { name: 'Hosts' }).getByRole('gridcell', { name: 'HV03', exact: true })).toHaveCount(0);
  });
});
