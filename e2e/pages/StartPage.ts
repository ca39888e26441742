import { expect, type Locator, type Page } from '@playwright/test';

/** The start screen: demo, create, open, recent workspaces. */
export class StartPage {
  readonly heading: Locator;
  readonly demoButton: Locator;
  readonly createButton: Locator;
  readonly openButton: Locator;
  readonly recent: Locator;
  readonly alert: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Welcome to Countersign' });
    this.demoButton = page.getByRole('button', { name: 'Open the demo workspace' });
    this.createButton = page.getByRole('button', { name: 'Create a workspace…' });
    this.openButton = page.getByRole('button', { name: 'Open a workspace…' });
    this.recent = page.getByRole('region', { name: 'Recent workspaces' });
    this.alert = page.getByRole('alert');
  }

  async expectShown(): Promise<void> {
    await expect(this.heading).toBeVisible();
  }

  recentItem(path: string): Locator {
    return this.recent.getByRole('listitem').filter({ hasText: path });
  }

  /** Browser mode: "Open a workspace…" asks for a path; types it and submits. */
  async openPath(path: string): Promise<void> {
    await this.openButton.click();
    const field = this.page.getByLabel('Workspace file');
    await expect(field).toBeVisible();
    await field.fill(path);
    await field.press('Enter');
  }
}
