import { controlStatusLabels, type ControlStatus } from '../../../shared/domain/matrix.js';
import { statusClass, statusGlyph } from './labels.js';

interface Props {
  status: ControlStatus;
  reason?: string | undefined;
}

/** The auditor's word for where a control stands, with a glyph and the reason in text (never colour alone). */
export const StatusBadge = ({ status, reason }: Props) => (
  <span className="status">
    <span className={`status-badge ${statusClass[status]}`} data-status={status}>
      <span aria-hidden="true" className="status-glyph">
        {statusGlyph[status]}
      </span>
      {controlStatusLabels[status]}
    </span>
    {reason ? <span className="status-reason">{reason}</span> : null}
  </span>
);
