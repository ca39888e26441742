import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AuditTrailPage } from '../pages/AuditTrailPage.js';
import { CreateWorkspacePage } from '../pages/CreateWorkspacePage.js';
import { PeoplePage } from '../pages/PeoplePage.js';
import { ShellPage } from '../pages/ShellPage.js';
import { StartPage } from '../pages/StartPage.js';
import { expect, screenshot, test } from './fixtures.js';

const acme = {
  organisation: 'Acme Compliance Ltd',
  frameworks: ['SOC 2', 'ISO 27001'] as ('SOC 2' | 'ISO 27001')[],
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
  timeZone: 'Europe/Berlin',
  ownerName: 'Ada Founder',
  ownerEmail: 'ada@acme.example',
};

test('create a workspace, add a person, act as them, and see it all in a verified audit trail', async ({ app: page, server }) => {
  const start = new StartPage(page);
  await screenshot(page, 'start');
  await expect(start.recent).toContainText('No workspaces opened yet');

  // The create form: validation errors sit next to their fields and nothing typed is lost.
  await start.createButton.click();
  const create = new CreateWorkspacePage(page);
  await create.expectShown();
  await expect(create.timeZone).not.toHaveValue('');
  await expect(create.path).toHaveValue(/\.countersign$/);
  expect(await create.path.inputValue()).toContain(server.documentsDir);
  await create.ownerName.fill(acme.ownerName);
  await create.periodStart.fill('2026-06-30');
  await create.periodEnd.fill('2026-01-01');
  await create.submit();
  await expect(create.alert).toContainText('Some answers need a second look');
  await expect(create.organisation).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Enter the organisation name')).toBeVisible();
  await expect(page.getByText('Choose at least one framework')).toBeVisible();
  await expect(page.getByText('The observation period must end after it starts')).toBeVisible();
  await expect(create.organisation).toBeFocused();
  await expect(create.ownerName).toHaveValue(acme.ownerName);
  await screenshot(page, 'create-form-errors');

  const path = join(server.documentsDir, 'Acme.countersign');
  await create.fill({ ...acme, path });
  await screenshot(page, 'create-form');
  await create.submit();

  const shell = new ShellPage(page);
  await shell.expectOpen(acme.organisation);
  expect(existsSync(path)).toBe(true);
  await expect(page.locator('.topbar')).toContainText('Period 1 Jan 2026 – 31 Dec 2026');
  await expect(page.locator('.topbar')).toContainText('Europe/Berlin');
  await expect(shell.demoBadge).toHaveCount(0);
  await expect(shell.actor.locator('option:checked')).toHaveText(/Ada Founder/);
  await expect(shell.navigation.getByRole('link', { name: 'Matrix' })).toHaveAttribute('aria-current', 'page');
  await screenshot(page, 'shell-matrix');

  // Sections not built yet say what will be there, honestly, with nothing to press. (As each is
  // built it stops being a placeholder; the ones still waiting are checked here.)
  let placeholders = 0;
  for (const section of ['Matrix', 'Evidence', 'Exceptions', 'Reviews', 'Risk acceptances', 'Export'] as const) {
    await shell.navigation.getByRole('link', { name: section, exact: true }).click();
    await expect(shell.navigation.getByRole('link', { name: section, exact: true })).toHaveAttribute('aria-current', 'page');
    const note = page.getByRole('main').getByRole('note');
    if ((await page.getByRole('main').getByText('Not built yet', { exact: true }).count()) === 0) continue;
    placeholders++;
    await expect(shell.screenTitle).toHaveText(section);
    await expect(note).toContainText('Not built yet.');
    await expect(page.getByRole('main').getByRole('button')).toHaveCount(0);
    if (placeholders === 1) await screenshot(page, 'shell-placeholder');
  }

  // People: add, then act as the new person and make a change.
  await shell.goTo('People');
  const people = new PeoplePage(page);
  await expect(people.row('Ada Founder')).toContainText('Owner / management');
  await people.add({ name: 'Sam Rivera', email: 'sam@acme.example', role: 'Engineer', justification: 'First engineering hire' });
  await expect(people.row('Sam Rivera')).toContainText('Engineer');
  await screenshot(page, 'people');

  await shell.actAs('Sam Rivera');
  await expect(people.row('Sam Rivera')).toContainText('Acting');

  // The last owner cannot stop being owner: the CONFLICT is shown and the dialog keeps its answers.
  await people.openEdit('Ada Founder');
  await people.fillDialog({ role: 'Engineer', justification: 'Trying to demote the only owner' });
  await people.saveEdit();
  await expect(people.dialog.getByRole('alert')).toContainText('is the only owner');
  await expect(people.dialog.getByLabel('Justification')).toHaveValue('Trying to demote the only owner');
  await screenshot(page, 'people-conflict');
  await page.keyboard.press('Escape');
  await expect(people.dialog).toBeHidden();

  await people.openEdit('Ada Founder');
  await people.fillDialog({ email: 'ada.founder@acme.example', justification: 'Ada moved to her long-form address' });
  await people.saveEdit();
  await expect(people.dialog).toBeHidden();
  await expect(people.row('Ada Founder')).toContainText('ada.founder@acme.example');

  // The trail: newest first, each change under the person who was acting.
  await shell.goTo('Audit trail');
  const audit = new AuditTrailPage(page);
  await audit.expectLoaded();
  const newest = audit.rows.first();
  await expect(audit.cell(newest, 'action')).toHaveText('person.updated');
  await expect(audit.cell(newest, 'actor')).toHaveText('Sam Rivera');
  await expect(audit.cell(newest, 'object')).toContainText('person');
  await expect(audit.cell(newest, 'justification')).toHaveText('Ada moved to her long-form address');
  await expect(audit.cell(newest, 'time')).toHaveAttribute('title', /UTC$/);
  const added = audit.rows.nth(1);
  await expect(audit.cell(added, 'action')).toHaveText('person.added');
  await expect(audit.cell(added, 'actor')).toHaveText('Ada Founder');
  await expect(audit.cell(added, 'justification')).toHaveText('First engineering hire');

  const total = Number((await audit.cell(newest, 'seq').textContent()) ?? '0');
  expect(total).toBeGreaterThanOrEqual(3);
  await expect(audit.summary).toHaveText(`${total} entries`);

  await newest.click();
  await expect(audit.detail).toContainText(`Entry #${total}`);
  await expect(audit.detail).toContainText('person.updated');
  const changed = audit.detail.getByRole('row', { name: /email \(changed\)/ });
  await expect(changed).toContainText('ada@acme.example');
  await expect(changed).toContainText('ada.founder@acme.example');
  await expect(audit.detail).toContainText('Previous hash');
  const headHash = (await audit.detail.locator('dt:text-is("Hash") + dd').textContent())?.trim() ?? '';
  expect(headHash).toMatch(/^[0-9a-f]{64}$/);
  await screenshot(page, 'audit-trail-detail');

  // Arrow keys move through the list and the detail follows.
  await expect(audit.grid).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(audit.row(total - 1)).toHaveAttribute('aria-selected', 'true');
  await expect(audit.detail).toContainText(`Entry #${total - 1}`);
  await expect(audit.detail).toContainText('person.added');
  await page.keyboard.press('Home');
  await expect(audit.row(total)).toHaveAttribute('aria-selected', 'true');

  await audit.verify();
  await expect(audit.verifyResult).toHaveText(new RegExp(`Chain OK — ${total} entries, head ${headHash}`));
  await screenshot(page, 'verify-result');
});

