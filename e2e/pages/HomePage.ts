// Home: jobs, restore points of the selected job, recent sessions.
import { expect, type Locator, type Page } from '@playwright/test';
import { JobWizardPage } from './JobWizardPage';

export class HomePage {
  readonly jobs: Locator;
  readonly restorePoints: Locator;
  readonly sessions: Locator;

  constructor(readonly page: Page) {
    this.jobs = page.getByRole('grid', { name: 'Backup jobs' });
    this.restorePoints = page.getByRole('grid', { name: 'Restore points' });
    this.sessions = page.getByRole('grid', { name: 'Recent sessions' });
  }

  command(name: string): Locator {
    return this.page.getByRole('toolbar', { name: 'Jobs commands' }).getByRole('button', { name });
  }

  async newJob(): Promise<JobWizardPage> {
    await this.command('New backup job').click();
    const wizard = new JobWizardPage(this.page);
    await wizard.expectStep('Name');
    return wizard;
  }

  jobRow(name: string): Locator {
    return this.jobs.getByRole('row', { name: new RegExp(name) });
  }

  async selectJob(name: string): Promise<void> {
    const row = this.jobRow(name);
    await row.getByRole('gridcell', { name, exact: true }).click();
    await expect(row).toHaveAttribute('aria-selected', 'true');
  }

  async runNow(): Promise<void> {
    await this.command('Run now').click();
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
}
