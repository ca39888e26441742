import { Link } from 'react-router';
import type { RecordRef } from '../../../shared/domain/evidence.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { formatUtc } from '../../components/format.js';
import { useExceptions } from '../../stores/exceptions.js';
import { controlTitle, formatDateTime, recordTypeLabel, recordTypeOfRef, ruleLabel } from '../evidence/evidenceFormat.js';
import { SeverityBadge } from './SeverityBadge.js';

/** Where a proof record is shown: its evidence item, on the tab of its record type, pointing at it. */
const proofLink = (ref: RecordRef): string => {
  const params = new URLSearchParams({ item: ref.evidenceId });
  const type = recordTypeOfRef(ref.type);
  if (type) {
    params.set('records', type);
    params.set('record', ref.key);
  }
  return `/evidence?${params.toString()}`;
};

/** The selected exception: what happened, which controls it counts against, and the records that prove it. */
export const ExceptionDetail = ({ timeZone }: { timeZone: string }) => {
  const detail = useExceptions((state) => state.detail);
  const controls = useExceptions((state) => state.controls);

  if (!detail) {
    return (
      <section className="evidence-detail evidence-detail-empty" aria-label="Exception detail">
        <p className="muted">Select an exception to see what happened, the controls it counts against and the evidence records that prove it.</p>
      </section>
    );
  }
  const { exception, error } = detail;
  // The same record named twice proves nothing more: each is listed once.
  const proof = exception ? exception.evidence.filter((ref, index, all) => all.findIndex((other) => other.evidenceId === ref.evidenceId && other.type === ref.type && other.key === ref.key) === index) : [];
  return (
    <section className="evidence-detail exception-detail" aria-labelledby="exception-detail-title" data-testid="exception-detail">
      <header className="evidence-detail-header">
        <h2 id="exception-detail-title">
          <span className="mono">{detail.id}</span>
          {exception ? <span className="evidence-detail-name"> · {exception.subject}</span> : null}
        </h2>
        {exception ? <SeverityBadge severity={exception.severity} /> : null}
        {exception ? (
          <span className={`status-pill ${exception.status === 'open' ? 'status-flagged' : ''}`}>{exception.status === 'open' ? 'Open' : 'No longer detected'}</span>
        ) : null}
      </header>
      {error ? <ErrorNotice error={error} /> : null}
      {!exception && !error ? <p className="muted">Loading {detail.id}…</p> : null}
      {exception ? (
        <>
          <p className="exception-explanation">{exception.explanation}</p>
          {exception.status !== 'open' ? (
            <p className="notice notice-info">
              The evidence imported since no longer shows this. It is kept, with its proof, so the history of what was found stays visible.
            </p>
          ) : null}
          <div className="evidence-detail-grid">
            <div>
              <h3 className="detail-heading">Finding</h3>
              <dl className="detail-list evidence-facts">
                <div>
                  <dt>Rule</dt>
                  <dd>
                    {ruleLabel(exception.rule)} <span className="muted mono">({exception.rule})</span>
                  </dd>
                </div>
                <div>
                  <dt>Subject</dt>
                  <dd>{exception.subject}</dd>
                </div>
                <div>
                  <dt>When</dt>
                  <dd title={exception.occurredAt ? formatUtc(exception.occurredAt) : undefined}>
                    {exception.occurredAt ? `${formatDateTime(exception.occurredAt, timeZone)} ${timeZone}` : 'A standing setting, not one event'}
                  </dd>
                </div>
                <div>
                  <dt>First detected</dt>
                  <dd>
                    {formatDateTime(exception.firstDetectedAt, timeZone)} <span className="muted">{timeZone}</span>
                  </dd>
                </div>
              </dl>
            </div>
            <div>
              <h3 className="detail-heading">Counts against</h3>
              {exception.controlIds.length === 0 ? (
                <p className="muted">No control in the matrix is tested by this rule yet.</p>
              ) : (
                <ul className="linked-controls" aria-label="Linked controls">
                  {exception.controlIds.map((id) => (
                    <li key={id}>{controlTitle(controls, id)}</li>
                  ))}
                </ul>
              )}
            </div>
          </div>
          <div>
            <h3 className="detail-heading" id="proof-title">
              Proof
            </h3>
            {proof.length === 0 ? (
              <p className="muted">The rule named no records for this finding.</p>
            ) : (
              <table className="table table-compact proof-table" aria-labelledby="proof-title">
                <thead>
                  <tr>
                    <th scope="col">Evidence item</th>
                    <th scope="col">Record type</th>
                    <th scope="col">Record</th>
                  </tr>
                </thead>
                <tbody>
                  {proof.map((ref) => {
                    const type = recordTypeOfRef(ref.type);
                    return (
                      <tr key={`${ref.evidenceId}:${ref.type}:${ref.key}`}>
                        <td>
                          <Link className="proof-link mono" to={proofLink(ref)} title={`Open ${ref.evidenceId} in Evidence`}>
                            {ref.evidenceId}
                          </Link>
                        </td>
                        <td>{type ? recordTypeLabel(type) : ref.type}</td>
                        <td className="mono proof-key">{ref.key}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </div>
        </>
      ) : null}
    </section>
  );
};
