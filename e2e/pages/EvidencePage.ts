import { expect, type Locator, type Page } from '@playwright/test';

/** The Evidence screen: the virtualized list with its filters, and the selected item's detail and records. */
export class EvidencePage {
  readonly importButton: Locator;
  readonly emptyState: Locator;
  readonly grid: Locator;
  readonly rows: Locator;
  readonly count: Locator;
  readonly kindFilter: Locator;
  readonly controlFilter: Locator;
  readonly search: Locator;
  readonly detail: Locator;
  readonly sha256: Locator;
  readonly recordTabs: Locator;
  readonly recordsGrid: Locator;
  readonly linkedControls: Locator;

  constructor(readonly page: Page) {
    const main = page.getByRole('main');
    this.importButton = main.getByRole('button', { name: 'Import evidence' });
    this.emptyState = main.getByRole('region', { name: 'No evidence yet' });
    this.grid = page.getByRole('grid', { name: 'Evidence items, newest first' });
    this.rows = this.grid.getByRole('rowgroup').nth(1).getByRole('row');
    this.count = main.locator('.toolbar-count');
    const filters = page.getByRole('search', { name: 'Filter evidence' });
    this.kindFilter = filters.getByLabel('Kind');
    this.controlFilter = filters.getByLabel('Control');
    this.search = filters.getByLabel('Search');
    this.detail = page.getByTestId('evidence-detail');
    this.sha256 = page.getByTestId('evidence-sha256');
    this.recordTabs = this.detail.getByRole('tablist');
    this.recordsGrid = this.detail.getByRole('grid');
    this.linkedControls = this.detail.getByRole('list', { name: 'Linked controls' });
  }

  row(id: string): Locator {
    return this.grid.locator(`[id="evidence-row-${id}"]`);
  }

  /** A provenance or file fact of the detail, by its label. */
  fact(label: string): Locator {
    return this.detail.locator('dl > div').filter({ has: this.page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
  }

  recordTab(name: RegExp | string): Locator {
    return this.recordTabs.getByRole('tab', { name });
  }

  recordRows(): Locator {
    return this.recordsGrid.getByRole('rowgroup').nth(1).getByRole('row');
  }

  async select(id: string): Promise<void> {
    await this.row(id).click();
    await expect(this.detail.getByRole('heading', { level: 2 })).toContainText(id);
  }
}
