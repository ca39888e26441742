import { expect, type Locator, type Page } from '@playwright/test';

export type SectionName = 'Matrix' | 'Evidence' | 'Exceptions' | 'Reviews' | 'Risk acceptances' | 'Audit trail' | 'Export' | 'People';

/** The frame around an open workspace: navigation, header, acting person. */
export class ShellPage {
  readonly navigation: Locator;
  readonly organisation: Locator;
  readonly actor: Locator;
  readonly closeButton: Locator;
  readonly demoBadge: Locator;
  readonly screenTitle: Locator;

  constructor(readonly page: Page) {
    this.navigation = page.getByRole('navigation', { name: 'Sections' });
    this.organisation = page.getByTestId('organisation');
    this.actor = page.getByLabel('Acting as');
    this.closeButton = page.getByRole('button', { name: 'Close workspace' });
    this.demoBadge = page.locator('.topbar').getByText('Demo', { exact: true });
    this.screenTitle = page.getByRole('main').getByRole('heading', { level: 1 });
  }

  async expectOpen(organisation: string): Promise<void> {
    await expect(this.organisation).toHaveText(organisation);
  }

  async goTo(section: SectionName): Promise<void> {
    await this.navigation.getByRole('link', { name: section, exact: true }).click();
    await expect(this.screenTitle).toHaveText(section);
  }

  /** Chooses the acting person by name (the option reads "Name — Role"). */
  async actAs(name: string): Promise<void> {
    const option = this.actor.locator('option').filter({ hasText: name });
    const value = await option.getAttribute('value');
    if (!value) throw new Error(`No acting-person option for ${name}`);
    await this.actor.selectOption(value);
    await expect(this.actor).toHaveValue(value);
  }
}
