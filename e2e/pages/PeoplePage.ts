import { expect, type Locator, type Page } from '@playwright/test';

export type RoleLabel = 'Owner / management' | 'Engineer' | 'External reviewer' | 'Auditor';

export interface PersonAnswers {
  name?: string;
  email?: string;
  role?: RoleLabel;
  justification?: string;
}

/** The People screen and its add/edit dialog. */
export class PeoplePage {
  readonly table: Locator;
  readonly addButton: Locator;
  readonly dialog: Locator;
  readonly status: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole('table');
    this.addButton = page.getByRole('button', { name: 'Add person' });
    this.dialog = page.getByRole('dialog');
    this.status = page.getByRole('main').getByRole('status');
  }

  row(name: string): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('cell', { name, exact: false }) });
  }

  async fillDialog(answers: PersonAnswers): Promise<void> {
    if (answers.name !== undefined) await this.dialog.getByLabel('Name').fill(answers.name);
    if (answers.email !== undefined) await this.dialog.getByLabel('Email').fill(answers.email);
    if (answers.role !== undefined) await this.dialog.getByLabel('Role').selectOption({ label: answers.role });
    if (answers.justification !== undefined) await this.dialog.getByLabel('Justification').fill(answers.justification);
  }

  async add(answers: PersonAnswers & { name: string }): Promise<void> {
    await this.addButton.click();
    await expect(this.dialog).toBeVisible();
    await this.fillDialog(answers);
    await this.dialog.getByRole('button', { name: 'Add person' }).click();
    await expect(this.dialog).toBeHidden();
    await expect(this.row(answers.name)).toBeVisible();
  }

  async openEdit(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Edit ${name}` }).click();
    await expect(this.dialog).toBeVisible();
  }

  async saveEdit(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Save changes' }).click();
  }
}
