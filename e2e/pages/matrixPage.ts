import { expect, type Locator, type Page } from '@playwright/test';

export type WizardStepName = 'Organisation' | 'Tooling' | 'Proposal' | 'Gap check' | 'Done';

export interface ToolingChoices {
  gitHost: 'GitHub' | 'GitLab' | 'Another Git host';
  ci: 'GitHub Actions' | 'GitLab CI/CD' | 'Another CI service' | 'No CI yet';
  cloud: 'AWS' | 'Google Cloud' | 'Microsoft Azure' | 'None of these';
  kubernetes: 'Yes' | 'No';
  iac: 'Terraform' | 'Another IaC tool' | 'No infrastructure as code';
  logging: 'The cloud’s own logging and alerting' | 'A log platform or SIEM' | 'No central logging yet';
  aiReviewer: boolean;
  externalReviewer: boolean;
}

/** The Matrix section: its tabs, the guided builder, the matrix table with its detail panel, and the policy text. */
export class MatrixPage {
  readonly tabs: Locator;
  readonly wizard: Locator;
  readonly stepHeading: Locator;
  readonly currentStep: Locator;
  readonly nextButton: Locator;
  readonly backButton: Locator;
  readonly applyButton: Locator;
  readonly finishButton: Locator;
  readonly table: Locator;
  readonly criterionFilter: Locator;
  readonly count: Locator;
  readonly drawer: Locator;
  readonly downloadButton: Locator;
  readonly gapClear: Locator;

  constructor(readonly page: Page) {
    this.tabs = page.getByRole('tablist', { name: 'Matrix views' });
    this.wizard = page.locator('.wizard');
    this.stepHeading = page.locator('#wizard-step-title');
    this.currentStep = page.getByRole('navigation', { name: 'Guided builder steps' }).locator('[aria-current="step"]');
    this.nextButton = page.getByRole('button', { name: 'Next →' });
    this.backButton = page.getByRole('button', { name: '← Back' });
    this.applyButton = page.getByRole('button', { name: 'Apply to matrix' });
    this.finishButton = page.getByRole('button', { name: 'Finish' });
    this.table = page.getByRole('table', { name: 'Compensating-control matrix' });
    this.criterionFilter = page.getByLabel('Framework criterion');
    this.count = page.locator('.matrix-count');
    this.drawer = page.locator('dialog.matrix-drawer');
    this.downloadButton = page.getByRole('button', { name: 'Download CSV' });
    this.gapClear = page.getByTestId('gap-check-clear');
  }

  tab(name: 'Matrix' | 'Guided builder' | 'Policy text'): Locator {
    return this.tabs.getByRole('tab', { name: new RegExp(`^${name}`) });
  }

  async expectStep(step: WizardStepName): Promise<void> {
    await expect(this.currentStep).toContainText(step);
    await expect(this.stepHeading).toContainText(step);
  }

  /** The Organisation step's row for a catalog requirement, by its title. */
  dutyRow(title: string): Locator {
    return this.page.locator('.duty-row').filter({ hasText: title });
  }

  radio(legend: string, label: string): Locator {
    return this.page.getByRole('group', { name: legend, exact: true }).getByRole('radio', { name: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) });
  }

  async answerTooling(choices: ToolingChoices): Promise<void> {
    await this.radio('Git host', choices.gitHost).check();
    await this.radio('Continuous integration (CI)', choices.ci).check();
    await this.radio('Cloud', choices.cloud).check();
    await this.radio('Do you run Kubernetes?', choices.kubernetes).check();
    await this.radio('Infrastructure as code', choices.iac).check();
    await this.radio('Logging and alerting', choices.logging).check();
    await this.page.getByRole('checkbox', { name: /An AI reviewer runs on pull requests/ }).setChecked(choices.aiReviewer);
    await this.page.getByRole('checkbox', { name: /An external reviewer is engaged/ }).setChecked(choices.externalReviewer);
  }

  /** A proposed requirement's card in the Proposal step, by its title. */
  proposal(title: string): Locator {
    return this.page.getByRole('region', { name: title, exact: true });
  }

  /** The matrix table's group of rows for a requirement, by catalog id (or its own id). */
  requirementRows(catalogId: string): Locator {
    return this.table.locator(`tbody[data-requirement="${catalogId}"]`);
  }

  controlRow(requirementCatalogId: string, controlCatalogId: string): Locator {
    return this.requirementRows(requirementCatalogId).locator(`tr[data-control="${controlCatalogId}"]`);
  }

  async openControl(requirementCatalogId: string, controlTitle: string): Promise<void> {
    await this.requirementRows(requirementCatalogId).getByRole('button', { name: controlTitle, exact: true }).click();
    await expect(this.drawer).toBeVisible();
    await expect(this.drawer.getByRole('heading', { level: 2 })).toHaveText(controlTitle);
  }

  async openRequirement(requirementCatalogId: string): Promise<void> {
    await this.requirementRows(requirementCatalogId).locator('th .link-button').click();
    await expect(this.drawer).toBeVisible();
  }

  async closeDrawer(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await expect(this.drawer).toBeHidden();
  }
}

/** A small RFC 4180 reader: enough to count rows and read cells of the matrix CSV. */
export const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (quoted) {
      if (char === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && body[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else if (char === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
};
