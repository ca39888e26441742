import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { AuditTrailPage } from '../pages/AuditTrailPage.js';
import { CreateWorkspacePage } from '../pages/CreateWorkspacePage.js';
import { MatrixPage, parseCsv } from '../pages/matrixPage.js';
import { PeoplePage } from '../pages/PeoplePage.js';
import { ShellPage } from '../pages/ShellPage.js';
import { StartPage } from '../pages/StartPage.js';
import { expect, screenshot, test } from './fixtures.js';

/** The six rows of the classic solo matrix (PRODUCT.md) and what each must end up with. */
const classicSolo = [
  {
    id: 'SOD-CODE-REVIEW',
    title: 'Code written by one person is reviewed by another',
    controls: ['CC-AUTOMATED-REVIEW', 'CC-PROTECTED-BRANCH', 'CC-EXTERNAL-REVIEW'],
    criteria: ['CC8.1', 'A.8.32'],
    evidence: 'Pull request records',
  },
  {
    id: 'SOD-DEPLOY-APPROVAL',
    title: 'Deployment is approved by someone other than the developer',
    controls: ['CC-CI-PIPELINE', 'CC-PROTECTED-BRANCH'],
    criteria: ['CC8.1', 'A.8.25'],
    evidence: 'deployment records',
  },
  {
    id: 'SOD-ACCESS-CHANGE',
    title: 'Access changes are reviewed by a manager',
    controls: ['CC-ACCESS-REVIEW', 'CC-EXTERNAL-REVIEW'],
    criteria: ['CC6.2', 'CC6.3', 'A.5.18'],
    evidence: 'Access snapshots',
  },
  {
    id: 'SOD-CONFIG-CHANGE',
    title: 'Configuration changes are authorised by an administrator',
    controls: ['CC-IAC-DRIFT', 'CC-PROTECTED-BRANCH'],
    criteria: ['CC8.1', 'A.8.9'],
    evidence: 'IaC commit history',
  },
  {
    id: 'SOD-MONITORING-REVIEW',
    title: 'Monitoring is reviewed by a security team',
    controls: ['CC-CENTRAL-LOGGING', 'CC-EXTERNAL-REVIEW'],
    criteria: ['CC7.2', 'A.8.15', 'A.8.16'],
    evidence: 'alert rules and thresholds',
  },
  {
    id: 'SOD-INCIDENT-TEST',
    title: 'Incident response is tested by an independent party',
    controls: ['CC-TABLETOP'],
    criteria: ['CC7.4', 'A.5.24'],
    evidence: 'Exercise record',
  },
] as const;

const solo = {
  organisation: 'Northwind Solo Labs',
  frameworks: ['SOC 2', 'ISO 27001'] as ('SOC 2' | 'ISO 27001')[],
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
  timeZone: 'Europe/Berlin',
  ownerName: 'Maya Patel',
  ownerEmail: 'maya@northwind.example',
};

/** Screenshots of a long view: the top, then each further screenful of the scrolling content. */
const screenshotScrolled = async (page: Page, name: string, screens = 3): Promise<void> => {
  const main = page.locator('#main');
  await main.evaluate((element) => element.scrollTo(0, 0));
  await screenshot(page, name);
  for (let i = 2; i <= screens; i++) {
    const more = await main.evaluate((element, index) => {
      const target = (element.clientHeight - 80) * (index - 1);
      if (target >= element.scrollHeight - element.clientHeight + element.clientHeight - 80) return false;
      element.scrollTo(0, target);
      return true;
    }, i);
    if (!more) break;
    await screenshot(page, `${name}-${i}`);
  }
  await main.evaluate((element) => element.scrollTo(0, 0));
};

