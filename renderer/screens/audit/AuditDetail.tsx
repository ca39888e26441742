import { ErrorNotice } from '../../components/ErrorNotice.js';
import { formatInstant, formatUtc } from '../../components/format.js';
import { useAuditTrail } from '../../stores/auditTrail.js';
import { ChangeView } from './ChangeView.js';

const isUtc = (zone: string) => ['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT'].includes(zone);

/** The selected entry in full: who, what, when, before and after, and its place in the chain. */
export const AuditDetail = ({ timeZone }: { timeZone: string }) => {
  const detail = useAuditTrail((state) => state.detail);

  if (!detail) {
    return (
      <section className="audit-detail audit-detail-empty" aria-label="Entry detail">
        <p className="muted">Select an entry to see what changed and its place in the hash chain. Use the arrow keys to move through the list.</p>
      </section>
    );
  }
  const { entry, error } = detail;
  return (
    <section className="audit-detail" aria-labelledby="audit-detail-title">
      <h2 id="audit-detail-title" className="detail-title">
        Entry #{detail.seq}
        {entry ? <code className="detail-action">{entry.action}</code> : null}
      </h2>
      {error ? <ErrorNotice error={error} /> : null}
      {!entry && !error ? <p className="muted">Loading entry #{detail.seq}…</p> : null}
      {entry ? (
        <div className="detail-grid">
          <dl className="detail-list">
            <div>
              <dt>Time</dt>
              <dd title={formatUtc(entry.at)}>
                {formatInstant(entry.at, timeZone)}
                {isUtc(timeZone) ? null : <span className="muted"> ({formatUtc(entry.at)})</span>}
              </dd>
            </div>
            <div>
              <dt>Actor</dt>
              <dd>
                {entry.actorName}
                {entry.actorId ? <span className="muted mono"> {entry.actorId}</span> : null}
              </dd>
            </div>
            <div>
              <dt>Object</dt>
              <dd>
                {entry.entityType} <span className="mono">{entry.entityId}</span>
              </dd>
            </div>
            <div>
              <dt>Justification</dt>
              <dd>{entry.justification ?? <span className="muted">None given</span>}</dd>
            </div>
            <div>
              <dt>Previous hash</dt>
              <dd className="mono hash">
                {entry.prevHash}
              </dd>
            </div>
            <div>
              <dt>Hash</dt>
              <dd className="mono hash">
                {entry.hash}
              </dd>
            </div>
          </dl>
          <div className="detail-change">
            <p className="detail-label">Change</p>
            <ChangeView before={entry.before} after={entry.after} />
          </div>
        </div>
      ) : null}
    </section>
  );
};
