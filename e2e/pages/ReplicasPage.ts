// Replicas: the replica VMs of the replication jobs, their restore points, and the failover / failback dialogs.
import { expect, type Locator, type Page } from '@playwright/test';

export type ReplicaOperationLabel = 'Failover' | 'Undo failover' | 'Permanent failover' | 'Failback' | 'Commit failback' | 'Undo failback';

export class ReplicasPage {
  readonly replicas: Locator;
  readonly points: Locator;

  constructor(readonly page: Page) {
    this.replicas = page.getByRole('grid', { name: 'Replicas' });
    this.points = page.getByRole('grid', { name: 'Replica restore points' });
  }

  command(name: ReplicaOperationLabel | 'Refresh'): Locator {
    return this.page.getByRole('toolbar', { name: 'Replica commands' }).getByRole('button', { name, exact: true });
  }

  row(name: string): Locator {
    return this.replicas.getByRole('row', { name: new RegExp(name) });
  }

  async select(name: string): Promise<void> {
    const row = this.row(name).first();
    await row.getByRole('radio', { name: `Select ${name}` }).check();
    await expect(row).toHaveAttribute('aria-selected', 'true');
  }

  async expectState(name: string, state: string): Promise<void> {
    await expect(this.row(name).locator('[data-replica-state]')).toHaveAttribute('data-replica-state', state, { timeout: 30_000 });
  }

  /** Opens the operation's dialog, gives a reason, starts it and waits for the task to complete; returns the dialog. */
  async run(op: ReplicaOperationLabel, opts: { reason: string; submit: string; before?: (dialog: Locator) => Promise<void> }): Promise<Locator> {
    await this.command(op).click();
    const dialog = this.page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await opts.before?.(dialog);
    await dialog.getByRole('textbox', { name: /^Reason/ }).fill(opts.reason);
    await dialog.getByRole('button', { name: opts.submit, exact: true }).click();
    await expect(dialog.getByText(/: Completed$/)).toBeVisible({ timeout: 60_000 });
    return dialog;
  }

  async close(dialog: Locator): Promise<void> {
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(dialog).toBeHidden();
  }
}
