import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { CreateWorkspacePage } from '../pages/CreateWorkspacePage.js';
import { EvidencePage } from '../pages/EvidencePage.js';
import { ExceptionsPage } from '../pages/ExceptionsPage.js';
import { ImportDialogPage } from '../pages/ImportDialogPage.js';
import { ShellPage } from '../pages/ShellPage.js';
import { StartPage } from '../pages/StartPage.js';
import { expect, screenshot, test, type CountersignServer } from './fixtures.js';

const SAMPLES = '/work/shared/samples';
const PR_BUNDLE = join(SAMPLES, 'github_rest_pygithub_replay_bundle.json');
const JUNIT = join(SAMPLES, 'junit_jest-junit_dorny.xml');

/** The sample's pull request was merged in May 2018: the period covers that year. */
const workspace = {
  organisation: 'Falke Solo Software',
  frameworks: ['SOC 2'] as ('SOC 2' | 'ISO 27001')[],
  periodStart: '2018-01-01',
  periodEnd: '2018-12-31',
  timeZone: 'UTC',
  ownerName: 'Marco Falke',
};

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Creates the workspace in browser mode and, when asked, applies the solo matrix template. */
const createWorkspace = async (page: Page, server: CountersignServer, withTemplate: boolean): Promise<void> => {
  await new StartPage(page).createButton.click();
  const create = new CreateWorkspacePage(page);
  await create.expectShown();
  await create.fill({ ...workspace, path: join(server.documentsDir, 'Falke.countersign') });
  await create.submit();
  await new ShellPage(page).expectOpen(workspace.organisation);
  if (withTemplate) {
    await page.getByRole('button', { name: 'Apply the solo template' }).click();
    await expect(page.getByText(/Applied the solo-founder template/)).toBeVisible();
  }
};

/** The evidence list as the core has it, for "nothing was added" checks. */
const evidenceTotal = async (page: Page): Promise<number> => {
  const body = await page.evaluate(async () => {
    const response = await fetch('/rpc/evidence.list', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ offset: 0, limit: 1 }) });
    return (await response.json()) as { ok: boolean; value: { total: number } };
  });
  expect(body.ok).toBe(true);
  return body.value.total;
};

/** A `gh pr list --json` export with many merged pull requests, each approved by someone else. */
const writeBigPrExport = (path: string, count: number): void => {
  const base = Date.parse('2018-01-02T10:00:00Z');
  const parts: string[] = [];
  for (let i = 1; i <= count; i++) {
    const at = new Date(base + i * 60_000).toISOString().replace('.000', '');
    parts.push(
      JSON.stringify({
        number: i,
        title: `Change ${i}`,
        author: { login: 'founder', is_bot: false },
        mergedBy: { login: 'founder' },
        mergedAt: at,
        createdAt: at,
        reviews: [{ id: `R${i}`, author: { login: 'reviewer' }, state: 'APPROVED', submittedAt: at, commit: { oid: 'a'.repeat(40) } }],
        latestReviews: [],
        reviewDecision: '',
        baseRefName: 'main',
        headRefName: `change-${i}`,
        headRefOid: 'a'.repeat(40),
        mergeCommit: { oid: 'b'.repeat(40) },
        url: `https://github.com/acme/api/pull/${i}`,
      }),
    );
  }
  writeFileSync(path, `[${parts.join(',\n')}]`);
};

