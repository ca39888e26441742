import { expect, type Locator, type Page } from '@playwright/test';

/** The Audit trail screen: the virtualized list, the detail pane and chain verification. */
export class AuditTrailPage {
  readonly grid: Locator;
  readonly rows: Locator;
  readonly detail: Locator;
  readonly verifyButton: Locator;
  readonly verifyResult: Locator;
  readonly summary: Locator;

  constructor(readonly page: Page) {
    this.grid = page.getByRole('grid', { name: 'Audit entries, newest first' });
    this.rows = this.grid.getByRole('rowgroup').nth(1).getByRole('row');
    this.detail = page.getByRole('region', { name: /^Entry #/ });
    this.verifyButton = page.getByRole('button', { name: 'Verify chain' });
    this.verifyResult = page.getByTestId('verify-result');
    this.summary = page.locator('.audit-toolbar > p');
  }

  /** The row of entry number `seq`. */
  row(seq: number): Locator {
    return this.grid.locator(`#audit-row-${seq}`);
  }

  cell(row: Locator, column: 'seq' | 'time' | 'actor' | 'action' | 'object' | 'justification'): Locator {
    const index = ['seq', 'time', 'actor', 'action', 'object', 'justification'].indexOf(column);
    return row.getByRole('gridcell').nth(index);
  }

  async expectLoaded(): Promise<void> {
    await expect(this.rows.first()).not.toContainText('Loading…');
  }

  async verify(): Promise<void> {
    await this.verifyButton.click();
    await expect(this.verifyResult).toBeVisible();
  }
}
