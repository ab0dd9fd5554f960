// The session window (live, or read-only for a finished session).
import { expect, type Locator, type Page } from '@playwright/test';

export type SessionResult = 'Running' | 'Success' | 'Warning' | 'Failed' | 'Stopped';

/** A drawn log row: its line's seq, its text and where it is on the screen. */
export interface DrawnLogRow {
  seq: number;
  text: string;
  top: number;
  bottom: number;
}

/** The element shape read in the page (the e2e tsconfig has no DOM lib). */
interface RowElement {
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { top: number; bottom: number };
  querySelector(selector: string): { textContent: string | null } | null;
}

export class SessionPage {
  readonly region: Locator;
  readonly header: Locator;
  readonly snapshots: Locator;
  readonly vms: Locator;
  readonly log: Locator;
  readonly failoverAlert: Locator;
  readonly failedAlert: Locator;
  readonly softwareProviderAlert: Locator;
  readonly crashConsistentAlert: Locator;

  constructor(readonly page: Page) {
    this.region = page.getByRole('region', { name: /^(Replication session|Session) of / });
    this.header = this.region.locator('header');
    this.snapshots = this.region.getByRole('article', { name: /^Snapshot of / });
    this.vms = this.region.getByRole('grid', { name: 'Virtual machines in this session' });
    this.log = this.region.getByRole('log', { name: 'Session log' });
    this.failoverAlert = this.region.locator('[data-alert="failover"]');
    this.failedAlert = this.region.locator('[data-alert="failed"]');
    this.softwareProviderAlert = this.region.locator('[data-alert="software-provider"]');
    this.crashConsistentAlert = this.region.locator('[data-alert="crash-consistent"]');
  }

  result(): Locator {
    return this.header.locator('[data-result]');
  }

  vmRow(name: string): Locator {
    return this.vms.locator(`[role="row"][data-vm="${name}"]`);
  }

  /** Waits for the session to end, then checks how; a wrong outcome fails at once with the reason shown. */
  async waitForResult(result: SessionResult, timeout = 90_000): Promise<void> {
    await expect(this.result()).not.toHaveAttribute('data-result', 'Running', { timeout });
    const reason = (await this.header.getByRole('status').first().textContent()) ?? '';
    expect(await this.result().getAttribute('data-result'), `session ended: ${reason}`).toBe(result);
  }

  /** One cell of a VM's row, by column header (Consistency, Backup, Status, …). */
  async vmCell(name: string, column: string): Promise<Locator> {
    const headers = await this.vms.getByRole('columnheader').allTextContents();
    const index = headers.indexOf(column);
    expect(index, `column ${column} in ${headers.join(', ')}`).toBeGreaterThanOrEqual(0);
    return this.vmRow(name).getByRole('gridcell').nth(index);
  }

  /** Every log row in the DOM (the virtualised window and its overscan), in screen order. */
  async drawnLogRows(): Promise<DrawnLogRow[]> {
    const rows = await this.log.locator('[data-seq]').evaluateAll((els: RowElement[]) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { seq: Number(el.getAttribute('data-seq')), text: el.querySelector(':scope > span:last-child')?.textContent ?? '', top: r.top, bottom: r.bottom };
      }),
    );
    return rows.sort((a, b) => a.top - b.top);
  }

  snapshotOf(volumePath: string): Locator {
    return this.region.getByRole('article', { name: `Snapshot of ${volumePath}` });
  }

  /** The lifecycle stage item of one snapshot card. */
  stage(card: Locator, stage: 'created' | 'imported' | 'exposed' | 'released' | 'deleted'): Locator {
    return card.locator(`li[data-stage="${stage}"]`);
  }

  stopButton(): Locator {
    return this.header.getByRole('button', { name: /^(Stop|Stopping…)$/ });
  }

  async stop(mode: 'graceful' | 'immediate'): Promise<void> {
    await this.header.getByRole('button', { name: 'Stop' }).click();
    const dialog = this.page.getByRole('alertdialog', { name: 'Stop session' });
    await dialog.getByRole('radio', { name: mode === 'graceful' ? /^Graceful/ : /^Immediate/ }).check();
    await dialog.getByRole('button', { name: 'Stop' }).click();
    await expect(dialog).toBeHidden();
  }

  async retryFailed(): Promise<void> {
    await this.header.getByRole('button', { name: 'Retry failed VMs' }).click();
  }

  async showRange(range: 'Last 5 minutes' | 'Whole session'): Promise<void> {
    await this.region.getByRole('radiogroup', { name: 'Time range of the rate chart' }).getByRole('radio', { name: range }).check();
  }

  async backToHome(): Promise<void> {
    await this.header.getByRole('button', { name: 'Back to Home' }).click();
  }
}
