import { stringify } from 'csv-stringify/sync';
import { controlFrequencyLabels } from '../../../shared/catalog/index.js';
import { evidenceKindLabels } from '../../../shared/domain/evidenceKinds.js';
import { controlStatusLabels, type MatrixView } from '../../../shared/domain/matrix.js';
import type { Person } from '../../../shared/domain/people.js';

const HEADER = [
  'Requirement ID',
  'Traditional requirement',
  'Conflicting duty',
  'Conflicting duty (second)',
  'Held by',
  'Risk if combined',
  'Control ID',
  'Compensating control',
  'Why this control',
  'Nature',
  'Automation',
  'Frequency',
  'SOC 2 criteria',
  'ISO 27001 criteria',
  'Evidence expected',
  'Evidence sources',
  'Owner',
  'Performer',
  'Independent reviewer',
  'Status',
  'Status reason',
  'Risk acceptance',
];

/** Spreadsheets run cells that start with these as formulas; a leading apostrophe keeps them text. */
const safeCell = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** The matrix as CSV: one row per requirement-control pair (a requirement with no control gets one row). */
export const matrixToCsv = (matrix: MatrixView, people: Person[]): { csv: string; rows: number } => {
  const nameOf = (id: string | null) => people.find((person) => person.id === id)?.name ?? '';
  const controls = new Map(matrix.controls.map((control) => [control.id, control]));
  const rows: string[][] = [];
  for (const requirement of matrix.requirements) {
    const requirementCells = [
      requirement.catalogId ?? requirement.id,
      requirement.title,
      requirement.dutyA,
      requirement.dutyB,
      [nameOf(requirement.holderAId), nameOf(requirement.holderBId)].filter(Boolean).join(' / '),
      requirement.riskStatement,
    ];
    const links = requirement.controls.length > 0 ? requirement.controls : [null];
    for (const link of links) {
      const control = link ? controls.get(link.controlId) : undefined;
      rows.push(
        [
          ...requirementCells,
          control ? (control.catalogId ?? control.id) : '',
          control?.title ?? '(no compensating control)',
          link?.rationale ?? '',
          control?.nature ?? '',
          control?.automation ?? '',
          control ? controlFrequencyLabels[control.frequency] : '',
          control?.criteria.soc2.join('; ') ?? '',
          control?.criteria.iso27001.join('; ') ?? '',
          control?.evidenceExpected ?? '',
          control?.evidenceKinds.map((kind) => evidenceKindLabels[kind]).join('; ') ?? '',
          nameOf(control?.ownerId ?? null),
          nameOf(control?.performerId ?? null),
          nameOf(control?.reviewerId ?? null),
          control ? controlStatusLabels[control.status] : '',
          control?.statusReason ?? '',
          requirement.coveredByAcceptance ?? '',
        ].map(safeCell),
      );
    }
  }
  // A byte-order mark so spreadsheet programs read the UTF-8 (names, dashes, quotes) correctly.
  return { csv: `\uFEFF${stringify([HEADER, ...rows], { record_delimiter: 'windows' })}`, rows: rows.length };
};
