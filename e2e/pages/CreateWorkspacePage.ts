import { expect, type Locator, type Page } from '@playwright/test';

export interface NewWorkspace {
  organisation: string;
  frameworks: ('SOC 2' | 'ISO 27001')[];
  periodStart: string;
  periodEnd: string;
  timeZone?: string;
  ownerName: string;
  ownerEmail?: string;
  /** Browser mode: the path typed into the location field; left as suggested when absent. */
  path?: string;
}

/** The "Create a workspace" form. */
export class CreateWorkspacePage {
  readonly heading: Locator;
  readonly organisation: Locator;
  readonly periodStart: Locator;
  readonly periodEnd: Locator;
  readonly timeZone: Locator;
  readonly ownerName: Locator;
  readonly ownerEmail: Locator;
  readonly path: Locator;
  readonly submitButton: Locator;
  readonly alert: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Create a workspace' });
    this.organisation = page.getByLabel('Organisation name');
    this.periodStart = page.getByLabel('Period start');
    this.periodEnd = page.getByLabel('Period end');
    this.timeZone = page.getByLabel('Time zone');
    this.ownerName = page.getByLabel('Owner name');
    this.ownerEmail = page.getByLabel('Owner email');
    this.path = page.getByLabel('Workspace file');
    this.submitButton = page.getByRole('button', { name: 'Create workspace' });
    this.alert = page.getByRole('alert');
  }

  framework(name: 'SOC 2' | 'ISO 27001'): Locator {
    return this.page.getByRole('checkbox', { name: new RegExp(`^${name}`) });
  }

  async expectShown(): Promise<void> {
    await expect(this.heading).toBeVisible();
  }

  async fill(workspace: NewWorkspace): Promise<void> {
    await this.organisation.fill(workspace.organisation);
    await this.organisation.blur();
    for (const framework of workspace.frameworks) await this.framework(framework).check();
    await this.periodStart.fill(workspace.periodStart);
    await this.periodEnd.fill(workspace.periodEnd);
    if (workspace.timeZone) await this.timeZone.selectOption(workspace.timeZone);
    await this.ownerName.fill(workspace.ownerName);
    if (workspace.ownerEmail !== undefined) await this.ownerEmail.fill(workspace.ownerEmail);
    if (workspace.path !== undefined) await this.path.fill(workspace.path);
  }

  async submit(): Promise<void> {
    await this.submitButton.click();
  }
}
