import { join } from 'node:path';
import { AuditTrailPage } from '../pages/AuditTrailPage.js';
import { ShellPage } from '../pages/ShellPage.js';
import { StartPage } from '../pages/StartPage.js';
import { expect, screenshot, test } from './fixtures.js';
import { writeWorkspaceWithTrail } from './generateTrail.js';

const EXTRA = 20_000;

test('a long audit trail is paged and virtualized, not loaded whole', async ({ app: page, server }) => {
  const path = join(server.documentsDir, 'Long.countersign');
  writeWorkspaceWithTrail(path, EXTRA);
  const total = EXTRA + 2; // the workspace's creation and its owner come first

  const listCalls: number[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/rpc/audit.list')) listCalls.push(Number((request.postDataJSON() as { offset: number }).offset));
  });

  await new StartPage(page).openPath(path);
  const shell = new ShellPage(page);
  await shell.expectOpen('Long Trail Ltd');
  await shell.goTo('Audit trail');
  const audit = new AuditTrailPage(page);
  await audit.expectLoaded();
  await expect(audit.summary).toHaveText(`${total.toLocaleString('en-GB')} entries`);
  await expect(audit.cell(audit.rows.first(), 'justification')).toHaveText(`Generated note ${EXTRA}`);
  expect(await audit.rows.count()).toBeLessThan(80);

  // The far end: one page fetched for it, not everything in between.
  await audit.grid.focus();
  await page.keyboard.press('End');
  await expect(audit.row(1)).toHaveAttribute('aria-selected', 'true');
  await expect(audit.cell(audit.row(1), 'action')).toHaveText('workspace.created');
  await expect(audit.detail).toContainText('Entry #1');

  await page.getByLabel('Go to entry').fill('12345');
  await page.getByLabel('Go to entry').press('Enter');
  await expect(audit.row(12345)).toHaveAttribute('aria-selected', 'true');
  await expect(audit.cell(audit.row(12345), 'justification')).toHaveText('Generated note 12343');
  await expect(audit.detail).toContainText('Entry #12345');
  await expect(audit.grid).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(audit.detail).toContainText('Entry #12346');
  expect(await audit.rows.count()).toBeLessThan(80);
  expect(listCalls.length).toBeLessThan(10);
  await screenshot(page, 'audit-trail-long');

  await audit.verify();
  await expect(audit.verifyResult).toContainText(`Chain OK — ${total.toLocaleString('en-GB')} entries, head`);
});
