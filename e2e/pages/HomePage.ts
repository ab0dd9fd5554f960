// Home: jobs and their commands, running and recent sessions, restore points of the selected job.
import { expect, type Locator, type Page } from '@playwright/test';
import { JobWizardPage } from './JobWizardPage';

export class HomePage {
  readonly jobs: Locator;
  readonly restorePoints: Locator;
  readonly running: Locator;
  readonly sessions: Locator;

  constructor(readonly page: Page) {
    this.jobs = page.getByRole('grid', { name: 'Jobs' });
    this.restorePoints = page.getByRole('grid', { name: 'Restore points' });
    this.running = page.getByRole('grid', { name: 'Running sessions' });
    this.sessions = page.getByRole('grid', { name: 'Recent sessions' });
  }

  command(name: string): Locator {
    return this.page.getByRole('toolbar', { name: 'Jobs commands' }).getByRole('button', { name, exact: true });
  }

  async newJob(kind: 'backup' | 'replication' = 'backup'): Promise<JobWizardPage> {
    await this.command('New job').click();
    await this.page.getByRole('menuitem', { name: kind === 'backup' ? /^Backup job/ : /^Replication job/ }).click();
    const wizard = new JobWizardPage(this.page, `New ${kind} job`);
    await wizard.expectOpenedOnName();
    return wizard;
  }

  async cloneJob(name: string): Promise<JobWizardPage> {
    await this.selectJob(name);
    await this.command('Clone').click();
    const wizard = new JobWizardPage(this.page, `New backup job from ${name}`);
    await wizard.expectOpenedOnName();
    return wizard;
  }

  async editJob(name: string): Promise<JobWizardPage> {
    await this.selectJob(name);
    await this.command('Edit').click();
    const wizard = new JobWizardPage(this.page, `Edit backup job ${name}`);
    await wizard.expectOpenedOnName();
    return wizard;
  }

  /** restorePoints: the answer to "what happens to its restore points?" when the job has any */
  async deleteJob(name: string, restorePoints: 'keep' | 'delete' = 'delete'): Promise<void> {
    await this.selectJob(name);
    await this.command('Delete').click();
    const confirm = this.page.getByRole('alertdialog', { name: 'Delete backup job' });
    await expect(confirm).toContainText(name);
    const choice = confirm.getByRole('radio', { name: restorePoints === 'keep' ? /^Keep them/ : /^Delete them/ });
    if ((await choice.count()) > 0) await choice.check();
    await confirm.getByRole('button', { name: /^Delete job/ }).click();
    await expect(confirm).toBeHidden();
    await expect(this.jobRow(name)).toHaveCount(0);
  }

  jobRow(name: string): Locator {
    return this.jobs.getByRole('row', { name: new RegExp(name) });
  }

  async selectJob(name: string): Promise<void> {
    const row = this.jobRow(name).first();
    await row.getByRole('radio', { name: `Select ${name}` }).check();
    await expect(row).toHaveAttribute('aria-selected', 'true');
  }

  async runNow(): Promise<void> {
    await this.command('Run now').click();
  }

  /** "Active full…" from the Run now split button's menu, by keyboard alone: returns its confirmation dialog. */
  async openActiveFullByKeyboard(): Promise<Locator> {
    const more = this.command('More ways to run the job');
    await more.focus();
    await this.page.keyboard.press('Enter');
    const item = this.page.getByRole('menuitem', { name: /^Active full/ });
    await expect(item).toBeVisible();
    await this.page.keyboard.press('ArrowDown'); // focus starts on the first item, "Run now"
    await expect(item).toBeFocused();
    await this.page.keyboard.press('Enter');
    const dialog = this.page.getByRole('alertdialog', { name: 'Run an active full' });
    await expect(dialog).toBeVisible();
    return dialog;
  }

  restorePointRows(): Locator {
    return this.restorePoints.getByRole('row').filter({ has: this.page.getByRole('gridcell') });
  }

  /** Verifies the newest restore point and returns its verification badge. */
  async verifyNewest(): Promise<Locator> {
    const row = this.restorePointRows().first();
    await row.getByRole('button', { name: /^Verify restore point/ }).click();
    return row.locator('[data-verify]');
  }

  /** Export disk (one disk to a file on the Ferry host) from the newest restore point. */
  async openExportDisk(): Promise<Locator> {
    await this.restorePointRows().first().getByRole('button', { name: /^Export disk from the restore point/ }).click();
    const dialog = this.page.getByRole('dialog', { name: /^Export disk/ });
    await expect(dialog).toBeVisible();
    return dialog;
  }

  async openSession(jobName: string, which: 'running' | 'finished' = 'finished'): Promise<void> {
    const grid = which === 'running' ? this.running : this.sessions;
    await grid.getByRole('button', { name: new RegExp(`^Open session of ${jobName}`) }).first().click();
  }
}