test('a solo founder builds the compensating-control matrix with the guided builder', async ({ app: page, server }) => {
  test.setTimeout(240_000);
  const shell = new ShellPage(page);
  const matrix = new MatrixPage(page);

  // A person new to the product creates a workspace as a solo founder...
  await new StartPage(page).createButton.click();
  const create = new CreateWorkspacePage(page);
  await create.expectShown();
  await create.fill({ ...solo, path: join(server.documentsDir, 'Northwind.countersign') });
  await create.submit();
  await shell.expectOpen(solo.organisation);

  // ...adds the fractional CISO who will review independently...
  await shell.goTo('People');
  const people = new PeoplePage(page);
  await people.add({ name: 'Jordan Okafor', email: 'jordan@ciso.example', role: 'External reviewer', justification: 'Fractional CISO engaged for SOC 2' });

  // ...and opens the Matrix: empty, with the two ways to start.
  await shell.goTo('Matrix');
  await expect(page.getByRole('heading', { name: 'Your matrix is empty' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Apply the solo template' })).toBeVisible();
  await screenshot(page, 'matrix-empty');
  await page.getByRole('button', { name: 'Start the guided builder' }).click();

  // Step 1, Organisation: defaults taken from the workspace and the people list.
  await matrix.expectStep('Organisation');
  await expect(page.getByLabel('How many people work on the product?')).toHaveValue('1');
  await expect(page.getByRole('checkbox', { name: 'SOC 2' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'ISO 27001:2022' })).toBeChecked();
  await expect(page.locator('.wizard')).toContainText('1 Jan 2026 – 31 Dec 2026 (Europe/Berlin)');
  await expect(page.locator('.duty-row')).toHaveCount(9);
  const codeReview = matrix.dutyRow('Code written by one person is reviewed by another');
  await expect(codeReview.getByRole('combobox', { name: /Write code/ }).locator('option:checked')).toHaveText(/Maya Patel/);
  await expect(codeReview.getByRole('combobox', { name: /Review and approve code/ }).locator('option:checked')).toHaveText(/Maya Patel/);
  await expect(codeReview).toContainText('Maya Patel holds both: a compensating control is needed.');
  // Keyboard: Next is reachable and works from the keyboard.
  await matrix.nextButton.focus();
  await screenshotScrolled(page, 'matrix-wizard-1-organisation', 3);
  await page.keyboard.press('Enter');

  // Step 2, Tooling: nothing is assumed; unanswered questions are named next to their group.
  await matrix.expectStep('Tooling');
  await expect(matrix.stepHeading).toBeFocused();
  await matrix.nextButton.click();
  await expect(page.getByText('Choose where your code is hosted.')).toBeVisible();
  await expect(page.getByText('Choose how infrastructure is changed.')).toBeVisible();
  await matrix.expectStep('Tooling');
  await expect(matrix.radio('Git host', 'GitHub')).toBeFocused();
  await screenshot(page, 'matrix-wizard-2-tooling-unanswered');
  await matrix.answerTooling({
    gitHost: 'GitHub',
    ci: 'GitHub Actions',
    cloud: 'AWS',
    kubernetes: 'No',
    iac: 'Terraform',
    logging: 'The cloud’s own logging and alerting',
    aiReviewer: true,
    externalReviewer: true,
  });
  await expect(page.getByText('Choose where your code is hosted.')).toHaveCount(0);
  await screenshotScrolled(page, 'matrix-wizard-2-tooling', 3);
  await matrix.nextButton.click();
  await matrix.expectStep('Proposal');

  // Resumable: a reload (or coming back later) opens the builder at the saved step with the saved answers.
  await page.reload();
  await shell.expectOpen(solo.organisation);
  await expect(shell.screenTitle).toHaveText('Matrix');
  await matrix.expectStep('Proposal');
  await expect(matrix.tab('Guided builder')).toHaveAttribute('aria-selected', 'true');
  await matrix.backButton.click();
  await matrix.expectStep('Tooling');
  await expect(matrix.radio('Git host', 'GitHub')).toBeChecked();
  await expect(matrix.radio('Infrastructure as code', 'Terraform')).toBeChecked();
  await expect(page.getByRole('checkbox', { name: /An AI reviewer runs on pull requests/ })).toBeChecked();
  await matrix.nextButton.click();

  // Step 3, Proposal: every row with its one-sentence why; controls with theirs.
  await matrix.expectStep('Proposal');
  await expect(page.locator('.proposal-card')).toHaveCount(9);
  for (const row of classicSolo) {
    const card = matrix.proposal(row.title);
    await expect(card.getByRole('checkbox', { name: row.title })).toBeChecked();
    await expect(card.locator('.why').first()).toContainText('Maya Patel holds both duties');
  }
  const codeCard = matrix.proposal('Code written by one person is reviewed by another');
  const aiReview = codeCard.locator('.proposal-control').filter({ hasText: 'Automated or AI code review required on every pull request' });
  await expect(aiReview).toContainText('Your AI reviewer already runs on pull requests');
  await expect(aiReview).toContainText('GitHub pull requests');
  await expect(aiReview.getByLabel('Performer').locator('option:checked')).toHaveText(/Maya Patel/);
  await expect(aiReview.getByLabel('Independent reviewer').locator('option:checked')).toHaveText(/Jordan Okafor/);
  await expect(aiReview.getByLabel('Frequency').locator('option:checked')).toHaveText('On every change');
  // Dropping and restoring a control and a requirement.
  const riskAcceptance = codeCard.locator('.proposal-control').filter({ hasText: 'Documented and signed acceptance of the residual risk' });
  await riskAcceptance.getByRole('checkbox').uncheck();
  await expect(riskAcceptance.getByLabel('Performer')).toHaveCount(0);
  await riskAcceptance.getByRole('checkbox').check();
  const secretsCard = matrix.proposal('Secrets administration is separate from secrets use');
  await secretsCard.getByRole('checkbox', { name: 'Secrets administration is separate from secrets use' }).uncheck();
  await expect(secretsCard).toContainText('Dropped');
  await secretsCard.getByRole('checkbox', { name: 'Secrets administration is separate from secrets use' }).check();
  // The external review runs quarterly, performed by the reviewer and reviewed by management.
  const externalReview = matrix.proposal('Access changes are reviewed by a manager').locator('.proposal-control').filter({ hasText: 'Quarterly external review by a fractional CISO' });
  await expect(externalReview.getByLabel('Performer').locator('option:checked')).toHaveText(/Jordan Okafor/);
  await expect(externalReview).toContainText('Your external reviewer samples this population each quarter');
  await expect(page.locator('.proposal-summary')).toContainText('Proposed: 9 of 9 requirements, compensated by 10 distinct controls');
  await screenshotScrolled(page, 'matrix-wizard-3-proposal', 4);
  // A requirement of one's own can be added here too (shown, not added, in this scenario).
  await page.getByText('Add a requirement of your own').click();
  await page.locator('.custom-requirements').scrollIntoViewIfNeeded();
  await expect(page.getByLabel('Risk if one person holds both')).toBeVisible();
  await screenshot(page, 'matrix-wizard-3-proposal-custom');
  await matrix.applyButton.click();

  // Step 4, Gap check: the accepted proposal leaves no gap.
  await matrix.expectStep('Gap check');
  await expect(matrix.gapClear).toBeVisible();
  await screenshot(page, 'matrix-wizard-4-gaps');
  await matrix.finishButton.click();

  // Step 5, Done: a summary and the way to the table.
  await matrix.expectStep('Done');
  await expect(page.locator('.done-summary')).toContainText('Requirements9');
  await expect(page.locator('.done-summary')).toContainText('Requirement–control pairs26');
  await expect(page.locator('.done-summary')).toContainText('No gaps');
  await screenshot(page, 'matrix-wizard-5-done');
  await page.getByRole('button', { name: 'Open the matrix table' }).click();

  // The matrix covers the six classic requirements with the expected controls, criteria and evidence.
  await expect(matrix.table).toBeVisible();
  await expect(matrix.count).toHaveText('9 requirements · 10 controls · 26 pairs');
  for (const row of classicSolo) {
    const group = matrix.requirementRows(row.id);
    await expect(group.locator('th')).toContainText(row.title);
    for (const control of row.controls) await expect(matrix.controlRow(row.id, control)).toHaveCount(1);
    for (const criterion of row.criteria) await expect(group).toContainText(criterion);
    await expect(group).toContainText(row.evidence);
    await expect(group.locator('.status-badge').first()).toHaveText(/Not ready/);
  }
  const branch = matrix.controlRow('SOD-CODE-REVIEW', 'CC-PROTECTED-BRANCH');
  await expect(branch).toContainText('Continuous');
  await expect(branch).toContainText('Maya Patel');
  await expect(branch).toContainText('Reviewed by Jordan Okafor');
  await expect(branch).toContainText('GitHub branch protection / rulesets');
  await expect(branch).toContainText('No evidence imported for this control yet.');
  await expect(page.getByText('Gap check: no gaps.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run the guided builder again' })).toBeVisible();
  await screenshotScrolled(page, 'matrix-table', 4);

  // Filter by a criterion: only the pairs whose control answers it.
  await expect(matrix.criterionFilter.locator('option', { hasText: 'CC8.1 — Changes authorised' })).toHaveCount(1);
  await matrix.criterionFilter.selectOption({ label: 'A.8.9 — Configuration management' });
  await expect(matrix.count).toHaveText(/^Showing \d+ of 26 requirement–control pairs$/);
  await expect(matrix.controlRow('SOD-CONFIG-CHANGE', 'CC-IAC-DRIFT')).toHaveCount(1);
  await expect(matrix.requirementRows('SOD-INCIDENT-TEST')).toHaveCount(0);
  await screenshot(page, 'matrix-table-filtered');
  await matrix.criterionFilter.selectOption({ label: 'All criteria' });
  await expect(matrix.count).toHaveText('9 requirements · 10 controls · 26 pairs');

  // The detail panel of a control.
  await matrix.openControl('SOD-CODE-REVIEW', 'Automated or AI code review required on every pull request');
  await expect(matrix.drawer).toContainText('CC8.1 — Changes authorised, designed, tested, approved and implemented');
  await expect(matrix.drawer.getByLabel('Independent reviewer').locator('option:checked')).toHaveText(/Jordan Okafor/);
  await screenshot(page, 'matrix-control-detail');
  await matrix.closeDrawer();

  // The CSV: one row per requirement-control pair, named after the organisation.
  const [download] = await Promise.all([page.waitForEvent('download'), matrix.downloadButton.click()]);
  expect(download.suggestedFilename()).toBe('Northwind Solo Labs matrix.csv');
  const csv = parseCsv(readFileSync(await download.path(), 'utf8'));
  const [header, ...rows] = csv;
  expect(header?.[0]).toBe('Requirement ID');
  expect(header).toContain('Compensating control');
  expect(rows).toHaveLength(26);
  for (const row of rows) expect(row).toHaveLength(header?.length ?? 0);
  for (const row of classicSolo) {
    const lines = rows.filter((cells) => cells[0] === row.id);
    expect(lines.map((cells) => cells[6]).sort()).toEqual(expect.arrayContaining([...row.controls].sort()));
  }
  expect(new Set(rows.map((cells) => `${cells[0]}|${cells[6]}`)).size).toBe(26);
  await expect(page.getByRole('status').filter({ hasText: 'Downloaded the matrix as CSV: 26 rows' })).toBeVisible();

  // Policy text: generate from the matrix, save, see version 1.
  await matrix.tab('Policy text').click();
  await expect(page.getByRole('heading', { name: 'No statement saved yet' })).toBeVisible();
  await screenshot(page, 'matrix-policy-empty');
  await page.getByRole('button', { name: 'Generate from matrix' }).click();
  const editor = page.getByLabel('Statement text');
  await expect(editor).toBeFocused();
  await expect(editor).toHaveValue(/^Segregation of duties and change management statement\nNorthwind Solo Labs/);
  await expect(editor).toHaveValue(/Maya Patel holds both sides of 9 conflicting pairs of duties/);
  await expect(page.getByText('Unedited: it will be saved as generated from the matrix.')).toBeVisible();
  await screenshot(page, 'matrix-policy-editor');
  await page.getByRole('button', { name: 'Save as version 1' }).click();
  await expect(page.getByRole('heading', { name: 'Version 1' })).toBeVisible();
  await expect(page.getByTestId('policy-latest-meta')).toContainText('Saved by Maya Patel');
  await expect(page.getByTestId('policy-latest-meta')).toContainText('as generated from the matrix');
  await expect(page.getByText('The matrix has changed since')).toHaveCount(0);
  await expect(page.locator('.policy-history > li')).toHaveCount(1);
  await screenshot(page, 'matrix-policy');

  // The audit trail has the builder's steps, the applied proposal and the saved statement.
  await shell.goTo('Audit trail');
  const audit = new AuditTrailPage(page);
  await audit.expectLoaded();
  for (const action of ['matrix.wizard.saved', 'matrix.proposal.applied', 'policy.saved']) {
    await expect(audit.rows.filter({ hasText: action }).first()).toBeVisible();
  }
  await expect(audit.rows.filter({ hasText: 'matrix.wizard.saved' })).toHaveCount(6);
  await audit.verify();
  await expect(audit.verifyResult).toContainText('Chain OK');
  await screenshot(page, 'matrix-audit-trail');

  // Back in the Matrix section, the finished builder opens on the table.
  await shell.goTo('Matrix');
  await expect(matrix.tab('Matrix')).toHaveAttribute('aria-selected', 'true');
  await expect(matrix.table).toBeVisible();
});

test('the matrix screen: template, gaps, risk acceptance, control and requirement edits', async ({ app: page, server }) => {
  test.setTimeout(180_000);
  const shell = new ShellPage(page);
  const matrix = new MatrixPage(page);
  await new StartPage(page).createButton.click();
  const create = new CreateWorkspacePage(page);
  await create.fill({ ...solo, organisation: 'Template Co', frameworks: ['SOC 2'], path: join(server.documentsDir, 'Template.countersign') });
  await create.submit();
  await shell.expectOpen('Template Co');

  // Without an external reviewer, the solo template leaves controls nobody independent reviews.
  await page.getByRole('button', { name: 'Apply the solo template' }).click();
  await expect(matrix.table).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Applied the solo-founder template' })).toBeVisible();
  await expect(page.locator('.gap-summary')).toContainText(/Gap check: \d+ gaps/);
  await expect(matrix.controlRow('SOD-CODE-REVIEW', 'CC-AUTOMATED-REVIEW').locator('.status-badge')).toHaveText(/Flagged/);
  await expect(matrix.controlRow('SOD-CODE-REVIEW', 'CC-AUTOMATED-REVIEW')).toContainText('Self-reviewed: Maya Patel performs it and nobody independent reviews it.');
  await page.getByRole('button', { name: 'Show the gaps' }).click();
  await expect(page.getByRole('heading', { name: /^Gaps/ })).toBeVisible();
  await expect(page.locator('.gap-item').first()).toContainText('Fix: name an independent reviewer');
  await screenshot(page, 'matrix-template-gaps');

  // A custom requirement, which starts as a gap, covered by a risk acceptance from the gap list.
  await page.getByRole('button', { name: 'Add a requirement' }).click();
  await expect(matrix.drawer).toBeVisible();
  await matrix.drawer.getByRole('button', { name: 'Add the requirement' }).click();
  await expect(matrix.drawer.getByText('Enter a title')).toBeVisible();
  await expect(matrix.drawer.getByLabel('Requirement', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await matrix.drawer.getByLabel('Requirement', { exact: true }).fill('Customer data exports are approved by a second person');
  await matrix.drawer.getByLabel('First duty').fill('Export customer data');
  await matrix.drawer.getByLabel('Conflicting duty').fill('Approve customer data exports');
  await matrix.drawer.getByLabel('Risk if one person holds both').fill('Customer data leaves the company with nobody else knowing.');
  await screenshot(page, 'matrix-add-requirement');
  await matrix.drawer.getByRole('button', { name: 'Add the requirement' }).click();
  await expect(matrix.drawer).toBeHidden();
  const custom = matrix.table.locator('tbody').filter({ hasText: 'Customer data exports are approved by a second person' });
  await expect(custom).toContainText('No compensating control yet');
  const customGap = page.locator('.gap-item').filter({ hasText: 'Customer data exports are approved by a second person' });
  await customGap.getByLabel('Cover by a risk acceptance').fill('RA-26-1');
  await customGap.getByRole('button', { name: 'Link acceptance' }).click();
  await expect(customGap).toContainText('Use a risk acceptance id such as RA-2026-001');
  await customGap.getByLabel('Cover by a risk acceptance').fill('RA-2026-004');
  await customGap.getByRole('button', { name: 'Link acceptance' }).click();
  await expect(custom).toContainText('Risk accepted in RA-2026-004');
  await expect(page.locator('.gap-item-warning').filter({ hasText: 'RA-2026-004' })).toBeVisible();

  // Fix a self-review from the gap list: name the reviewer... who must be a person, so add one.
  await shell.goTo('People');
  await new PeoplePage(page).add({ name: 'Jordan Okafor', role: 'External reviewer' });
  await shell.goTo('Matrix');
  await page.getByRole('button', { name: 'Show the gaps' }).click();
  const selfReview = page.locator('.gap-item').filter({ hasText: '“Automated or AI code review required on every pull request”' });
  await selfReview.getByLabel('Independent reviewer').selectOption({ label: 'Jordan Okafor (external reviewer)' });
  await selfReview.getByRole('button', { name: 'Save' }).click();
  await expect(selfReview).toHaveCount(0);
  await expect(matrix.controlRow('SOD-CODE-REVIEW', 'CC-AUTOMATED-REVIEW').locator('.status-badge')).toHaveText(/Not ready/);

  // Control detail: mark not applicable with a reason, then unlink it after confirming.
  await matrix.openControl('SOD-SECRETS', 'Secrets manager with short-lived access');
  await matrix.drawer.getByRole('button', { name: 'Mark not applicable' }).click();
  await expect(matrix.drawer.getByText('Say why the control does not apply')).toBeVisible();
  await matrix.drawer.getByLabel('Why it does not apply').fill('No production secrets: the product is a static site');
  await matrix.drawer.getByRole('button', { name: 'Mark not applicable' }).click();
  await expect(matrix.drawer.locator('.status-badge').first()).toHaveText(/Not applicable/);
  await expect(matrix.controlRow('SOD-SECRETS', 'CC-SECRETS-MANAGER')).toContainText('No production secrets: the product is a static site');
  await screenshot(page, 'matrix-control-not-applicable');
  await matrix.drawer.getByRole('button', { name: /Unlink from/ }).click();
  await expect(matrix.drawer.getByText('No other requirement uses it, so it leaves the matrix.')).toBeVisible();
  await matrix.drawer.getByRole('button', { name: 'Unlink', exact: true }).click();
  await expect(matrix.drawer).toBeHidden();
  await expect(matrix.controlRow('SOD-SECRETS', 'CC-SECRETS-MANAGER')).toHaveCount(0);

  // Requirement detail: add a catalog control, then remove the requirement (a justification is required).
  await matrix.openRequirement('SOD-SECRETS');
  await matrix.drawer.getByText('Add a control to this requirement').click();
  await matrix.drawer.getByLabel('Catalog control').selectOption({ label: 'Quarterly external review by a fractional CISO (in the matrix)' });
  await matrix.drawer.getByRole('button', { name: 'Add the control' }).click();
  await expect(matrix.controlRow('SOD-SECRETS', 'CC-EXTERNAL-REVIEW')).toHaveCount(1);
  await screenshot(page, 'matrix-requirement-detail');
  await matrix.drawer.getByRole('button', { name: 'Remove the requirement' }).click();
  await expect(matrix.drawer.getByText('Say why the requirement is dropped')).toBeVisible();
  await matrix.drawer.locator('#requirement-remove-why').fill('Secrets are held by the hosting platform; covered under access review');
  await matrix.drawer.getByRole('button', { name: 'Remove the requirement' }).click();
  await expect(matrix.drawer).toBeHidden();
  await expect(matrix.requirementRows('SOD-SECRETS')).toHaveCount(0);

  // Policy text edited by hand is saved as such; a later matrix change marks it stale.
  await matrix.tab('Policy text').click();
  await page.getByRole('button', { name: 'Generate from matrix' }).click();
  const editor = page.getByLabel('Statement text');
  await expect(editor).toHaveValue(/Template Co/);
  await editor.press('Control+End');
  await editor.pressSequentially(' Reviewed by the founder.');
  await expect(page.getByText('You have edited the generated text: it will be saved as edited by hand.')).toBeVisible();
  await page.getByLabel('Justification').fill('Added a closing line');
  await page.getByRole('button', { name: 'Save as version 1' }).click();
  await expect(page.getByTestId('policy-latest-meta')).toContainText('edited by hand');
  await expect(page.locator('.policy-current .policy-text')).toContainText(/acceptance[^\n]*Reviewed by the founder\.$/);
  await matrix.tab('Matrix').click();
  await matrix.openControl('SOD-CODE-REVIEW', 'Protected default branch with required status checks');
  await matrix.drawer.getByLabel('Frequency').selectOption({ label: 'Daily' });
  await matrix.drawer.getByRole('button', { name: 'Save the control' }).click();
  await expect(matrix.drawer.getByRole('status')).toContainText('Saved');
  await matrix.closeDrawer();
  await expect(matrix.controlRow('SOD-CODE-REVIEW', 'CC-PROTECTED-BRANCH')).toContainText('Daily');
  await matrix.tab('Policy text').click();
  await expect(page.getByText('The matrix has changed since version 1 was saved')).toBeVisible();
  await screenshot(page, 'matrix-policy-stale');

  await shell.goTo('Audit trail');
  const audit = new AuditTrailPage(page);
  await audit.expectLoaded();
  for (const action of ['policy.saved', 'matrix.template.applied', 'matrix.requirement.added', 'matrix.requirement.updated', 'matrix.control.updated', 'matrix.control.unlinked', 'matrix.requirement.removed']) {
    await expect(audit.rows.filter({ hasText: action }).first()).toBeVisible();
  }
});

test('the demo workspace shows a complete matrix and its saved policy', async ({ app: page }) => {
  await new StartPage(page).demoButton.click();
  const shell = new ShellPage(page);
  await shell.expectOpen('Brightline Analytics Ltd');
  await shell.goTo('Matrix');
  const matrix = new MatrixPage(page);
  await expect(matrix.tab('Matrix')).toHaveAttribute('aria-selected', 'true');
  await expect(matrix.table).toBeVisible();
  for (const row of classicSolo) {
    await expect(matrix.requirementRows(row.id).locator('th')).toContainText(row.title);
    for (const control of row.controls) await expect(matrix.controlRow(row.id, control)).toHaveCount(1);
  }
  await expect(page.getByText('Gap check: no gaps.')).toBeVisible();
  await screenshotScrolled(page, 'matrix-demo', 2);
  await matrix.tab('Policy text').click();
  await expect(page.getByRole('heading', { name: 'Version 1' })).toBeVisible();
  await expect(page.getByTestId('policy-latest-meta')).toContainText('Saved by Maya Chen');
  await expect(page.locator('.policy-current .policy-text')).toContainText('Segregation of duties and change management statement');
  await screenshot(page, 'matrix-demo-policy');
});
