import { AuditTrailPage } from '../pages/AuditTrailPage.js';
import { PeoplePage } from '../pages/PeoplePage.js';
import { ShellPage } from '../pages/ShellPage.js';
import { StartPage } from '../pages/StartPage.js';
import { expect, screenshot, test } from './fixtures.js';

test('open the demo workspace and see its people and audit trail', async ({ app: page }) => {
  await new StartPage(page).demoButton.click();
  const shell = new ShellPage(page);
  await shell.expectOpen('Brightline Analytics Ltd');
  await expect(shell.demoBadge).toBeVisible();
  await expect(page.locator('.topbar')).toContainText('Europe/London');

  await shell.goTo('People');
  const people = new PeoplePage(page);
  await expect(people.row('Maya Chen')).toContainText('Owner / management');
  await expect(people.row('Priya Raman')).toContainText('External reviewer');
  await expect(people.row('Leo Martins')).toContainText('leo.martins@contractor.example');
  await expect(people.row('Hannah Keller')).toContainText('Auditor');
  await screenshot(page, 'demo-people');

  await shell.goTo('Audit trail');
  const audit = new AuditTrailPage(page);
  await audit.expectLoaded();
  await expect(audit.summary).toHaveText(/\d+ entries/);
  // The demo grows as capabilities land; its people were recorded first, so look from the oldest end.
  await audit.grid.focus();
  await page.keyboard.press('End');
  await expect(audit.row(1)).toHaveAttribute('aria-selected', 'true');
  const emailChange = audit.rows.filter({ hasText: 'Contractor changed email address' });
  await expect(audit.cell(emailChange, 'action')).toHaveText('person.updated');
  await expect(audit.cell(emailChange, 'actor')).toHaveText('Maya Chen');
  // Times are shown in the workspace's zone (London, GMT in January), with UTC in the title.
  await expect(audit.cell(emailChange, 'time')).toHaveText(/^2026-01-05 \d\d:\d\d:\d\d GMT$/);
  await expect(audit.cell(emailChange, 'time')).toHaveAttribute('title', /^2026-01-05 \d\d:\d\d:\d\d UTC$/);
  await emailChange.click();
  await expect(audit.detail.getByRole('row', { name: /email \(changed\)/ })).toContainText('leo.martins@contractor.example');
  await audit.verify();
  await expect(audit.verifyResult).toContainText('Chain OK');
  await screenshot(page, 'demo-audit-trail');

  // A reload keeps the open workspace (it lives in the server's session) and reloads the trail.
  await page.reload();
  await shell.expectOpen('Brightline Analytics Ltd');
  await audit.expectLoaded();
  await expect(audit.rows.filter({ hasText: 'person.added' }).or(audit.rows.first())).not.toHaveCount(0);
  await expect(audit.summary).toHaveText(/\d+ entries/);
});