test('recent workspaces: reopen one, and forget one whose file is gone', async ({ app: page, server }) => {
  const start = new StartPage(page);
  const path = join(server.documentsDir, 'Recent.countersign');
  await start.createButton.click();
  const create = new CreateWorkspacePage(page);
  await create.fill({ ...acme, organisation: 'Recent Co', path });
  await create.submit();
  const shell = new ShellPage(page);
  await shell.expectOpen('Recent Co');

  await shell.closeButton.click();
  await start.expectShown();
  const item = start.recentItem(path);
  await expect(item).toContainText('Recent Co');
  await item.getByRole('button', { name: /^Open Recent Co/ }).click();
  await shell.expectOpen('Recent Co');

  await shell.closeButton.click();
  await start.expectShown();
  for (const suffix of ['', '-wal', '-shm', '.lock']) rmSync(`${path}${suffix}`, { force: true });
  await page.reload();
  await expect(start.recentItem(path)).toContainText('The file is no longer there');
  await expect(start.recentItem(path).getByRole('button', { name: /^Open/ })).toHaveCount(0);
  await screenshot(page, 'start-recent-missing');
  await start.recentItem(path).getByRole('button', { name: /^Forget Recent Co/ }).click();
  await expect(start.recentItem(path)).toHaveCount(0);
  await expect(start.recent).toContainText('No workspaces opened yet');
});
