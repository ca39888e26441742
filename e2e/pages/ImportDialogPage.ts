import { expect, type Locator, type Page } from '@playwright/test';

/** The Import evidence dialog: kind, path, export command, progress, cancel and the summary. */
export class ImportDialogPage {
  readonly dialog: Locator;
  readonly kind: Locator;
  readonly path: Locator;
  readonly title: Locator;
  readonly importButton: Locator;
  readonly tryAgainButton: Locator;
  readonly cancelButton: Locator;
  readonly closeButton: Locator;
  readonly exportCommand: Locator;
  readonly exportNotes: Locator;
  readonly copyCommand: Locator;
  readonly progress: Locator;
  readonly summary: Locator;
  readonly alert: Locator;
  readonly dropZone: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Import evidence' });
    this.kind = this.dialog.getByLabel('Kind of evidence');
    this.path = this.dialog.getByLabel(/^(File path|Repository folder)$/);
    this.title = this.dialog.getByLabel(/^Title/);
    this.importButton = this.dialog.getByRole('button', { name: 'Import', exact: true });
    this.tryAgainButton = this.dialog.getByRole('button', { name: 'Try again' });
    this.cancelButton = this.dialog.getByRole('button', { name: /^Cancel/ });
    this.closeButton = this.dialog.getByRole('button', { name: 'Close', exact: true });
    this.exportCommand = this.dialog.locator('#export-command');
    this.exportNotes = this.dialog.locator('.export-notes');
    this.copyCommand = this.dialog.getByRole('button', { name: 'Copy the export command' });
    this.progress = this.dialog.getByRole('progressbar', { name: 'Import progress' });
    this.summary = this.dialog.getByTestId('import-summary');
    this.alert = this.dialog.getByRole('alert');
    this.dropZone = this.dialog.locator('.drop-zone');
  }

  async expectOpen(): Promise<void> {
    await expect(this.dialog).toBeVisible();
    await expect(this.dialog.getByRole('heading', { name: 'Import evidence' })).toBeVisible();
  }

  /** Chooses the kind by its contract name (e.g. "github-prs"), or "auto". */
  async chooseKind(kind: string): Promise<void> {
    await this.kind.selectOption(kind);
  }

  async start(kind: string, path: string): Promise<void> {
    await this.chooseKind(kind);
    await this.path.fill(path);
    const submit = (await this.tryAgainButton.isVisible()) ? this.tryAgainButton : this.importButton;
    await submit.click();
  }

  /** Imports and waits for the summary. */
  async importFile(kind: string, path: string): Promise<void> {
    await this.start(kind, path);
    await expect(this.summary).toBeVisible({ timeout: 30_000 });
  }

  summaryFact(label: string): Locator {
    return this.summary.locator('.summary-list > div').filter({ has: this.page.locator('dt', { hasText: label }) }).locator('dd');
  }
}
