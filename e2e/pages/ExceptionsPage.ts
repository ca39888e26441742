import { expect, type Locator, type Page } from '@playwright/test';

/** The Exceptions screen: the virtualized list with its filters, and the selected exception with its proof. */
export class ExceptionsPage {
  readonly grid: Locator;
  readonly rows: Locator;
  readonly ruleFilter: Locator;
  readonly severityFilter: Locator;
  readonly controlFilter: Locator;
  readonly includeResolved: Locator;
  readonly detail: Locator;
  readonly proof: Locator;
  readonly emptyState: Locator;
  readonly count: Locator;

  constructor(readonly page: Page) {
    this.grid = page.getByRole('grid', { name: 'Exceptions, most severe first' });
    this.rows = this.grid.getByRole('rowgroup').nth(1).getByRole('row');
    const filters = page.getByRole('search', { name: 'Filter exceptions' });
    this.ruleFilter = filters.getByLabel('Rule');
    this.severityFilter = filters.getByLabel('Severity');
    this.controlFilter = filters.getByLabel('Control');
    this.includeResolved = filters.getByLabel('Include no longer detected');
    this.detail = page.getByTestId('exception-detail');
    this.proof = this.detail.getByRole('table', { name: 'Proof' });
    this.emptyState = page.getByTestId('exceptions-empty');
    this.count = page.getByRole('main').locator('.toolbar-count');
  }

  /** The row whose subject or explanation mentions the text. */
  rowWith(text: string | RegExp): Locator {
    return this.rows.filter({ hasText: text });
  }

  async select(row: Locator): Promise<void> {
    const id = (await row.getByRole('gridcell').first().textContent())?.trim() ?? '';
    await row.click();
    await expect(this.detail.getByRole('heading', { level: 2 })).toContainText(id);
  }
}