test('import a GitHub export, read its provenance and records, and follow an exception back to its proof', async ({ app: page, server, context }) => {
  test.setTimeout(120_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await createWorkspace(page, server, true);
  const shell = new ShellPage(page);

  // Before any import: the Exceptions screen says honestly that nothing has been checked.
  await shell.goTo('Exceptions');
  const exceptions = new ExceptionsPage(page);
  await expect(exceptions.emptyState).toContainText('No evidence to check yet');
  await expect(exceptions.emptyState).toContainText('This does not mean there are no exceptions');
  await screenshot(page, 'exceptions-no-evidence');

  // Its "Import evidence" opens the dialog on the Evidence screen; Escape closes it while nothing runs.
  await exceptions.emptyState.getByRole('button', { name: 'Import evidence' }).click();
  await expect(shell.screenTitle).toHaveText('Evidence');
  const dialog = new ImportDialogPage(page);
  await dialog.expectOpen();
  await page.keyboard.press('Escape');
  await expect(dialog.dialog).toBeHidden();

  const evidence = new EvidencePage(page);
  await expect(evidence.emptyState).toBeVisible();
  await expect(evidence.emptyState).toContainText('the whole population of the period');
  await screenshot(page, 'evidence-empty');

  // The dialog: kinds from the core, the export command to copy with gh's limit explained.
  await evidence.emptyState.getByRole('button', { name: 'Import evidence' }).click();
  await dialog.expectOpen();
  await expect(dialog.kind).toBeFocused();
  await expect(dialog.kind).toHaveValue('auto');
  await expect(dialog.kind.locator('option', { hasText: 'Detect automatically' })).toHaveCount(1);
  await expect(dialog.kind.locator('option[value="github-prs"]')).toHaveCount(1);
  await screenshot(page, 'import-dialog');

  await dialog.chooseKind('github-prs');
  await expect(dialog.exportCommand).toContainText('gh pr list');
  await expect(dialog.exportCommand).toContainText('--limit 10000');
  await expect(dialog.exportNotes).toContainText('30');
  await dialog.copyCommand.click();
  await expect(dialog.dialog.getByRole('button', { name: 'Copy the export command' })).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('gh pr list');

  // A dropped file has no path in a browser: the dialog says so and names the file.
  await dialog.dropZone.evaluate((zone) => {
    const data = new DataTransfer();
    data.items.add(new File(['[]'], 'pull-requests.json', { type: 'application/json' }));
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  await expect(dialog.dropZone).toContainText('You dropped pull-requests.json');
  await expect(dialog.dropZone).toContainText('type or paste its full path');
  await expect(dialog.path).toBeFocused();
  await screenshot(page, 'import-github-prs');

  // An empty path is caught before anything starts.
  await dialog.importButton.click();
  await expect(dialog.dialog.getByText('Enter the path of the file to import.')).toBeVisible();

  await dialog.importFile('github-prs', PR_BUNDLE);
  await expect(dialog.summary.getByRole('heading', { name: 'Imported as EV-0001' })).toBeFocused();
  await expect(dialog.summaryFact('Records')).toContainText('6 records');
  await expect(dialog.summaryFact('Records')).toContainText('1 pull request, 5 reviews');
  await expect(dialog.summaryFact('Period covered')).toHaveText('2018-05-22');
  await expect(dialog.summaryFact('Controls linked')).toContainText('review');
  await expect(dialog.summaryFact('Exceptions')).toContainText('new with this import');
  await expect(dialog.summaryFact('SHA-256')).toContainText(sha256(PR_BUNDLE));
  await expect(dialog.summary.getByRole('note')).toContainText('not in this file');
  await screenshot(page, 'import-summary');

  // The same bytes again: recognised, nothing new written.
  await dialog.dialog.getByRole('button', { name: 'Import another file' }).click();
  await expect(dialog.path).toHaveValue('');
  await dialog.importFile('auto', PR_BUNDLE);
  await expect(dialog.summary.getByRole('heading', { name: 'Already imported as EV-0001' })).toBeVisible();
  await expect(dialog.summary).toContainText('Nothing new was written');
  await screenshot(page, 'import-already-imported');
  expect(await evidenceTotal(page)).toBe(1);

  await dialog.dialog.getByRole('button', { name: 'Show EV-0001' }).click();
  await expect(dialog.dialog).toBeHidden();

  // The list and the item's detail: provenance, file, hash, linked controls, records.
  await expect(evidence.rows).toHaveCount(1);
  await expect(evidence.row('EV-0001')).toHaveAttribute('aria-selected', 'true');
  await expect(evidence.row('EV-0001')).toContainText('GitHub pull requests');
  await expect(evidence.row('EV-0001')).toContainText('Marco Falke');
  await expect(evidence.sha256).toHaveText(sha256(PR_BUNDLE));
  await expect(evidence.fact('Source system')).toHaveText('GitHub');
  await expect(evidence.fact('Collection method')).not.toBeEmpty();
  await expect(evidence.fact('Imported by')).toHaveText('Marco Falke');
  await expect(evidence.fact('Record count')).toHaveText('6');
  await expect(evidence.fact('File name')).toContainText('.json');
  await expect(evidence.fact('Size')).toContainText(`${readFileSync(PR_BUNDLE).length.toLocaleString('en-GB')} bytes`);
  await expect(evidence.linkedControls.getByRole('listitem')).not.toHaveCount(0);
  await expect(evidence.recordTab(/^Pull requests/)).toHaveAttribute('aria-selected', 'true');
  await expect(evidence.recordRows()).toHaveCount(1);
  await expect(evidence.recordRows().first()).toContainText('MarcoFalke');
  await screenshot(page, 'evidence-detail');
  await evidence.recordsGrid.scrollIntoViewIfNeeded();
  await screenshot(page, 'evidence-records');

  await evidence.recordTab(/^Reviews/).click();
  await expect(evidence.recordRows()).toHaveCount(5);
  await expect(evidence.recordsGrid.getByRole('columnheader', { name: 'Reviewer', exact: true })).toBeVisible();
  await evidence.recordTab(/^Reviews/).press('ArrowLeft');
  await expect(evidence.recordTab(/^Pull requests/)).toBeFocused();
  await expect(evidence.recordTab(/^Pull requests/)).toHaveAttribute('aria-selected', 'true');

  // Filters: by kind, by control, by search.
  await evidence.kindFilter.selectOption('github-runs');
  await expect(evidence.grid).toContainText('No evidence matches these filters');
  await screenshot(page, 'evidence-filtered-empty');
  await evidence.kindFilter.selectOption('github-prs');
  await expect(evidence.rows).toHaveCount(1);
  await evidence.kindFilter.selectOption('');
  await evidence.search.fill('no such evidence');
  await expect(evidence.grid).toContainText('No evidence matches these filters');
  await evidence.search.fill(sha256(PR_BUNDLE).slice(0, 12));
  await expect(evidence.rows).toHaveCount(1);
  await evidence.search.fill('');
  await expect(evidence.rows).toHaveCount(1);

  // Exceptions: the self-merged pull request, with its proof pointing back at the evidence.
  await shell.goTo('Exceptions');
  await expect(exceptions.grid).toBeVisible();
  const selfMerge = exceptions.rowWith('MarcoFalke/PyGithub').filter({ hasText: 'merged by its own author' });
  await expect(selfMerge).toHaveCount(1);
  await expect(selfMerge.locator('[data-severity]')).toHaveText('High');
  await screenshot(page, 'exceptions-list');

  // The keyboard moves through the list; the detail follows.
  await exceptions.grid.focus();
  await page.keyboard.press('End');
  await expect(exceptions.rows.last()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(exceptions.rows.first()).toHaveAttribute('aria-selected', 'true');
  await expect(exceptions.detail.getByRole('heading', { level: 2 })).toContainText(
    ((await exceptions.rows.first().getByRole('gridcell').first().textContent()) ?? '').trim(),
  );

  await exceptions.select(selfMerge);
  await expect(exceptions.detail).toContainText('PR #2');
  await expect(exceptions.detail).toContainText('merged by its own author, MarcoFalke');
  await expect(exceptions.detail.getByRole('list', { name: 'Linked controls' }).getByRole('listitem')).not.toHaveCount(0);
  await expect(exceptions.proof).toContainText('MarcoFalke/PyGithub#2');
  await screenshot(page, 'exceptions-detail');

  await exceptions.ruleFilter.selectOption('self-merge');
  await expect(exceptions.rows).toHaveCount(1);
  await exceptions.severityFilter.selectOption('low');
  await expect(exceptions.grid).toContainText('No exceptions match these filters');
  await exceptions.severityFilter.selectOption('');
  await exceptions.ruleFilter.selectOption('');
  await exceptions.includeResolved.check();
  await expect(exceptions.rows).not.toHaveCount(0);

  await exceptions.proof.getByRole('link', { name: 'EV-0001' }).first().click();
  await expect(shell.screenTitle).toHaveText('Evidence');
  await expect(evidence.sha256).toHaveText(sha256(PR_BUNDLE));
  await expect(evidence.recordTab(/^Pull requests/)).toHaveAttribute('aria-selected', 'true');
  await expect(evidence.detail).toContainText('The exception points at record MarcoFalke/PyGithub#2, marked below.');
  await expect(evidence.recordRows().first()).toHaveClass(/record-row-highlight/);
  await evidence.recordsGrid.scrollIntoViewIfNeeded();
  await screenshot(page, 'evidence-from-exception');
});

test('a file of the wrong kind is refused with what it looks like, and nothing is added', async ({ app: page, server }) => {
  await createWorkspace(page, server, false);
  const shell = new ShellPage(page);
  await shell.goTo('Evidence');
  const evidence = new EvidencePage(page);
  await evidence.emptyState.getByRole('button', { name: 'Import evidence' }).click();
  const dialog = new ImportDialogPage(page);
  await dialog.expectOpen();

  // Where the window may not write the clipboard (the desktop app denies permissions), the command is selected instead.
  await dialog.chooseKind('github-prs');
  await page.evaluate(() => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) }, configurable: true });
  });
  await dialog.copyCommand.click();
  await expect(dialog.dialog.getByRole('status').filter({ hasText: 'the text is selected' })).toBeVisible();
  expect(await page.evaluate(() => window.getSelection()?.toString() ?? '')).toContain('gh pr list');
  await screenshot(page, 'import-copy-refused');

  await dialog.start('github-prs', JUNIT);
  await expect(dialog.alert).toContainText('Nothing was imported');
  await expect(dialog.alert).toContainText('junit_jest-junit_dorny.xml');
  await expect(dialog.alert).toContainText('is not a GitHub pull request export');
  // The dialog stays, with what was typed, so the kind or the path can be fixed.
  await expect(dialog.dialog).toBeVisible();
  await expect(dialog.path).toHaveValue(JUNIT);
  await expect(dialog.path).toBeFocused();
  await expect(dialog.kind).toHaveValue('github-prs');
  await screenshot(page, 'import-wrong-kind');

  await dialog.start('github-prs', join(server.documentsDir, 'missing.json'));
  await expect(dialog.alert).toContainText('missing.json');
  await screenshot(page, 'import-missing-file');
  expect(await evidenceTotal(page)).toBe(0);

  // Escape closes the dialog when nothing runs, and the screen still has no evidence.
  await page.keyboard.press('Escape');
  await expect(dialog.dialog).toBeHidden();
  await expect(evidence.emptyState).toBeVisible();
});

