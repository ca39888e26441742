import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateWorkspacePage } from '../pages/CreateWorkspacePage.js';
import { StartPage } from '../pages/StartPage.js';
import { expect, screenshot, test } from './fixtures.js';

test('opening a file that is not a workspace names the file and says what is wrong', async ({ app: page, server }) => {
  const notes = join(server.documentsDir, 'notes.txt');
  writeFileSync(notes, 'Quarterly review notes\nNothing to see here.\n');

  const start = new StartPage(page);
  await start.openPath(notes);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('This is not a Countersign workspace');
  await expect(alert).toContainText(notes);
  // The typed path stays, so the person can correct it.
  await expect(page.getByLabel('Workspace file')).toHaveValue(notes);
  await screenshot(page, 'open-not-a-workspace');

  const missing = join(server.documentsDir, 'nowhere.countersign');
  await page.getByLabel('Workspace file').fill(missing);
  await page.getByRole('button', { name: 'Open workspace' }).click();
  await expect(page.getByRole('alert')).toContainText(`${missing} does not exist`);
});

test('creating over an existing file is refused and keeps every answer', async ({ app: page, server }) => {
  const taken = join(server.documentsDir, 'taken.countersign');
  writeFileSync(taken, 'already here');
  await new StartPage(page).createButton.click();
  const create = new CreateWorkspacePage(page);
  await create.fill({
    organisation: 'Clash Ltd',
    frameworks: ['SOC 2'],
    periodStart: '2026-01-01',
    periodEnd: '2026-06-30',
    ownerName: 'Casey Clash',
    path: taken,
  });
  await create.submit();
  await expect(create.alert).toContainText('already exists');
  await expect(create.path).toHaveAttribute('aria-invalid', 'true');
  await expect(create.organisation).toHaveValue('Clash Ltd');
  await expect(create.framework('SOC 2')).toBeChecked();
  await expect(create.ownerName).toHaveValue('Casey Clash');
});

test('the browser-mode host refuses requests without this launch’s token', async ({ browser, server }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const bare = await page.goto(`${server.origin}/`);
  expect(bare?.status()).toBe(403);
  await expect(page.locator('body')).toContainText('Forbidden');

  const wrong = await page.goto(`${server.origin}/?token=not-the-token`);
  expect(wrong?.status()).toBe(403);
  await context.close();

  const rpc = await fetch(`${server.origin}/rpc/app.info`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  expect(rpc.status).toBe(403);
});
