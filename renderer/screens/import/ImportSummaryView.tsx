import type { Ref } from 'react';
import type { ImportSummary } from '../../../shared/domain/evidence.js';
import { evidenceKindLabels } from '../../../shared/domain/evidenceKinds.js';
import { useEvidence, type ImporterInfo } from '../../stores/evidence.js';
import { useSession } from '../../stores/session.js';
import { CopyButton } from '../evidence/CopyButton.js';
import { controlTitle, formatPeriod, formatRecordCounts, plural } from '../evidence/evidenceFormat.js';

interface Props {
  ref?: Ref<HTMLHeadingElement>;
  summary: ImportSummary;
  importers: ImporterInfo[] | null;
}

/** What an import wrote and found, in the words an auditor uses. */
export const ImportSummaryView = ({ ref, summary, importers }: Props) => {
  const controls = useEvidence((state) => state.controls);
  const timeZone = useSession((state) => state.workspace?.timeZone ?? 'UTC');
  const kindLabel = importers?.find((importer) => importer.kind === summary.kind)?.label ?? evidenceKindLabels[summary.kind];
  const warnings = summary.alreadyImported ? summary.warnings.filter((warning) => !warning.startsWith('These exact bytes')) : summary.warnings;

  return (
    <section className="import-summary" aria-labelledby="import-summary-title" data-testid="import-summary">
      <h3 id="import-summary-title" ref={ref} tabIndex={-1} className={summary.alreadyImported ? 'import-summary-title-same' : 'import-summary-title-ok'}>
        {summary.alreadyImported ? `Already imported as ${summary.evidenceId}` : `Imported as ${summary.evidenceId}`}
      </h3>
      {summary.alreadyImported ? (
        <p className="import-summary-note">
          These exact bytes were imported before as {summary.evidenceId} ({kindLabel}). Nothing new was written; the figures below are that import’s.
        </p>
      ) : null}
      <dl className="summary-list">
        <div>
          <dt>Evidence</dt>
          <dd>
            <span className="mono">{summary.evidenceId}</span> · {kindLabel} <span className="muted mono">({summary.kind})</span>
          </dd>
        </div>
        <div>
          <dt>Records</dt>
          <dd data-testid="summary-records">
            {plural(summary.records, 'record')}
            {summary.records > 0 ? <span className="muted">: {formatRecordCounts(summary.recordsByType)}</span> : null}
          </dd>
        </div>
        <div>
          <dt>Period covered</dt>
          <dd>{formatPeriod(summary.periodStart, summary.periodEnd, timeZone)}</dd>
        </div>
        <div>
          <dt>Controls linked</dt>
          <dd data-testid="summary-controls">
            {summary.linkedControls.length === 0 ? (
              <span className="muted">None yet: no control in the matrix lists {kindLabel} ({summary.kind}) as its evidence. Add the kind to a control in the Matrix and this item is linked to it.</span>
            ) : (
              <ul className="plain-list">
                {summary.linkedControls.map((id) => (
                  <li key={id}>{controlTitle(controls, id)}</li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        <div>
          <dt>Exceptions</dt>
          <dd data-testid="summary-exceptions">
            {summary.alreadyImported
              ? 'Not checked again: nothing changed.'
              : summary.exceptions.total === 0
                ? 'None found in the evidence so far.'
                : `${plural(summary.exceptions.total, 'open exception')} in all evidence, ${summary.exceptions.new.toLocaleString('en-GB')} new with this import.`}
          </dd>
        </div>
        <div>
          <dt>SHA-256</dt>
          <dd className="summary-hash">
            <code id="summary-sha256" className="hash">
              {summary.sha256}
            </code>
            <CopyButton text={summary.sha256} targetId="summary-sha256" label="Copy the SHA-256" />
          </dd>
        </div>
      </dl>
      {warnings.length > 0 ? (
        <div className="import-warnings" role="note" aria-labelledby="import-warnings-title">
          <p id="import-warnings-title" className="detail-label">
            {plural(warnings.length, 'warning')}
          </p>
          <ul>
            {warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
};