test('a long import shows progress and can be cancelled without writing anything', async ({ app: page, server }) => {
  test.setTimeout(180_000);
  // About 90 MB: reading it takes several seconds, time enough to look at the progress and cancel.
  const big = join(server.documentsDir, 'many-pull-requests.json');
  writeBigPrExport(big, 150_000);
  await createWorkspace(page, server, false);
  const shell = new ShellPage(page);
  await shell.goTo('Evidence');
  const evidence = new EvidencePage(page);
  await evidence.emptyState.getByRole('button', { name: 'Import evidence' }).click();
  const dialog = new ImportDialogPage(page);
  await dialog.expectOpen();

  await dialog.start('github-prs', big);
  await expect(dialog.cancelButton).toBeVisible();
  await expect(dialog.cancelButton).toBeFocused();
  await expect(dialog.progress).toBeVisible();
  // Escape does not close the dialog while the import runs.
  await page.keyboard.press('Escape');
  await expect(dialog.dialog).toBeVisible();
  await screenshot(page, 'import-progress');
  await dialog.cancelButton.click();
  await expect(dialog.dialog.getByRole('status').filter({ hasText: 'Cancelled: nothing was written' })).toBeVisible({ timeout: 30_000 });
  await expect(dialog.tryAgainButton).toBeVisible();
  await screenshot(page, 'import-cancelled');
  expect(await evidenceTotal(page)).toBe(0);

  await dialog.closeButton.click();
  await expect(dialog.dialog).toBeHidden();
  await expect(evidence.emptyState).toBeVisible();
});
